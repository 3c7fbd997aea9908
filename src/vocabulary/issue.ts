/**
 * A finding about an input or an output. Everything that checks something
 * (spec loading, schema validation, policies, kustomization checks) returns
 * these instead of throwing, so one reporter can print them all.
 */
export type Severity = 'error' | 'warning';

/** One step of a field path: a mapping key or a list index. */
export type PathSegment = string | number;

/** The gitops policies of `scaffold validate` (src/validate/policies/). */
const GITOPS_POLICY_IDS = ['qos-guaranteed', 'istio-proxy-guaranteed', 'irsa-role-arn', 'no-plain-secret', 'externalsecret-refresh', 'pod-security-restricted'] as const;

/** What the Kubernetes API server refuses (or warns about) that a schema cannot say (src/validate/checks/). */
export const CHECK_IDS = [
  'object-name',
  'label-syntax',
  'annotation-syntax',
  'selector-match',
  'container-name',
  'container-port-name',
  'container-port-duplicate',
  'env-duplicate',
  'volume-mount',
  'resource-requirements',
  'service-ports',
  'ingress-path',
  'cronjob-schedule',
  'service-target-port',
] as const;

/** The annotation an object exempts itself from a rule with: `ignore-check.scaffold.dev/<rule-id>: "<reason>"`. */
export const EXEMPTION_PREFIX = 'ignore-check.scaffold.dev/';

/**
 * Every rule a user may turn off (`--skip-policy`, the organisation config) or
 * exempt an object from (`ignore-check.scaffold.dev/<id>`): the policies, then
 * the API server checks. The one list of these ids.
 */
export const POLICY_IDS = [...GITOPS_POLICY_IDS, ...CHECK_IDS] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

/** What produced a finding. */
export type Rule =
  // The command line and the inputs it names.
  | 'usage'
  | 'input'
  | 'read'
  | 'syntax'
  // App specs, the organisation config, skeletons and the user's own files beside them.
  | 'spec'
  | 'config'
  | 'skeleton'
  | 'user-patch'
  // Kubernetes objects and kustomizations against their schemas.
  | 'schema'
  | 'missing-schema'
  | 'removed-api'
  | 'unserved-api'
  | 'deprecated-api'
  | 'kustomization'
  | 'json-patch'
  // An ignore-check.scaffold.dev/<id> annotation without a reason, or naming no rule.
  | 'exemption'
  // `validate --build`: a kustomization Kustomize could not build.
  | 'build'
  // Schema import.
  | 'openapi'
  | 'crd'
  // Writing: files scaffold may not touch, and writes that failed.
  | 'hand-edited'
  | 'not-generated'
  | 'conflict'
  | 'outside-root'
  | 'link'
  | 'output'
  // Adoption of hand-written apps, and kubernetes-external-secrets migrated to External Secrets.
  | 'adopt'
  | 'migrate'
  // Capacity planning.
  | 'capacity'
  | 'overlay'
  | 'prices'
  // A bug: an exception no stage expected.
  | 'internal'
  | PolicyId;

export interface Issue {
  severity: Severity;
  rule: Rule;
  message: string;
  /** File the finding is about, as given by the user (or the planned output path). */
  file?: string;
  /** 1-based line and column of the offending node, where known. */
  line?: number;
  column?: number;
  /** Line where the Kubernetes object the finding is about starts (its document, or its item of a List). */
  documentLine?: number;
  /** Field path in dot/bracket notation: `spec.template.spec.containers[0].image`. */
  path?: string;
  apiVersion?: string;
  kind?: string;
  name?: string;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Turns JSON-pointer-like segments into `a.b[0].c`, quoting keys that are not plain identifiers. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * A JSON pointer (ajv's instancePath) as path segments. A segment is a list index
 * only where the document holds a list there, so a mapping key such as "0" stays a key.
 */
export function pointerToPath(pointer: string, document: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
    const segment = Array.isArray(node) ? Number(key) : key;
    path.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

/** The segments of a path formatPath wrote (`a.b[0]["x.y"]`), the inverse of formatPath; text it did not write ends the path there. */
export function parsePath(formatted: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const token = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z_][A-Za-z0-9_-]*)/y;
  while (token.lastIndex < formatted.length) {
    const m = token.exec(formatted);
    if (m === null) break;
    segments.push(m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? (JSON.parse(m[2]) as string) : m[3]!);
  }
  return segments;
}
