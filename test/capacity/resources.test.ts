import { describe, expect, it } from 'vitest';
import { podResources } from '../../src/capacity/resources.ts';

const c = (name: string, cpu: string, memory: string, extra: Record<string, unknown> = {}) => ({
  name,
  resources: { requests: { cpu, memory }, limits: { cpu, memory } },
  ...extra,
});

describe('effective pod resources', () => {
  it('sums the app containers', () => {
    const { resources, problems } = podResources({ containers: [c('app', '500m', '1Gi'), c('proxy', '100m', '128Mi')] });
    expect(problems).toEqual([]);
    expect(resources.limits).toEqual({ cpuMillis: 600, memoryBytes: (1024 + 128) * 2 ** 20 });
    expect(resources.requests).toEqual(resources.limits);
  });

  it('takes the larger of the biggest init container and the app containers, per resource', () => {
    const { resources } = podResources({
      initContainers: [c('migrate', '2', '256Mi'), c('warm', '100m', '64Mi')],
      containers: [c('app', '500m', '1Gi')],
    });
    // cpu: the init container's 2 cores; memory: the app's 1Gi.
    expect(resources.limits).toEqual({ cpuMillis: 2000, memoryBytes: 2 ** 30 });
  });

  it('adds sidecars (init containers that keep running) to the app containers and to later init containers', () => {
    const { resources } = podResources({
      initContainers: [c('mesh', '200m', '128Mi', { restartPolicy: 'Always' }), c('migrate', '1', '64Mi')],
      containers: [c('app', '500m', '1Gi')],
    });
    // app + sidecar: 700m, 1152Mi; migrate runs beside the sidecar: 1200m, 192Mi.
    expect(resources.limits).toEqual({ cpuMillis: 1200, memoryBytes: 1152 * 2 ** 20 });
  });

  it('adds the RuntimeClass overhead', () => {
    const { resources } = podResources({ containers: [c('app', '1', '1Gi')], overhead: { cpu: '250m', memory: '120Mi' } });
    expect(resources.limits).toEqual({ cpuMillis: 1250, memoryBytes: 1144 * 2 ** 20 });
  });

  it('counts the request, with a warning, for a container without a limit', () => {
    const { resources, problems } = podResources({ containers: [{ name: 'app', resources: { requests: { cpu: '250m', memory: '256Mi' } } }] });
    expect(resources.limits).toEqual({ cpuMillis: 250, memoryBytes: 256 * 2 ** 20 });
    expect(problems.map((p) => p.severity)).toEqual(['warning', 'warning']);
    expect(problems[0]!.message).toContain('no cpu limit');
  });

  it('takes a missing request from the limit, as Kubernetes does', () => {
    const { resources } = podResources({ containers: [{ name: 'app', resources: { limits: { cpu: '1', memory: '1Gi' } } }] });
    expect(resources.requests).toEqual({ cpuMillis: 1000, memoryBytes: 2 ** 30 });
  });

  it('rounds cpu up to whole millicores without float noise', () => {
    expect(podResources({ containers: [c('a', '0.1', '1')] }).resources.limits.cpuMillis).toBe(100);
    expect(podResources({ containers: [c('a', '100001u', '1')] }).resources.limits.cpuMillis).toBe(101);
  });

  it('reports a value that is not a quantity, with its path', () => {
    const { problems } = podResources({ containers: [c('app', 'lots', '1Gi')] });
    expect(problems).toContainEqual({ severity: 'error', path: ['containers', 0, 'resources', 'limits', 'cpu'], message: '"lots" is not a Kubernetes quantity' });
  });
});
