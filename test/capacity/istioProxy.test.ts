import { describe, expect, it } from 'vitest';
import { injectedProxy } from '../../src/capacity/istioProxy.ts';
import { workloadsFromDocuments } from '../../src/capacity/workloads.ts';
import { targetSchemas } from '../support/schemas.ts';

const kubernetes = targetSchemas().kubernetes;
const MI = 2 ** 20;
const AT = ['spec', 'template', 'metadata'];
const inject = { 'sidecar.istio.io/inject': 'true' };

describe('the injected Istio proxy', () => {
  it('takes its resources from the annotations, requests and limits apart', () => {
    const proxy = injectedProxy(
      { labels: inject, annotations: { 'sidecar.istio.io/proxyCPU': '200m', 'sidecar.istio.io/proxyCPULimit': '0.2', 'sidecar.istio.io/proxyMemory': '256Mi', 'sidecar.istio.io/proxyMemoryLimit': '256Mi' } },
      AT,
    );
    expect(proxy).toEqual({ resources: { requests: { cpuMillis: 200, memoryBytes: 256 * MI }, limits: { cpuMillis: 200, memoryBytes: 256 * MI } }, problems: [] });
  });

  it("counts Istio's default resources, and warns, when the pod sets none", () => {
    const proxy = injectedProxy({ labels: inject }, AT)!;
    expect(proxy.resources).toEqual({ requests: { cpuMillis: 100, memoryBytes: 128 * MI }, limits: { cpuMillis: 2000, memoryBytes: 1024 * MI } });
    expect(proxy.problems).toEqual([expect.objectContaining({ severity: 'warning', path: [...AT, 'labels', 'sidecar.istio.io/inject'] })]);
  });

  it('points at the annotation of a missing limit or a bad quantity', () => {
    const proxy = injectedProxy({ labels: inject, annotations: { 'sidecar.istio.io/proxyCPU': '100m', 'sidecar.istio.io/proxyMemoryLimit': 'lots' } }, AT)!;
    expect(proxy.problems.map((p) => [p.severity, p.path.at(-1)])).toEqual([
      ['warning', 'sidecar.istio.io/proxyCPULimit'],
      ['error', 'sidecar.istio.io/proxyMemoryLimit'],
    ]);
    expect(proxy.resources.limits.cpuMillis).toBe(100);
  });

  it('is injected when the label says "true", or the annotation when there is no label', () => {
    expect(injectedProxy({ labels: { 'sidecar.istio.io/inject': 'false' }, annotations: inject }, AT)).toBeNull();
    expect(injectedProxy({ annotations: inject }, AT)).not.toBeNull();
    expect(injectedProxy({ labels: { app: 'web' } }, AT)).toBeNull();
  });

  it('is added to every pod of a workload, CronJobs included', () => {
    const container = { name: 'app', resources: { limits: { cpu: '1', memory: '2Gi' } } };
    const annotations = { 'sidecar.istio.io/proxyCPU': '100m', 'sidecar.istio.io/proxyCPULimit': '100m', 'sidecar.istio.io/proxyMemory': '128Mi', 'sidecar.istio.io/proxyMemoryLimit': '128Mi' };
    const { workloads, issues } = workloadsFromDocuments([
      { file: 'm.yaml', value: { kind: 'CronJob', metadata: { name: 'report' }, spec: { jobTemplate: { spec: { template: { metadata: { labels: inject, annotations }, spec: { containers: [container] } } } } } } },
    ], kubernetes);
    expect(issues).toEqual([]);
    expect(workloads[0]!.pod.limits).toEqual({ cpuMillis: 1100, memoryBytes: 2048 * MI + 128 * MI });
  });
});
