/**
 * `-o json` prints one JSON document on stdout whatever happens: a result, an
 * invalid input, a usage error commander finds, a usage error found later. The
 * exit code says which (1 for a failure, 2 for a usage error).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

const empty = () => tempDir('scaffold-json-');

function withBrokenApp(): string {
  const root = empty();
  mkdirSync(join(root, 'apps/web'), { recursive: true });
  writeFileSync(join(root, 'apps/web/app.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: App\nmetadata: {name: web}\nspec: {skeleton: web}\n');
  return root;
}

interface JsonFailure {
  ok: boolean;
  issues: { severity: string; rule: string; message: string; file?: string }[];
}

const cases: [string, () => { args: string[]; cwd: string }, number, string][] = [
  ['capacity on a root with no apps', () => ({ args: ['capacity', '-o', 'json'], cwd: empty() }), 1, 'input'],
  ['render on a root with no apps', () => ({ args: ['render', '-o', 'json'], cwd: empty() }), 1, 'input'],
  ['render --check of an invalid spec', () => ({ args: ['render', '--check', '-o', 'json'], cwd: withBrokenApp() }), 1, 'spec'],
  ['capacity of an invalid spec', () => ({ args: ['capacity', '--output', 'json'], cwd: withBrokenApp() }), 1, 'spec'],
  ['capacity in a region without prices', () => ({ args: ['capacity', '-o', 'json', '--region', 'mars'], cwd: withBrokenApp() }), 2, 'usage'],
  ['validate with a schema folder that is not there', () => ({ args: ['validate', '-o', 'json', '--schemas', 'nope', 'x.yaml'], cwd: empty() }), 2, 'usage'],
  ['validate with an unknown flag', () => ({ args: ['validate', '-o', 'json', '--bogus', 'x.yaml'], cwd: empty() }), 2, 'usage'],
  ['validate with a bad --skip-policy', () => ({ args: ['validate', '--output=json', '--skip-policy', 'qos', 'x.yaml'], cwd: empty() }), 2, 'usage'],
  ['schemas import of a file that is not there', () => ({ args: ['schemas', 'import', '--openapi', 'missing.json', '--out', 'out', '-o', 'json'], cwd: empty() }), 1, 'input'],
  ['schemas import with nothing to import', () => ({ args: ['schemas', 'import', '--out', 'out', '-o', 'json'], cwd: empty() }), 2, 'usage'],
  ['schemas list of a folder that is not there', () => ({ args: ['schemas', 'list', '--schemas', 'nope', '-o', 'json'], cwd: empty() }), 2, 'usage'],
];

describe('-o json on failure', () => {
  it.each(cases)('%s: JSON with the issues on stdout, exit %i', (_, setup, exit, rule) => {
    const { args, cwd } = setup();
    const result = runCli(args, { cwd });
    expect(result.code).toBe(exit);
    const json = JSON.parse(result.stdout) as JsonFailure;
    expect(json.ok).toBe(false);
    expect(json.issues.map((i) => i.rule)).toContain(rule);
    expect(json.issues.every((i) => i.message.length > 0 && i.severity === 'error')).toBe(true);
  });
});
