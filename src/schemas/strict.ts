/**
 * The one converter from OpenAPI-v2-style Kubernetes definitions to the strict
 * JSON Schemas (draft-07) that scaffold validates with. Every schema source —
 * the built-in Kubernetes types, External Secrets, CRDs a user imports, the
 * official swagger used as a test oracle — goes through here, so one document
 * gets the same verdict whichever source its schema came from.
 */
import { compareCodeUnits } from '../vocabulary/order.ts';
import { BASE64_PATTERN, QUANTITY_PATTERN } from './patterns.ts';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** A node of an OpenAPI v2 definition or of a CRD's openAPIV3Schema. */
export interface Definition {
  type?: string | string[];
  format?: string;
  $ref?: string;
  properties?: Record<string, Definition>;
  additionalProperties?: boolean | Definition;
  items?: Definition;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  nullable?: boolean;
  allOf?: Definition[];
  anyOf?: Definition[];
  oneOf?: Definition[];
  not?: Definition;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  [keyword: string]: unknown;
}

export type JsonSchema = { [keyword: string]: unknown };

export interface StrictSchema {
  gvk: GroupVersionKind;
  schema: JsonSchema;
}

const INT32 = { minimum: -2147483648, maximum: 2147483647 };
// int64 values beyond 2^53 cannot survive a JavaScript number anyway; bound to what round-trips exactly.
const INT64 = { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

const QUANTITY_DEFINITION = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING_DEFINITION = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const DEFINITION_PREFIX = '#/definitions/';

/** Validation keywords copied as they are; everything else not handled explicitly is dropped. */
const PLAIN_KEYWORDS = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
] as const;

export function apiVersionOf(gvk: GroupVersionKind): string {
  return gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
}

/**
 * One strict schema per group/version/kind found in `definitions`, sorted by
 * apiVersion then kind. `include` picks which kinds to emit (all by default).
 * Expects definitions that passed definitionsProblems (definitionShape.ts):
 * anything else is a bug of the caller, not the user's input.
 */
export function toStrictSchemas(
  definitions: Readonly<Record<string, Definition>>,
  include: (gvk: GroupVersionKind) => boolean = () => true,
): StrictSchema[] {
  const out: StrictSchema[] = [];
  for (const name of Object.keys(definitions).sort()) {
    const definition = definitions[name]!;
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      if (include(gvk)) out.push({ gvk: { ...gvk }, schema: toStrictSchema(definitions, name, gvk) });
    }
  }
  return out.sort(
    (a, b) => compareCodeUnits(apiVersionOf(a.gvk), apiVersionOf(b.gvk)) || compareCodeUnits(a.gvk.kind, b.gvk.kind),
  );
}

/** The strict schema of one definition as the root of the given kind. */
function toStrictSchema(
  definitions: Readonly<Record<string, Definition>>,
  rootName: string,
  gvk: GroupVersionKind,
): JsonSchema {
  const converter = new Converter(definitions);
  const root = converter.node(lookup(definitions, rootName), false);
  const properties = { ...(root['properties'] as Record<string, JsonSchema> | undefined) };
  properties['apiVersion'] = { const: apiVersionOf(gvk), type: 'string' };
  properties['kind'] = { const: gvk.kind, type: 'string' };
  const required = new Set([...((root['required'] as string[] | undefined) ?? []), 'apiVersion', 'kind']);
  const schema: JsonSchema = {
    ...root,
    $schema: 'http://json-schema.org/draft-07/schema#',
    properties,
    required: [...required].sort(),
    type: 'object',
    'x-kubernetes-group-version-kind': { group: gvk.group, kind: gvk.kind, version: gvk.version },
  };
  const reachable = converter.drain();
  if (Object.keys(reachable).length > 0) schema['definitions'] = reachable;
  return schema;
}

/** JSON with object keys sorted at every level, 2-space indent and a trailing newline: byte-stable output. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * Input the converter cannot use (a $ref to nothing, say). Thrown inside the
 * schemas folder only: each conversion it offers catches it and returns the
 * problem as a value (see SchemaConversion).
 */
export class SchemaInputError extends Error {}

/** What is wrong with an input, and where in it (a field path) when that is known. */
export interface ConversionProblem {
  message: string;
  path?: string;
}

/** A conversion of user input: the schemas, or why there are none. */
export type SchemaConversion = { schemas: StrictSchema[] } | { problems: ConversionProblem[] };

/** Runs a conversion, turning a SchemaInputError into its problem; any other exception is a bug and goes on. */
export function converted(convert: () => StrictSchema[]): SchemaConversion {
  try {
    return { schemas: convert() };
  } catch (err) {
    if (err instanceof SchemaInputError) return { problems: [{ message: err.message }] };
    throw err;
  }
}

function lookup(definitions: Readonly<Record<string, Definition>>, name: string): Definition {
  const definition = definitions[name];
  if (definition === undefined) throw new Error(`no definition named ${name}: the definitions were not checked with definitionsProblems`);
  return definition;
}

class Converter {
  private readonly converted: Record<string, JsonSchema> = {};
  private readonly pending: string[] = [];

  constructor(private readonly definitions: Readonly<Record<string, Definition>>) {}

  /** Converts every definition referenced so far (transitively) and returns them by name. */
  drain(): Record<string, JsonSchema> {
    for (let name = this.pending.pop(); name !== undefined; name = this.pending.pop()) {
      this.converted[name] = this.definition(name);
    }
    return this.converted;
  }

  private definition(name: string): JsonSchema {
    if (name === QUANTITY_DEFINITION) return quantity();
    if (name === INT_OR_STRING_DEFINITION) return intOrString();
    return this.node(lookup(this.definitions, name), false);
  }

  private ref(target: string): JsonSchema {
    if (!target.startsWith(DEFINITION_PREFIX)) throw new Error(`unsupported $ref ${target}: the definitions were not checked with definitionsProblems`);
    const name = target.slice(DEFINITION_PREFIX.length);
    lookup(this.definitions, name);
    if (!(name in this.converted)) {
      this.converted[name] = {};
      this.pending.push(name);
    }
    return { $ref: target };
  }

  /**
   * `constraintOnly` is set inside allOf/anyOf/oneOf/not: there a CRD's
   * branches only add value constraints, so listing properties must not
   * close the object.
   */
  node(source: Definition, constraintOnly: boolean): JsonSchema {
    if (source.$ref !== undefined) return this.ref(source.$ref);
    if (source['x-kubernetes-int-or-string'] === true) {
      return isQuantity(source) ? quantity() : intOrString();
    }
    if (source.format === 'quantity') return quantity();
    if (source.format === 'int-or-string') return intOrString();

    const out: JsonSchema = {};
    const types = typesOf(source);
    if (types.length > 0) out['type'] = types.length === 1 ? types[0] : types;

    if (types.includes('integer')) {
      const bounds = source.format === 'int32' ? INT32 : INT64;
      out['minimum'] = bounds.minimum;
      out['maximum'] = bounds.maximum;
    }
    this.bounds(source, out);
    for (const keyword of PLAIN_KEYWORDS) if (source[keyword] !== undefined) out[keyword] = source[keyword];
    if (source.enum !== undefined) out['enum'] = [...source.enum];

    const patterns = [source.pattern, source.format === 'byte' ? BASE64_PATTERN : undefined].filter(
      (p): p is string => p !== undefined,
    );
    if (patterns.length === 1) out['pattern'] = patterns[0];
    if (patterns.length === 2) out['allOf'] = patterns.map((pattern) => ({ pattern }));

    if (source.properties !== undefined || source.additionalProperties !== undefined) {
      this.objectKeywords(source, out, constraintOnly);
    } else if (source.required !== undefined) {
      out['required'] = [...source.required].sort();
    }
    if (source.items !== undefined) out['items'] = this.node(source.items, false);
    for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = source[combinator];
      if (branches === undefined) continue;
      const converted = branches.map((branch) => this.node(branch, true));
      out[combinator] = [...((out[combinator] as JsonSchema[] | undefined) ?? []), ...converted];
    }
    if (source.not !== undefined) out['not'] = this.node(source.not, true);

    return source.nullable === true ? nullable(out) : out;
  }

  private objectKeywords(source: Definition, out: JsonSchema, constraintOnly: boolean): void {
    const required = new Set(source.required ?? []);
    if (source.properties !== undefined) {
      const properties: Record<string, JsonSchema> = {};
      for (const [name, property] of Object.entries(source.properties)) {
        const schema = this.node(property, false);
        // The API server reads an explicit null as "unset", and generated YAML is full of them (`creationTimestamp: null`).
        properties[name] = required.has(name) ? schema : nullable(schema);
      }
      out['properties'] = properties;
    }
    if (source.required !== undefined) out['required'] = [...source.required].sort();
    const additional = source.additionalProperties;
    if (typeof additional === 'object') {
      out['additionalProperties'] = this.node(additional, false);
    } else if (
      additional !== true &&
      source.properties !== undefined &&
      source['x-kubernetes-preserve-unknown-fields'] !== true &&
      !constraintOnly
    ) {
      out['additionalProperties'] = false;
    }
  }

  /** OpenAPI v2/v3 write exclusive bounds as booleans beside minimum/maximum; draft-07 wants the bound itself. */
  private bounds(source: Definition, out: JsonSchema): void {
    for (const [bound, exclusive, tighter] of [
      ['minimum', 'exclusiveMinimum', Math.max],
      ['maximum', 'exclusiveMaximum', Math.min],
    ] as const) {
      const value = source[bound];
      if (typeof value !== 'number') continue;
      if (source[exclusive] === true) {
        out[exclusive] = value;
      } else {
        const current = out[bound];
        out[bound] = typeof current === 'number' ? tighter(current, value) : value;
      }
    }
  }
}

function typesOf(source: Definition): string[] {
  const declared = source.type === undefined ? [] : Array.isArray(source.type) ? source.type : [source.type];
  if (declared.length === 0 && source.properties !== undefined) return ['object'];
  return [...declared];
}

/** A CRD writes a quantity as int-or-string plus the quantity pattern, on the node or inside its anyOf. */
function isQuantity(source: Definition): boolean {
  const patterns = [source.pattern, ...(source.anyOf ?? []).map((branch) => branch.pattern)];
  return patterns.some((p) => typeof p === 'string' && p.startsWith('^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))'));
}

function quantity(): JsonSchema {
  // `pattern` only constrains strings, so a bare number (`cpu: 2`) passes as the API server accepts it.
  return { pattern: QUANTITY_PATTERN, type: ['number', 'string'] };
}

function intOrString(): JsonSchema {
  return { type: ['integer', 'string'] };
}

/**
 * Also accepts null. Widening `type` keeps ajv's errors about the value itself;
 * a `$ref` (or a schema without a type) is guarded with if/else instead of
 * anyOf, so a wrong object reports its own errors rather than "must be null".
 */
export function nullable(schema: JsonSchema): JsonSchema {
  const type = schema['type'];
  if (type !== undefined && schema['$ref'] === undefined) {
    const types = Array.isArray(type) ? (type as string[]) : [type as string];
    if (types.includes('null')) return schema;
    const out: JsonSchema = { ...schema, type: [...types, 'null'] };
    if (Array.isArray(schema['enum']) && !schema['enum'].includes(null)) out['enum'] = [...schema['enum'], null];
    return out;
  }
  if (Object.keys(schema).length === 0) return schema;
  return { else: schema, if: { type: 'null' } };
}
