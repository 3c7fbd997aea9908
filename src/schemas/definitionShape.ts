/**
 * Checks that schemas have the shape the strict converter (strict.ts)
 * relies on, so that converting them cannot fail halfway: every keyword it
 * reads holds the type it expects, and every `$ref` names a definition that
 * exists. The one check for every source: the built-in OpenAPI documents, an
 * imported OpenAPI document's definitions, a CRD's openAPIV3Schema. What is
 * wrong comes back as a list of problems, each with the JSON path where it
 * was found.
 */
import { isMapping } from '../yamlSource/mapping.ts';

/** Something wrong with a source document: where in it (a JSON path) and what. */
export interface SourceProblem {
  path: string;
  message: string;
}

export const DEFINITION_REF_PREFIX = '#/definitions/';

/** `parent.key`, or `parent["key"]` when the key is not a plain identifier; `parent[3]` for an index. */
export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const STRINGS = ['format', 'pattern', '$ref'] as const;
const NUMBERS = ['minimum', 'maximum'] as const;
const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const;
const BOOLEANS = ['nullable', 'uniqueItems', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource'] as const;
const JSON_TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);

/**
 * Problems of every definition in `definitions` (found at `at`, e.g.
 * `definitions`), and of every reference between them, written
 * `<refPrefix><name>` (`#/definitions/` in OpenAPI v2, `#/components/schemas/` in v3).
 */
export function definitionsProblems(definitions: Readonly<Record<string, unknown>>, at: string, refPrefix = DEFINITION_REF_PREFIX): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    schemaProblems(definition, jsonPath(at, name), (ref, where) => {
      const target = ref.startsWith(refPrefix) ? ref.slice(refPrefix.length) : undefined;
      if (target === undefined) problems.push({ path: where, message: `$ref "${ref}" does not point into the document's definitions` });
      else if (!isMapping(definitions[target])) problems.push({ path: where, message: `$ref "${ref}": no definition named ${target}` });
    }, problems);
    if (isMapping(definition)) gvkProblems(definition['x-kubernetes-group-version-kind'], jsonPath(jsonPath(at, name), 'x-kubernetes-group-version-kind'), problems);
  }
  return problems;
}

function gvkProblems(value: unknown, at: string, problems: SourceProblem[]): void {
  if (value === undefined) return;
  const valid = Array.isArray(value) && value.every((g) => isMapping(g) && typeof g['group'] === 'string' && typeof g['version'] === 'string' && typeof g['kind'] === 'string' && g['kind'] !== '');
  if (!valid) problems.push({ path: at, message: 'expected a list of {group, version, kind} strings' });
}

/**
 * Problems of one schema node (found at `at`) and of every schema below it:
 * each keyword the converter reads must hold what it expects, and what the
 * converter copies must be what JSON Schema allows there, so that converting
 * cannot fail halfway and its output compiles. `checkRef` judges each `$ref`.
 */
export function schemaProblems(node: unknown, at: string, checkRef: (ref: string, at: string) => void, problems: SourceProblem[] = []): SourceProblem[] {
  if (!isMapping(node)) {
    problems.push({ path: at, message: `expected a schema object, got ${describe(node)}` });
    return problems;
  }
  const expect = (keyword: string, ok: (value: unknown) => boolean, what: string) => {
    if (node[keyword] !== undefined && !ok(node[keyword])) problems.push({ path: jsonPath(at, keyword), message: `expected ${what}, got ${describe(node[keyword])}` });
  };
  expect('type', (t) => (typeof t === 'string' ? JSON_TYPES.has(t) : Array.isArray(t) && t.length > 0 && distinct(t) && t.every((n) => typeof n === 'string' && JSON_TYPES.has(n))), `a type name (${[...JSON_TYPES].join(', ')}) or a list of distinct ones`);
  for (const keyword of STRINGS) expect(keyword, (v) => typeof v === 'string', 'a string');
  for (const keyword of NUMBERS) expect(keyword, (v) => typeof v === 'number', 'a number');
  for (const keyword of COUNTS) expect(keyword, (v) => Number.isInteger(v) && (v as number) >= 0, 'a whole number, 0 or more');
  expect('multipleOf', (v) => typeof v === 'number' && v > 0, 'a number above 0');
  for (const keyword of BOOLEANS) expect(keyword, (v) => typeof v === 'boolean', 'true or false');
  for (const keyword of ['exclusiveMinimum', 'exclusiveMaximum']) expect(keyword, (v) => typeof v === 'boolean' || typeof v === 'number', 'a boolean or a number');
  expect('required', (r) => Array.isArray(r) && r.every((name) => typeof name === 'string') && distinct(r), 'a list of distinct field names');
  expect('enum', Array.isArray, 'a list of values');
  if (typeof node['$ref'] === 'string') checkRef(node['$ref'], jsonPath(at, '$ref'));

  const child = (value: unknown, where: string) => schemaProblems(value, where, checkRef, problems);
  const properties = node['properties'];
  if (isMapping(properties)) {
    for (const [name, property] of Object.entries(properties)) child(property, jsonPath(jsonPath(at, 'properties'), name));
  } else {
    expect('properties', () => false, 'an object of field schemas');
  }
  const additional = node['additionalProperties'];
  if (isMapping(additional)) child(additional, jsonPath(at, 'additionalProperties'));
  else expect('additionalProperties', (a) => typeof a === 'boolean', 'a schema or true or false');
  // Kubernetes writes one schema for every item; a list of them (a tuple) is no structural schema.
  if (node['items'] !== undefined) child(node['items'], jsonPath(at, 'items'));
  for (const combinator of SCHEMA_LISTS) {
    const branches = node[combinator];
    if (Array.isArray(branches)) branches.forEach((branch, i) => child(branch, jsonPath(jsonPath(at, combinator), i)));
    else expect(combinator, () => false, 'a list of schemas');
  }
  if (node['not'] !== undefined) child(node['not'], jsonPath(at, 'not'));
  return problems;
}

function distinct(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
