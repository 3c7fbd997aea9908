import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cachedValidator, validatorCacheFolder } from '../../src/io/validatorCache.ts';
import { keepPending } from '../../src/io/userCache.ts';
import { compileSchemaToCode, type CompiledSchema } from '../../src/schemas/compiler.ts';
import { tempDir } from '../support/tempDir.ts';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { replicas: { type: 'integer' }, name: { type: 'string', pattern: '^[a-z]+$' }, size: { type: 'string', pattern: '(?i)^[a-z]+$' } },
};
const BYTES = Buffer.from(JSON.stringify(SCHEMA));
const DOCUMENTS = [{ replicas: 2, name: 'web', size: 'Big' }, { replicas: '2', name: 'Web', size: 'b1g', extra: true }];

// The code kept, one file per validator, each beside a copy of the schema it was compiled from.
const codeIn = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.cjs'));

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
    expect(codeIn(folder)).toHaveLength(1);
    expect(readdirSync(folder)).toHaveLength(2);
    expect(errorsOf(second)).toEqual(errorsOf(first));
    // RE2 patterns too: (?i) is no JavaScript RegExp.
    expect(errorsOf(first)).toEqual([null, [['', 'additionalProperties'], ['/replicas', 'type'], ['/name', 'pattern'], ['/size', 'pattern']]]);
  });

  it('keeps other bytes, or another mode, apart', () => {
    const folder = path.join(scratch, 'apart');
    cachedValidator(BYTES, 'lenient', compile, folder);
    cachedValidator(Buffer.from(JSON.stringify(SCHEMA, null, 1)), 'lenient', compile, folder);
    cachedValidator(BYTES, 'strict', compile, folder);
    expect(codeIn(folder)).toHaveLength(3);
  });

  it('takes no code kept for other bytes under the same name (a CRC-32 and a length alike): the copy of the schema beside it decides', () => {
    const folder = path.join(scratch, 'same-name');
    cachedValidator(BYTES, 'lenient', compile, folder);
    const copy = readdirSync(folder).find((name) => name.endsWith('.schema'))!;
    // As if another schema of the same length and CRC had been kept there.
    const other = Buffer.from(BYTES);
    other[other.length - 2]! ^= 1;
    writeFileSync(path.join(folder, copy), other);
    const before = compiled;
    expect(errorsOf(cachedValidator(BYTES, 'lenient', compile, folder) as CompiledSchema)[0]).toBeNull();
    expect(compiled).toBe(before + 1);
    expect(readFileSync(path.join(folder, copy))).toEqual(BYTES);
  });

  it('compiles again over a kept file that is broken, and replaces it', () => {
    const folder = path.join(scratch, 'broken');
    cachedValidator(BYTES, 'lenient', compile, folder);
    const [file] = codeIn(folder);
    writeFileSync(path.join(folder, file!), 'module.exports = (');
    const before = compiled;
    const validate = cachedValidator(BYTES, 'lenient', compile, folder) as CompiledSchema;
    expect(compiled).toBe(before + 1);
    expect(errorsOf(validate)[0]).toBeNull();
    cachedValidator(BYTES, 'lenient', compile, folder);
    expect(compiled).toBe(before + 1);
  });

  describe("V8's compiled form of the kept code", () => {
    const compiledFormOf = (folder: string) => {
      const forms = readdirSync(folder).filter((f) => f.endsWith('.bin'));
      expect(forms).toHaveLength(1);
      const file = path.join(folder, forms[0]!);
      return { file, inode: statSync(file).ino, bytes: readFileSync(file) };
    };
    const formsIn = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.bin'));
    const aRun = (folder: string) => {
      const errors = errorsOf(cachedValidator(BYTES, 'lenient', compile, folder) as CompiledSchema);
      keepPending();
      return errors;
    };
    // The first run compiles and keeps the code; the second loads it, and keeps its compiled form as it ends (keepPending, here).
    const twoRuns = (folder: string) => {
      const fresh = cachedValidator(BYTES, 'lenient', compile, folder) as CompiledSchema;
      const loaded = cachedValidator(BYTES, 'lenient', compile, folder) as CompiledSchema;
      const verdicts = errorsOf(fresh);
      expect(errorsOf(loaded)).toEqual(verdicts);
      expect(formsIn(folder)).toEqual([]);
      keepPending();
      return { made: compiledFormOf(folder), verdicts };
    };
    // A form taken is not made again: a new one would be written to a new file and renamed over the old.
    const taken = (folder: string, verdicts: unknown) => {
      const before = compiledFormOf(folder).inode;
      expect(aRun(folder)).toEqual(verdicts);
      return compiledFormOf(folder).inode === before;
    };

    it('is kept by the first run that loads the code, as it ends, and taken by the next, with the same verdicts', () => {
      const folder = tempDir('scaffold-compiled-form-');
      const { made, verdicts } = twoRuns(folder);
      expect(made.file).toContain(`.v8-${process.versions.v8}-${process.arch}.bin`);
      expect(taken(folder, verdicts)).toBe(true);
      expect(taken(folder, verdicts)).toBe(true);
    });

    it.each([
      ['with bytes changed', (b: Buffer) => Buffer.concat([b.subarray(0, b.length >> 1), b.subarray(b.length >> 1, (b.length >> 1) + 16).map((x) => x ^ 0x5a), b.subarray((b.length >> 1) + 16)])],
      ['cut short', (b: Buffer) => b.subarray(0, b.length >> 1)],
      ['empty', () => Buffer.alloc(0)],
    ])('is passed over and made again when %s', (_, damage) => {
      const folder = tempDir('scaffold-compiled-form-');
      const { made, verdicts } = twoRuns(folder);
      writeFileSync(made.file, damage(made.bytes));
      const before = compiled;
      expect(taken(folder, verdicts)).toBe(false);
      expect(compiled).toBe(before);
      expect(taken(folder, verdicts)).toBe(true);
    });

    it('is made again when V8 will not take it (made by another V8, or under other flags)', () => {
      const { made, verdicts } = twoRuns(tempDir('scaffold-compiled-form-'));
      // Moved: V8 compiles code it compiled before under the same file name from memory, without looking at the form.
      const folder = path.join(tempDir('scaffold-compiled-form-'), 'moved');
      cpSync(path.dirname(made.file), folder, { recursive: true });
      const code = readFileSync(path.join(folder, path.basename(made.file).replace(/\.v8-.*$/, '.cjs')));
      const foreign = Buffer.from('compiled by another V8');
      // Headed as scaffold heads a form (a CRC-32 of the code, then of the form), so that V8 alone passes it over.
      const checkOf = (form: Buffer, made: Buffer) => {
        const check = Buffer.alloc(4);
        check.writeUInt32BE(crc32(form, crc32(made)));
        return check;
      };
      writeFileSync(path.join(folder, path.basename(made.file)), Buffer.concat([checkOf(foreign, code), foreign]));
      expect(taken(folder, verdicts)).toBe(false);
      expect(taken(folder, verdicts)).toBe(true);
    });

    it('is passed over beside other code: it was made from the bytes of the code beside it', () => {
      const folder = tempDir('scaffold-compiled-form-');
      const { made, verdicts } = twoRuns(folder);
      const codeFile = made.file.replace(/\.v8-.*$/, '.cjs');
      // Of the same length, which is all V8 checks of the code.
      writeFileSync(codeFile, readFileSync(codeFile, 'utf8').replace('"use strict";', '"use strict"\n'));
      expect(taken(folder, verdicts)).toBe(false);
      expect(taken(folder, verdicts)).toBe(true);
    });
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
