import { parseQuantity } from '../vocabulary/quantity.ts';
import type { PathSegment } from '../vocabulary/issue.ts';

/** An amount of cpu and memory in integer units, so sums and comparisons are exact. */
export interface Amount {
  cpuMillis: number;
  memoryBytes: number;
}

/** What one pod asks for and may use: the effective pod request and limit. */
export interface PodResources {
  requests: Amount;
  limits: Amount;
}

export const ZERO: Amount = { cpuMillis: 0, memoryBytes: 0 };

export function add(a: Amount, b: Amount): Amount {
  return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes };
}

export function times(a: Amount, n: number): Amount {
  return { cpuMillis: a.cpuMillis * n, memoryBytes: a.memoryBytes * n };
}

function max(a: Amount, b: Amount): Amount {
  return { cpuMillis: Math.max(a.cpuMillis, b.cpuMillis), memoryBytes: Math.max(a.memoryBytes, b.memoryBytes) };
}

/** A problem with a pod's resources, located by field path inside the pod spec. */
export interface ResourceProblem {
  severity: 'error' | 'warning';
  path: PathSegment[];
  message: string;
}

type Kind = 'requests' | 'limits';
const RESOURCES = [
  ['cpu', 'cpuMillis'],
  ['memory', 'memoryBytes'],
] as const;

/**
 * The pod's effective requests and limits, by Kubernetes' rule (kubernetes.io/docs/concepts/workloads/pods/init-containers,
 * "Resource sharing within containers", and sidecar-containers): for each resource,
 *   max( sum over app containers + sum over sidecars,  max over init containers i of (init_i + sidecars started before i) )
 * plus spec.overhead. A sidecar is an init container with restartPolicy: Always.
 *
 * A container without a limit is not QoS Guaranteed; its request is counted instead (and a
 * warning says so), since that is the least the node must hold for it.
 */
export function podResources(podSpec: unknown): { resources: PodResources; problems: ResourceProblem[] } {
  const problems: ResourceProblem[] = [];
  const spec = asRecord(podSpec);
  const containers = asList(spec.containers);
  const initContainers = asList(spec.initContainers);
  const resources = {} as PodResources;
  for (const kind of ['requests', 'limits'] as const) {
    let app = ZERO;
    containers.forEach((c, i) => {
      app = add(app, containerAmount(c, kind, ['containers', i], problems));
    });
    let sidecars = ZERO;
    let init = ZERO;
    initContainers.forEach((c, i) => {
      const amount = containerAmount(c, kind, ['initContainers', i], problems);
      if (asRecord(c).restartPolicy === 'Always') {
        sidecars = add(sidecars, amount);
        init = max(init, sidecars);
      } else {
        init = max(init, add(amount, sidecars));
      }
    });
    const overhead = amountOf(asRecord(spec.overhead), ['overhead'], problems);
    resources[kind] = add(max(add(app, sidecars), init), overhead);
  }
  return { resources, problems };
}

function containerAmount(container: unknown, kind: Kind, at: PathSegment[], problems: ResourceProblem[]): Amount {
  const c = asRecord(container);
  const res = asRecord(c.resources);
  const requests = asRecord(res.requests);
  const limits = asRecord(res.limits);
  const name = typeof c.name === 'string' ? c.name : `#${String(at[1])}`;
  const out = { ...ZERO };
  for (const [resource, field] of RESOURCES) {
    // Kubernetes defaults a missing request to the limit, so limits are read first.
    const limit = limits[resource];
    const request = requests[resource] ?? limit;
    let value = kind === 'limits' ? limit : request;
    let path = [...at, 'resources', kind, resource];
    if (kind === 'limits' && value === undefined) {
      problems.push({
        severity: 'warning',
        path,
        message: `container "${name}" has no ${resource} limit (not QoS Guaranteed); its ${resource} request${request === undefined ? ' (none, so 0)' : ''} is counted instead`,
      });
      value = request;
      path = [...at, 'resources', 'requests', resource];
    }
    if (value === undefined) continue;
    const parsed = toUnits(resource, value);
    if (parsed === undefined) {
      problems.push({ severity: 'error', path, message: `"${String(value)}" is not a Kubernetes quantity` });
      continue;
    }
    out[field] = parsed;
  }
  return out;
}

function amountOf(values: Record<string, unknown>, at: PathSegment[], problems: ResourceProblem[]): Amount {
  const out = { ...ZERO };
  for (const [resource, field] of RESOURCES) {
    const value = values[resource];
    if (value === undefined) continue;
    const parsed = toUnits(resource, value);
    if (parsed === undefined) problems.push({ severity: 'error', path: [...at, resource], message: `"${String(value)}" is not a Kubernetes quantity` });
    else out[field] = parsed;
  }
  return out;
}

/**
 * Cpu in millicores and memory in bytes, rounded up as the API server does for
 * precision finer than 1m or 1 byte. The small tolerance absorbs binary floating
 * point (0.1 * 1000 is 100.00000000000001, which must stay 100).
 */
export function toUnits(resource: 'cpu' | 'memory', value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const base = parseQuantity(value);
  if (base === undefined || base < 0) return undefined;
  const scaled = resource === 'cpu' ? base * 1000 : base;
  return Math.ceil(scaled - 1e-6);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
