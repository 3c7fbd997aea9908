/**
 * HorizontalPodAutoscalers among the documents: the workload an autoscaler
 * scales runs anywhere from minReplicas to maxReplicas pods. A cluster is sized
 * for the most (the worst case), and the fewest are kept as the floor.
 */
import type { Issue } from '../vocabulary/issue.ts';
import { valueAt } from '../yamlSource/mapping.ts';
import { asRecord } from './resources.ts';
import { isPodCount, issueAt, manifestObjects, podCountMessage, type ManifestDocument, type Workload } from './workloads.ts';

/** The workloads with each autoscaled one at its maxReplicas, and minReplicas as its floor. */
export function applyAutoscalers(workloads: readonly Workload[], documents: readonly ManifestDocument[]): { workloads: Workload[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const scaled = new Map<Workload, { min: number; max: number }>();
  for (const { doc, object, at } of manifestObjects(documents)) {
    if (object.kind !== 'HorizontalPodAutoscaler') continue;
    const metadata = asRecord(object.metadata);
    const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
    const where = issueAt(doc, at, 'HorizontalPodAutoscaler', name);
    const max = valueAt(object, ['spec', 'maxReplicas']);
    const min = valueAt(object, ['spec', 'minReplicas']) ?? 1;
    const bad = [
      ['maxReplicas', max],
      ['minReplicas', min],
    ].find(([, v]) => !isPodCount(v));
    if (bad) {
      issues.push(where(['spec', bad[0] as string], podCountMessage(bad[1])));
      continue;
    }
    const target = asRecord(valueAt(object, ['spec', 'scaleTargetRef']));
    const workload = workloads.find((w) => w.kind === target.kind && w.name === target.name && w.namespace === metadata.namespace);
    if (!workload) {
      issues.push(where(['spec', 'scaleTargetRef'], `scales ${String(target.kind)}/${String(target.name)}, which is not among the manifests; not counted`, 'warning'));
      continue;
    }
    scaled.set(workload, { min: min as number, max: max as number });
  }
  return {
    workloads: workloads.map((w) => {
      const range = scaled.get(w);
      return range ? { ...w, replicas: range.max, minReplicas: range.min } : w;
    }),
    issues,
  };
}
