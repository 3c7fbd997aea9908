/**
 * The CI recipes in examples/ci/ do what their README says: install with
 * `npm ci`, check the generated files with `scaffold render --check`, and
 * validate with `scaffold validate`. Their scaffold commands, run as written
 * (without the `npx` that finds the installed package) in a copy of
 * examples/, pass.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLES } from '../support/paths.ts';
import { compileSarifSchema } from '../support/sarif.ts';
import { tempCopy } from '../support/tree.ts';

const CI = path.join(EXAMPLES, 'ci');

interface Recipe {
  file: string;
  /** The shell lines the recipe runs, in order. */
  commands: string[];
}

function githubActions(): Recipe {
  const workflow = parse(readFileSync(path.join(CI, 'github-actions.yaml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
  const commands = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run === undefined ? [] : step.run.split('\n').filter((l) => l.trim() !== ''))));
  return { file: 'github-actions.yaml', commands };
}

function gitlabCi(): Recipe {
  const pipeline = parse(readFileSync(path.join(CI, 'gitlab-ci.yml'), 'utf8')) as Record<string, { script?: string[] }>;
  const commands = Object.values(pipeline).flatMap((job) => (typeof job === 'object' && job !== null && Array.isArray(job.script) ? job.script : []));
  return { file: 'gitlab-ci.yml', commands };
}

describe('examples/ci recipes', () => {
  const scratch = tempCopy(undefined, 'scaffold-ci-');
  // `scaffold` on the PATH is this build, as `npx scaffold` is the installed package in a real pipeline.
  const bin = path.join(scratch, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'scaffold'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(path.join(bin, 'scaffold'), 0o755);

  for (const recipe of [githubActions(), gitlabCi()]) {
    describe(recipe.file, () => {
      it('installs with npm ci, then runs scaffold render --check and scaffold validate', () => {
        const npmCi = recipe.commands.findIndex((c) => /^npm ci\b/.test(c));
        const check = recipe.commands.findIndex((c) => /^npx scaffold render --check\b/.test(c));
        const validate = recipe.commands.findIndex((c) => /^npx scaffold validate\b/.test(c));
        expect(npmCi, recipe.commands.join('\n')).toBeGreaterThanOrEqual(0);
        expect(check).toBeGreaterThan(npmCi);
        expect(validate).toBeGreaterThan(check);
      });

      it('passes on a copy of examples/, running its scaffold commands as written', () => {
        const root = tempCopy(EXAMPLES, 'scaffold-ci-run-');
        try {
          for (const command of recipe.commands.filter((c) => c.startsWith('npx scaffold '))) {
            const line = command.replace(/^npx /, '');
            const r = spawnSync('sh', ['-c', line], { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env['PATH']}`, NO_COLOR: '1' } });
            expect({ line, code: r.status, stderr: r.stderr }).toEqual({ line, code: 0, stderr: '' });
          }
          if (recipe.file === 'github-actions.yaml') {
            // The log the code scanning job uploads.
            const log = JSON.parse(readFileSync(path.join(root, 'scaffold.sarif'), 'utf8'));
            expect(compileSarifSchema()(log)).toBe(true);
            expect(log.runs[0].results).toEqual([]);
          }
          if (recipe.file === 'gitlab-ci.yml') {
            // The job's JUnit report, as GitLab would read it.
            const report = readFileSync(path.join(root, 'scaffold-validate.xml'), 'utf8');
            expect(report).toMatch(/<testsuites name="scaffold validate" time="[\d.]+" tests="62" failures="0" disabled="0" errors="0">/);
          }
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
        expect(existsSync(root)).toBe(false);
      });
    });
  }
});
