/**
 * The one ajv configuration, used both at build time (standalone code for the
 * built-in schemas) and at run time (schemas a user imported), so a schema
 * behaves the same whichever way it was compiled. Patterns run as the API
 * server runs them (RE2, see patterns.ts).
 */
import { Script } from 'node:vm';
import type { Ajv, ErrorObject, Options } from 'ajv';
import { formatPath, type PathSegment } from '../vocabulary/issue.ts';
import { loadAjv, loadAjvHelper, loadAjvStandalone, loadRe2 } from './lazyModules.ts';
import { patternEngine, type Re2Module } from './patterns.ts';

/** The part of an ajv error that scaffold reads. */
export type SchemaError = Pick<ErrorObject, 'instancePath' | 'schemaPath' | 'keyword' | 'params' | 'propertyName'>;

/** A compiled schema: ajv's calling convention, errors left on the function. */
export interface CompiledSchema {
  (document: unknown): boolean;
  errors?: SchemaError[] | null;
}

/**
 * How standalone validator code names the module holding patternEngine: the
 * build (scripts/build-validators.ts) bundles src/schemas/patterns.ts in under
 * this name and leaves re2js a require at run time (of dist/runtime/'s copy),
 * made only when a value meets a pattern that needs it.
 */
export const PATTERN_ENGINE_MODULE = 'scaffold-pattern-engine';

// Compiling the code compiles every pattern (an RE2 one with re2js, so a bad one fails the compile); the code itself
// compiles an RE2 pattern when a value first meets it: an ExternalSecret without syncWindows never loads re2js.
const compilePattern = Object.assign(
  patternEngine(loadRe2),
  { code: `require(${JSON.stringify(PATTERN_ENGINE_MODULE)}).patternEngine(() => require("re2js"), { compileOnFirstTest: true })` },
);

export function createAjv(extra: Options = {}): Ajv {
  const { Ajv: AjvClass } = loadAjv();
  const ajv = new AjvClass({
    allErrors: true,
    allowUnionTypes: true,
    // scaffold writes its own messages (ajvIssues.ts); leaving ajv's out keeps the generated code small.
    messages: false,
    strict: true,
    // A CRD's anyOf/oneOf branches legitimately constrain properties declared beside them, untyped.
    strictRequired: false,
    strictTypes: false,
    ...extra,
    code: { regExp: compilePattern, ...extra.code },
  });
  // Annotation only: records which kind a schema describes.
  ajv.addKeyword({ keyword: 'x-kubernetes-group-version-kind', schemaType: 'object' });
  return ajv;
}

/**
 * Compiles at run time. Schemas from elsewhere (a user's folder) may carry
 * keywords or formats ajv does not know; `lenient` ignores those instead of
 * failing, which changes no verdict for the keywords it does know.
 */
export function compileSchema(schema: object, { lenient = false } = {}): CompiledSchema {
  // Compiling is most of the cost of a run-time schema (an imported Deployment: 0.6 s), and ajv's code
  // optimisation passes more than double it; they change the generated code, not what it accepts.
  return createAjv({ ...(lenient ? { strict: false } : {}), code: { optimize: false } }).compile(schema) as CompiledSchema;
}

/**
 * compileSchema, and the same validator as standalone code (a CommonJS
 * module), for a cache to keep: runStandalone gives it back without ajv's compiler.
 */
export function compileSchemaToCode(schema: object, { lenient = false } = {}): { validate: CompiledSchema; code: string } {
  // Optimised, unlike compileSchema: compiled once for many runs, the code is smaller to load and quicker to run
  // (an imported 1.36 folder over 10,000 valid documents: 1.26 -> 1.11 s of cpu), for a first run some 0.1 s slower.
  const ajv = createAjv({ ...(lenient ? { strict: false } : {}), code: { source: true } });
  const validate = ajv.compile(schema);
  return { validate: validate as CompiledSchema, code: loadAjvStandalone()(ajv, validate) };
}

/** A validator run from standalone code, and V8's compiled form of that code for a later run. */
export interface StandaloneValidator {
  validate: CompiledSchema;
  /** Whether V8 took the compiled form it was given; false without one, or when it was made by another V8, under other flags, or for other code. */
  compiledFormTaken: boolean;
  /** V8's compiled form of the code, with each function compiled so far: at the end of a run, what that run needed. */
  compiledForm(): Buffer;
}

// The code as the body of a function of the three names it uses, as a CommonJS module is run.
const MODULE_START = '(function (module, exports, require) {';
const MODULE_END = '\n})';

// Standalone code was made by compileSchemaToCode, whose compiling checked every pattern it holds.
function patternsCompiledOnFirstTest(load: () => Re2Module): ReturnType<typeof patternEngine> {
  return patternEngine(load, { compileOnFirstTest: true });
}

/**
 * The validator of standalone code made by compileSchemaToCode, run as the
 * module it is. Its requires are ajv's run-time helpers, from the copy of
 * ajv this scaffold loads, re2js, and the pattern engine, which is this
 * module's own: the code names none of them by a path, so it holds
 * wherever it is kept. `compiledForm`, from compiledForm() of an earlier
 * run of the same code, spares V8 compiling it again (most of loading a
 * large validator); V8 checks its version, its flags and the code's length
 * and passes over a form that fails them, not a form damaged in between,
 * which is the caller's to check. (Code it compiled before in this process,
 * under the same file name, it takes from memory without looking at the form.)
 */
export function runStandalone(code: string, filename: string, compiledForm?: Uint8Array): StandaloneValidator {
  const module: { exports: unknown } = { exports: {} };
  const requireOf = (id: string): unknown => (id === PATTERN_ENGINE_MODULE ? { patternEngine: patternsCompiledOnFirstTest } : id === 're2js' ? loadRe2() : loadAjvHelper(id));
  const script = new Script(`${MODULE_START}${code}${MODULE_END}`, { filename, ...(compiledForm === undefined ? {} : { cachedData: compiledForm }) });
  (script.runInThisContext() as (...args: unknown[]) => void)(module, module.exports, requireOf);
  return {
    validate: module.exports as CompiledSchema,
    compiledFormTaken: compiledForm !== undefined && script.cachedDataRejected === false,
    compiledForm: () => script.createCachedData(),
  };
}

/** A pattern the API server would not compile, where it sits, and why. */
export interface PatternProblem {
  path: string;
  message: string;
}

/**
 * The patterns of a schema that RE2 rejects (a backreference, a lookahead),
 * as the API server rejects a CRD holding one; ajv cannot compile such a
 * schema. `at` is where the schema sits in its document.
 */
export function patternProblems(schema: unknown, at: readonly PathSegment[] = []): PatternProblem[] {
  return patternsOf(schema, at).flatMap(({ pattern, path }) => {
    const problem = syntaxProblem(pattern);
    return problem === undefined ? [] : [{ path: formatPath(path), message: `/${pattern}/ is not an RE2 regular expression, as Kubernetes requires: ${problem}` }];
  });
}

function syntaxProblem(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (err) {
    const { RE2JSException: Re2Error } = loadRe2();
    if (err instanceof Re2Error) return err.message;
    throw err;
  }
}

/** A `pattern` (or a `patternProperties` key) found in a schema, with the path to it. */
interface FoundPattern {
  pattern: string;
  path: PathSegment[];
}

// Keywords whose value is one schema, a list of schemas, or a map of names to schemas (JSON Schema draft-07, which CRD schemas are a subset of).
const ONE_SCHEMA = ['additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else'] as const;
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'items'] as const;
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'] as const;

/**
 * Every pattern of a schema, following only the keywords that hold schemas,
 * so an `enum` or `default` value that happens to have a `pattern` field is
 * not taken for one. `at` is where the schema itself sits.
 */
function patternsOf(schema: unknown, at: readonly PathSegment[] = []): FoundPattern[] {
  const found: FoundPattern[] = [];
  const visit = (node: unknown, path: PathSegment[]) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    const schemaNode = node as Record<string, unknown>;
    if (typeof schemaNode['pattern'] === 'string') found.push({ pattern: schemaNode['pattern'], path: [...path, 'pattern'] });
    const patternProperties = schemaNode['patternProperties'];
    if (patternProperties !== null && typeof patternProperties === 'object' && !Array.isArray(patternProperties)) {
      for (const key of Object.keys(patternProperties)) found.push({ pattern: key, path: [...path, 'patternProperties', key] });
    }
    for (const keyword of ONE_SCHEMA) visit(schemaNode[keyword], [...path, keyword]);
    for (const keyword of SCHEMA_LISTS) {
      const value = schemaNode[keyword];
      if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, keyword, i]));
      else visit(value, [...path, keyword]);
    }
    for (const keyword of SCHEMA_MAPS) {
      const value = schemaNode[keyword];
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      for (const [name, child] of Object.entries(value)) visit(child, [...path, keyword, name]);
    }
  };
  visit(schema, [...at]);
  return found;
}
