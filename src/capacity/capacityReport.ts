import { compareCodeUnits } from '../vocabulary/order.ts';
import { eksAllocatable, EKS_HOST_NETWORK_PODS, type Allocatable, type InstanceType } from './allocatable.ts';
import { firstFitDecreasing, type NodeRoom, type PodItem } from './binPacking.ts';
import { monthlyCostCents, type RegionPrices } from './cost.ts';
import { add, times, ZERO, type Amount } from './resources.ts';
import type { Workload } from './workloads.ts';

export interface CapacityOptions {
  instanceTypes: readonly InstanceType[];
  /** Share of each node's allocatable kept free, in basis points (2000 = 20%). */
  headroomBasisPoints: number;
  /** Prices of the chosen region; a type without one gets no cost. */
  prices: RegionPrices;
  /** Hours per month, in hundredths. */
  centiHours: number;
}

/** An app's sums: pods it runs across the cluster, and pods it runs on every node. */
export interface AppTotals {
  app: string;
  workloads: Workload[];
  /** At the most pods (autoscaled workloads at maxReplicas): what the cluster is sized for. */
  cluster: Sums;
  perNode: Sums;
  /** The cluster's pods at their fewest (autoscaled workloads at minReplicas). */
  floor: Sums;
}

export interface Sums {
  pods: number;
  requests: Amount;
  limits: Amount;
}

export interface InstanceTypeResult {
  instanceType: string;
  allocatable: Allocatable;
  /** What an empty node has left for the apps' pods after headroom and the per-node pods. */
  room: NodeRoom;
  /** Nodes needed; null when some pod fits no node of this type. */
  nodes: number | null;
  /** Nodes needed with autoscaled workloads at their fewest pods (equal to nodes without autoscalers). */
  nodesAtFloor: number | null;
  /** Pods bigger than an empty node's room, one per workload. */
  tooBig: { owner: string; cpuMillis: number; memoryBytes: number }[];
  /** Sum of limits (per-node pods included) over the allocatable of the nodes needed. */
  limitShare: { cpu: number; memory: number } | null;
  microDollarsPerHour: number | null;
  monthlyCostCents: number | null;
  monthlyCostCentsAtFloor: number | null;
  /** Lowest monthly cost of the types compared (all of them, when several tie). */
  cheapest: boolean;
}

export interface EnvironmentReport {
  environment: string;
  apps: AppTotals[];
  total: { cluster: Sums; perNode: Sums; floor: Sums };
  instanceTypes: InstanceTypeResult[];
}

/** Sums the workloads and sizes a cluster of each instance type for them. Pure. */
export function capacityReport(environment: string, workloads: readonly Workload[], options: CapacityOptions): EnvironmentReport {
  const apps = appTotals(workloads);
  const total = {
    cluster: apps.reduce((s, a) => addSums(s, a.cluster), EMPTY),
    perNode: apps.reduce((s, a) => addSums(s, a.perNode), EMPTY),
    floor: apps.reduce((s, a) => addSums(s, a.floor), EMPTY),
  };
  const podsOf = (count: (w: Workload) => number): PodItem[] =>
    workloads.filter((w) => !w.perNode).flatMap((w) => Array.from({ length: count(w) }, () => ({ owner: `${w.app} ${w.kind}/${w.name}`, ...w.pod.limits })));
  const pods = { max: podsOf((w) => w.replicas), floor: podsOf(floorOf) };

  const results = options.instanceTypes.map((type) => sizeCluster(type, pods, total, options));
  // Types that tie for the lowest cost are all cheapest: choosing one would be arbitrary.
  const lowest = Math.min(...results.map((r) => r.monthlyCostCents ?? Infinity));
  for (const r of results) r.cheapest = r.monthlyCostCents === lowest;
  return { environment, apps, total, instanceTypes: results };
}

const EMPTY: Sums = { pods: 0, requests: ZERO, limits: ZERO };

const floorOf = (w: Workload) => w.minReplicas ?? w.replicas;

function sums(w: Workload, pods: number): Sums {
  return { pods, requests: times(w.pod.requests, pods), limits: times(w.pod.limits, pods) };
}

function addSums(a: Sums, b: Sums): Sums {
  return { pods: a.pods + b.pods, requests: add(a.requests, b.requests), limits: add(a.limits, b.limits) };
}

function appTotals(workloads: readonly Workload[]): AppTotals[] {
  const byApp = new Map<string, AppTotals>();
  for (const w of workloads) {
    let app = byApp.get(w.app);
    if (!app) {
      app = { app: w.app, workloads: [], cluster: EMPTY, perNode: EMPTY, floor: EMPTY };
      byApp.set(w.app, app);
    }
    app.workloads.push(w);
    if (w.perNode) {
      app.perNode = addSums(app.perNode, sums(w, w.replicas));
    } else {
      app.cluster = addSums(app.cluster, sums(w, w.replicas));
      app.floor = addSums(app.floor, sums(w, floorOf(w)));
    }
  }
  return [...byApp.values()].sort((a, b) => compareCodeUnits(a.app, b.app));
}

function sizeCluster(type: InstanceType, pods: { max: readonly PodItem[]; floor: readonly PodItem[] }, total: EnvironmentReport['total'], options: CapacityOptions): InstanceTypeResult {
  const allocatable = eksAllocatable(type);
  const keep = (units: number) => Math.floor((units * (10000 - options.headroomBasisPoints)) / 10000);
  const room: NodeRoom = {
    cpuMillis: keep(allocatable.cpuMillis) - total.perNode.limits.cpuMillis,
    memoryBytes: keep(allocatable.memoryBytes) - total.perNode.limits.memoryBytes,
    pods: allocatable.pods - EKS_HOST_NETWORK_PODS - total.perNode.pods,
  };
  const price = options.prices.microDollarsPerHour[type.name] ?? null;
  const base = { instanceType: type.name, allocatable, room, microDollarsPerHour: price, cheapest: false };

  const unplaceable = (tooBig: InstanceTypeResult['tooBig']): InstanceTypeResult => ({
    ...base,
    nodes: null,
    nodesAtFloor: null,
    tooBig,
    limitShare: null,
    monthlyCostCents: null,
    monthlyCostCentsAtFloor: null,
  });
  if (room.cpuMillis < 0 || room.memoryBytes < 0 || room.pods < 0) {
    return unplaceable([{ owner: 'the per-node pods (DaemonSets) together', ...total.perNode.limits }]);
  }
  const packed = firstFitDecreasing(pods.max, room);
  if (!packed.fits) {
    // One line per workload: its replicas are all the same size.
    return unplaceable([...new Map(packed.tooBig.map((p) => [p.owner, { owner: p.owner, cpuMillis: p.cpuMillis, memoryBytes: p.memoryBytes }])).values()]);
  }
  const nodes = packed.nodes.length;
  // The floor's pods are some of the worst case's, so they fit too.
  const floor = pods.floor.length === pods.max.length ? packed : firstFitDecreasing(pods.floor, room);
  const nodesAtFloor = floor.fits ? floor.nodes.length : nodes;
  const limits = add(total.cluster.limits, times(total.perNode.limits, nodes));
  return {
    ...base,
    nodes,
    nodesAtFloor,
    tooBig: [],
    limitShare: nodes === 0 ? null : { cpu: limits.cpuMillis / (nodes * allocatable.cpuMillis), memory: limits.memoryBytes / (nodes * allocatable.memoryBytes) },
    monthlyCostCents: price === null ? null : monthlyCostCents(nodes, options.centiHours, price),
    monthlyCostCentsAtFloor: price === null ? null : monthlyCostCents(nodesAtFloor, options.centiHours, price),
  };
}
