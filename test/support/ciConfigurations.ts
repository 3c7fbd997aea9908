import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { expect } from 'vitest';

/** YAML that is not Kubernetes, which every hook the README gives leaves out: each commit of them is accepted. */
export const CI_CONFIGURATIONS: Readonly<Record<string, string>> = {
  '.github/workflows/ci.yaml': 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
  '.gitlab-ci.yml': 'test:\n  script: npm test\n',
};

/** Commits the CI configurations, and `more` files beside them, with the hook in place: accepted, with no finding. */
export function expectCiConfigurationsCommitted(dir: string, git: (...args: string[]) => SpawnSyncReturns<string>, more: Readonly<Record<string, string>> = {}): void {
  const files = { ...CI_CONFIGURATIONS, ...more };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  git('add', ...Object.keys(files));
  const accepted = git('commit', '-m', 'ci');
  expect(accepted.stdout + accepted.stderr).not.toContain('error:');
  expect(accepted.status).toBe(0);
}
