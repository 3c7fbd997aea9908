/**
 * A folder named on the command line that is not there is a usage error (exit 2) naming
 * it, in every command: a typo in --skeletons or --schemas must not fall back to the
 * built-in ones quietly, nor one in --root read as a root without apps or config; new-app
 * makes its root folder but not the folders above it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { EXAMPLES } from '../support/paths.ts';
import { readTree, tempCopy } from '../support/tree.ts';

describe('--skeletons DIR, --schemas DIR and --root DIR that are not folders', () => {
  const commands: [string, string[]][] = [
    ['render --skeletons', ['render', '--skeletons', 'my-skeletons']],
    ['render --check --skeletons', ['render', '--check', '--skeletons', 'my-skeletons']],
    ['render --schemas', ['render', '--schemas', 'my-schemas']],
    ['render --check --schemas', ['render', '--check', '--schemas', 'my-schemas']],
    ['capacity --skeletons', ['capacity', '--skeletons', 'my-skeletons']],
    ['new-app --skeletons', ['new-app', 'demo', '--yes', '--skeletons', 'my-skeletons']],
    ['validate --schemas', ['validate', '--schemas', 'my-schemas', 'apps']],
    ['schemas list --schemas', ['schemas', 'list', '--schemas', 'my-schemas']],
    ['skeletons list --skeletons', ['skeletons', 'list', '--skeletons', 'my-skeletons']],
    ['skeletons check --skeletons', ['skeletons', 'check', 'to-check', '--skeletons', 'my-skeletons']],
    ['skeletons check --schemas', ['skeletons', 'check', 'to-check', '--schemas', 'my-schemas']],
    ['adopt --skeletons', ['adopt', 'deployment.yaml', '--name', 'adopted', '--skeletons', 'my-skeletons']],
    ['render --root', ['render', '--root', 'my-root']],
    ['render --check --root', ['render', '--check', '--root', 'my-root']],
    ['capacity --root', ['capacity', '--root', 'my-root']],
    ['iam --root', ['iam', 'checkout', '--env', 'production', '--root', 'my-root']],
    ['image list --root', ['image', 'list', '--root', 'my-root']],
    ['image set --root', ['image', 'set', 'checkout', 'v2', '--env', 'production', '--root', 'my-root']],
    ['skeletons list --root', ['skeletons', 'list', '--root', 'my-root']],
    ['skeletons check --root', ['skeletons', 'check', 'to-check', '--root', 'my-root']],
    ['adopt --root', ['adopt', 'deployment.yaml', '--name', 'adopted', '--root', 'my-root']],
  ];
  const FLAGS = ['--skeletons', '--schemas', '--root'];

  it.each(commands)('%s: exit 2 naming the path, nothing written', (_, args) => {
    const root = tempCopy(EXAMPLES);
    writeFileSync(join(root, 'my-schemas'), 'a file\n');
    mkdirSync(join(root, 'to-check'));
    writeFileSync(join(root, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: adopted}\nspec:\n  selector: {matchLabels: {app: adopted}}\n  template:\n    metadata: {labels: {app: adopted}}\n    spec: {containers: [{name: adopted, image: nginx}]}\n');
    const before = readTree(root);
    const result = runCli(args, { cwd: root });
    expect(result.code).toBe(2);
    const flag = args.findIndex((a) => FLAGS.includes(a));
    expect(result.stderr).toMatch(new RegExp(`^error: ${args[flag]} (${root}/)?${args[flag + 1]}: (no such folder|is a file, not a folder)\\n`));
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
