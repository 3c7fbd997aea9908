import type { Issue, PathSegment } from '../vocabulary/issue.ts';
import { formatPath } from '../vocabulary/issue.ts';
import { add, asRecord, podResources, type PodResources } from './resources.ts';
import { injectedProxy } from './istioProxy.ts';
import type { KubernetesTarget } from '../validate/apiLifecycle.ts';
import { apiVersionFinding } from '../validate/apiVersions.ts';
import { valueAt } from '../yamlSource/mapping.ts';

/** Something that runs pods: how many, where, and what each pod holds. */
export interface Workload {
  /** The app it belongs to (the app spec's name, or the app.kubernetes.io/name label). */
  app: string;
  kind: string;
  name: string;
  namespace?: string;
  /** Pods it runs (the most, when an autoscaler scales it); for a per-node workload, pods on each node. */
  replicas: number;
  /** The fewest pods it runs, when a HorizontalPodAutoscaler scales it. */
  minReplicas?: number;
  /** A DaemonSet: one pod on every node, so it counts once per node. */
  perNode: boolean;
  /** What one pod holds, the Istio proxy injected into it included. */
  pod: PodResources;
}

/** A parsed manifest document and how to point at its fields. */
export interface ManifestDocument {
  file: string;
  value: unknown;
  locate?: (path: readonly PathSegment[]) => { line: number; column: number };
}

/**
 * Where the pod template sits and how many pods run, per kind. Jobs count their
 * parallelism (the pods that may run at once) and CronJobs one Job's worth, so a
 * cluster sized by this has room for them while they run.
 */
const POD_SOURCES: Record<string, { template: PathSegment[]; replicas: PathSegment[] | null; perNode?: boolean }> = {
  Deployment: { template: ['spec', 'template', 'spec'], replicas: ['spec', 'replicas'] },
  StatefulSet: { template: ['spec', 'template', 'spec'], replicas: ['spec', 'replicas'] },
  ReplicaSet: { template: ['spec', 'template', 'spec'], replicas: ['spec', 'replicas'] },
  ReplicationController: { template: ['spec', 'template', 'spec'], replicas: ['spec', 'replicas'] },
  DaemonSet: { template: ['spec', 'template', 'spec'], replicas: null, perNode: true },
  Job: { template: ['spec', 'template', 'spec'], replicas: ['spec', 'parallelism'] },
  CronJob: { template: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], replicas: ['spec', 'jobTemplate', 'spec', 'parallelism'] },
  Pod: { template: ['spec'], replicas: null },
};

/**
 * The workloads among rendered Kubernetes documents (kustomize output, `kubectl get -o yaml`
 * lists, plain manifests). Objects owned by a controller (a Deployment's ReplicaSets, their
 * Pods) are skipped: their owner, when present, is counted, and counting both would double them.
 */
export function workloadsFromDocuments(
  documents: readonly ManifestDocument[],
  kubernetes: KubernetesTarget,
  appOf: (object: Record<string, unknown>) => string = appLabel,
): { workloads: Workload[]; issues: Issue[] } {
  const workloads: Workload[] = [];
  const issues: Issue[] = [];
  for (const { doc, object, at } of manifestObjects(documents)) {
    const kind = kindOf(object);
    const source = kind ? POD_SOURCES[kind] : undefined;
    if (!source) continue;
    const metadata = asRecord(object.metadata);
    if (Array.isArray(metadata.ownerReferences) && metadata.ownerReferences.length > 0) continue;
    const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
    const where = issueAt(doc, at, kind!, name);
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : undefined;
    const served = apiVersion === undefined ? undefined : apiVersionFinding(apiVersion, kind!, kubernetes);
    if (served !== undefined) {
      issues.push({ ...where(['apiVersion'], served.message, served.severity), rule: served.rule });
      if (served.severity === 'error') continue;
    }
    const replicas = source.replicas ? valueAt(object, source.replicas) : undefined;
    if (replicas !== undefined && !isPodCount(replicas)) {
      issues.push(where(source.replicas!, podCountMessage(replicas)));
      continue;
    }
    const { resources, problems } = podResources(valueAt(object, source.template));
    for (const p of problems) issues.push(where([...source.template, ...p.path], p.message, p.severity));
    const metadataPath = [...source.template.slice(0, -1), 'metadata'];
    const proxy = injectedProxy(valueAt(object, metadataPath), metadataPath);
    for (const p of proxy?.problems ?? []) issues.push(where(p.path, p.message, p.severity));
    if ([...problems, ...(proxy?.problems ?? [])].some((p) => p.severity === 'error')) continue;
    workloads.push({
      app: appOf(object),
      kind: kind!,
      name,
      ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
      // Kubernetes defaults replicas and parallelism to 1.
      replicas: (replicas as number | undefined) ?? 1,
      perNode: source.perNode === true,
      pod: proxy ? { requests: add(resources.requests, proxy.resources.requests), limits: add(resources.limits, proxy.resources.limits) } : resources,
    });
  }
  return { workloads, issues };
}

/** A capacity issue of one object, at a path inside it, located in its file when the document can say where. */
export function issueAt(doc: ManifestDocument, at: readonly PathSegment[], kind: string, name: string) {
  return (path: PathSegment[], message: string, severity: 'error' | 'warning' = 'error'): Issue => ({
    severity,
    rule: 'capacity',
    file: doc.file,
    ...(doc.locate?.([...at, ...path]) ?? {}),
    path: formatPath(path),
    kind,
    name,
    message,
  });
}

/** Whether a value is a number of pods (replicas, parallelism, an autoscaler's bounds). */
export function isPodCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

export function podCountMessage(value: unknown): string {
  return `must be a whole number of pods, not ${JSON.stringify(value)}`;
}

/** The app a workload belongs to: its app.kubernetes.io/name label, or its own name. */
function appLabel(object: Record<string, unknown>): string {
  const metadata = asRecord(object.metadata);
  const label = asRecord(metadata.labels)['app.kubernetes.io/name'];
  if (typeof label === 'string' && label !== '') return label;
  return typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
}

/** Every object of the documents, `kind: List` items one by one, with its path in its document. */
export function* manifestObjects(documents: readonly ManifestDocument[]): Generator<{ doc: ManifestDocument; object: Record<string, unknown>; at: PathSegment[] }> {
  for (const doc of documents) {
    const items = kindOf(doc.value) === 'List' ? listItems(doc.value) : [{ value: doc.value, at: [] as PathSegment[] }];
    for (const item of items) yield { doc, object: asRecord(item.value), at: item.at };
  }
}

function kindOf(value: unknown): string | undefined {
  const kind = asRecord(value).kind;
  return typeof kind === 'string' ? kind : undefined;
}

function listItems(value: unknown): { value: unknown; at: PathSegment[] }[] {
  const items = asRecord(value).items;
  return Array.isArray(items) ? items.map((v, i) => ({ value: v, at: ['items', i] })) : [];
}
