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

/**
 * Kinds whose schemas scaffold writes by hand (`schemas/*.schema.json`, not
 * generated into index.json): kustomization files live beside the manifests
 * and are validated like them. One schema serves both kinds; Kustomize's own
 * types are the same for a Kustomization and a Component.
 */
export const HANDWRITTEN_SCHEMAS: SchemaIndex = {
  'kustomize.config.k8s.io/v1alpha1/Component': 'kustomization.schema.json',
  'kustomize.config.k8s.io/v1beta1/Kustomization': 'kustomization.schema.json',
};

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
