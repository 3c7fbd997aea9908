/**
 * The one ajv configuration, used both at build time (standalone code for the
 * built-in schemas) and at run time (schemas a user imported), so a schema
 * behaves the same whichever way it was compiled.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, Options } from 'ajv';

/** The part of an ajv error that scaffold reads. */
export type SchemaError = Pick<ErrorObject, 'instancePath' | 'schemaPath' | 'keyword' | 'params' | 'propertyName'>;

/** A compiled schema: ajv's calling convention, errors left on the function. */
export interface CompiledSchema {
  (document: unknown): boolean;
  errors?: SchemaError[] | null;
}

// Loaded on first use, not imported: the CLI bundle should not pay for ajv when every schema it needs is precompiled.
const load = createRequire(import.meta.url);

export function createAjv(extra: Options = {}): Ajv {
  const { Ajv: AjvClass } = load('ajv') as typeof import('ajv');
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
