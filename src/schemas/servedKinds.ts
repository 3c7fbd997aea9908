/**
 * Which kinds an API server serves, read from the `paths` of its OpenAPI
 * document (v2, or one v3 group-version document): every operation names
 * the kind it reads or writes in `x-kubernetes-group-version-kind`, and a
 * `list` operation answers with the typed List kind (`RoleList`) whose
 * items are that kind. The definitions alone would overstate it: request
 * envelopes (DeleteOptions, WatchEvent) claim a kind in every group.
 *
 * Kinds whose only operations are `connect` (PodExecOptions, ...) are query
 * parameters of a streaming call, never a body, and are left out.
 */
import { isMapping } from '../yamlSource/mapping.ts';
import { DEFINITION_REF_PREFIX, jsonPath, type SourceProblem } from './definitionShape.ts';
import { V3_REF_PREFIX } from './openApiV3.ts';
import { indexKey } from './layout.ts';
import { apiVersionOf, type Definition, type GroupVersionKind } from './strict.ts';
import { byApiVersionAndKind } from '../vocabulary/order.ts';

export interface ServedKinds {
  /** Kinds with at least one operation besides `connect`, sorted by apiVersion then kind. */
  kinds: GroupVersionKind[];
  /** Typed List kinds and the kind of their items, sorted by list apiVersion then kind. */
  lists: { list: GroupVersionKind; item: GroupVersionKind }[];
  problems: SourceProblem[];
}

/**
 * The kinds served by the operations of `paths`, whose response `$ref`s name
 * entries of `definitions` (v2 `#/definitions/`, v3 `#/components/schemas/`).
 */
export function servedKinds(paths: unknown, definitions: Readonly<Record<string, Definition>>, at = 'paths'): ServedKinds {
  const problems: SourceProblem[] = [];
  if (!isMapping(paths)) return { kinds: [], lists: [], problems: [{ path: at, message: 'expected an object of API paths' }] };
  const actions = new Map<string, { gvk: GroupVersionKind; actions: Set<string> }>();
  const lists = new Map<string, { list: GroupVersionKind; item: GroupVersionKind }>();
  for (const [route, operations] of Object.entries(paths)) {
    if (!isMapping(operations)) continue;
    for (const [method, operation] of Object.entries(operations)) {
      if (!isMapping(operation) || operation['x-kubernetes-group-version-kind'] === undefined) continue;
      const where = jsonPath(jsonPath(at, route), method);
      const gvk = operation['x-kubernetes-group-version-kind'];
      const action = operation['x-kubernetes-action'];
      if (!isGvk(gvk) || typeof action !== 'string') {
        problems.push({ path: where, message: 'expected x-kubernetes-group-version-kind {group, version, kind} and an x-kubernetes-action' });
        continue;
      }
      const key = gvkKey(gvk);
      const entry = actions.get(key) ?? { gvk: { group: gvk.group, version: gvk.version, kind: gvk.kind }, actions: new Set<string>() };
      entry.actions.add(action);
      actions.set(key, entry);
      if (action !== 'list') continue;
      const list = listKindOf(operation, gvk, definitions);
      if (typeof list === 'string') problems.push({ path: where, message: list });
      else lists.set(gvkKey(list), { list, item: entry.gvk });
    }
  }
  const kinds = [...actions.values()].filter((e) => [...e.actions].some((a) => a !== 'connect')).map((e) => e.gvk);
  return {
    kinds: kinds.sort(byGvk),
    lists: [...lists.values()].sort((a, b) => byGvk(a.list, b.list)),
    problems,
  };
}

/** The List kind a `list` operation answers with, or what is wrong with it. */
function listKindOf(operation: Record<string, unknown>, item: GroupVersionKind, definitions: Readonly<Record<string, Definition>>): GroupVersionKind | string {
  const ref = responseRef(operation);
  if (ref === undefined) return 'a list operation without a 200 response $ref';
  const name = ref.startsWith(V3_REF_PREFIX) ? ref.slice(V3_REF_PREFIX.length) : ref.startsWith(DEFINITION_REF_PREFIX) ? ref.slice(DEFINITION_REF_PREFIX.length) : undefined;
  const definition = name === undefined ? undefined : definitions[name];
  if (definition === undefined) return `the list response $ref "${ref}" names no definition`;
  const list = (definition['x-kubernetes-group-version-kind'] ?? []).find((g) => g.group === item.group && g.version === item.version);
  if (list === undefined) return `the list response ${name} has no kind in ${apiVersionOf(item)}`;
  return { group: list.group, version: list.version, kind: list.kind };
}

/** The 200 response's schema `$ref`: `schema` in v2, `content.<media type>.schema` in v3. */
function responseRef(operation: Record<string, unknown>): string | undefined {
  const ok = (operation['responses'] as Record<string, unknown> | undefined)?.['200'];
  if (!isMapping(ok)) return undefined;
  const schemas = isMapping(ok['content']) ? Object.values(ok['content']).map((media) => (isMapping(media) ? media['schema'] : undefined)) : [ok['schema']];
  const ref = schemas.map((schema) => (isMapping(schema) ? schema['$ref'] : undefined)).find((r) => typeof r === 'string');
  return ref as string | undefined;
}

function isGvk(value: unknown): value is GroupVersionKind {
  return isMapping(value) && typeof value['group'] === 'string' && typeof value['version'] === 'string' && typeof value['kind'] === 'string' && value['kind'] !== '';
}

/** `apps/v1/Deployment`, `v1/Service`: the key schema indexes use. */
export function gvkKey(gvk: GroupVersionKind): string {
  return indexKey(apiVersionOf(gvk), gvk.kind);
}

export function byGvk(a: GroupVersionKind, b: GroupVersionKind): number {
  return byApiVersionAndKind({ apiVersion: apiVersionOf(a), kind: a.kind }, { apiVersion: apiVersionOf(b), kind: b.kind });
}
