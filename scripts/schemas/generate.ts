/**
 * Writes the built-in schemas: every kind of the installed kubernetes-types,
 * External Secrets v1 and the ACK EKS PodIdentityAssociation, each converted
 * by src/schemas/strict.ts.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isManifestKind } from '../../src/schemas/fromOpenApi.ts';
import { INDEX_FILE, schemaFolder, type SchemaIndex } from '../../src/schemas/layout.ts';
import { stableStringify, toStrictSchemas, type Definition, type GroupVersionKind } from '../../src/schemas/strict.ts';
import { readAckEks } from './ackEks.ts';
import { readExternalSecrets, unpackExternalSecrets } from './externalSecrets.ts';
import { kubernetesTypesVersion, readKubernetesTypes } from './kubernetesTypes.ts';

export interface SchemaSource {
  /** Folder under the output root, e.g. `kubernetes/v1.30`. */
  folder: string;
  definitions: Record<string, Definition>;
  include: (gvk: GroupVersionKind) => boolean;
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
    {
      folder: 'ack-eks/v1alpha1',
      definitions: readAckEks(kubernetes),
      include: (gvk) => gvk.group === 'eks.services.k8s.aws' && gvk.kind === 'PodIdentityAssociation',
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
    const folder = schemaFolder(toStrictSchemas(source.definitions, source.include));
    if ('problem' in folder) throw new Error(`${source.folder}: ${folder.problem}`);
    const { index, files } = folder;
    for (const [file, content] of files) writeFileSync(path.join(dir, file), content);
    for (const [key, file] of Object.entries(index)) merged[key] ??= `${source.folder}/${file}`;
    writeFileSync(path.join(dir, INDEX_FILE), stableStringify(index));
  }
  writeFileSync(path.join(outDir, INDEX_FILE), stableStringify(merged));
}
