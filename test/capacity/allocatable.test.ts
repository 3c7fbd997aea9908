import { describe, expect, it } from 'vitest';
import { eksAllocatable, kubeReservedCpuMillis, kubeReservedMemoryMiB, maxPods } from '../../src/capacity/allocatable.ts';
import { shippedInstanceType, shippedInstanceTypes } from './instanceTypesData.ts';

/**
 * Allocatable cpu, memory and pods that AWS publishes for these types: Karpenter's
 * instance-type reference (aws/karpenter-provider-aws, website/content/en/docs/reference/
 * instance-types.md at commit 0c5e7d81, amiFamily AL2023; https://karpenter.sh/docs/reference/instance-types/),
 * read 2026-11-26. (Figures quoted in karpenter-provider-aws issue 2158, from an older release,
 * are 100m and 100Mi lower for every m5 size.)
 */
const PUBLISHED = {
  'c5.large': { cpu: '1930m', memory: '3114Mi', pods: 29 },
  'c5.xlarge': { cpu: '3920m', memory: '6584Mi', pods: 58 },
  'c5.2xlarge': { cpu: '7910m', memory: '14162Mi', pods: 58 },
  'c5.4xlarge': { cpu: '15890m', memory: '27381Mi', pods: 234 },
  'm5.large': { cpu: '1930m', memory: '6903Mi', pods: 29 },
  'm5.xlarge': { cpu: '3920m', memory: '14162Mi', pods: 58 },
  'm5.2xlarge': { cpu: '7910m', memory: '29317Mi', pods: 58 },
  'm5.4xlarge': { cpu: '15890m', memory: '57691Mi', pods: 234 },
  'r5.large': { cpu: '1930m', memory: '14481Mi', pods: 29 },
  'r5.xlarge': { cpu: '3920m', memory: '29317Mi', pods: 58 },
  'r5.2xlarge': { cpu: '7910m', memory: '59627Mi', pods: 58 },
  'r5.4xlarge': { cpu: '15890m', memory: '118312Mi', pods: 234 },
} as const;

/** awslabs/amazon-eks-ami files/eni-max-pods.txt (commit 02343f9b), the AMI's own max-pods table. */
const ENI_MAX_PODS: Record<string, number> = {
  'c5.large': 29, 'c5.xlarge': 58, 'c5.2xlarge': 58, 'c5.4xlarge': 234,
  'm5.large': 29, 'm5.xlarge': 58, 'm5.2xlarge': 58, 'm5.4xlarge': 234,
  'r5.large': 29, 'r5.xlarge': 58, 'r5.2xlarge': 58, 'r5.4xlarge': 234,
};

describe('EKS allocatable', () => {
  it.each(Object.entries(PUBLISHED))('%s matches the published allocatable', (name, published) => {
    const a = eksAllocatable(shippedInstanceType(name));
    expect(`${a.cpuMillis}m`).toBe(published.cpu);
    expect(`${a.memoryBytes / 2 ** 20}Mi`).toBe(published.memory);
    expect(a.pods).toBe(published.pods);
  });

  it('covers every shipped instance type with a published value', () => {
    expect(shippedInstanceTypes().map((t) => t.name).sort()).toEqual(Object.keys(PUBLISHED).sort());
  });

  it.each(Object.entries(ENI_MAX_PODS))('max pods of %s is ENIs x (IPs per ENI - 1) + 2 = eni-max-pods.txt', (name, pods) => {
    expect(maxPods(shippedInstanceType(name))).toBe(pods);
  });

  it('reserves cpu by the bootstrap.sh ranges: 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above', () => {
    expect(kubeReservedCpuMillis(1)).toBe(60);
    expect(kubeReservedCpuMillis(2)).toBe(70);
    expect(kubeReservedCpuMillis(4)).toBe(80);
    expect(kubeReservedCpuMillis(8)).toBe(90);
    expect(kubeReservedCpuMillis(16)).toBe(110);
    expect(kubeReservedCpuMillis(96)).toBe(310);
  });

  it('reserves memory as 11Mi per pod plus 255Mi', () => {
    expect(kubeReservedMemoryMiB(29)).toBe(574);
    expect(kubeReservedMemoryMiB(58)).toBe(893);
    expect(kubeReservedMemoryMiB(234)).toBe(2829);
  });

  it('shows its working for m5.xlarge', () => {
    expect(eksAllocatable(shippedInstanceType('m5.xlarge'))).toEqual({
      cpuMillis: 3920,
      memoryBytes: 14162 * 2 ** 20,
      pods: 58,
      capacityMemoryMiB: 16384 - 1229, // 7.5% of 16384 MiB, rounded up
      kubeReserved: { cpuMillis: 80, memoryMiB: 893 },
      evictionHardMemoryMiB: 100,
    });
  });
});
