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
  if (path === undefined) return undefined;
  let node: Record<string, unknown> | undefined = value;
  for (const key of path) node = mappingAt(node, key);
  return node === undefined ? undefined : { path: [...path], spec: node };
}
