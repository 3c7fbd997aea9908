import { externalSecretRefresh } from './externalsecret-refresh.ts';
import { irsaRoleArn } from './irsa-role-arn.ts';
import { istioProxyGuaranteed } from './istio-proxy-guaranteed.ts';
import { noPlainSecret } from './no-plain-secret.ts';
import type { Policy } from './policy.ts';
import { qosGuaranteed } from './qos-guaranteed.ts';

export type { Policy, PolicyFinding, PolicySubject } from './policy.ts';

/** Every policy, in the order their findings are reported and documented. */
export const POLICIES: readonly Policy[] = [qosGuaranteed, istioProxyGuaranteed, irsaRoleArn, noPlainSecret, externalSecretRefresh];
