import { describe, expect, it } from 'vitest';
import { capacityReport } from '../../src/capacity/capacityReport.ts';
import type { Workload } from '../../src/capacity/workloads.ts';
import { shippedInstanceType } from './instanceTypesData.ts';

const MI = 2 ** 20;
const GI = 2 ** 30;
const workload = (app: string, replicas: number, cpuMillis: number, memoryBytes: number, perNode = false): Workload => ({
  app,
  kind: perNode ? 'DaemonSet' : 'Deployment',
  name: app,
  replicas,
  perNode,
  pod: { requests: { cpuMillis, memoryBytes }, limits: { cpuMillis, memoryBytes } },
});
const options = (types: string[], prices: Record<string, number> = {}, headroomBasisPoints = 0) => ({
  instanceTypes: types.map(shippedInstanceType),
  headroomBasisPoints,
  prices: { microDollarsPerHour: prices },
  centiHours: 72000,
});

describe('capacity report', () => {
  it('sums limits times replicas per app and in total', () => {
    const report = capacityReport('alpha', [workload('a', 3, 500, GI), workload('b', 2, 250, 512 * MI), workload('logs', 1, 100, 200 * MI, true)], options(['m5.xlarge']));
    expect(report.apps.map((a) => [a.app, a.cluster.pods, a.cluster.limits, a.perNode.pods])).toEqual([
      ['a', 3, { cpuMillis: 1500, memoryBytes: 3 * GI }, 0],
      ['b', 2, { cpuMillis: 500, memoryBytes: GI }, 0],
      ['logs', 0, { cpuMillis: 0, memoryBytes: 0 }, 1],
    ]);
    expect(report.total.cluster.limits).toEqual({ cpuMillis: 2000, memoryBytes: 4 * GI });
    expect(report.total.perNode.limits).toEqual({ cpuMillis: 100, memoryBytes: 200 * MI });
  });

  it("reproduces the story's move: pods that need 12 c5.xlarge fit 6 m5.xlarge, and m5 is cheaper", () => {
    // 24 pods of 0.5 cpu and 3Gi: memory-bound. c5.xlarge (6584Mi allocatable) holds 2, m5.xlarge (14162Mi) holds 4.
    const report = capacityReport('alpha', [workload('api', 24, 500, 3 * GI)], options(['c5.xlarge', 'm5.xlarge'], { 'c5.xlarge': 192000, 'm5.xlarge': 236000 }));
    const [c5, m5] = report.instanceTypes;
    expect([c5!.nodes, m5!.nodes]).toEqual([12, 6]);
    expect([c5!.monthlyCostCents, m5!.monthlyCostCents]).toEqual([165888, 101952]);
    expect(m5!.cheapest).toBe(true);
    expect(c5!.cheapest).toBe(false);
    expect(m5!.limitShare!.memory).toBeCloseTo((24 * 3072) / (6 * 14162), 10);
    expect(m5!.limitShare!.cpu).toBeCloseTo(12000 / (6 * 3920), 10);
  });

  it('counts DaemonSets once per node, which takes room from every node', () => {
    const apps = [workload('api', 6, 1000, GI)];
    const without = capacityReport('alpha', apps, options(['c5.xlarge'])).instanceTypes[0]!;
    const withLogs = capacityReport('alpha', [...apps, workload('logs', 1, 1000, 256 * MI, true)], options(['c5.xlarge'])).instanceTypes[0]!;
    // 3920m a node: 3 api pods fit alone, 2 beside the 1-cpu DaemonSet pod.
    expect(without.nodes).toBe(2);
    expect(withLogs.nodes).toBe(3);
    expect(withLogs.limitShare!.cpu).toBeCloseTo((6000 + 3 * 1000) / (3 * 3920), 10);
  });

  it('keeps the headroom free', () => {
    const apps = [workload('api', 8, 1000, GI)];
    expect(capacityReport('alpha', apps, options(['c5.xlarge'])).instanceTypes[0]!.nodes).toBe(3);
    // 20% headroom leaves 3136m a node: 3 pods each, 3 nodes still; 30% leaves 2744m: 2 pods each.
    expect(capacityReport('alpha', apps, options(['c5.xlarge'], {}, 2000)).instanceTypes[0]!.nodes).toBe(3);
    expect(capacityReport('alpha', apps, options(['c5.xlarge'], {}, 3000)).instanceTypes[0]!.nodes).toBe(4);
  });

  it('flags a pod bigger than a node for that type only', () => {
    const report = capacityReport('alpha', [workload('db', 1, 500, 10 * GI)], options(['c5.xlarge', 'r5.large'], { 'c5.xlarge': 170000, 'r5.large': 126000 }));
    const [c5, r5] = report.instanceTypes;
    expect(c5).toMatchObject({ nodes: null, monthlyCostCents: null, limitShare: null, cheapest: false, tooBig: [{ owner: 'db Deployment/db', cpuMillis: 500, memoryBytes: 10 * GI }] });
    expect(r5).toMatchObject({ nodes: 1, cheapest: true });
  });

  it('marks every type that ties for the lowest cost', () => {
    // One 1-cpu pod: one node of either size, and a 2xlarge priced like the xlarge ties with it.
    const report = capacityReport('alpha', [workload('api', 1, 1000, GI)], options(['r5.large', 'r5.xlarge', 'r5.2xlarge'], { 'r5.large': 252000, 'r5.xlarge': 252000, 'r5.2xlarge': 504000 }));
    expect(report.instanceTypes.map((t) => t.cheapest)).toEqual([true, true, false]);
  });

  it('leaves a type without a price uncosted and never cheapest', () => {
    const report = capacityReport('alpha', [workload('api', 1, 100, GI)], options(['m5.large', 'm5.xlarge'], { 'm5.xlarge': 192000 }));
    expect(report.instanceTypes.map((t) => [t.instanceType, t.monthlyCostCents, t.cheapest])).toEqual([
      ['m5.large', null, false],
      ['m5.xlarge', 13824, true],
    ]);
  });
});
