/**
 * Kubernetes OpenAPI v3 schemas in the OpenAPI v2 form the strict converter
 * (strict.ts) reads. The API server writes the same types both ways; in v3
 * they differ in two ways that matter here:
 * - references point to `#/components/schemas/<name>` instead of `#/definitions/<name>`;
 * - a reference with a description or default beside it is wrapped in a
 *   one-branch `allOf` (v3.0 ignores siblings of `$ref`).
 * Everything else (formats, x-kubernetes-* extensions, nullable, required)
 * is written the same, and passes through untouched.
 */
import { DEFINITION_REF_PREFIX } from './definitionShape.ts';
import type { Definition } from './strict.ts';

export const V3_REF_PREFIX = '#/components/schemas/';

/** Keywords that only describe a node; beside a one-branch allOf they do not make it more than a reference. */
const ANNOTATIONS = new Set([
  'default',
  'description',
  'example',
  'title',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
]);

/** One v3 schema node in v2 form. Expects a node that passed definitionsProblems (with the v3 prefix). */
export function v2Node(node: Definition): Definition {
  const wrapped = node.allOf?.length === 1 ? node.allOf[0]! : undefined;
  if (wrapped !== undefined && isBareRef(wrapped) && Object.keys(node).every((k) => k === 'allOf' || ANNOTATIONS.has(k))) {
    const { allOf: _, ...annotations } = node;
    return { ...annotations, $ref: v2Ref(wrapped.$ref!) };
  }
  const out: Definition = { ...node };
  if (node.$ref !== undefined) out.$ref = v2Ref(node.$ref);
  if (node.properties !== undefined) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, property]) => [name, v2Node(property)]));
  }
  if (typeof node.additionalProperties === 'object') out.additionalProperties = v2Node(node.additionalProperties);
  if (node.items !== undefined) out.items = v2Node(node.items);
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[combinator];
    if (branches !== undefined) out[combinator] = branches.map(v2Node);
  }
  if (node.not !== undefined) out.not = v2Node(node.not);
  return out;
}

function isBareRef(node: Definition): boolean {
  return typeof node.$ref === 'string' && Object.keys(node).length === 1;
}

function v2Ref(ref: string): string {
  return ref.startsWith(V3_REF_PREFIX) ? `${DEFINITION_REF_PREFIX}${ref.slice(V3_REF_PREFIX.length)}` : ref;
}
