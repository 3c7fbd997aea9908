/**
 * The IAM trust policy an app's role needs, from the resolved app: who may
 * assume the role. An IAM role is one per account, so the policy covers every
 * environment of the app whose role ARN is the same (alpha and staging in one
 * account share the role): printing one environment's alone would lock the
 * others out when applied.
 *
 * - IRSA (EKS user guide, "Assign IAM roles to Kubernetes service accounts"):
 *   the cluster's OIDC provider as a federated principal,
 *   `sts:AssumeRoleWithWebIdentity`, and conditions on the token's audience
 *   and subject (the app's ServiceAccount). One statement per OIDC provider.
 * - EKS Pod Identity ("Create IAM role with trust policy required by EKS Pod
 *   Identity"): the `pods.eks.amazonaws.com` service principal with
 *   `sts:AssumeRole` and `sts:TagSession`, conditioned on the session tags EKS
 *   sets: the cluster, the namespace and the ServiceAccount.
 */
import { compareCodeUnits } from '../vocabulary/order.ts';
import type { ResolvedApp, ResolvedEnvironment } from './resolve.ts';

export interface TrustPolicy {
  Version: '2012-10-17';
  Statement: TrustStatement[];
}

export interface TrustStatement {
  Sid?: string;
  Effect: 'Allow';
  Principal: { Federated: string } | { Service: string };
  Action: string | string[];
  Condition: { StringEquals: Record<string, string | string[]> };
}

export interface RoleTrust {
  roleArn: string;
  roleName: string;
  /** The environments the role serves (the one asked for among them), in name order. */
  environments: string[];
  policy: TrustPolicy;
}

/** What keeps a policy from being written: an environment and the field it lacks. */
export interface TrustProblem {
  environment: string;
  field: 'identity' | 'oidcProvider';
  message: string;
}

const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
const STS_AUDIENCE = 'sts.amazonaws.com';

/**
 * The trust policy of the role `envName` uses. `oidcProviders` overrides the
 * config's provider per environment (the --oidc-provider flag).
 */
export function trustPolicy(app: ResolvedApp, envName: string, oidcProviders: Readonly<Record<string, string>> = {}): RoleTrust | { problems: TrustProblem[] } {
  const identity = app.spec.environments[envName]?.identity;
  if (!identity) {
    return { problems: [{ environment: envName, field: 'identity', message: `${app.metadata.name} has no AWS role in ${envName}: set spec.irsa or spec.podIdentity` }] };
  }
  const sharing = Object.entries(app.spec.environments)
    .filter(([, env]) => env.identity?.roleArn === identity.roleArn)
    .sort(([a], [b]) => compareCodeUnits(a, b));
  const serviceAccount = { namespace: app.spec.namespace, name: app.metadata.name };
  const problems: TrustProblem[] = [];
  const statements: TrustStatement[] = [];

  const irsa = sharing.filter(([, env]) => env.identity!.kind === 'irsa');
  const providers = new Map<string, string[]>();
  for (const [name, env] of irsa) {
    const given = oidcProviders[name] ?? env.oidcProvider;
    if (given === undefined) {
      problems.push({
        environment: name,
        field: 'oidcProvider',
        message: `IRSA in ${name} needs the cluster's OIDC provider: set environments.${name}.oidcProvider in .scaffold.yaml${name === envName ? ', or pass --oidc-provider' : ''}`,
      });
      continue;
    }
    const provider = issuerHost(given);
    providers.set(provider, [...(providers.get(provider) ?? []), name]);
  }
  if (problems.length > 0) return { problems };
  for (const provider of providers.keys()) statements.push(irsaStatement(provider, irsa[0]![1], serviceAccount));

  const podIdentity = sharing.filter(([, env]) => env.identity!.kind === 'podIdentity');
  if (podIdentity.length > 0) {
    const clusters = [...new Set(podIdentity.map(([, env]) => env.cluster!))];
    statements.push(podIdentityStatement(clusters, serviceAccount));
  }
  return {
    roleArn: identity.roleArn,
    roleName: identity.roleName,
    environments: sharing.map(([name]) => name),
    policy: { Version: '2012-10-17', Statement: statements },
  };
}

/** The issuer as IAM names it: no scheme, no trailing slash. */
export function issuerHost(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

function irsaStatement(provider: string, env: ResolvedEnvironment, sa: { namespace: string; name: string }): TrustStatement {
  return {
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${env.awsAccountId}:oidc-provider/${provider}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${provider}:aud`]: STS_AUDIENCE,
        [`${provider}:sub`]: `system:serviceaccount:${sa.namespace}:${sa.name}`,
      },
    },
  };
}

function podIdentityStatement(clusters: string[], sa: { namespace: string; name: string }): TrustStatement {
  return {
    Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
    Effect: 'Allow',
    Principal: { Service: POD_IDENTITY_PRINCIPAL },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      StringEquals: {
        'aws:RequestTag/eks-cluster-name': clusters.length === 1 ? clusters[0]! : clusters,
        'aws:RequestTag/kubernetes-namespace': sa.namespace,
        'aws:RequestTag/kubernetes-service-account': sa.name,
      },
    },
  };
}
