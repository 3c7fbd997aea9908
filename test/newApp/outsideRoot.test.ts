import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../support/cli.ts';
import { readTree, tempDir } from './cli.ts';

/** The built CLI, as `scaffold render` is held to it in test/properties/paths.test.ts: nothing is written outside --root. */
test('apps/ linked to a folder outside the root: new-app refuses, naming the link, writes nothing and exits 1', () => {
  const parent = tempDir();
  const root = join(parent, 'gitops');
  const outside = join(parent, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  symlinkSync(join('..', 'outside'), join(root, 'apps'));

  const result = runCli(['new-app', 'demo', '--yes', '--root', root]);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('apps: error: is a symbolic link to ');
  expect(result.stderr).toContain('outside the gitops root');
  expect(result.stderr).toContain('1 problem; nothing was written');
  expect(result.stdout).toBe('');
  expect(readdirSync(root)).toEqual(['apps']);
  expect(readdirSync(outside)).toEqual([]);
  expect(readTree(parent)).toEqual({});
});
