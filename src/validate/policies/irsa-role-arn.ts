/**
 * IRSA: a ServiceAccount's `eks.amazonaws.com/role-arn` annotation must be an
 * IAM role ARN. EKS does not check it; a typo only shows at run time, as AWS
 * calls failing with the node's role or none. The same holds for the role of an
 * EKS Pod Identity association (the ACK PodIdentityAssociation's spec.roleARN).
 */
import type { ObjectPolicy } from './policy.ts';
import { mappingAt } from './policy.ts';

const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

// Partition, 12-digit account, then role/ with an optional IAM path; role names are at most 64 of [\w+=,.@-].
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export const irsaRoleArn: ObjectPolicy = {
  id: 'irsa-role-arn',
  summary: `a ServiceAccount's ${ROLE_ARN_ANNOTATION} annotation, and a PodIdentityAssociation's spec.roleARN, is an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>`,
  check({ apiVersion, kind, value }) {
    if (kind === 'ServiceAccount') return roleArnAt(value, ['metadata', 'annotations', ROLE_ARN_ANNOTATION]);
    if (kind === 'PodIdentityAssociation' && apiVersion.startsWith('eks.services.k8s.aws/')) return roleArnAt(value, ['spec', 'roleARN']);
    return [];
  },
};

function roleArnAt(value: Record<string, unknown>, path: [string, ...string[]]) {
  let parent: Record<string, unknown> | undefined = value;
  for (const key of path.slice(0, -1)) parent = mappingAt(parent, key);
  const arn = parent?.[path.at(-1)!];
  if (arn === undefined || arn === null) return [];
  if (typeof arn === 'string' && ROLE_ARN.test(arn)) return [];
  return [{ path, message: `must be an IAM role ARN such as arn:aws:iam::111122223333:role/checkout, got ${JSON.stringify(arn)}${hint(arn)}` }];
}

/** The usual ways an ARN goes wrong, named, so the fix is obvious. */
function hint(arn: unknown): string {
  if (typeof arn !== 'string') return '';
  if (arn !== arn.trim()) return ' (it has leading or trailing spaces)';
  const account = /^arn:[^:]*:iam::([^:]*):/.exec(arn)?.[1];
  if (account !== undefined && !/^\d{12}$/.test(account)) return ` (the account id "${account}" is not 12 digits)`;
  if (/^arn:[^:]*:iam::\d{12}:(user|group|policy|instance-profile)\//.test(arn)) return ' (pods assume a role, not a user, group, policy or instance profile)';
  if (/^arn:[^:]*:iam:[^:]+:/.test(arn)) return ' (IAM ARNs have no region: arn:aws:iam::<account>:role/<name>)';
  return '';
}
