/**
 * The app spec's JSON schema, compiled. From sources (tests, tsx) it is
 * compiled with ajv on first use; the CLI bundle replaces this module with
 * the schema's standalone code, precompiled by the build (scripts/build.mjs),
 * so a run neither compiles it nor carries ajv's compiler.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import appSpecSchema from '../../schemas/app-spec.schema.json' with { type: 'json' };
import type { CompiledSchema } from '../schemas/compiler.ts';

/** The one ajv set-up for the app spec, shared with the build step that precompiles it. */
export function createAppSpecAjv(extra: { code?: { source: boolean; esm?: boolean } } = {}): Ajv2020 {
  return new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, messages: false, ...extra });
}

let compiled: CompiledSchema | undefined;

export function appSpecValidator(): CompiledSchema {
  return (compiled ??= createAppSpecAjv().compile(appSpecSchema) as CompiledSchema);
}
