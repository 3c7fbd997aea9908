/**
 * requireCompiled runs CommonJS as Node's require does. The compiled forms it keeps where Node keeps none
 * are held by the end-to-end tests (test/e2e/coldStartLoads.test.ts), which run the CLI to its exit.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireCompiled } from '../../src/io/compiledForms.ts';
import { tempDir } from '../support/tempDir.ts';

function files(entries: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, code] of Object.entries(entries)) writeFileSync(path.join(dir, name), code);
  return dir;
}

describe('requireCompiled', () => {
  it("runs a module and the .cjs modules it requires once each, by a relative path or any other, with Node's require for the rest", () => {
    const dir = files({
      'other.cjs': "module.exports = { shared: require('./shared.cjs') };",
      'shared.cjs': 'globalThis.scaffoldTestRuns = (globalThis.scaffoldTestRuns ?? 0) + 1; module.exports = { runs: globalThis.scaffoldTestRuns };',
    });
    writeFileSync(
      path.join(dir, 'entry.cjs'),
      `exports.shared = require('./shared.cjs'); exports.other = require('./other.cjs'); exports.byPath = require(${JSON.stringify(path.join(dir, 'shared.cjs'))}); exports.sep = require('node:path').sep; exports.file = __filename;`,
    );
    const entry = requireCompiled(path.join(dir, 'entry.cjs')) as { shared: unknown; other: { shared: unknown }; byPath: unknown; sep: string; file: string };
    expect(entry.other.shared).toBe(entry.shared);
    expect(entry.byPath).toBe(entry.shared);
    expect(requireCompiled(path.join(dir, 'shared.cjs'))).toBe(entry.shared);
    expect(entry.shared).toEqual({ runs: 1 });
    expect(entry.sep).toBe(path.sep);
    expect(entry.file).toBe(path.join(dir, 'entry.cjs'));
    expect(requireCompiled(path.join(dir, 'entry.cjs'))).toBe(entry);
    delete (globalThis as { scaffoldTestRuns?: number }).scaffoldTestRuns;
  });

  it('gives a module that requires one being run what that one has exported so far, as Node does', () => {
    const dir = files({
      'a.cjs': "exports.early = 'a'; exports.fromB = require('./b.cjs'); exports.late = 'a';",
      'b.cjs': "const a = require('./a.cjs'); module.exports = { earlyOfA: a.early, lateOfA: a.late };",
    });
    expect(requireCompiled(path.join(dir, 'a.cjs'))).toEqual({ early: 'a', fromB: { earlyOfA: 'a', lateOfA: undefined }, late: 'a' });
  });

  it('runs a module that threw again when it is required again, as Node does', () => {
    const dir = files({ 'throws.cjs': "globalThis.scaffoldTestThrows = (globalThis.scaffoldTestThrows ?? 0) + 1; throw new Error('run ' + globalThis.scaffoldTestThrows);" });
    expect(() => requireCompiled(path.join(dir, 'throws.cjs'))).toThrow('run 1');
    expect(() => requireCompiled(path.join(dir, 'throws.cjs'))).toThrow('run 2');
    delete (globalThis as { scaffoldTestThrows?: number }).scaffoldTestThrows;
  });
});
