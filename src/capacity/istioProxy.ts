/**
 * The Istio proxy a pod template asks for, counted in every pod: its resources
 * come from the pod's sidecar.istio.io/proxy* annotations exactly as Istio's
 * injection template takes them (when any is set, requests from proxyCPU and
 * proxyMemory, limits from the *Limit ones, and nothing else), and otherwise
 * from Istio's global defaults. Injection asked for namespace-wide (the
 * istio-injection label of a Namespace) is not in the manifests, so it is not
 * counted.
 */
import type { PathSegment } from '../vocabulary/issue.ts';
import { asRecord, toUnits, ZERO, type PodResources, type ResourceProblem } from './resources.ts';

const INJECT = 'sidecar.istio.io/inject';

type Resource = 'cpu' | 'memory';

/** Istio's chart default (global.proxy.resources): what an unannotated pod gets. */
export const ISTIO_DEFAULT_PROXY = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } };

const ANNOTATIONS = {
  requests: { cpu: 'sidecar.istio.io/proxyCPU', memory: 'sidecar.istio.io/proxyMemory' },
  limits: { cpu: 'sidecar.istio.io/proxyCPULimit', memory: 'sidecar.istio.io/proxyMemoryLimit' },
} as const;

/**
 * The resources of the proxy injected into pods of this template (its metadata at `at`), or
 * null when none is injected. As in Istio, the label decides over the annotation of the same
 * name, and only "true" asks for the sidecar.
 */
export function injectedProxy(podMetadata: unknown, at: PathSegment[]): { resources: PodResources; problems: ResourceProblem[] } | null {
  const metadata = asRecord(podMetadata);
  const labels = asRecord(metadata.labels);
  const annotations = asRecord(metadata.annotations);
  if ((labels[INJECT] ?? annotations[INJECT]) !== 'true') return null;
  const problems: ResourceProblem[] = [];
  const annotated = (kind: 'requests' | 'limits') => ({ cpu: annotations[ANNOTATIONS[kind].cpu], memory: annotations[ANNOTATIONS[kind].memory] });
  let source: { requests: Record<Resource, unknown>; limits: Record<Resource, unknown> } = { requests: annotated('requests'), limits: annotated('limits') };
  if ([...Object.values(source.requests), ...Object.values(source.limits)].every((v) => v === undefined)) {
    source = ISTIO_DEFAULT_PROXY;
    problems.push({
      severity: 'warning',
      path: [...at, 'labels', INJECT],
      message: "asks for the Istio sidecar without proxy resources: counted Istio's default limits (2 cpu, 1Gi) in every pod; set spec.istio.proxy (or the sidecar.istio.io/proxy* annotations)",
    });
  }
  const units = (resource: Resource, kind: 'requests' | 'limits'): number | undefined => {
    const value = source[kind][resource];
    if (value === undefined) return undefined;
    const parsed = toUnits(resource, value);
    if (parsed === undefined) problems.push({ severity: 'error', path: [...at, 'annotations', ANNOTATIONS[kind][resource]], message: `"${String(value)}" is not a Kubernetes quantity` });
    return parsed;
  };
  const resources: PodResources = { requests: { ...ZERO }, limits: { ...ZERO } };
  for (const [resource, field] of [['cpu', 'cpuMillis'], ['memory', 'memoryBytes']] as const) {
    const limit = units(resource, 'limits');
    // As for any container, a request left out is the limit.
    const request = source.requests[resource] === undefined ? limit : units(resource, 'requests');
    if (source.limits[resource] === undefined) {
      problems.push({
        severity: 'warning',
        path: [...at, 'annotations', ANNOTATIONS.limits[resource]],
        message: `the Istio proxy has no ${resource} limit (not QoS Guaranteed); its ${resource} request${request === undefined ? ' (none, so 0)' : ''} is counted instead`,
      });
    }
    resources.requests[field] = request ?? 0;
    resources.limits[field] = limit ?? request ?? 0;
  }
  return { resources, problems };
}
