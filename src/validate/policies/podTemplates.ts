/**
 * Where each workload kind keeps its pod spec, so policies about pods judge
 * every kind that creates them.
 */
import type { PathSegment } from '../../vocabulary/issue.ts';
import { mappingAt } from './policy.ts';

const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

interface PodSpecAt {
  path: PathSegment[];
  spec: Record<string, unknown>;
}

/** The pod spec of a workload object and its path, when the kind has one and the object sets it. */
export function podSpecOf(kind: string, value: Record<string, unknown>): PodSpecAt | undefined {
  const path = POD_SPEC_PATHS[kind];
  const spec = path && mappingOnPath(value, path);
  return spec === undefined ? undefined : { path: [...path!], spec };
}

/** The pod template's metadata (its labels and annotations) of a workload object, beside its pod spec, and its path. */
export function podMetadataOf(kind: string, value: Record<string, unknown>): { path: PathSegment[]; metadata: Record<string, unknown> } | undefined {
  const specPath = POD_SPEC_PATHS[kind];
  if (specPath === undefined) return undefined;
  const path = [...specPath.slice(0, -1), 'metadata'];
  const metadata = mappingOnPath(value, path);
  return metadata === undefined ? undefined : { path, metadata };
}

function mappingOnPath(value: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | undefined {
  let node: Record<string, unknown> | undefined = value;
  for (const key of path) node = mappingAt(node, key);
  return node;
}
