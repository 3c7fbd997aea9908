import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { readTree, tempCopy } from '../support/tree.ts';

/**
 * Scenario folders, one behaviour each: `input/` is a gitops root, `scenario.yaml`
 * says what to run and what must come out, and `expected/` (when present) is the
 * whole tree afterwards. A failing scenario must leave the tree exactly as its input.
 * Set UPDATE_GOLDEN=1 to rewrite `expected/` from the current output.
 */
interface Scenario {
  description: string;
  args: string[];
  exit: number;
  stdout?: string[];
  stderr?: string[];
  /** Run the same command again and require this exit code and an unchanged tree. */
  again?: number;
}

const SCENARIOS = join(PROJECT_ROOT, 'test/scenarios');

describe('scenarios', () => {
  for (const name of readdirSync(SCENARIOS).sort()) {
    const folder = join(SCENARIOS, name);
    const scenario = parse(readFileSync(join(folder, 'scenario.yaml'), 'utf8')) as Scenario;
    it(`${name}: ${scenario.description}`, () => {
      const root = tempCopy(join(folder, 'input'));
      const before = readTree(root);
      const result = runCli(scenario.args, { cwd: root });
      expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: scenario.exit });
      for (const text of scenario.stdout ?? []) expect(result.stdout).toContain(text);
      for (const text of scenario.stderr ?? []) expect(result.stderr).toContain(text);
      expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);

      const after = readTree(root);
      const expectedDir = join(folder, 'expected');
      if (scenario.exit !== 0) {
        expect(after).toEqual(before);
      } else if (process.env.UPDATE_GOLDEN) {
        rmSync(expectedDir, { recursive: true, force: true });
        cpSync(root, expectedDir, { recursive: true });
      } else {
        expect(existsSync(expectedDir), `${name} has no expected/ tree (run with UPDATE_GOLDEN=1)`).toBe(true);
        expect(after).toEqual(readTree(expectedDir));
      }
      if (scenario.again !== undefined) {
        const second = runCli(scenario.args, { cwd: root });
        expect(second.code).toBe(scenario.again);
        expect(readTree(root)).toEqual(after);
      }
    });
  }
});
