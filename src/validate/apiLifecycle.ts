/**
 * Whether a Kubernetes minor serves an apiVersion/kind, and if not, since
 * when and what to use instead: answered from the bundled served table
 * (src/schemas/servedTable.ts), which says for each apiVersion/kind which
 * minors serve it. Two things the table cannot say are kept by hand, below,
 * and nothing else:
 * - APIs removed before the oldest bundled minor (no bundled document ever
 *   served them, so the data has no trace of them), with the migration note
 *   a bare apiVersion change would not be enough without;
 * - which group took over the kinds of a group that went away (extensions).
 *
 * Deprecation: the official documents carry no deprecation marker on an API
 * version (no `deprecated` on operations, no x-kubernetes-* extension); the
 * API server announces it in a response header. What the data does give:
 * - a later bundled minor no longer serves the apiVersion/kind while the
 *   target already serves a newer version of the same kind: it is
 *   superseded and going, and the minor that dropped it is its removal
 *   version. An alpha that simply disappears without a successor in the
 *   target (resource.k8s.io/v1alpha2 in 1.30) is not called deprecated:
 *   nothing says it was, and there is nothing to move to yet;
 * - a kind's own description says "Deprecated: ..." (ComponentStatus,
 *   Endpoints from 1.33), with no removal version.
 * For the newest bundled minor only the second can apply.
 */
import { compareMinors, type ServedTable } from '../schemas/servedTable.ts';

export type ApiLifecycle =
  | { status: 'served' }
  | {
      status: 'deprecated';
      /** The first bundled minor after the target that no longer serves it; absent when no bundled minor drops it. */
      removedIn?: string;
      replacement?: string;
      /** The deprecation sentence of the kind's description, when it has one. */
      note?: string;
    }
  | {
      status: 'removed';
      removedIn: string;
      replacement?: string;
      /** `bundled`: read from the served table; `before-bundled`: from the hand table of older removals. */
      source: 'bundled' | 'before-bundled';
      /** What to do instead where no apiVersion replaces it (hand table only). */
      note?: string;
    }
  | { status: 'not-yet-served'; servedFrom: string }
  /** Not a built-in Kubernetes API the table or the hand table knows (a CRD's kind, a typo), or a minor that is not bundled. */
  | { status: 'unknown' };

/** The Kubernetes minor a check is about, and what the bundled minors serve. */
export interface KubernetesTarget {
  version: string;
  served: ServedTable;
}

export interface RemovedBeforeBundled {
  apiVersion: string;
  /** Every kind of the apiVersion when absent. */
  kinds?: readonly string[];
  removedIn: string;
  /** What the move takes besides a new apiVersion, or what to do where there is none. */
  note?: string;
}

const RBAC = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const SELECTOR_NOTE = 'apps/v1 requires spec.selector';
const INGRESS_NOTE = 'backends are written service.name/service.port in v1';
const PSP_NOTE = 'PodSecurityPolicy has no successor API: use Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce)';

/**
 * HAND TABLE: Kubernetes API versions removed before the oldest bundled minor
 * (1.30), from the Kubernetes deprecated API migration guide. Replacements
 * are not written here: they are read from the served table of the target.
 */
export const REMOVED_BEFORE_BUNDLED: readonly RemovedBeforeBundled[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', note: SELECTOR_NOTE },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', note: PSP_NOTE },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', note: INGRESS_NOTE },
  { apiVersion: 'apps/v1beta1', removedIn: '1.16', note: SELECTOR_NOTE },
  { apiVersion: 'apps/v1beta2', removedIn: '1.16', note: SELECTOR_NOTE },
  { apiVersion: 'scheduling.k8s.io/v1alpha1', kinds: ['PriorityClass'], removedIn: '1.17' },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], removedIn: '1.21' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress'], removedIn: '1.22', note: INGRESS_NOTE },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['IngressClass'], removedIn: '1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: RBAC, removedIn: '1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: RBAC, removedIn: '1.22' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], removedIn: '1.22', note: 'v1 requires a structural schema per version' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: '1.22' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], removedIn: '1.22' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], removedIn: '1.22' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: '1.22' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removedIn: '1.22' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: '1.22' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25', note: 'in policy/v1 an empty selector selects every pod of the namespace' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', note: PSP_NOTE },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', removedIn: '1.26' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', removedIn: '1.29' },
];

/**
 * HAND TABLE: groups that went away, and the groups their kinds moved to.
 * A removed kind's replacement is looked up in its own group first, then in
 * these, and only where the target serves the kind.
 */
const SUCCESSOR_GROUPS: Readonly<Record<string, readonly string[]>> = {
  extensions: ['apps', 'networking.k8s.io', 'policy'],
};

/** What `target` (a bundled minor, `1.32`) makes of `apiVersion` `kind`. */
export function apiLifecycle(table: ServedTable, apiVersion: string, kind: string, target: string): ApiLifecycle {
  if (!table.versions.includes(target)) return { status: 'unknown' };
  const key = `${apiVersion}/${kind}`;
  const servedIn = table.kinds[key] ?? [];
  if (servedIn.includes(target)) return servedStatus(table, apiVersion, kind, target);

  const before = servedIn.filter((v) => compareMinors(v, target) < 0);
  if (before.length > 0) {
    const lastServed = before.at(-1)!;
    const removedIn = table.versions[table.versions.indexOf(lastServed) + 1]!;
    return withReplacement({ status: 'removed', removedIn, source: 'bundled' }, replacementFor(table, apiVersion, kind, target));
  }
  const later = servedIn.find((v) => compareMinors(v, target) > 0);
  if (later !== undefined) return { status: 'not-yet-served', servedFrom: later };

  const old = REMOVED_BEFORE_BUNDLED.find((e) => e.apiVersion === apiVersion && (e.kinds === undefined || e.kinds.includes(kind)));
  if (old !== undefined) {
    const removed: ApiLifecycle = { status: 'removed', removedIn: old.removedIn, source: 'before-bundled', ...(old.note === undefined ? {} : { note: old.note }) };
    return withReplacement(removed, replacementFor(table, apiVersion, kind, target));
  }
  return { status: 'unknown' };
}

function servedStatus(table: ServedTable, apiVersion: string, kind: string, target: string): ApiLifecycle {
  const servedIn = table.kinds[`${apiVersion}/${kind}`]!;
  const removedIn = table.versions.find((v) => compareMinors(v, target) > 0 && !servedIn.includes(v));
  const described = table.deprecations[`${apiVersion}/${kind}`];
  const note = described?.versions.includes(target) ? described.note : undefined;
  // Most documents are of an API no bundled minor drops: the replacement is looked for only when one does.
  const replacement = removedIn === undefined && note === undefined ? undefined : replacementFor(table, apiVersion, kind, target);
  // Going away with nothing newer served yet is no deprecation the data shows (see the module comment).
  const superseded = removedIn !== undefined && replacement !== undefined;
  if (!superseded && note === undefined) return { status: 'served' };
  return {
    status: 'deprecated',
    ...(superseded ? { removedIn } : {}),
    ...(replacement === undefined ? {} : { replacement }),
    ...(note === undefined ? {} : { note }),
  };
}

function withReplacement<T extends ApiLifecycle>(lifecycle: T, replacement: string | undefined): T {
  return replacement === undefined ? lifecycle : { ...lifecycle, replacement };
}

/**
 * The apiVersion to use instead in `target`: of the kind's own group, the
 * newest version the target serves (by Kubernetes version priority: GA, then
 * beta, then alpha), else of a successor group; never the apiVersion itself,
 * nor one older than it.
 */
function replacementFor(table: ServedTable, apiVersion: string, kind: string, target: string): string | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  for (const candidateGroup of [group, ...(SUCCESSOR_GROUPS[group] ?? [])]) {
    const versions = Object.entries(table.kinds)
      .filter(([key, servedIn]) => servedIn.includes(target) && key.endsWith(`/${kind}`))
      .map(([key]) => splitApiVersion(key.slice(0, key.length - kind.length - 1)))
      .filter((candidate) => candidate.group === candidateGroup)
      .map((candidate) => candidate.version)
      .filter((candidate) => candidateGroup !== group || compareVersionPriority(candidate, version) > 0)
      .sort(compareVersionPriority);
    const newest = versions.at(-1);
    if (newest !== undefined) return candidateGroup === '' ? newest : `${candidateGroup}/${newest}`;
  }
  return undefined;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Kubernetes version priority, lowest first: `v1alpha1` < `v1alpha2` <
 * `v1beta1` < `v2beta1` < `v1` < `v2`; anything not of that form sorts
 * below them all, by name.
 */
export function compareVersionPriority(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (m === null) return undefined;
    const stability = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (ra === undefined || rb === undefined) return ra !== undefined ? 1 : rb !== undefined ? -1 : a < b ? -1 : a > b ? 1 : 0;
  return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
}

/**
 * One line for a finding: `flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema
 * was removed in 1.32: use flowcontrol.apiserver.k8s.io/v1`; undefined when
 * there is nothing to say (served, unknown).
 */
export function apiLifecycleMessage(apiVersion: string, kind: string, lifecycle: ApiLifecycle, target: string): string | undefined {
  const what = `${apiVersion} ${kind}`;
  const use = (replacement: string | undefined) => (replacement === undefined ? '' : `: use ${replacement}`);
  switch (lifecycle.status) {
    case 'removed':
      return `${what} was removed in ${lifecycle.removedIn}${lifecycle.note === undefined ? '' : ` (${lifecycle.note})`}${use(lifecycle.replacement)}`;
    case 'deprecated': {
      // The API's own notes start "Deprecated:"; the message already says so.
      const note = lifecycle.note === undefined ? '' : ` (${lifecycle.note.replace(/^Deprecated:\s*/, '')})`;
      const removal = lifecycle.removedIn === undefined ? '' : ` and removed in ${lifecycle.removedIn} (${target} still serves it)`;
      return `${what} is deprecated${note}${removal}${use(lifecycle.replacement)}`;
    }
    case 'not-yet-served':
      return `${what} is not served by Kubernetes ${target}: it is served from ${lifecycle.servedFrom}`;
    default:
      return undefined;
  }
}
