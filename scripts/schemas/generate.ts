/**
 * Writes the built-in schemas: every kind of the installed kubernetes-types
 * and External Secrets v1, each converted by src/schemas/strict.ts.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE, indexKey, schemaFileName, type SchemaIndex } from '../../src/schemas/layout.ts';
import {
  apiVersionOf,
  stableStringify,
  toStrictSchemas,
  type Definition,
  type GroupVersionKind,
} from '../../src/schemas/strict.ts';
import { readExternalSecrets, unpackExternalSecrets } from './externalSecrets.ts';
import { kubernetesTypesVersion, readKubernetesTypes } from './kubernetesTypes.ts';

export interface SchemaSource {
  /** Folder under the output root, e.g. `kubernetes/v1.30`. */
  folder: string;
  definitions: Record<string, Definition>;
  include: (gvk: GroupVersionKind) => boolean;
}

/** List kinds are API responses, never manifests, so they get no schema. */
function isManifestKind(gvk: GroupVersionKind): boolean {
  return !gvk.kind.endsWith('List');
}

export function builtinSources(cacheDir: string): SchemaSource[] {
  const kubernetes = readKubernetesTypes();
  const [major, minor] = kubernetesTypesVersion().split('.');
  return [
    { folder: `kubernetes/v${major}.${minor}`, definitions: kubernetes, include: isManifestKind },
    {
      folder: 'external-secrets/v1',
      definitions: readExternalSecrets(unpackExternalSecrets(cacheDir), kubernetes),
      include: (gvk) => gvk.group === 'external-secrets.io' && gvk.version === 'v1' && isManifestKind(gvk),
    },
  ];
}

/** Writes each source's folder (replacing its old schema files) and the merged `index.json` at `outDir`. */
export function writeSchemas(outDir: string, sources: readonly SchemaSource[]): void {
  const merged: SchemaIndex = {};
  for (const source of sources) {
    const dir = path.join(outDir, source.folder);
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) if (old.endsWith('.json')) rmSync(path.join(dir, old));
    const index: SchemaIndex = {};
    for (const { gvk, schema } of toStrictSchemas(source.definitions, source.include)) {
      const file = schemaFileName(gvk);
      if (Object.values(index).includes(file)) throw new Error(`${source.folder}: two kinds named ${file}`);
      const key = indexKey(apiVersionOf(gvk), gvk.kind);
      index[key] = file;
      merged[key] ??= `${source.folder}/${file}`;
      writeFileSync(path.join(dir, file), stableStringify(schema));
    }
    writeFileSync(path.join(dir, INDEX_FILE), stableStringify(index));
  }
  writeFileSync(path.join(outDir, INDEX_FILE), stableStringify(merged));
}
