/**
 * API versions a cluster does not serve: a manifest written for an old
 * cluster (or copied from an old blog post) gets the replacement named
 * instead of a bare "no schema". Kubernetes' own APIs are judged against the
 * target minor from the bundled served table (apiLifecycle.ts); the APIs of
 * add-ons scaffold knows (External Secrets, Kustomize), whose history no
 * bundled document holds, are kept by hand below. Removed or not yet served
 * is an error whatever the schemas say; deprecated still validates, with a
 * warning.
 */
import type { Rule, Severity } from '../vocabulary/issue.ts';
import { apiLifecycle, apiLifecycleMessage, type KubernetesTarget } from './apiLifecycle.ts';

export interface ApiVersionFinding {
  severity: Severity;
  rule: Extract<Rule, 'removed-api' | 'deprecated-api' | 'unserved-api'>;
  message: string;
}

interface Entry {
  apiVersion: string;
  /** Kinds it applies to; every kind of the apiVersion when absent. */
  kinds?: readonly string[];
  /** The apiVersion to use instead. */
  replacement: string;
  /** Where and when it went, and anything the move needs beyond changing apiVersion. */
  note: string;
  /** What is wrong with it, when not that it is no longer served. */
  verb?: string;
}

const ES_KINDS = ['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'ClusterExternalSecret'];

/** HAND TABLE: add-on APIs that are gone, which no bundled Kubernetes document knows. */
const ENTRIES: readonly Entry[] = [
  { apiVersion: 'external-secrets.io/v1beta1', kinds: ES_KINDS, replacement: 'external-secrets.io/v1', note: 'deprecated by External Secrets Operator 0.16 and no longer served from 0.17' },
  { apiVersion: 'external-secrets.io/v1alpha1', kinds: ES_KINDS, replacement: 'external-secrets.io/v1', note: 'no longer served by External Secrets Operator' },
  { apiVersion: 'kubernetes-client.io/v1', kinds: ['ExternalSecret'], replacement: 'external-secrets.io/v1', note: 'kubernetes-external-secrets (GoDaddy) is retired; External Secrets Operator replaces it: spec.backendType and spec.data[].key/name become spec.secretStoreRef (a SecretStore for the AWS provider) and spec.data[].remoteRef.key/secretKey' },
  { apiVersion: 'kustomize.config.k8s.io/v1beta1', kinds: ['Component'], replacement: 'kustomize.config.k8s.io/v1alpha1', verb: 'is not something Kustomize reads', note: 'a Component is kustomize.config.k8s.io/v1alpha1' },
  { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kinds: ['Kustomization'], replacement: 'kustomize.config.k8s.io/v1beta1', verb: 'is not something Kustomize reads', note: 'a Kustomization is kustomize.config.k8s.io/v1beta1' },
];

/**
 * What is wrong with an apiVersion/kind in the target cluster: removed, not
 * yet served, or deprecated; undefined for a current one, and for kinds
 * nothing is known of (a CRD's). Without a target, Kubernetes' own APIs are
 * not judged.
 */
export function apiVersionFinding(apiVersion: string, kind: string, kubernetes: KubernetesTarget | undefined): ApiVersionFinding | undefined {
  if (kubernetes === undefined) return findingOf(apiVersion, kind, undefined);
  // A run meets the same few kinds thousands of times: each is judged once per target.
  let known = findings.get(kubernetes);
  if (known === undefined) findings.set(kubernetes, (known = new Map()));
  const key = `${apiVersion}/${kind}`;
  if (!known.has(key)) known.set(key, findingOf(apiVersion, kind, kubernetes));
  return known.get(key);
}

const findings = new WeakMap<KubernetesTarget, Map<string, ApiVersionFinding | undefined>>();

function findingOf(apiVersion: string, kind: string, kubernetes: KubernetesTarget | undefined): ApiVersionFinding | undefined {
  const entry = ENTRIES.find((e) => e.apiVersion === apiVersion && (e.kinds === undefined || e.kinds.includes(kind)));
  if (entry !== undefined) {
    return { severity: 'error', rule: 'removed-api', message: `${apiVersion} ${kind} ${entry.verb ?? 'is no longer served'} (${entry.note}): use ${entry.replacement}` };
  }
  if (kubernetes === undefined) return undefined;
  const lifecycle = apiLifecycle(kubernetes.served, apiVersion, kind, kubernetes.version);
  const message = apiLifecycleMessage(apiVersion, kind, lifecycle, kubernetes.version);
  if (message === undefined) return undefined;
  switch (lifecycle.status) {
    case 'removed':
      return { severity: 'error', rule: 'removed-api', message };
    case 'not-yet-served':
      return { severity: 'error', rule: 'unserved-api', message };
    default:
      return { severity: 'warning', rule: 'deprecated-api', message };
  }
}
