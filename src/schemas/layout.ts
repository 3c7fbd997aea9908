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
import { compareCodeUnits } from '../vocabulary/order.ts';
import { apiVersionOf, stableStringify, type GroupVersionKind, type StrictSchema } from './strict.ts';

export const INDEX_FILE = 'index.json';

/**
 * Beside an imported folder's index.json: the sha256 of each file as `schemas import` last
 * wrote it, one `<hash>  <file>` line each (as sha256sum prints them), so that a later import
 * tells a schema it wrote from one edited by hand since. index.json itself stays the map every
 * reader knows. Not a `.json` file: nothing takes it for a schema.
 */
export const HASHES_FILE = 'index.sha256';

/** File name → sha256 (hex) of its content, line endings as LF. */
export type SchemaHashes = Map<string, string>;

const HASH_LINE = /^([0-9a-f]{64}) {2}(.+)$/;

export function parseSchemaHashes(text: string): SchemaHashes | { problem: string } {
  const hashes: SchemaHashes = new Map();
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line === '') continue;
    const found = HASH_LINE.exec(line);
    if (found === null) return { problem: `line ${i + 1}: expected "<sha256 in hex>  <file>", as sha256sum prints it` };
    hashes.set(found[2]!, found[1]!);
  }
  return hashes;
}

/** The file's text: a line per file, in code-unit order of the names, so the same hashes give the same bytes. */
export function formatSchemaHashes(hashes: ReadonlyMap<string, string>): string {
  return [...hashes].sort(([a], [b]) => compareCodeUnits(a, b)).map(([file, hash]) => `${hash}  ${file}\n`).join('');
}

/** The bundled schemas of add-ons (External Secrets, the ACK EKS PodIdentityAssociation, Argo CD): ordinary schema folders under the package's `schemas/`. */
export const EXTERNAL_SECRETS_FOLDER = 'external-secrets/v1';
export const ACK_EKS_FOLDER = 'ack-eks/v1alpha1';
export const ARGO_CD_FOLDER = 'argo-cd/v1alpha1';
export const ADDON_FOLDERS = [EXTERNAL_SECRETS_FOLDER, ACK_EKS_FOLDER, ARGO_CD_FOLDER] as const;

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

// What the API server accepts for each part; anything else (a `/`, `..`) must not reach a file name.
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const GROUP = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$/;
const VERSION = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a kind, group or version could not name a schema file (the API server would not accept it either); undefined when it can. */
export function groupVersionKindProblem(gvk: GroupVersionKind): string | undefined {
  if (!KIND.test(gvk.kind)) return `"${gvk.kind}" is not a Kubernetes kind name`;
  if (!GROUP.test(gvk.group)) return `"${gvk.group}" is not an API group name`;
  if (!VERSION.test(gvk.version)) return `"${gvk.version}" is not an API version name`;
  return undefined;
}

/**
 * Kinds never contain `-`, so the first `-` ends the kind; Kubernetes
 * versions (v1, v2beta1) have none either, so the last one starts the
 * version. For a kind groupVersionKindProblem accepts.
 */
export function schemaFileName(gvk: GroupVersionKind): string {
  const problem = groupVersionKindProblem(gvk);
  if (problem !== undefined) throw new Error(`bug: schemaFileName of a kind not checked first: ${problem}`);
  const parts = [gvk.kind.toLowerCase(), gvk.group, gvk.version].filter((p) => p !== '');
  return `${parts.join('-')}.json`;
}

/** The content of a schema folder: each schema's file, and the index of them. */
export interface SchemaFolder {
  index: SchemaIndex;
  /** File name → content (stable JSON), index.json not included. */
  files: Map<string, string>;
}

/** Lays schemas out as a folder, or says why they cannot be: a kind that names no file, two kinds that would share one. */
export function schemaFolder(schemas: readonly StrictSchema[]): SchemaFolder | { problem: string } {
  const index: SchemaIndex = {};
  const files = new Map<string, string>();
  for (const { gvk, schema } of schemas) {
    const problem = groupVersionKindProblem(gvk);
    if (problem !== undefined) return { problem };
    const file = schemaFileName(gvk);
    if (files.has(file)) return { problem: `two kinds would be written to ${file}` };
    index[indexKey(apiVersionOf(gvk), gvk.kind)] = file;
    files.set(file, stableStringify(schema));
  }
  return { index, files };
}
