/**
 * Turns ajv errors into scaffold Issues: one human message per field, with
 * the field path in `a.b[0].c` form. ajv's errors carry no messages (see
 * schemaCompiler.ts) and, from precompiled validators, no schema: what a
 * message needs from the schema (known field names, whether a string is a
 * quantity) is found by walking the schema along the document path.
 */
import { closestMatch } from '../vocabulary/didYouMean.ts';
import { formatPath, pointerToPath, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import type { SchemaError } from './compiler.ts';
import { BASE64_PATTERN, QUANTITY_PATTERN } from './patterns.ts';
import type { JsonSchema } from './strict.ts';
import { valueAt } from '../yamlSource/mapping.ts';

export interface IssueContext {
  /** The validated document, to quote offending values. */
  document: unknown;
  /** The schema the errors came from, read only when a message needs it. */
  schema?: () => JsonSchema | undefined;
  /** Copied into every issue (file, apiVersion, kind, name, ...). */
  base?: Partial<Issue>;
  /** Where a field path is in the source, to give each issue a line and column. */
  locate?: (path: readonly PathSegment[], at?: 'key' | 'value') => { line: number; column: number };
  /** How the scalar at a path was written in the source (`yes` for `true`). */
  sourceOf?: (path: readonly PathSegment[]) => string | undefined;
  /** Plain-words meaning of a schema pattern (`a DNS-1123 label ...`), keyed by the pattern itself. */
  patternMeanings?: Readonly<Record<string, string>>;
}

type Segment = PathSegment;

interface Finding {
  path: Segment[];
  message: string;
  /** The finding is about the field's key (an unknown field), not its value. */
  atKey?: boolean;
  /** An unknown field's likely intended name (its did-you-mean). */
  meant?: string;
  /** A required field found missing. */
  missing?: boolean;
}

const QUANTITY_MESSAGE = 'must be a Kubernetes quantity such as 500m or 1Gi';

export function schemaIssues(errors: readonly SchemaError[], context: IssueContext): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const finding of findings(errors, context)) {
    const path = formatPath(finding.path);
    const key = `${path}\u0000${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const issue: Issue = { ...context.base, severity: 'error', rule: 'schema', message: finding.message };
    if (path !== '') issue.path = path;
    if (context.locate) Object.assign(issue, context.locate(finding.path, finding.atKey ? 'key' : 'value'));
    issues.push(issue);
  }
  return issues;
}

function findings(errors: readonly SchemaError[], context: IssueContext): Finding[] {
  // `if` errors come from the null guards of optional fields; a bad mapping key reports its own failed keyword too.
  const kept = collapseAlternatives(errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames'));
  const out: Finding[] = [];
  const typeErrors = new Map<string, SchemaError[]>();
  for (const error of kept) {
    if (error.keyword === 'type') {
      // Several branches may reject the same value on type; say what would have been accepted once.
      const list = typeErrors.get(error.instancePath) ?? [];
      list.push(error);
      typeErrors.set(error.instancePath, list);
      continue;
    }
    out.push(describe(error, context));
  }
  for (const [instancePath, list] of typeErrors) {
    const types = new Set(list.flatMap((e) => toArray(e.params['type']).map(String)));
    const path = pointerToPath(instancePath, context.document);
    out.push({ path, message: typeMessage(types, valueAt(context.document, path), path, context) });
  }
  // A misspelt required field is one mistake: `unknown field "portt" (did you mean "port"?)` says it; "missing port" would repeat it.
  const misspelt = new Set(out.filter((f) => f.meant !== undefined).map((f) => formatPath([...f.path.slice(0, -1), f.meant!])));
  return out
    .filter((f) => !(f.missing && misspelt.has(formatPath(f.path))))
    .sort((a, b) => (formatPath(a.path) < formatPath(b.path) ? -1 : formatPath(a.path) > formatPath(b.path) ? 1 : 0));
}

/**
 * ajv reports an anyOf/oneOf failure as one error per failed branch plus a
 * summary. Keep the branch that came closest (it failed on something other
 * than the value's type, with the fewest errors); if every branch only
 * disagreed on the type, keep those type errors, which merge into one
 * "expected A or B" message.
 */
function collapseAlternatives(errors: readonly SchemaError[]): SchemaError[] {
  const summaries = errors.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && e.params['passingSchemas'] == null);
  if (summaries.length === 0) return [...errors];
  const dropped = new Set<SchemaError>(summaries);
  for (const summary of summaries) {
    const prefix = `${summary.schemaPath}/`;
    const branches = new Map<string, SchemaError[]>();
    for (const error of errors) {
      if (!error.schemaPath.startsWith(prefix)) continue;
      const branch = error.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const wrongTypeOnly = (list: SchemaError[]) =>
      list.every((e) => e.keyword === 'type' && e.instancePath === summary.instancePath);
    const candidates = [...branches.values()].filter((list) => !wrongTypeOnly(list));
    if (candidates.length === 0) {
      if (branches.size === 0) dropped.delete(summary);
      continue;
    }
    const best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
    for (const list of branches.values()) if (list !== best) for (const e of list) dropped.add(e);
  }
  return errors.filter((e) => !dropped.has(e));
}

function describe(error: SchemaError, context: IssueContext): Finding {
  const finding = findingOf(error, context);
  // A mapping key that fails propertyNames is the key's fault: placed at the key, not at its value.
  return error.propertyName === undefined ? finding : { ...finding, atKey: true };
}

function findingOf(error: SchemaError, context: IssueContext): Finding {
  const at = pointerToPath(error.instancePath, context.document);
  // A mapping key that fails propertyNames is reported with the key in its path, quoting the key.
  const path = error.propertyName === undefined ? at : [...at, error.propertyName];
  const value = error.propertyName ?? valueAt(context.document, path);
  const p = error.params;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(p['additionalProperty']);
      const known = knownFields(context, path);
      const suggestion = closestMatch(field, known);
      return {
        path: [...path, field],
        message: `unknown field "${field}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`,
        atKey: true,
        ...(suggestion === undefined ? {} : { meant: suggestion }),
      };
    }
    case 'required':
      return { path: [...path, String(p['missingProperty'])], message: `missing required field "${String(p['missingProperty'])}"`, missing: true };
    case 'pattern': {
      const meaning = context.patternMeanings?.[String(p['pattern'])];
      if (meaning) return { path, message: `must be ${meaning}, got ${show(value)}` };
      if (p['pattern'] === QUANTITY_PATTERN) return { path, message: `${QUANTITY_MESSAGE}, got ${show(value)}` };
      if (p['pattern'] === BASE64_PATTERN) return { path, message: `must be base64-encoded data, got ${show(value)}` };
      return { path, message: `must match /${String(p['pattern'])}/, got ${show(value)}` };
    }
    case 'enum':
      // null is in the list only because the field is optional; it is no value to suggest.
      return { path, message: `must be one of ${listOf(toArray(p['allowedValues']).filter((v) => v !== null))}, got ${show(value)}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(p['allowedValue'])}, got ${show(value)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: boundMessage(error.keyword, p['limit'] as number, value, context.sourceOf?.(path)) };
    case 'minLength':
      return { path, message: `must be at least ${String(p['limit'])} characters long` };
    case 'maxLength':
      return { path, message: `must be at most ${String(p['limit'])} characters long` };
    case 'minItems':
      return { path, message: `must have at least ${String(p['limit'])} items` };
    case 'maxItems':
      return { path, message: `must have at most ${String(p['limit'])} items` };
    case 'minProperties':
      return { path, message: `must have at least ${String(p['limit'])} ${p['limit'] === 1 ? 'entry' : 'entries'}` };
    case 'maxProperties':
      return { path, message: `must have at most ${String(p['limit'])} ${p['limit'] === 1 ? 'field' : 'fields'}` };
    case 'uniqueItems':
      return { path, message: `items ${String(p['j'])} and ${String(p['i'])} are duplicates` };
    case 'multipleOf':
      return { path, message: `must be a multiple of ${String(p['multipleOf'])}` };
    case 'oneOf':
      return { path, message: 'matches more than one of the allowed forms' };
    case 'anyOf':
      return { path, message: 'matches none of the allowed forms' };
    case 'not':
      return { path, message: 'is not allowed in this form' };
    case 'false schema':
      return { path, message: 'is not allowed here' };
    default:
      return { path, message: `fails the "${error.keyword}" check` };
  }
}

function typeMessage(types: Set<string>, value: unknown, path: Segment[], context: IssueContext): string {
  types.delete('null');
  const node = context.schema === undefined ? undefined : schemaAt(context.schema(), path);
  if (node?.['pattern'] === QUANTITY_PATTERN) return `${QUANTITY_MESSAGE}, got ${show(value)}`;
  const expected = [...types].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
  // YAML reads 8080, 0123, yes and ~ as numbers, booleans and null; where a string is wanted, quoting
  // what was written is the fix: "0123", not the "83" the reader made of it.
  const scalar = typeof value === 'number' || typeof value === 'boolean' || value === null;
  const written = scalar ? context.sourceOf?.(path) : undefined;
  const as = written !== undefined && written !== '' && written !== String(value) ? ` (written ${written})` : '';
  const wantsString = expected.length === 1 && expected[0] === 'string' && scalar;
  const text = written ?? (value === null ? undefined : String(value));
  const quote = !wantsString || text === undefined ? '' : text === '' ? '; write "" for an empty string' : `; quote it: ${JSON.stringify(text)}`;
  return `expected ${expected.join(' or ')}, got ${show(value)}${as}${quote}`;
}

const TYPE_ORDER = ['object', 'array', 'integer', 'number', 'string', 'boolean', 'null'];

/** `written`: the number as the source has it, which a number too large for its digits (`1e+23`) is shown as. */
function boundMessage(keyword: string, limit: number, value: unknown, written?: string): string {
  const got = typeof value === 'number' && written !== undefined && /e/i.test(String(value)) && !/e/i.test(written) ? `${Number.isInteger(value) ? 'integer' : 'number'} ${written}` : show(value);
  if (limit === 2147483647 || limit === -2147483648) return `must be a 32-bit integer, got ${got}`;
  if (Math.abs(limit) === Number.MAX_SAFE_INTEGER) return `is too large to be exact, got ${got}`;
  const relation = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' }[keyword];
  return `must be ${relation} ${limit}, got ${got}`;
}

/** Describes a document value the way a user wrote it: `string "3"`, `number 2.5`, `object`. */
function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
      return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
    case 'boolean':
      return `boolean ${value}`;
    case 'object':
      return 'object';
    default:
      return typeof value;
  }
}

function listOf(values: unknown): string {
  return toArray(values)
    .map((v) => JSON.stringify(v))
    .join(', ');
}

function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function knownFields(context: IssueContext, path: Segment[]): string[] {
  const root = context.schema?.();
  const node = schemaAt(root, path);
  if (root === undefined || node === undefined) return [];
  const { fields } = walkOf(root);
  let known = fields.get(node);
  if (known === undefined) {
    known = [...new Set(alternatives(root, node).flatMap((n) => Object.keys((n['properties'] as object | undefined) ?? {})))];
    fields.set(node, known);
  }
  return known;
}

/**
 * What walking a schema found, kept with it (it is its kind's, for the
 * whole run) for the next message: each node's $ref followed, its
 * branches, its field names.
 */
interface SchemaWalk {
  resolved: Map<JsonSchema, JsonSchema | undefined>;
  alternatives: Map<JsonSchema, JsonSchema[]>;
  fields: Map<JsonSchema, string[]>;
}

const walks = new WeakMap<JsonSchema, SchemaWalk>();

function walkOf(root: JsonSchema): SchemaWalk {
  let walk = walks.get(root);
  if (walk === undefined) {
    walk = { resolved: new Map(), alternatives: new Map(), fields: new Map() };
    walks.set(root, walk);
  }
  return walk;
}

/**
 * The schema node that applies at `path` in a strict schema, following $ref,
 * the nullable if/else guard and, where the field is only declared there,
 * anyOf/oneOf/allOf branches.
 */
function schemaAt(root: JsonSchema | undefined, path: readonly Segment[]): JsonSchema | undefined {
  if (root === undefined) return undefined;
  let node = resolve(root, root);
  for (const segment of path) {
    if (node === undefined) return undefined;
    let next: JsonSchema | undefined;
    for (const candidate of alternatives(root, node)) {
      const properties = candidate['properties'] as Record<string, JsonSchema> | undefined;
      const additional = candidate['additionalProperties'];
      next =
        typeof segment === 'number'
          ? (candidate['items'] as JsonSchema | undefined)
          : (properties?.[segment] ?? (typeof additional === 'object' ? (additional as JsonSchema) : undefined));
      if (next !== undefined) break;
    }
    node = next === undefined ? undefined : resolve(root, next);
  }
  return node;
}

/** A node and, recursively, the branches of its anyOf/oneOf/allOf. */
function alternatives(root: JsonSchema, node: JsonSchema): JsonSchema[] {
  const walk = walkOf(root);
  let out = walk.alternatives.get(node);
  if (out !== undefined) return out;
  out = [node];
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    for (const branch of (node[keyword] as JsonSchema[] | undefined) ?? []) {
      const resolved = resolve(root, branch);
      if (resolved !== undefined) out.push(...alternatives(root, resolved));
    }
  }
  walk.alternatives.set(node, out);
  return out;
}

function resolve(root: JsonSchema, node: JsonSchema): JsonSchema | undefined {
  const { resolved } = walkOf(root);
  if (resolved.has(node)) return resolved.get(node);
  let current: JsonSchema | undefined = node;
  for (let hops = 0; current !== undefined && hops < 32; hops++) {
    const ref: unknown = current['$ref'];
    if (typeof ref === 'string') {
      const [, section, name]: (string | undefined)[] = /^#\/(definitions|\$defs)\/(.*)$/.exec(ref) ?? [];
      current = section === undefined ? undefined : (root[section] as Record<string, JsonSchema> | undefined)?.[decodeURIComponent(name!)];
    } else if (current['else'] !== undefined && current['if'] !== undefined) {
      current = current['else'] as JsonSchema;
    } else {
      break;
    }
  }
  resolved.set(node, current);
  return current;
}
