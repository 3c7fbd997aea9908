/** Kubernetes objects as adoption reads them: plain values, where each came from, and how to name one. */
import { matches } from '../validate/checks/selector-match.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import type { SourceDocument } from '../yamlSource/parse.ts';

export type Json = Record<string, unknown>;

export interface SourceObject {
  value: Json;
  /** The file it was read from, as shown; or the Kustomize root it was built from. */
  file: string;
  /** The line its document (or List item) starts on; absent for objects a Kustomize build printed. */
  line?: number;
  /** Positions of its fields, for an object read from a file. */
  locate?: SourceDocument['locate'];
  /** The path inside the document where the object is (an item of a List). */
  at?: (string | number)[];
}

export const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'CronJob'] as const;
export type AdoptedWorkloadKind = (typeof WORKLOAD_KINDS)[number];
/** Kinds that run pods, which no skeleton renders: naming one is refused with the reason. */
export const OTHER_POD_KINDS = ['StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job', 'Pod'];

export function kindOf(object: Json): string {
  return typeof object.kind === 'string' ? object.kind : '';
}

export function apiVersionOf(object: Json): string {
  return typeof object.apiVersion === 'string' ? object.apiVersion : '';
}

/** The API group of an object (`apps`, `` for the core group). */
export function groupOf(object: Json): string {
  const apiVersion = apiVersionOf(object);
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

export function metadataOf(object: Json): Json {
  return isMapping(object.metadata) ? object.metadata : {};
}

export function nameOf(object: Json): string {
  const name = metadataOf(object).name;
  return typeof name === 'string' ? name : '';
}

export function namespaceOf(object: Json): string | undefined {
  const namespace = metadataOf(object).namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/** `Deployment/adservice`, as messages and reports name an object. */
export function describeObject(object: Json): string {
  return `${kindOf(object) || '(no kind)'}/${nameOf(object) || '(no name)'}`;
}

export function isWorkload(object: Json): boolean {
  return (WORKLOAD_KINDS as readonly string[]).includes(kindOf(object)) || OTHER_POD_KINDS.includes(kindOf(object));
}

/** The pod template of a workload, or undefined for anything else. */
export function podTemplateOf(object: Json): Json | undefined {
  const spec = isMapping(object.spec) ? object.spec : undefined;
  if (!spec) return undefined;
  if (kindOf(object) === 'CronJob') {
    const job = isMapping(spec.jobTemplate) ? spec.jobTemplate : undefined;
    const jobSpec = job && isMapping(job.spec) ? job.spec : undefined;
    return jobSpec && isMapping(jobSpec.template) ? jobSpec.template : undefined;
  }
  if (kindOf(object) === 'Pod') return object;
  return isMapping(spec.template) ? spec.template : undefined;
}

export function podSpecOf(object: Json): Json {
  const template = podTemplateOf(object);
  return template && isMapping(template.spec) ? template.spec : {};
}

export function podLabelsOf(object: Json): Record<string, string> {
  const template = podTemplateOf(object);
  const labels = template ? metadataOf(template).labels : undefined;
  return isMapping(labels) ? (labels as Record<string, string>) : {};
}

export function containersOf(podSpec: Json, field: 'containers' | 'initContainers' = 'containers'): Json[] {
  const list = podSpec[field];
  return Array.isArray(list) ? list.filter(isMapping) : [];
}

/** Whether every pair of a selector's map is among `labels` (an empty selector selects nothing here). */
export function selects(selector: unknown, labels: Record<string, string>): boolean {
  if (!isMapping(selector)) return false;
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([k, v]) => labels[k] === v);
}

/**
 * A label selector against labels, as the API server matches it; an empty selector, or one
 * with an operator it does not know, selects nothing here.
 */
export function labelSelectorSelects(selector: unknown, labels: Record<string, string>): boolean {
  if (!isMapping(selector)) return false;
  const matchLabels = isMapping(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isMapping) : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  if (expressions.some((e) => !SELECTOR_OPERATORS.includes(String(e.operator)))) return false;
  return matches(selector, labels);
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A deep copy of plain data. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Annotations Kustomize's buildMetadata stamps on what it builds: where each object came from, not part of it. */
const BUILD_ANNOTATIONS = ['config.kubernetes.io/origin', 'alpha.config.kubernetes.io/transformations'];

/** An object as built, without the annotations a build with origins adds. */
export function withoutBuildMetadata(object: Json): Json {
  const metadata = metadataOf(object);
  if (!isMapping(metadata.annotations) || !BUILD_ANNOTATIONS.some((a) => Object.hasOwn(metadata.annotations as Json, a))) return object;
  const annotations = Object.fromEntries(Object.entries(metadata.annotations).filter(([k]) => !BUILD_ANNOTATIONS.includes(k)));
  const { annotations: _dropped, ...rest } = metadata;
  return { ...object, metadata: Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest };
}
