/**
 * Pod Security "restricted" in an adoption. Where a pod or container says
 * nothing, it gets restricted's settings (rule pod-security-restricted-default):
 * the skeleton writes them for the pod and the app's container, the residual
 * patches for a container they add. What it says that restricted forbids
 * (hostNetwork, privileged, a hostPath volume, ...) is kept, since the app
 * needs it: the workload then carries the exemption from pod-security-restricted
 * with a reason naming what was kept, so that it still renders and `validate`
 * passes, and the choice of the namespace's level shows in review.
 */
import { podSecurityRestricted } from '../validate/policies/pod-security-restricted.ts';
import { EXEMPTION_PREFIX, type PathSegment } from '../vocabulary/issue.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { apiVersionOf, clone, containersOf, kindOf, podSpecOf, type Json } from './objects.ts';

export const POD_SECURITY_EXEMPTION = `${EXEMPTION_PREFIX}${podSecurityRestricted.id}`;

/** A container as adopt writes it: restricted's settings where it says nothing, what it says kept. */
export function withRestrictedDefaults(container: Json): Json {
  const copy = clone(container);
  const security = isMapping(copy.securityContext) ? copy.securityContext : {};
  const capabilities = isMapping(security.capabilities) ? security.capabilities : {};
  copy.securityContext = { ...security, allowPrivilegeEscalation: security.allowPrivilegeEscalation ?? false, capabilities: { ...capabilities, drop: capabilities.drop ?? ['ALL'] } };
  return copy;
}

export interface KeptFromRestricted {
  /** Where each kept setting is in the original workload, and what it is. */
  kept: { path: PathSegment[]; what: string }[];
  /** The reason the exemption gives. */
  reason: string;
}

/** What the workload keeps that restricted forbids, once adopt has given it restricted's settings where it said nothing; undefined when nothing. */
export function keptFromRestricted(workload: Json): KeptFromRestricted | undefined {
  const adopted = clone(workload);
  const pod = podSpecOf(adopted);
  const security = isMapping(pod.securityContext) ? pod.securityContext : {};
  pod.securityContext = { ...security, runAsNonRoot: security.runAsNonRoot ?? true, seccompProfile: security.seccompProfile ?? { type: 'RuntimeDefault' } };
  for (const list of ['containers', 'initContainers'] as const) {
    if (Array.isArray(pod[list])) pod[list] = containersOf(pod, list).map(withRestrictedDefaults);
  }
  const findings = podSecurityRestricted.check({ apiVersion: apiVersionOf(adopted) ?? '', kind: kindOf(adopted) ?? '', value: adopted, partial: false });
  if (findings.length === 0) return undefined;
  // A finding's message says what breaks the control before its `;`, and what restricted requires after it.
  const kept = findings.map((f) => ({ path: f.path, what: f.message.slice(0, f.message.indexOf(';')) }));
  return { kept, reason: `adopted keeping what the app needs and Pod Security "restricted" forbids: ${kept.map((k) => k.what).join(', ')}` };
}

/** A patch of the workload that exempts it, with the reason: the first of the residual patches of its environment. */
export function exemptionPatch(workload: Json, name: string, namespace: string, reason: string): Json {
  return { apiVersion: apiVersionOf(workload), kind: kindOf(workload), metadata: { name, namespace, annotations: { [POD_SECURITY_EXEMPTION]: reason } } };
}
