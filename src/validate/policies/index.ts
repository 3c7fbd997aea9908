import { API_SERVER_CHECKS } from '../checks/index.ts';
import { externalSecretRefresh } from './externalsecret-refresh.ts';
import { irsaRoleArn } from './irsa-role-arn.ts';
import { istioProxyGuaranteed } from './istio-proxy-guaranteed.ts';
import { noPlainSecret } from './no-plain-secret.ts';
import { podSecurityRestricted } from './pod-security-restricted.ts';
import type { ObjectPolicy, Policy } from './policy.ts';
import { qosGuaranteed } from './qos-guaranteed.ts';

export type { InputFact, InputFinding, InputPolicy, ObjectPolicy, Policy, PolicyFinding, PolicySubject } from './policy.ts';
export { isObjectPolicy } from './policy.ts';

/** The gitops policies: what a gitops repository on EKS must hold to, beyond what the API server accepts. */
export const GITOPS_POLICIES: readonly ObjectPolicy[] = [qosGuaranteed, istioProxyGuaranteed, irsaRoleArn, noPlainSecret, externalSecretRefresh, podSecurityRestricted];

/**
 * Every rule `validate` runs beyond the schemas, in the order of POLICY_IDS
 * (src/vocabulary/issue.ts): the gitops policies, then the API server checks.
 * The one list --skip-policy, --help, the SARIF rules and exemptions read.
 */
export const POLICIES: readonly Policy[] = [...GITOPS_POLICIES, ...API_SERVER_CHECKS];
