/**
 * A workload's selector selects its own pods: the pod template's labels
 * match spec.selector, and the selector is not empty (it would select every
 * pod of the namespace). A CronJob's Jobs get a generated selector, so its
 * jobTemplate sets none. Patches are not judged: the selector and the labels
 * come together only in the merged resource.
 */
import type { PathSegment } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { mappingsOf } from './pods.ts';

const APPS_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

export const selectorMatch: ApiServerCheck = {
  id: 'selector-match',
  summary: "a workload's spec.selector is not empty and matches its pod template's labels; a CronJob's jobTemplate sets no selector",
  severity: 'error',
  source: 'ValidatePodTemplateSpecForReplicaSet and ValidateDeploymentSpec, ValidateDaemonSetSpec, ValidateStatefulSetSpec in pkg/apis/apps/validation/validation.go; ValidatePodTemplateSpecForRC in pkg/apis/core/validation/validation.go; validateJobSpec and ValidateJobTemplateSpec in pkg/apis/batch/validation/validation.go',
  check({ apiVersion, kind, value, partial }) {
    if (partial) return [];
    const spec = mappingAt(value, 'spec');
    if (spec === undefined) return [];
    if (kind === 'CronJob' && apiVersion.startsWith('batch/')) {
      const selector = mappingAt(mappingAt(spec, 'jobTemplate'), 'spec')?.['selector'];
      return selector === undefined || selector === null ? [] : [{ path: ['spec', 'jobTemplate', 'spec', 'selector'], message: "a CronJob's jobTemplate sets no selector: each Job's selector is generated" }];
    }
    const labels = mappingAt(mappingAt(spec, 'template'), 'metadata')?.['labels'];
    const templateLabels = isMapping(labels) ? labels : {};
    const labelsPath: PathSegment[] = ['spec', 'template', 'metadata', 'labels'];
    if (APPS_KINDS.has(kind) && apiVersion.startsWith('apps/')) return labelSelectorFindings(spec['selector'], templateLabels, labelsPath, kind);
    if (kind === 'Job' && apiVersion.startsWith('batch/') && spec['manualSelector'] === true) return labelSelectorFindings(spec['selector'], templateLabels, labelsPath, kind);
    if (kind === 'ReplicationController' && apiVersion === 'v1') {
      const selector = spec['selector'];
      // An empty selector is defaulted to the template's labels.
      if (!isMapping(selector) || Object.keys(selector).length === 0) return [];
      return matches({ matchLabels: selector }, templateLabels) ? [] : [mismatch(labelsPath, selector, templateLabels)];
    }
    return [];
  },
};

function labelSelectorFindings(selector: unknown, labels: Record<string, unknown>, labelsPath: PathSegment[], kind: string): PolicyFinding[] {
  if (!isMapping(selector)) return [];
  const matchLabels = isMapping(selector['matchLabels']) ? selector['matchLabels'] : {};
  const expressions = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
  if (Object.keys(matchLabels).length + expressions.length === 0) {
    return [{ path: ['spec', 'selector'], message: `an empty selector is invalid for a ${kind}: it would select every pod of the namespace; select the template's labels, such as app.kubernetes.io/name` }];
  }
  // An unknown operator is label-syntax's finding; the selector cannot be evaluated.
  if (mappingsOf(expressions).some(([, e]) => !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(String(e['operator'])))) return [];
  return matches(selector, labels) ? [] : [mismatch(labelsPath, selector, labels)];
}

/** Whether a LabelSelector selects a set of labels, as labels.Selector.Matches does. */
export function matches(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  const matchLabels = isMapping(selector['matchLabels']) ? selector['matchLabels'] : {};
  for (const [key, wanted] of Object.entries(matchLabels)) {
    if (labels[key] !== wanted) return false;
  }
  for (const [, expression] of mappingsOf(selector['matchExpressions'])) {
    const key = String(expression['key']);
    const values = Array.isArray(expression['values']) ? expression['values'] : [];
    const has = Object.hasOwn(labels, key);
    switch (expression['operator']) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

function mismatch(path: PathSegment[], selector: unknown, labels: Record<string, unknown>): PolicyFinding {
  return {
    path,
    message: `spec.selector ${JSON.stringify(selector)} does not match the template's labels ${JSON.stringify(labels)}: the workload would not own its own pods`,
  };
}
