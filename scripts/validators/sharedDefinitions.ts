/**
 * Plans which definitions the precompiled validators share. Every stored
 * schema is self-contained (its definitions inside it), so compiled as it is,
 * the nine kinds that hold a pod template each carry their own copy of the
 * PodSpec code, once per Kubernetes minor. Here a definition is compiled on
 * its own, once, when the same definition with the same closure (itself and
 * everything it references, byte for byte) is used by two or more schemas
 * and is big enough to be worth a module; every validator that uses it calls
 * that module instead of holding a copy. The schemas themselves are not
 * changed: only what is compiled.
 *
 * A definition on a reference cycle (JSONSchemaProps) is never shared, so
 * the calls between modules form no cycle.
 */
import { createHash } from 'node:crypto';
import { stableStringify, type JsonSchema } from '../../src/schemas/strict.ts';

/** The keyword that stands for a call to a shared validator module in what is compiled. */
export const SHARED_VALIDATOR_KEYWORD = 'x-scaffold-shared-validator';

const DEFINITION_PREFIX = '#/definitions/';

export interface ValidatorPlan {
  /** Schema file → what to compile for it. */
  roots: Map<string, JsonSchema>;
  /** Shared module id → what to compile for it. */
  shared: Map<string, JsonSchema>;
}

interface Analysed {
  definitions: Record<string, JsonSchema>;
  closures: Map<string, Set<string>>;
  ids: Map<string, string>;
}

/**
 * `minBytes`: the least size (stable JSON) of a definition's closure worth a
 * module. Definitions are taken largest first, and one is shared only where
 * two or more schemas or shared modules reach it other than through a module
 * already shared: a module holds whole what only it uses (PodSpec holds its
 * Container, Volume, ...), so a validator loads few modules, and code inside
 * one is not compiled twice.
 */
export function planValidators(schemas: ReadonlyMap<string, JsonSchema>, minBytes: number): ValidatorPlan {
  const analysed = new Map<string, Analysed>();
  const candidates = new Map<string, { size: number; holders: { file: string; name: string }[] }>();
  for (const [file, schema] of schemas) {
    const definitions = (schema['definitions'] ?? {}) as Record<string, JsonSchema>;
    const closures = new Map(Object.keys(definitions).map((name) => [name, closureOf(definitions, name)]));
    const ids = new Map<string, string>();
    for (const [name, closure] of closures) {
      const text = stableStringify(unitSchema(definitions, name, closure));
      const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
      ids.set(name, id);
      if (text.length < minBytes || onCycle(definitions, name, closures)) continue;
      const candidate = candidates.get(id) ?? { size: text.length, holders: [] };
      candidate.holders.push({ file, name });
      candidates.set(id, candidate);
    }
    analysed.set(file, { definitions, closures, ids });
  }

  const sharedIds = new Set<string>();
  /** Whether `target` is reached from `from` (a schema's root, or one of its definitions) without going through a shared definition. */
  const reaches = (file: string, from: string | undefined, target: string): boolean => {
    const { definitions, ids } = analysed.get(file)!;
    const seen = new Set<string>();
    const pending = referencedNames(from === undefined ? { ...schemas.get(file)!, definitions: undefined } : definitions[from]);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (name === target) return true;
      if (seen.has(name) || sharedIds.has(ids.get(name)!)) continue;
      seen.add(name);
      pending.push(...referencedNames(definitions[name]));
    }
    return false;
  };
  const byHolder = new Map<string, { file: string; name: string }>();
  for (const [id, { holders }] of [...candidates].sort(([a, x], [b, y]) => y.size - x.size || (a < b ? -1 : 1))) {
    let users = 0;
    for (const { file, name } of holders) if (reaches(file, undefined, name)) users++;
    for (const [sharedId, holder] of byHolder) {
      if (users >= 2) break;
      const { file, name } = holder;
      const target = holders.find((h) => h.file === file)?.name;
      if (target !== undefined && sharedId !== id && reaches(file, name, target)) users++;
    }
    if (users >= 2) {
      sharedIds.add(id);
      byHolder.set(id, holders[0]!);
    }
  }

  const roots = new Map<string, JsonSchema>();
  const shared = new Map<string, JsonSchema>();
  for (const [file, schema] of schemas) {
    const { definitions, closures, ids } = analysed.get(file)!;
    const isShared = (name: string) => sharedIds.has(ids.get(name) ?? '');
    roots.set(file, withSharedCalls(schema, definitions, ids, isShared, undefined));
    for (const [name, closure] of closures) {
      const id = ids.get(name)!;
      if (isShared(name) && !shared.has(id)) shared.set(id, withSharedCalls(unitSchema(definitions, name, closure), definitions, ids, isShared, name));
    }
  }
  return { roots, shared };
}

/** A definition as a schema of its own: a reference to it, and the definitions it needs. */
function unitSchema(definitions: Record<string, JsonSchema>, name: string, closure: Set<string>): JsonSchema {
  return { $ref: `${DEFINITION_PREFIX}${name}`, definitions: Object.fromEntries([...closure].sort().map((n) => [n, definitions[n]!])) };
}

/**
 * `schema` with every reference to a shared definition (but `own`, the
 * definition the schema compiles) replaced by a call to its module, and only
 * the definitions still referenced kept.
 */
function withSharedCalls(
  schema: JsonSchema,
  definitions: Record<string, JsonSchema>,
  ids: Map<string, string>,
  isShared: (name: string) => boolean,
  own: string | undefined,
): JsonSchema {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as JsonSchema)['$ref'];
    if (typeof ref === 'string' && ref.startsWith(DEFINITION_PREFIX)) {
      const name = ref.slice(DEFINITION_PREFIX.length);
      if (name !== own && isShared(name)) return { [SHARED_VALIDATOR_KEYWORD]: ids.get(name)! };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'definitions' ? value : rewrite(value)]));
  };
  const { definitions: _, ...root } = schema;
  const out = rewrite(root) as JsonSchema;
  const kept: Record<string, JsonSchema> = {};
  const pending = referencedNames(out);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name in kept) continue;
    kept[name] = rewrite(definitions[name]) as JsonSchema;
    pending.push(...referencedNames(kept[name]));
  }
  return Object.keys(kept).length === 0 ? out : { ...out, definitions: Object.fromEntries(Object.keys(kept).sort().map((n) => [n, kept[n]!])) };
}

function closureOf(definitions: Record<string, JsonSchema>, name: string): Set<string> {
  const out = new Set<string>();
  const pending = [name];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (out.has(next)) continue;
    out.add(next);
    pending.push(...referencedNames(definitions[next]));
  }
  return out;
}

/** Whether `name` can reach itself through references. */
function onCycle(definitions: Record<string, JsonSchema>, name: string, closures: Map<string, Set<string>>): boolean {
  return referencedNames(definitions[name]).some((child) => closures.get(child)?.has(name));
}

function referencedNames(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencedNames);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' && value.startsWith(DEFINITION_PREFIX) ? [value.slice(DEFINITION_PREFIX.length)] : referencedNames(value),
  );
}
