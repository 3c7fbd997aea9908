/**
 * How the bundled Kubernetes schemas of several minors are laid out under
 * `schemas/kubernetes/`. Most kinds do not change between minors, so each
 * distinct schema is stored once, under a name made from its kind and a hash
 * of its content, and each minor has a small index naming the stored file of
 * every kind it serves:
 *
 *   schemas/kubernetes/
 *     store/deployment-apps-v1.3f9a0c12d4e5.json   # one strict schema, self-contained
 *     v1.30/index.json                              # "apps/v1/Deployment": "../store/deployment-apps-v1.3f9a0c12d4e5.json"
 *     served.json                                   # what each minor serves (servedTable.ts)
 *     provenance.json                               # the inputs, with their sha256, and the generator
 *
 * A minor's folder is an ordinary schema folder (its index.json maps to files
 * relative to itself), so it also works as a `--schemas` folder.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { indexKey, INDEX_FILE, schemaFileName, type SchemaIndex } from './layout.ts';
import { apiVersionOf, stableStringify, type StrictSchema } from './strict.ts';

export const KUBERNETES_FOLDER = 'kubernetes';
export const STORE_FOLDER = 'store';
export const SERVED_FILE = 'served.json';
export const PROVENANCE_FILE = 'provenance.json';

/** `v1.30`: the folder of a minor's index under `schemas/kubernetes/`. */
export function versionFolder(version: string): string {
  return `v${version}`;
}

/** `kubernetes/v1.30/index.json`, relative to the package's `schemas/` folder. */
export function versionIndexPath(version: string): string {
  return path.posix.join(KUBERNETES_FOLDER, versionFolder(version), INDEX_FILE);
}

// node:crypto is required on first use: loading it costs a cold start some 2 ms, and validate with the built-in schemas never hashes.
const load = createRequire(import.meta.url);

export function sha256(data: string | Uint8Array): string {
  return (load('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest('hex');
}

/** `deployment-apps-v1.3f9a0c12d4e5.json`: the kind's schema file name with the first 12 hex digits of the content's sha256. */
function storedFileName(schema: StrictSchema, content: string): string {
  return schemaFileName(schema.gvk).replace(/\.json$/, `.${sha256(content).slice(0, 12)}.json`);
}

export interface KubernetesBundle {
  /** Stored file name → content (stable JSON), each distinct schema once. */
  store: Map<string, string>;
  /** Minor → its index (`apiVersion/Kind` → `../store/<file>`). */
  indexes: Map<string, SchemaIndex>;
}

/** Lays the schemas of each minor out as one store and an index per minor. Throws on a hash collision, which would lose a schema. */
export function kubernetesBundle(versions: readonly { version: string; schemas: readonly StrictSchema[] }[]): KubernetesBundle {
  const store = new Map<string, string>();
  const indexes = new Map<string, SchemaIndex>();
  for (const { version, schemas } of versions) {
    const index: SchemaIndex = {};
    for (const schema of schemas) {
      const content = stableStringify(schema.schema);
      const file = storedFileName(schema, content);
      const stored = store.get(file);
      if (stored !== undefined && stored !== content) throw new Error(`two different schemas of ${schema.gvk.kind} share the stored name ${file}`);
      store.set(file, content);
      index[indexKey(apiVersionOf(schema.gvk), schema.gvk.kind)] = path.posix.join('..', STORE_FOLDER, file);
    }
    indexes.set(version, index);
  }
  return { store: new Map([...store].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), indexes };
}

/**
 * What the validator registry needs for one minor: `apiVersion/Kind` → the
 * stored schema file relative to the package's `schemas/` folder
 * (`kubernetes/store/deployment-apps-v1.3f9a0c12d4e5.json`), from the parsed
 * `schemas/kubernetes/v<version>/index.json`. Its precompiled validator is
 * the same path under `dist/validators/` with `.cjs` for `.json`.
 */
export function builtinKubernetesIndex(version: string, versionIndex: Readonly<SchemaIndex>): SchemaIndex {
  const folder = path.posix.join(KUBERNETES_FOLDER, versionFolder(version));
  const out: SchemaIndex = {};
  for (const [key, file] of Object.entries(versionIndex)) out[key] = path.posix.normalize(path.posix.join(folder, file));
  return out;
}
