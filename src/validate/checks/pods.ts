/**
 * The pod spec of a workload, its containers and the severity of a finding
 * about them. The API server validates the pod template of every workload
 * kind as it validates a Pod, except a StatefulSet's: it only checks its
 * labels and annotations (apps/validation ValidatePodTemplateSpecForStatefulSet
 * says why in a TODO), so a StatefulSet with a broken pod spec is stored and
 * each pod its controller creates is refused. A finding there is a warning.
 */
import type { PathSegment, Severity } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import type { PolicyFinding, PolicySubject } from '../policies/policy.ts';
import { podSpecOf } from '../policies/podTemplates.ts';

export interface ContainerAt {
  container: Record<string, unknown>;
  path: PathSegment[];
  /** `container "web"`, `init container "setup"`, or the index when it has no name. */
  who: string;
}

export interface PodSpecOfWorkload {
  spec: Record<string, unknown>;
  path: PathSegment[];
  /** A StatefulSet's pod spec is not validated until its pods are created. */
  severity: Severity;
  /** Said after a message about a StatefulSet's pod spec, empty otherwise. */
  note: string;
}

const STATEFULSET_NOTE = ' (the API server stores the StatefulSet but refuses each of its pods)';

// Every check of a pod asks for the same object's pod spec and containers: each is found once per object.
const podSpecs = new WeakMap<Record<string, unknown>, PodSpecOfWorkload | null>();
const containersOfPod = new WeakMap<Record<string, unknown>, ContainerAt[]>();

export function workloadPodSpec(kind: string, value: Record<string, unknown>): PodSpecOfWorkload | undefined {
  let found = podSpecs.get(value);
  if (found === undefined) {
    const pod = podSpecOf(kind, value);
    const statefulSet = kind === 'StatefulSet';
    found = pod === undefined ? null : { ...pod, severity: statefulSet ? 'warning' : 'error', note: statefulSet ? STATEFULSET_NOTE : '' };
    podSpecs.set(value, found);
  }
  return found ?? undefined;
}

/**
 * The pod spec of a whole workload object, or undefined for a patch: a patch's
 * containers merge by name into the resource's, and a request it sets may have
 * its limit there, so what a pod check sees in a patch alone is not the pod.
 */
export function wholeWorkloadPodSpec({ kind, value, partial }: PolicySubject): PodSpecOfWorkload | undefined {
  return partial ? undefined : workloadPodSpec(kind, value);
}

const CONTAINER_LISTS = [
  ['initContainers', 'init container'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeral container'],
] as const;

/** Every container of a pod spec that is a mapping, init containers first, with its path. */
export function containersOf(pod: { spec: Record<string, unknown>; path: PathSegment[] }): ContainerAt[] {
  const known = containersOfPod.get(pod.spec);
  if (known !== undefined) return known;
  const found: ContainerAt[] = [];
  containersOfPod.set(pod.spec, found);
  for (const [list, label] of CONTAINER_LISTS) {
    const containers = pod.spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container: unknown, index) => {
      if (!isMapping(container)) return;
      const name = container['name'];
      found.push({ container, path: [...pod.path, list, index], who: `${label} ${typeof name === 'string' ? JSON.stringify(name) : index}` });
    });
  }
  return found;
}

/** Findings about a pod spec, at the severity its workload gives them (see workloadPodSpec). */
export function atPodSeverity(pod: PodSpecOfWorkload, findings: PolicyFinding[]): PolicyFinding[] {
  if (pod.severity === 'error') return findings;
  return findings.map((f) => ({ ...f, severity: 'warning', message: `${f.message}${pod.note}` }));
}

/** The mappings of a list field, with their indexes; anything else in the list is left to the schema. */
export function mappingsOf(value: unknown): [number, Record<string, unknown>][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) => (isMapping(item) ? [[index, item] as [number, Record<string, unknown>]] : []));
}
