/**
 * A folder named on the command line that is not there is a usage error (exit 2) naming
 * it, in every command: a typo in --skeletons or --schemas must not fall back to the
 * built-in ones quietly, and new-app makes its root folder but not the folders above it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { EXAMPLES } from '../support/paths.ts';
import { readTree, tempCopy } from '../support/tree.ts';

describe('--skeletons DIR and --schemas DIR that are not folders', () => {
  const commands: [string, string[]][] = [
    ['render --skeletons', ['render', '--skeletons', 'my-skeletons']],
    ['render --check --skeletons', ['render', '--check', '--skeletons', 'my-skeletons']],
    ['render --schemas', ['render', '--schemas', 'my-schemas']],
    ['render --check --schemas', ['render', '--check', '--schemas', 'my-schemas']],
    ['capacity --skeletons', ['capacity', '--skeletons', 'my-skeletons']],
    ['new-app --skeletons', ['new-app', 'demo', '--yes', '--skeletons', 'my-skeletons']],
    ['validate --schemas', ['validate', '--schemas', 'my-schemas', 'apps']],
    ['schemas list --schemas', ['schemas', 'list', '--schemas', 'my-schemas']],
  ];

  it.each(commands)('%s: exit 2 naming the path, nothing written', (_, args) => {
    const root = tempCopy(EXAMPLES);
    writeFileSync(join(root, 'my-schemas'), 'a file\n');
    const before = readTree(root);
    const result = runCli(args, { cwd: root });
    expect(result.code).toBe(2);
    const dir = args[args.findIndex((a) => a === '--skeletons' || a === '--schemas') + 1]!;
    expect(result.stderr).toMatch(new RegExp(`^error: --(skeletons|schemas) (${root}/)?${dir}: (no such folder|is a file, not a folder)\\n`));
    expect(result.stdout).toBe('');
    expect(readTree(root)).toEqual(before);
  });
});

describe('new-app --root', () => {
  it('makes the root folder when only it is missing', () => {
    const parent = tempCopy(undefined);
    const result = runCli(['new-app', 'demo', '--yes', '--root', 'gitops'], { cwd: parent });
    expect(result.code).toBe(0);
    expect(Object.keys(readTree(parent))).toContain('gitops/apps/demo/app.yaml');
  });

  it('refuses with exit 2 when a folder above the root is missing, and makes nothing', () => {
    const parent = tempCopy(undefined);
    mkdirSync(join(parent, 'work'));
    const result = runCli(['new-app', 'demo', '--yes', '--root', 'wrok/gitops'], { cwd: parent });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: --root: wrok/gitops: its parent folder ${join(parent, 'wrok')} does not exist (new-app makes the root folder, not the folders above it)\n`);
    expect(readTree(parent)).toEqual({});
  });
});
