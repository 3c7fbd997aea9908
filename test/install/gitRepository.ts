/**
 * A scratch gitops repository whose pre-commit hook runs an installed scaffold: committing an invalid
 * manifest must be refused with the finding, the fixed manifest accepted.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { expectCiConfigurationsCommitted } from '../support/ciConfigurations.ts';
import { INVALID_FINDING, INVALID_MANIFEST, VALID_MANIFEST, userEnv } from './installed.ts';

export interface GitRepository {
  dir: string;
  /** git in the repository, with `env` (PATH, PRE_COMMIT_HOME, ...) for the hooks it runs. */
  git: (...args: string[]) => SpawnSyncReturns<string>;
}

/** `git init` in `dir`, with an author and no signing, whatever the machine's git config says. */
export function gitRepository(dir: string, env: NodeJS.ProcessEnv = {}): GitRepository {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: userEnv(env) });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Dev');
  git('config', 'commit.gpgsign', 'false');
  return { dir, git };
}

/**
 * Commits an invalid manifest (refused, with the finding's file, line, column and message), then the
 * fixed one (accepted), then CI configurations (accepted).
 */
export function expectCommitsJudged({ dir, git }: GitRepository): void {
  mkdirSync(path.join(dir, 'k8s'), { recursive: true });
  writeFileSync(path.join(dir, 'k8s/flags.yaml'), INVALID_MANIFEST);
  git('add', 'k8s/flags.yaml');
  const refused = git('commit', '-m', 'flags');
  expect(refused.stdout + refused.stderr).toContain(INVALID_FINDING);
  expect(refused.status).not.toBe(0);
  expect(git('rev-list', '--all', '--', 'k8s/flags.yaml').stdout).toBe('');
  writeFileSync(path.join(dir, 'k8s/flags.yaml'), VALID_MANIFEST);
  git('add', 'k8s/flags.yaml');
  const accepted = git('commit', '-m', 'flags');
  expect(accepted.stdout + accepted.stderr).not.toContain('error:');
  expect(accepted.status).toBe(0);
  expect(git('rev-list', '--all', '--', 'k8s/flags.yaml').stdout).not.toBe('');
  expectCiConfigurationsCommitted(dir, git);
}
