import { describe, expect, it } from 'vitest';
import { workloadsFromDocuments } from '../../src/capacity/workloads.ts';
import { targetSchemas } from '../support/schemas.ts';

const kubernetes = (version?: string) => targetSchemas(version).kubernetes;

const template = (cpu = '500m', memory = '1Gi') => ({
  spec: { containers: [{ name: 'app', resources: { requests: { cpu, memory }, limits: { cpu, memory } } }] },
});
const doc = (value: unknown) => ({ file: 'rendered.yaml', value });

describe('workloads in rendered manifests', () => {
  it('reads replicas, defaulting to 1, and marks DaemonSets as per node', () => {
    const { workloads, issues } = workloadsFromDocuments([
      doc({ kind: 'Deployment', metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'shop' } }, spec: { replicas: 3, template: template() } }),
      doc({ kind: 'StatefulSet', metadata: { name: 'db' }, spec: { template: template('1', '4Gi') } }),
      doc({ kind: 'DaemonSet', metadata: { name: 'logs' }, spec: { template: template('100m', '200Mi') } }),
      doc({ kind: 'Service', metadata: { name: 'web' } }),
    ], kubernetes());
    expect(issues).toEqual([]);
    expect(workloads.map((w) => [w.app, w.kind, w.name, w.replicas, w.perNode])).toEqual([
      ['shop', 'Deployment', 'web', 3, false],
      ['db', 'StatefulSet', 'db', 1, false],
      ['logs', 'DaemonSet', 'logs', 1, true],
    ]);
  });

  it('counts Jobs and CronJobs by parallelism and bare Pods once', () => {
    const { workloads } = workloadsFromDocuments([
      doc({ kind: 'Job', metadata: { name: 'batch' }, spec: { parallelism: 4, template: template() } }),
      doc({ kind: 'CronJob', metadata: { name: 'nightly' }, spec: { jobTemplate: { spec: { template: template() } } } }),
      doc({ kind: 'Pod', metadata: { name: 'debug' }, ...template() }),
    ], kubernetes());
    expect(workloads.map((w) => [w.kind, w.replicas])).toEqual([
      ['Job', 4],
      ['CronJob', 1],
      ['Pod', 1],
    ]);
  });

  it('unwraps kubectl List output and skips objects a controller owns', () => {
    const { workloads } = workloadsFromDocuments([
      doc({
        kind: 'List',
        items: [
          { kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, template: template() } },
          { kind: 'ReplicaSet', metadata: { name: 'web-5d8f', ownerReferences: [{ kind: 'Deployment', name: 'web' }] }, spec: { replicas: 2, template: template() } },
          { kind: 'Pod', metadata: { name: 'web-5d8f-x', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d8f' }] }, ...template() },
        ],
      }),
    ], kubernetes());
    expect(workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/web']);
  });

  it('reports a replicas value that is not a whole number', () => {
    const { workloads, issues } = workloadsFromDocuments([doc({ kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: '3', template: template() } })], kubernetes());
    expect(workloads).toEqual([]);
    expect(issues[0]).toMatchObject({ severity: 'error', file: 'rendered.yaml', kind: 'Deployment', name: 'web', path: 'spec.replicas' });
  });

  it('refuses a workload whose apiVersion the target version does not serve, and warns of a deprecated one', () => {
    const flowless = (apiVersion: string, version: string) => workloadsFromDocuments([doc({ apiVersion, kind: 'Deployment', metadata: { name: 'web' }, spec: { template: template() } })], kubernetes(version));
    const removed = flowless('apps/v1beta2', '1.33');
    expect(removed.workloads).toEqual([]);
    expect(removed.issues).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'removed-api', path: 'apiVersion', message: 'apps/v1beta2 Deployment was removed in 1.16 (apps/v1 requires spec.selector): use apps/v1' }),
    ]);
    expect(flowless('apps/v1', '1.33')).toMatchObject({ issues: [], workloads: [{ kind: 'Deployment', name: 'web' }] });
  });
});
