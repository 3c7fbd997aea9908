/**
 * How schema folders are laid out on disk, shared by the generator that
 * writes the built-in schemas and the registry that reads them (built-in or
 * imported by a user).
 *
 * A folder holds one file per group/version/kind, named
 * `<kind lowercased>-<group>-<version>.json` with the group left out for the
 * core group (`service-v1.json`, `deployment-apps-v1.json`,
 * `externalsecret-external-secrets.io-v1.json`), and an `index.json` mapping
 * `"<apiVersion>/<Kind>"` to the file, so a lookup never lists a directory.
 */
import type { GroupVersionKind } from './strict.ts';

export const INDEX_FILE = 'index.json';

/** `"<apiVersion>/<Kind>"` → file name, relative to the folder holding the index. */
export type SchemaIndex = Record<string, string>;

export function indexKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/**
 * Kinds never contain `-` and versions never do, so the first and last `-`
 * delimit the group: distinct kinds never share a name.
 */
export function schemaFileName(gvk: GroupVersionKind): string {
  const parts = [gvk.kind.toLowerCase(), gvk.group, gvk.version].filter((p) => p !== '');
  return `${parts.join('-')}.json`;
}
