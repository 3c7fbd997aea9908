/**
 * The ajv keyword that compiles a call to a shared validator module (see
 * sharedDefinitions.ts) into standalone code: `require` the module, call it
 * on the data with the instance path so far, and take its errors, as ajv's
 * own code does for a `$ref` to another schema.
 */
import type { Ajv, KeywordCxt } from 'ajv';
import { _, nil } from 'ajv/dist/compile/codegen/index.js';
import names from 'ajv/dist/compile/names.js';
import { callValidateCode } from 'ajv/dist/vocabularies/code.js';
import { SHARED_VALIDATOR_KEYWORD } from './sharedDefinitions.ts';

/** `shared-<id>.cjs`: the file of a shared module, beside the others in one folder. */
export function sharedModuleFile(id: string): string {
  return `shared-${id}.cjs`;
}

/** Adds the keyword to `ajv`; `requirePath(id)` is how the module being compiled names a shared module's file. */
export function addSharedCallKeyword(ajv: Ajv, requirePath: (id: string) => string): void {
  const N = names.default;
  ajv.addKeyword({
    keyword: SHARED_VALIDATOR_KEYWORD,
    schemaType: 'string',
    code(cxt: KeywordCxt) {
      const { gen } = cxt;
      const id = cxt.schema as string;
      // Only the standalone code runs: the module is required there, never by the compiler.
      const notLoaded = () => {
        throw new Error(`shared validator ${id} runs only in standalone code`);
      };
      const validate = gen.scopeValue('func', { key: id, ref: notLoaded, code: _`require(${requirePath(id)})` });
      cxt.result(callValidateCode(cxt, validate, nil), undefined, () => {
        const errors = _`${validate}.errors`;
        gen.assign(N.vErrors, _`${N.vErrors} === null ? ${errors} : ${N.vErrors}.concat(${errors})`);
        gen.assign(N.errors, _`${N.vErrors}.length`);
      });
    },
  });
}
