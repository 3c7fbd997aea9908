import { describe, expect, it } from 'vitest';
import { firstFitDecreasing, type PodItem } from '../../src/capacity/binPacking.ts';

const GI = 2 ** 30;
const pods = (n: number, cpuMillis: number, memoryGi: number, owner = 'app Deployment/app'): PodItem[] =>
  Array.from({ length: n }, () => ({ owner, cpuMillis, memoryBytes: memoryGi * GI }));

describe('first-fit decreasing', () => {
  it('is bound by memory when pods are memory-heavy', () => {
    // 4 cpu / 16Gi nodes; 10 pods of 0.5 cpu and 5Gi: 3 fit a node by memory (15Gi), cpu is at 1.5 of 4.
    const result = firstFitDecreasing(pods(10, 500, 5), { cpuMillis: 4000, memoryBytes: 16 * GI, pods: 100 });
    expect(result.fits && result.nodes.map((n) => n.pods)).toEqual([3, 3, 3, 1]);
  });

  it('is bound by cpu when pods are cpu-heavy', () => {
    // 10 pods of 1.5 cpu and 1Gi: 2 fit a node by cpu (3 of 4), memory is at 2Gi of 16.
    const result = firstFitDecreasing(pods(10, 1500, 1), { cpuMillis: 4000, memoryBytes: 16 * GI, pods: 100 });
    expect(result.fits && result.nodes.length).toBe(5);
  });

  it('packs mixed pods largest-share first, filling gaps with small ones', () => {
    const mixed = [...pods(2, 3000, 2, 'cpu'), ...pods(2, 500, 12, 'mem'), ...pods(4, 500, 2, 'small')];
    const result = firstFitDecreasing(mixed, { cpuMillis: 4000, memoryBytes: 16 * GI, pods: 100 });
    // Per node: a 12Gi pod plus a 3-cpu pod (3.5 cpu, 14Gi), then the small ones fill what is left.
    expect(result.fits && result.nodes.length).toBe(3);
    expect(result.fits && result.nodes.every((n) => n.cpuMillis <= 4000 && n.memoryBytes <= 16 * GI)).toBe(true);
  });

  it('respects the pod slots of a node', () => {
    const result = firstFitDecreasing(pods(30, 10, 0.01), { cpuMillis: 4000, memoryBytes: 16 * GI, pods: 27 });
    expect(result.fits && result.nodes.map((n) => n.pods)).toEqual([27, 3]);
  });

  it('returns the pods bigger than an empty node instead of placing them', () => {
    const result = firstFitDecreasing([...pods(1, 6000, 1, 'big Deployment/big'), ...pods(2, 100, 1)], { cpuMillis: 3920, memoryBytes: 14 * GI, pods: 56 });
    expect(result).toEqual({ fits: false, tooBig: [{ owner: 'big Deployment/big', cpuMillis: 6000, memoryBytes: GI }] });
  });

  it('needs no node for no pods', () => {
    expect(firstFitDecreasing([], { cpuMillis: 1000, memoryBytes: GI, pods: 10 })).toEqual({ fits: true, nodes: [] });
  });
});
