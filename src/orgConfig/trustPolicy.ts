/**
 * The IAM trust policy an app's role needs, from the resolved app: who may
 * assume the role. An IAM role is one per account, so the policy covers every
 * environment whose role ARN is the same, of this app (alpha and staging in one
 * account share the role) and of any other app that names the same role:
 * printing one's alone would lock the others out when applied.
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
  /** The other apps whose ServiceAccounts assume the same role, in name order. */
  sharedWith: string[];
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
 * config's provider per environment (the --oidc-provider flag). `others` are
 * the repository's other apps: those naming the same role are trusted too.
 */
export function trustPolicy(
  app: ResolvedApp,
  envName: string,
  oidcProviders: Readonly<Record<string, string>> = {},
  others: readonly ResolvedApp[] = [],
): RoleTrust | { problems: TrustProblem[] } {
  const identity = app.spec.environments[envName]?.identity;
  if (!identity) {
    return { problems: [{ environment: envName, field: 'identity', message: `${app.metadata.name} has no AWS role in ${envName}: set spec.irsa or spec.podIdentity` }] };
  }
  const sharing: Sharing[] = [app, ...others].flatMap((a) =>
    Object.entries(a.spec.environments)
      .filter(([, env]) => env.identity?.roleArn === identity.roleArn)
      .sort(([x], [y]) => compareCodeUnits(x, y))
      .map(([name, env]) => ({ app: a, name, env, serviceAccount: `${a.spec.namespace}:${a.metadata.name}` })),
  );
  const problems: TrustProblem[] = [];
  const statements: TrustStatement[] = [];

  const irsa = sharing.filter((s) => s.env.identity!.kind === 'irsa');
  const providers = new Map<string, Set<string>>();
  for (const { name, env, serviceAccount } of irsa) {
    const given = oidcProviders[name] ?? env.oidcProvider;
    if (given === undefined) {
      if (!problems.some((p) => p.environment === name)) {
        problems.push({
          environment: name,
          field: 'oidcProvider',
          message: `IRSA in ${name} needs the cluster's OIDC provider: set environments.${name}.oidcProvider in .scaffold.yaml${name === envName ? ', or pass --oidc-provider' : ''}`,
        });
      }
      continue;
    }
    const provider = issuerHost(given);
    providers.set(provider, (providers.get(provider) ?? new Set()).add(serviceAccount));
  }
  if (problems.length > 0) return { problems };
  for (const [provider, serviceAccounts] of providers) statements.push(irsaStatement(provider, irsa[0]!.env, sorted(serviceAccounts)));

  // The namespace and the ServiceAccount are two tags: listing both in one statement would trust
  // every listed namespace's ServiceAccount of every listed name, so each ServiceAccount has its own.
  const podIdentity = new Map<string, Set<string>>();
  for (const { env, serviceAccount } of sharing.filter((s) => s.env.identity!.kind === 'podIdentity')) {
    podIdentity.set(serviceAccount, (podIdentity.get(serviceAccount) ?? new Set()).add(env.cluster!));
  }
  sorted(podIdentity.keys()).forEach((serviceAccount, i) => statements.push(podIdentityStatement(i, [...podIdentity.get(serviceAccount)!], serviceAccount)));
  return {
    roleArn: identity.roleArn,
    roleName: identity.roleName,
    environments: sorted(sharing.filter((s) => s.app === app).map((s) => s.name)),
    sharedWith: sorted(new Set(sharing.filter((s) => s.app !== app).map((s) => s.app.metadata.name))),
    policy: { Version: '2012-10-17', Statement: statements },
  };
}

/** An environment, of this app or another, whose role is the one asked for. */
interface Sharing {
  app: ResolvedApp;
  name: string;
  env: ResolvedEnvironment;
  /** `<namespace>:<name>`. */
  serviceAccount: string;
}

const sorted = (values: Iterable<string>) => [...values].sort(compareCodeUnits);

/** The issuer as IAM names it: no scheme, no trailing slash. */
export function issuerHost(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

function irsaStatement(provider: string, env: ResolvedEnvironment, serviceAccounts: readonly string[]): TrustStatement {
  const subjects = serviceAccounts.map((sa) => `system:serviceaccount:${sa}`);
  return {
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${env.awsAccountId}:oidc-provider/${provider}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${provider}:aud`]: STS_AUDIENCE,
        [`${provider}:sub`]: subjects.length === 1 ? subjects[0]! : subjects,
      },
    },
  };
}

/** Statement ids are unique in a policy: the second ServiceAccount's statement is ...PodIdentity2. */
function podIdentityStatement(index: number, clusters: string[], serviceAccount: string): TrustStatement {
  const [namespace, name] = serviceAccount.split(':') as [string, string];
  return {
    Sid: `AllowEksAuthToAssumeRoleForPodIdentity${index === 0 ? '' : index + 1}`,
    Effect: 'Allow',
    Principal: { Service: POD_IDENTITY_PRINCIPAL },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      StringEquals: {
        'aws:RequestTag/eks-cluster-name': clusters.length === 1 ? clusters[0]! : clusters,
        'aws:RequestTag/kubernetes-namespace': namespace,
        'aws:RequestTag/kubernetes-service-account': name,
      },
    },
  };
}
