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

/**
 * Reads Kubernetes YAML as kubectl does (sigs.k8s.io/yaml over go-yaml), without a cluster:
 * `kubectl label --local` parses the objects and prints them back as JSON. What it prints is
 * what the API server would receive from `kubectl apply` of the same text.
 */
export function readAsKubernetes(yamlFile: string): { code: number | null; objects: Record<string, any>[]; stderr: string } {
  const r = spawnSync('kubectl', ['label', '--local', '-f', yamlFile, 'scaffold.test/read=yes', '-o', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) return { code: r.status, objects: [], stderr: r.stderr };
  // One indented JSON object per Kubernetes object, one after the other: each ends with a `}` line of its own.
  const objects = r.stdout.split(/^}$/m).filter((part) => part.trim() !== '').map((part) => JSON.parse(`${part}}`) as Record<string, any>);
  return { code: r.status, objects, stderr: r.stderr };
}
