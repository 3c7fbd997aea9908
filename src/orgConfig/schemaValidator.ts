/**
 * The organisation config's JSON schema, compiled. As for the app spec
 * (src/appSpec/schemaValidator.ts), sources compile it with ajv on first use
 * and the CLI bundle replaces this module with precompiled standalone code.
 */
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import type { CompiledSchema } from '../schemas/compiler.ts';
import { createAppSpecAjv } from '../appSpec/schemaValidator.ts';

let compiled: CompiledSchema | undefined;

export function orgConfigValidator(): CompiledSchema {
  return (compiled ??= createAppSpecAjv().compile(configSchema) as CompiledSchema);
}
