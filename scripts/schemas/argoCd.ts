/**
 * Argo CD's `argoproj.io/v1alpha1` Application, ApplicationSet and AppProject
 * CRDs (argoproj/argo-cd 3.6 `manifests/crds`, Apache-2.0), vendored in
 * argo-cd/ from ../shared/oracle/argo-cd/, as the definitions the strict
 * converter takes. `metadata` is checked as ObjectMeta, as `scaffold schemas
 * import --crd` does.
 *
 * The CRDs repeat whole types: an ApplicationSet holds the Application
 * template once per generator, and generators nest in matrix and merge
 * generators, so its strict schema is 2.9 MB and its precompiled validator
 * 7.9 MB. Every repeated subtree is therefore written once, as a definition
 * the others refer to (sharedSubtrees); the verdicts are the same.
 */
import { fileURLToPath } from 'node:url';
import type { Definition, JsonSchema, StrictSchema } from '../../src/schemas/strict.ts';
import { vendoredCrdDefinitions } from './vendoredCrds.ts';

export const ARGO_CD_CRDS = ['application-crd.yaml', 'applicationset-crd.yaml', 'appproject-crd.yaml'].map((file) =>
  fileURLToPath(new URL(`argo-cd/${file}`, import.meta.url)),
);

export function readArgoCd(kubernetes: Readonly<Record<string, Definition>>): Record<string, Definition> {
  return vendoredCrdDefinitions(ARGO_CD_CRDS, kubernetes);
}

/** Subtrees smaller than this (as JSON) stay where they are: a reference would save little and hide the schema. */
const MIN_SHARED_SIZE = 512;
const DEFINITIONS = '#/definitions/';

/**
 * The same schema with every subtree that occurs more than once (and is at
 * least MIN_SHARED_SIZE long as JSON) moved to `definitions` and referred to
 * by `$ref`, largest first. A definition is named after the kind and the
 * place it was first found (`argoproj.io.v1alpha1.ApplicationSet.spec.template`).
 * Only schema positions are shared (a property's schema, items, branches),
 * never a `properties` map itself.
 */
export function sharedSubtrees({ gvk, schema }: StrictSchema): StrictSchema {
  const root = structuredClone(schema);
  const definitions = (root['definitions'] ?? {}) as Record<string, JsonSchema>;
  delete root['definitions'];
  const prefix = `${gvk.group}.${gvk.version}.${gvk.kind}`;
  const tops = (): [string, JsonSchema][] => [[prefix, root], ...Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))];
  for (;;) {
    const seen = new Map<string, { count: number; name: string }>();
    for (const [name, top] of tops()) {
      walk(top, name, (text, at) => {
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

function walk(node: JsonSchema, at: string, visit: (text: string, at: string) => void): void {
  for (const [container, key, childAt] of children(node, at)) {
    const child = container[key] as JsonSchema;
    const text = canonical(child);
    if (text.length >= MIN_SHARED_SIZE) visit(text, childAt);
    walk(child, childAt, visit);
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
