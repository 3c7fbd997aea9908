import { readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedValidator, validatorCacheFolder } from '../../src/io/validatorCache.ts';
import { compileSchemaToCode, type CompiledSchema } from '../../src/schemas/compiler.ts';
import { tempDir } from '../support/tempDir.ts';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { replicas: { type: 'integer' }, name: { type: 'string', pattern: '^[a-z]+$' }, size: { type: 'string', pattern: '(?i)^[a-z]+$' } },
};
const BYTES = Buffer.from(JSON.stringify(SCHEMA));
const DOCUMENTS = [{ replicas: 2, name: 'web', size: 'Big' }, { replicas: '2', name: 'Web', size: 'b1g', extra: true }];

function errorsOf(validate: CompiledSchema) {
  return DOCUMENTS.map((d) => (validate(d) ? null : validate.errors?.map((e) => [e.instancePath, e.keyword])));
}

describe('the validator cache', () => {
  const scratch = tempDir('scaffold-validator-cache-');
  let compiled = 0;
  const compile = () => {
    compiled++;
    return compileSchemaToCode(SCHEMA, { lenient: true });
  };

  it('compiles a schema once: a later run takes the kept code, which judges as the compiled validator does', () => {
    const folder = path.join(scratch, 'cache');
    const first = cachedValidator(BYTES, 'lenient', compile, folder) as CompiledSchema;
    const second = cachedValidator(BYTES, 'lenient', compile, folder) as CompiledSchema;
    expect(compiled).toBe(1);
    expect(readdirSync(folder)).toHaveLength(1);
    expect(errorsOf(second)).toEqual(errorsOf(first));
    // RE2 patterns too: (?i) is no JavaScript RegExp.
    expect(errorsOf(first)).toEqual([null, [['', 'additionalProperties'], ['/replicas', 'type'], ['/name', 'pattern'], ['/size', 'pattern']]]);
  });

  it('keeps other bytes, or another mode, apart', () => {
    const folder = path.join(scratch, 'apart');
    cachedValidator(BYTES, 'lenient', compile, folder);
    cachedValidator(Buffer.from(JSON.stringify(SCHEMA, null, 1)), 'lenient', compile, folder);
    cachedValidator(BYTES, 'strict', compile, folder);
    expect(readdirSync(folder)).toHaveLength(3);
  });

  it('compiles again over a kept file that is broken, and replaces it', () => {
    const folder = path.join(scratch, 'broken');
    cachedValidator(BYTES, 'lenient', compile, folder);
    const [file] = readdirSync(folder);
    writeFileSync(path.join(folder, file!), 'module.exports = (');
    const before = compiled;
    const validate = cachedValidator(BYTES, 'lenient', compile, folder) as CompiledSchema;
    expect(compiled).toBe(before + 1);
    expect(errorsOf(validate)[0]).toBeNull();
    cachedValidator(BYTES, 'lenient', compile, folder);
    expect(compiled).toBe(before + 1);
  });

  it('works without a cache it can write, silently', () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, '');
    expect(errorsOf(cachedValidator(BYTES, 'lenient', compile, path.join(file, 'validators')) as CompiledSchema)[0]).toBeNull();
  });

  it('keeps no schema that cannot be used', () => {
    const folder = path.join(scratch, 'unusable');
    expect(cachedValidator(BYTES, 'lenient', () => ({ unusable: 'a $ref to nothing' }), folder)).toEqual({ unusable: 'a $ref to nothing' });
    expect(() => readdirSync(folder)).toThrow();
  });

  it("lives in the user's cache folder, XDG_CACHE_HOME when it is an absolute path", () => {
    expect(validatorCacheFolder({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/scaffold/validators');
    expect(validatorCacheFolder({ XDG_CACHE_HOME: 'relative' })).toBe(path.join(homedir(), '.cache', 'scaffold', 'validators'));
  });
});
