/**
 * For random specs with one mistake (wrong type, number out of range, bad name, unknown
 * field, missing required field, a rule between fields): the check names the field
 * path with a line and column and renders nothing; through the CLI, among valid apps,
 * the run exits 1 with that path, prints no stack trace, and writes nothing at all.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { planSpecTexts } from '../../src/pipeline/appPlans.ts';
import { skeletonDirs } from '../../src/io/skeletonFolders.ts';
import { formatPath, type Issue } from '../../src/vocabulary/issue.ts';
import { runCli } from '../support/cli.ts';
import { EXAMPLES } from '../support/paths.ts';
import { tempDir, withTempDir } from '../support/tempDir.ts';
import { readTree } from '../support/tree.ts';
import { invalidAppSpec, type Mistake } from './appSpecs.ts';
import { runs, timeLimit } from './settings.ts';
import { KUBERNETES_SCALAR_TAGS } from '../../src/yamlSource/kubernetesScalars.ts';

const SKELETONS = skeletonDirs([]);
const NO_USER_FILES = tempDir('scaffold-properties-');
const STACK_TRACE = /\n\s+at .*\(?.*:\d+:\d+\)?/;

/** Texts a mistaken spec may be written as; each keeps the mistake (types included). */
const WRITERS = {
  json: (value: unknown) => JSON.stringify(value, null, 2),
  yaml: (value: unknown) => stringify(value, { lineWidth: 0, compat: [...KUBERNETES_SCALAR_TAGS] }),
  // Double quotes: the yaml library would otherwise write a multi-line value as a block scalar, which flow style cannot hold.
  flow: (value: unknown) => stringify(value, { collectionStyle: 'flow', defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0, compat: [...KUBERNETES_SCALAR_TAGS] }),
};
const writer = fc.constantFrom(...(Object.keys(WRITERS) as (keyof typeof WRITERS)[]));

/** The folder the mistaken spec sits in: its own name when that is still a valid one. */
function folderOf(mistake: Mistake): string {
  const name = (mistake.spec as { metadata?: { name?: unknown } }).metadata?.name;
  return typeof name === 'string' && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) && name.length <= 63 ? name : 'broken-app';
}

const describeMistake = (m: Mistake, issues: readonly Issue[]) =>
  `${m.description}: expected an issue at ${formatPath(m.path)}, got:\n${issues.map((i) => `  ${i.path ?? ''}: ${i.message}`).join('\n')}`;

describe('random invalid specs', () => {
  it(
    'are refused by the check, naming the field path with its line and column, and nothing renders',
    () => {
      fc.assert(
        fc.property(invalidAppSpec, writer, (mistake, write) => {
          const specPath = `apps/${folderOf(mistake)}/app.yaml`;
          const result = planSpecTexts(NO_USER_FILES, [{ specPath, text: WRITERS[write](mistake.spec) }], SKELETONS);
          expect(result.plans).toEqual([]);
          expect(result.issues.some((i) => i.path === formatPath(mistake.path)), describeMistake(mistake, result.issues)).toBe(true);
          expect(result.issues.some((i) => i.severity === 'error')).toBe(true);
          for (const issue of result.issues) {
            expect(issue).toMatchObject({ file: specPath });
            expect(issue.line).toBeGreaterThanOrEqual(1);
            expect(issue.column).toBeGreaterThanOrEqual(1);
          }
        }),
        runs(300),
      );
    },
    timeLimit(60_000),
  );

  it(
    'make the CLI exit 1 naming the field, with no stack trace, and write nothing for any app',
    () => {
      fc.assert(
        fc.property(invalidAppSpec, fc.boolean(), (mistake, json) => {
          withTempDir('scaffold-properties-invalid-', (root) => {
            // Two valid apps beside the broken one: nothing may be written for them either.
            cpSync(join(EXAMPLES, 'apps'), join(root, 'apps'), { recursive: true });
            const folder = ['checkout', 'invoice-worker'].includes(folderOf(mistake)) ? 'broken-app' : folderOf(mistake);
            mkdirSync(join(root, 'apps', folder));
            writeFileSync(join(root, 'apps', folder, 'app.yaml'), WRITERS.json(mistake.spec));
            const before = readTree(root);

            const result = runCli(['render', '--root', root, ...(json ? ['-o', 'json'] : [])]);
            expect(result.code).toBe(1);
            expect(result.stderr).not.toMatch(STACK_TRACE);
            expect(result.stderr).not.toContain('internal error');
            const path = formatPath(mistake.path);
            if (json) {
              const report = JSON.parse(result.stdout) as { ok: boolean; issues: Issue[] };
              expect(report.ok).toBe(false);
              expect(report.issues.map((i) => i.path), mistake.description).toContain(path);
            } else {
              expect(result.stderr, mistake.description).toContain(`: ${path}: `);
              expect(result.stderr).toMatch(/; nothing was written\n$/);
            }
            expect(readTree(root)).toEqual(before);
          });
        }),
        runs(10),
      );
    },
    timeLimit(60_000),
  );
});
