import { readFileSync } from 'node:fs';
import { toStrictSchemas, type Definition } from '../../src/schemas/strict.ts';
import { compileSchema, type CompiledSchema } from '../../src/schemas/compiler.ts';
import { SWAGGER_FILE } from './paths.ts';

/**
 * Validators made from the official Kubernetes 1.36 OpenAPI document by the same strict
 * converter, keyed by `apiVersion/Kind`: the independent judge of the built-in schemas.
 * Each compiles on first use.
 */
export function oracleValidators(): Map<string, () => CompiledSchema> {
  const swagger = JSON.parse(readFileSync(SWAGGER_FILE, 'utf8')) as { definitions: Record<string, Definition> };
  const out = new Map<string, () => CompiledSchema>();
  for (const { gvk, schema } of toStrictSchemas(swagger.definitions)) {
    let compiled: CompiledSchema | undefined;
    out.set(`${gvk.group === '' ? '' : `${gvk.group}/`}${gvk.version}/${gvk.kind}`, () => (compiled ??= compileSchema(schema)));
  }
  return out;
}
