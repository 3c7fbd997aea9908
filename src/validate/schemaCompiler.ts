/**
 * The one ajv configuration, used both at build time (standalone code for the
 * built-in schemas) and at run time (schemas a user imported), so a schema
 * behaves the same whichever way it was compiled.
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, Options } from 'ajv';

/** The part of an ajv error that scaffold reads. */
export type SchemaError = Pick<ErrorObject, 'instancePath' | 'schemaPath' | 'keyword' | 'params'>;

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
    ...extra,
  });
  // Annotation only: records which kind a schema describes.
  ajv.addKeyword({ keyword: 'x-kubernetes-group-version-kind', schemaType: 'object' });
  return ajv;
}

export function compileSchema(schema: object): CompiledSchema {
  return createAjv().compile(schema) as CompiledSchema;
}
