/** An EC2 instance type as the allocatable formula needs it (data/instance-types.json). */
export interface InstanceType {
  name: string;
  vcpu: number;
  memoryMiB: number;
  networkInterfaces: number;
  ipv4PerInterface: number;
}

/** What the scheduler may place on one node, and what was held back to get there. */
export interface Allocatable {
  cpuMillis: number;
  memoryBytes: number;
  /** kubelet maxPods. */
  pods: number;
  /** The memory the kubelet reports as capacity (MiB), before reservations. */
  capacityMemoryMiB: number;
  kubeReserved: { cpuMillis: number; memoryMiB: number };
  evictionHardMemoryMiB: number;
}

/**
 * The EKS-optimised AMI's bootstrap (awslabs/amazon-eks-ami, files/bootstrap.sh,
 * get_cpu_millicores_to_reserve) reserves, for kube-reserved cpu, these shares of each
 * range of the node's cores, in integer millicores per range.
 */
const CPU_RESERVE_RANGES = [
  { fromMillis: 0, toMillis: 1000, basisPoints: 600 }, // 6% of the first core
  { fromMillis: 1000, toMillis: 2000, basisPoints: 100 }, // 1% of the second
  { fromMillis: 2000, toMillis: 4000, basisPoints: 50 }, // 0.5% of the third and fourth
  { fromMillis: 4000, toMillis: Infinity, basisPoints: 25 }, // 0.25% of every core above four
];

/** bootstrap.sh writes evictionHard memory.available<100Mi. */
const EVICTION_HARD_MEMORY_MIB = 100;

/**
 * The guest kernel never sees all of an instance's advertised memory (firmware, the
 * kernel image and page tables take a cut), so the kubelet's memory capacity is lower
 * than EC2's MemoryInfo.SizeInMiB. Karpenter, which must predict allocatable before a
 * node boots, subtracts this fraction (its VM_MEMORY_OVERHEAD_PERCENT default, 0.075);
 * with it, the formula below reproduces Karpenter's published allocatable for every
 * c5/m5/r5 type checked in test/capacity/allocatable.test.ts.
 */
const VM_MEMORY_OVERHEAD_PER_MILLE = 75;

/**
 * Pods a node takes under the VPC CNI without prefix delegation: each ENI's first
 * address is the ENI's own, and 2 pods (aws-node, kube-proxy) use the host network
 * (the formula at the top of amazon-eks-ami's eni-max-pods.txt).
 */
export function maxPods(type: InstanceType): number {
  return type.networkInterfaces * (type.ipv4PerInterface - 1) + 2;
}

/** Pods that use the host network on every EKS node (aws-node, kube-proxy); they hold pod slots but no pod IP. */
export const EKS_HOST_NETWORK_PODS = 2;

export function kubeReservedCpuMillis(vcpu: number): number {
  const total = vcpu * 1000;
  let reserved = 0;
  for (const r of CPU_RESERVE_RANGES) {
    if (total <= r.fromMillis) break;
    reserved += Math.floor(((Math.min(total, r.toMillis) - r.fromMillis) * r.basisPoints) / 10000);
  }
  return reserved;
}

/** bootstrap.sh get_memory_mebibytes_to_reserve: 11 MiB per pod the node may run, plus 255 MiB. */
export function kubeReservedMemoryMiB(pods: number): number {
  return 11 * pods + 255;
}

/**
 * Allocatable = capacity - kube-reserved - system-reserved - eviction threshold
 * (kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources), with the EKS
 * AMI's kube-reserved and evictionHard, no system-reserved (the AMI sets none), and
 * the memory capacity estimated as above.
 */
export function eksAllocatable(type: InstanceType): Allocatable {
  const pods = maxPods(type);
  const capacityMemoryMiB = type.memoryMiB - Math.ceil((type.memoryMiB * VM_MEMORY_OVERHEAD_PER_MILLE) / 1000);
  const kubeReserved = { cpuMillis: kubeReservedCpuMillis(type.vcpu), memoryMiB: kubeReservedMemoryMiB(pods) };
  return {
    cpuMillis: type.vcpu * 1000 - kubeReserved.cpuMillis,
    memoryBytes: (capacityMemoryMiB - kubeReserved.memoryMiB - EVICTION_HARD_MEMORY_MIB) * 2 ** 20,
    pods,
    capacityMemoryMiB,
    kubeReserved,
    evictionHardMemoryMiB: EVICTION_HARD_MEMORY_MIB,
  };
}
