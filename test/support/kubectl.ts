import { spawnSync } from 'node:child_process';

/** Whether the real Kustomize (kubectl kustomize) is available to judge our output. */
export const HAS_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

if (!HAS_KUBECTL) {
  console.warn('kubectl not found: tests that build overlays with `kubectl kustomize` are SKIPPED');
}

export interface KustomizeResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function kustomize(dir: string): KustomizeResult {
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
