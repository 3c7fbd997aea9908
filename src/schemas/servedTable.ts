/**
 * What each bundled Kubernetes minor serves, in one table
 * (`schemas/kubernetes/served.json`): for every apiVersion/kind, the minors
 * that serve it; for every typed List kind, its item kind and the minors
 * that serve it; and the kinds whose description marks them deprecated.
 * Written by the generator from the official OpenAPI documents, read by
 * src/validate/apiLifecycle.ts to tell a removed or deprecated API from a current one.
 */
import { gvkKey } from './servedKinds.ts';
import type { ServedApi } from './kubernetesApi.ts';

export interface ServedTable {
  /** The bundled minors, oldest first (`1.30`, ...). */
  versions: string[];
  /** `apiVersion/Kind` → the minors serving it, oldest first. */
  kinds: Record<string, string[]>;
  /** `apiVersion/ListKind` → the `apiVersion/Kind` of its items and the minors serving it. */
  lists: Record<string, { item: string; versions: string[] }>;
  /** `apiVersion/Kind` → the minors whose description of it says "Deprecated", and the newest such note. */
  deprecations: Record<string, { versions: string[]; note: string }>;
}

/** `1.9` < `1.30` < `1.36`: minors compared as numbers. */
export function compareMinors(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** The table of the given minors' served APIs, keys sorted so the JSON is byte-stable. */
export function servedTable(apis: readonly { version: string; served: ServedApi }[]): ServedTable {
  const ordered = [...apis].sort((a, b) => compareMinors(a.version, b.version));
  const kinds: Record<string, string[]> = {};
  const lists: Record<string, { item: string; versions: string[] }> = {};
  const deprecations: Record<string, { versions: string[]; note: string }> = {};
  for (const { version, served } of ordered) {
    for (const gvk of served.kinds) (kinds[gvkKey(gvk)] ??= []).push(version);
    for (const { list, item } of served.lists) (lists[gvkKey(list)] ??= { item: gvkKey(item), versions: [] }).versions.push(version);
    for (const { gvk, note } of served.deprecations) {
      const entry = (deprecations[gvkKey(gvk)] ??= { versions: [], note });
      entry.versions.push(version);
      entry.note = note;
    }
  }
  return { versions: ordered.map((a) => a.version), kinds: sortedKeys(kinds), lists: sortedKeys(lists), deprecations: sortedKeys(deprecations) };
}

/** Whether `version` serves the kind. */
export function isServed(table: ServedTable, apiVersion: string, kind: string, version: string): boolean {
  return table.kinds[`${apiVersion}/${kind}`]?.includes(version) ?? false;
}

/**
 * The item kind of a typed List kind that `version` serves (`RoleList` →
 * `Role` of the same apiVersion), so the list can be validated item by
 * item like `kind: List`; undefined for anything else.
 */
export function listItemKind(table: ServedTable, apiVersion: string, kind: string, version: string): { apiVersion: string; kind: string } | undefined {
  const entry = table.lists[`${apiVersion}/${kind}`];
  if (entry === undefined || !entry.versions.includes(version)) return undefined;
  const slash = entry.item.lastIndexOf('/');
  return { apiVersion: entry.item.slice(0, slash), kind: entry.item.slice(slash + 1) };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]!]));
}
