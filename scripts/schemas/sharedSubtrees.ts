/**
 * Writing each repeated subtree of a strict schema once. CRDs spell every
 * type out in place wherever it is used (Argo CD's ApplicationSet holds the
 * Application template once per generator; an External Secrets store spells
 * out a secret reference over a hundred times), which makes big schemas and
 * bigger precompiled validators: ajv compiles a subtree again wherever it
 * occurs, but a definition once.
 */
import type { JsonSchema, StrictSchema } from '../../src/schemas/strict.ts';

/** Subtrees smaller than this (as JSON) stay where they are by default: a reference would save little and hide the schema. */
const MIN_SHARED_SIZE = 512;
const DEFINITIONS = '#/definitions/';

/**
 * The same schema with every subtree that occurs more than once (and is at
 * least `minSize` long as JSON) moved to `definitions` and referred to
 * by `$ref`, largest first. A definition is named after the kind, or the
 * definition it was in, and the place it was first found
 * (`argoproj.io.v1alpha1.ApplicationSet.spec.template`). Only schema
 * positions are shared (a property's schema, items, branches), never a
 * `properties` map itself. The verdicts are the same.
 */
export function sharedSubtrees({ gvk, schema }: StrictSchema, minSize = MIN_SHARED_SIZE): StrictSchema {
  const root = structuredClone(schema);
  const definitions = (root['definitions'] ?? {}) as Record<string, JsonSchema>;
  delete root['definitions'];
  const prefix = `${gvk.group}.${gvk.version}.${gvk.kind}`;
  const tops = (): [string, JsonSchema][] => [[prefix, root], ...Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))];
  for (;;) {
    const seen = new Map<string, { count: number; name: string }>();
    for (const [name, top] of tops()) {
      walk(top, name, minSize, (text, at) => {
        const entry = seen.get(text);
        if (entry) entry.count++;
        else seen.set(text, { count: 1, name: at });
      });
    }
    let best: [string, string] | undefined;
    for (const [text, { count, name }] of seen) if (count > 1 && (best === undefined || text.length > best[0].length)) best = [text, name];
    if (best === undefined) break;
    const [text, firstAt] = best;
    let name = firstAt;
    for (let i = 2; name in definitions; i++) name = `${firstAt}.${i}`;
    definitions[name] = JSON.parse(text) as JsonSchema;
    for (const [, top] of tops()) replace(top, text, { $ref: `${DEFINITIONS}${name}` });
  }
  return { gvk, schema: Object.keys(definitions).length > 0 ? { ...root, definitions } : root };
}

/** The schema-valued children of a schema node: [container, key, where (for names)]. */
function children(node: JsonSchema, at: string): [Record<string | number, unknown>, string | number, string][] {
  const out: [Record<string | number, unknown>, string | number, string][] = [];
  const properties = node['properties'] as Record<string, JsonSchema> | undefined;
  for (const key of Object.keys(properties ?? {}).sort()) out.push([properties!, key, `${at}.${key}`]);
  for (const keyword of ['additionalProperties', 'items', 'not', 'if', 'then', 'else']) {
    const child = node[keyword];
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) out.push([node, keyword, keyword === 'items' || keyword === 'additionalProperties' ? `${at}.${keyword}` : at]);
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[keyword];
    if (Array.isArray(branches)) branches.forEach((_, i) => out.push([branches as unknown as Record<number, unknown>, i, at]));
  }
  return out;
}

function walk(node: JsonSchema, at: string, minSize: number, visit: (text: string, at: string) => void): void {
  for (const [container, key, childAt] of children(node, at)) {
    const child = container[key] as JsonSchema;
    const text = canonical(child);
    if (text.length >= minSize) visit(text, childAt);
    walk(child, childAt, minSize, visit);
  }
}

function replace(node: JsonSchema, text: string, ref: JsonSchema): void {
  for (const [container, key] of children(node, '')) {
    const child = container[key] as JsonSchema;
    if (canonical(child) === text) container[key] = ref;
    else replace(child, text, ref);
  }
}

/** JSON with keys sorted, so that two subtrees alike but for the order of their keys are one. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
