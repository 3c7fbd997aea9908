/**
 * `pattern` as the API server reads it: RE2 syntax (`(?i)`, `\p{Greek}`),
 * patterns RE2 rejects found with their place in the schema, and the
 * patterns RegExp runs (the two scaffold writes itself, and the commonest of
 * CRDs) with RE2's verdicts.
 * Matching without backtracking (`^(a+)+$` on a long value) is tested end
 * to end (crdPatterns.e2e.test.ts), in a process that can be stopped: a
 * backtracking match would block this one for good.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleValidator, standaloneCode } from '../../scripts/build-validators.ts';
import { compileSchema, compileSchemaToCode, patternProblems, runStandalone, type CompiledSchema } from '../../src/schemas/compiler.ts';
import { BASE64_PATTERN, DNS_SUBDOMAIN_PATTERN, KEY_CHARACTERS_PATTERN, QUANTITY_PATTERN, patternEngine } from '../../src/schemas/patterns.ts';
import { PROJECT_ROOT } from '../support/paths.ts';

const stringWith = (properties: Record<string, string>) => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(properties).map(([name, pattern]) => [name, { type: 'string', pattern }])),
});

const verdicts = (validate: CompiledSchema, documents: readonly object[]) => documents.map((d) => validate(d));

describe('patterns compiled at run time', () => {
  it('read RE2 syntax JavaScript has not got: inline flags and Unicode classes', () => {
    const validate = compileSchema(stringWith({ color: '^(?i)(red|green)$', word: '^\\p{Greek}+$' }));
    expect(verdicts(validate, [{ color: 'RED' }, { color: 'Green' }, { color: 'blue' }])).toEqual([true, true, false]);
    expect(verdicts(validate, [{ word: 'λόγος' }, { word: 'logos' }])).toEqual([true, false]);
  });

  it('keep each pattern of a schema apart', () => {
    const validate = compileSchema(stringWith({ first: '^(?i)a$', second: '^(?i)b$' }));
    expect(verdicts(validate, [{ first: 'A', second: 'B' }, { first: 'B' }, { second: 'A' }])).toEqual([true, false, false]);
  });

  it('are searched for anywhere in the value unless anchored, as Go and RegExp both do', () => {
    const validate = compileSchema(stringWith({ name: '(?i)web' }));
    expect(verdicts(validate, [{ name: 'my-WEB-app' }, { name: 'api' }])).toEqual([true, false]);
  });
});

describe('patterns in precompiled validators', () => {
  // Inside the project (not under node_modules, which no package's `imports` reach), where a validator's
  // require('#runtime/re2js') finds dist/runtime/ as in an installed package.
  const cache = path.join(PROJECT_ROOT, '.cache');
  mkdirSync(cache, { recursive: true });
  const scratch = mkdtempSync(path.join(cache, 'scaffold-patterns-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('run on RE2 as the build bundles them, re2js required from the package\'s dist/runtime/', async () => {
    const outfile = path.join(scratch, 'widget.cjs');
    await bundleValidator(PROJECT_ROOT, standaloneCode(stringWith({ color: '^(?i)(red|green)$', word: '^\\p{Greek}+$' })), outfile, 'widget.json');
    const validate = createRequire(import.meta.url)(outfile) as CompiledSchema;
    expect(verdicts(validate, [{ color: 'RED' }, { color: 'blue' }, { word: 'λόγος' }, { word: 'logos' }])).toEqual([true, false, true, false]);
  });

  it('load re2js only when a value meets an RE2 pattern (an ExternalSecret without syncWindows never does)', async () => {
    const outfile = path.join(scratch, 'lazy.cjs');
    await bundleValidator(PROJECT_ROOT, standaloneCode(stringWith({ color: '^(?i)(red|green)$', key: KEY_CHARACTERS_PATTERN })), outfile, 'lazy.json');
    // In a process of its own: this one has loaded re2js already.
    const script = `const loaded = () => Object.keys(require.cache).some((f) => f.endsWith('re2js.cjs'));
      const validate = require(${JSON.stringify(outfile)});
      const steps = [loaded(), validate({ key: 'DB_PASSWORD' }), loaded(), validate({ color: 'RED' }), loaded(), validate({ color: 'blue' })];
      process.stdout.write(JSON.stringify(steps));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([false, true, false, true, true, false]);
  });
});

describe('patternProblems', () => {
  it('names each pattern RE2 rejects, with its path and the reason', () => {
    const schema = {
      type: 'object',
      properties: {
        twice: { type: 'string', pattern: '^(a)\\1$' },
        ahead: { type: 'string', pattern: '^(?=a)' },
        fine: { type: 'string', pattern: '^(?i)ok$' },
        list: { type: 'array', items: { anyOf: [{ pattern: '(?<=a)b' }] } },
      },
    };
    expect(patternProblems(schema, ['spec', 'versions', 0, 'schema', 'openAPIV3Schema'])).toEqual([
      { path: 'spec.versions[0].schema.openAPIV3Schema.properties.twice.pattern', message: expect.stringMatching(/^\/\^\(a\)\\1\$\/ is not an RE2 regular expression, as Kubernetes requires: error parsing regexp: invalid escape sequence: `\\1`$/) },
      { path: 'spec.versions[0].schema.openAPIV3Schema.properties.ahead.pattern', message: expect.stringContaining('invalid or unsupported Perl syntax: `(?=`') },
      { path: 'spec.versions[0].schema.openAPIV3Schema.properties.list.items.anyOf[0].pattern', message: expect.stringContaining('(?<=a)b') },
    ]);
  });

  it('reads only keywords that hold schemas: a default or enum value with a pattern field is data', () => {
    const schema = {
      type: 'object',
      default: { pattern: '(?=data)' },
      enum: [{ pattern: '(?=data)' }],
      properties: { pattern: { type: 'string', pattern: '(?=schema)' } },
      patternProperties: { '(?=key)': { type: 'string' } },
    };
    expect(patternProblems(schema).map((p) => p.path)).toEqual(['patternProperties["(?=key)"]', 'properties.pattern.pattern']);
  });
});

describe('the patterns RegExp runs', () => {
  // Tokens of the grammars and their near misses, so that random strings often come close to matching.
  const token = fc.constantFrom('0', '1', '9', '.', '+', '-', 'e', 'E', 'i', 'Ki', 'Mi', 'm', 'n', 'k', 'G', 'x', 'A', 'z', '/', '=', '==', '\r', '\n', ' ', 'é', 'aGVs', 'bG8=', '_', 'web', '.-', '-.', '..', 'İ', 'K');
  const value = fc.oneof(fc.array(token, { maxLength: 12 }).map((t) => t.join('')), fc.string({ maxLength: 12 }));

  const runByRegExp = [['quantity', QUANTITY_PATTERN], ['base64', BASE64_PATTERN], ['DNS subdomain', DNS_SUBDOMAIN_PATTERN], ['key characters', KEY_CHARACTERS_PATTERN]] as const;
  for (const [name, pattern] of runByRegExp) {
    it(`get the same verdict from RegExp, which runs them, as from RE2 (${name})`, () => {
      const regExp = new RegExp(pattern, 'u');
      const re2 = RE2JS.compile(pattern);
      fc.assert(
        fc.property(value, (v) => regExp.test(v) === re2.test(v)),
        { numRuns: 5000, seed: 20261126 },
      );
    });
  }

  it('never load re2js', () => {
    const engine = patternEngine(() => expect.unreachable('re2js loaded'));
    for (const [, pattern] of runByRegExp) expect(engine(pattern)).toBeInstanceOf(RegExp);
  });
});

describe('patterns of a validator kept as code', () => {
  const schema = stringWith({ color: '^(?i)(red|green)$', name: DNS_SUBDOMAIN_PATTERN });

  it('compile an RE2 pattern, and load re2js, only when a value meets it', () => {
    let loads = 0;
    const engine = patternEngine(() => (loads++, { RE2JS }), { compileOnFirstTest: true });
    const color = engine('^(?i)(red|green)$');
    expect(loads).toBe(0);
    expect([color.test('RED'), color.test('blue'), color.test('Green')]).toEqual([true, false, true]);
    expect(loads).toBe(1);
    expect(String(color)).toBe('/^(?i)(red|green)$/ (RE2)');
  });

  it('give the verdicts of the validator compiled from the schema', () => {
    const { code } = compileSchemaToCode(schema);
    const kept = runStandalone(code, 'widget.cjs').validate;
    const documents = [{ name: 'web.example.com' }, { name: 'Web' }, { color: 'GREEN' }, { color: 'blue' }, { name: 'a-', color: 'red' }];
    expect(verdicts(kept, documents)).toEqual(verdicts(compileSchema(schema), documents));
    expect(verdicts(kept, documents)).toEqual([true, false, true, false, false]);
  });
});
