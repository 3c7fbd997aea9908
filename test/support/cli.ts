import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI } from './paths.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

if (!existsSync(new URL('../../dist/scaffold.js', import.meta.url))) {
  throw new Error('dist/scaffold.js is missing: run `npm run bundle` (npm test does it when dist/ is stale)');
}

/**
 * Runs the built CLI as a user would, without a terminal and without colour.
 * `timeoutMs` stops a run that would hang (code null): a guard, not a time budget.
 */
export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
