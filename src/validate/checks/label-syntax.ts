/**
 * Labels and label selectors by their grammar: a key is a qualified name (an
 * optional DNS-1123 subdomain prefix and '/', then at most 63 characters of
 * alphanumerics, '-', '_', '.'), a value is empty or at most 63 such
 * characters, starting and ending alphanumeric. `app: My App` is refused, and
 * so is a 64-character value, such as a long name copied into a label.
 * Selector expressions need values for In and NotIn and none for Exists and
 * DoesNotExist.
 */
import type { PathSegment } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { isBuiltinGroup, isNeverApplied, labelValueProblems, qualifiedNameProblems } from './grammar.ts';
import { metadataBlocks } from './metadata.ts';
import { atPodSeverity, mappingsOf, workloadPodSpec } from './pods.ts';

const LABEL_SELECTOR_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'PodDisruptionBudget']);
const MAP_SELECTOR_KINDS = new Set(['Service', 'ReplicationController']);
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export const labelSyntax: ApiServerCheck = {
  id: 'label-syntax',
  summary: 'label keys are qualified names and values at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric, in metadata, pod templates and selectors',
  severity: 'error',
  source: 'ValidateLabels, ValidateLabelSelector and ValidateLabelSelectorRequirement in staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go, called by ValidateObjectMeta, ValidatePodTemplateSpec and ValidateService in pkg/apis/core/validation/validation.go',
  check({ apiVersion, kind, value }) {
    if (isNeverApplied(apiVersion)) return [];
    const findings: PolicyFinding[] = [];
    for (const block of metadataBlocks(kind, value)) findings.push(...labelMapFindings(block.metadata['labels'], [...block.path, 'labels']));
    const spec = mappingAt(value, 'spec');
    if (spec === undefined || !isBuiltinGroup(apiVersion)) return findings;
    if (MAP_SELECTOR_KINDS.has(kind)) findings.push(...labelMapFindings(spec['selector'], ['spec', 'selector']));
    if (LABEL_SELECTOR_KINDS.has(kind)) findings.push(...selectorFindings(spec['selector'], ['spec', 'selector']));
    if (kind === 'NetworkPolicy') findings.push(...networkPolicySelectors(spec));
    const pod = workloadPodSpec(kind, value);
    if (pod !== undefined) findings.push(...atPodSeverity(pod, podSelectors(pod.spec, pod.path)));
    return findings;
  },
};

/** A map of labels (metadata.labels, a Service's selector): each key and value. */
function labelMapFindings(labels: unknown, path: PathSegment[]): PolicyFinding[] {
  if (!isMapping(labels)) return [];
  const findings: PolicyFinding[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const keyProblems = qualifiedNameProblems(key);
    if (keyProblems.length > 0) findings.push({ path: [...path, key], message: `label key ${JSON.stringify(key)} is not a qualified name: ${keyProblems.join('; ')}` });
    if (typeof value !== 'string') continue;
    const valueProblems = labelValueProblems(value);
    if (valueProblems.length > 0) findings.push({ path: [...path, key], message: `label value ${JSON.stringify(value)} is invalid: ${valueProblems.join('; ')}` });
  }
  return findings;
}

/** A LabelSelector: matchLabels as labels, matchExpressions by operator, key and values. */
function selectorFindings(selector: unknown, path: PathSegment[]): PolicyFinding[] {
  if (!isMapping(selector)) return [];
  const findings = labelMapFindings(selector['matchLabels'], [...path, 'matchLabels']);
  for (const [i, expression] of mappingsOf(selector['matchExpressions'])) {
    const at = [...path, 'matchExpressions', i];
    const { key, operator, values } = expression;
    const given = Array.isArray(values) ? values : [];
    if (typeof operator === 'string' && !OPERATORS.includes(operator)) {
      findings.push({ path: [...at, 'operator'], message: `"${operator}" is not a valid selector operator: use In, NotIn, Exists or DoesNotExist` });
    } else if ((operator === 'In' || operator === 'NotIn') && given.length === 0) {
      findings.push({ path: at, message: `values must be given when the operator is ${operator}` });
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && given.length > 0) {
      findings.push({ path: [...at, 'values'], message: `values may not be given when the operator is ${operator}` });
    }
    if (typeof key === 'string') {
      const problems = qualifiedNameProblems(key);
      if (problems.length > 0) findings.push({ path: [...at, 'key'], message: `selector key ${JSON.stringify(key)} is not a qualified name: ${problems.join('; ')}` });
    }
    given.forEach((v: unknown, j) => {
      if (typeof v !== 'string') return;
      const problems = labelValueProblems(v);
      if (problems.length > 0) findings.push({ path: [...at, 'values', j], message: `selector value ${JSON.stringify(v)} is not a valid label value: ${problems.join('; ')}` });
    });
  }
  return findings;
}

function networkPolicySelectors(spec: Record<string, unknown>): PolicyFinding[] {
  const findings = selectorFindings(spec['podSelector'], ['spec', 'podSelector']);
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    for (const [i, rule] of mappingsOf(spec[direction])) {
      for (const [j, peer] of mappingsOf(rule[peers])) {
        for (const selector of ['podSelector', 'namespaceSelector']) findings.push(...selectorFindings(peer[selector], ['spec', direction, i, peers, j, selector]));
      }
    }
  }
  return findings;
}

/** Pod (anti-)affinity terms and topology spread constraints select pods by label. */
function podSelectors(spec: Record<string, unknown>, path: PathSegment[]): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const affinity = mappingAt(spec, 'affinity');
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const terms = mappingAt(affinity, kind);
    if (terms === undefined) continue;
    const at = [...path, 'affinity', kind];
    for (const [i, term] of mappingsOf(terms['requiredDuringSchedulingIgnoredDuringExecution'])) {
      for (const selector of ['labelSelector', 'namespaceSelector']) findings.push(...selectorFindings(term[selector], [...at, 'requiredDuringSchedulingIgnoredDuringExecution', i, selector]));
    }
    for (const [i, weighted] of mappingsOf(terms['preferredDuringSchedulingIgnoredDuringExecution'])) {
      const term = mappingAt(weighted, 'podAffinityTerm');
      if (term === undefined) continue;
      for (const selector of ['labelSelector', 'namespaceSelector']) findings.push(...selectorFindings(term[selector], [...at, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm', selector]));
    }
  }
  for (const [i, constraint] of mappingsOf(spec['topologySpreadConstraints'])) {
    findings.push(...selectorFindings(constraint['labelSelector'], [...path, 'topologySpreadConstraints', i, 'labelSelector']));
  }
  return findings;
}
