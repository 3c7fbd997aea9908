import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { parseOrgConfig } from '../../src/orgConfig/load.ts';
import { resolveApp, type ResolvedApp } from '../../src/orgConfig/resolve.ts';
import { issuerHost, trustPolicy } from '../../src/orgConfig/trustPolicy.ts';
import { EXAMPLE_CONFIG } from '../support/orgConfig.ts';

const CONFIG = parseOrgConfig(EXAMPLE_CONFIG, '.scaffold.yaml').config!;
const ALPHA_OIDC = 'oidc.eks.ap-northeast-2.amazonaws.com/id/A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6';
const PROD_OIDC = 'oidc.eks.ap-northeast-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E';

function resolved(spec: Partial<AppSpec['spec']>, environments: AppSpec['spec']['environments'] = { alpha: { imageTag: 'v1' }, production: { imageTag: 'v2' } }): ResolvedApp {
  const result = resolveApp(
    { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name: 'checkout' }, spec: { skeleton: 'web', port: 8080, environments, ...spec } },
    { config: CONFIG, file: '.scaffold.yaml' },
  );
  if (!('app' in result)) throw new Error(JSON.stringify(result.problems));
  return result.app;
}

function policyOf(app: ResolvedApp, env: string, flags: Record<string, string> = {}) {
  const trust = trustPolicy(app, env, flags);
  if ('problems' in trust) throw new Error(JSON.stringify(trust.problems));
  return trust;
}

describe('IAM trust policies', () => {
  it('IRSA: the OIDC provider of the account, AssumeRoleWithWebIdentity, aud and sub of the ServiceAccount', () => {
    const trust = policyOf(resolved({ irsa: { roleName: 'checkout' } }), 'production');
    expect(trust.roleArn).toBe('arn:aws:iam::222222222222:role/checkout');
    expect(trust.environments).toEqual(['production']);
    expect(trust.policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::222222222222:oidc-provider/${PROD_OIDC}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${PROD_OIDC}:aud`]: 'sts.amazonaws.com', [`${PROD_OIDC}:sub`]: 'system:serviceaccount:shop:checkout' } },
        },
      ],
    });
  });

  it('Pod Identity: the pods.eks.amazonaws.com principal, AssumeRole and TagSession, scoped by the session tags EKS sets', () => {
    const trust = policyOf(resolved({ podIdentity: { roleName: 'checkout' } }), 'alpha');
    expect(trust.policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-name': 'alpha-apne2',
              'aws:RequestTag/kubernetes-namespace': 'shop',
              'aws:RequestTag/kubernetes-service-account': 'checkout',
            },
          },
        },
      ],
    });
  });

  it('covers every environment that shares the role: one role per account', () => {
    const environments = { alpha: { imageTag: 'v1' }, staging: { imageTag: 'v1', awsAccountId: '111111111111' }, production: { imageTag: 'v2' } };
    const config = { ...CONFIG, environments: { ...CONFIG.environments, staging: { cluster: 'staging-apne2', oidcProvider: `https://${PROD_OIDC.replace('EXAMPLE', 'STAGING')}/` } } };
    const result = resolveApp(
      { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name: 'checkout' }, spec: { skeleton: 'web', port: 8080, irsa: { roleName: 'checkout' }, environments } },
      { config, file: '.scaffold.yaml' },
    );
    if (!('app' in result)) throw new Error(JSON.stringify(result.problems));
    const trust = policyOf(result.app, 'staging');
    expect(trust.environments).toEqual(['alpha', 'staging']);
    expect(trust.policy.Statement.map((s) => (s.Principal as { Federated: string }).Federated)).toEqual([
      `arn:aws:iam::111111111111:oidc-provider/${ALPHA_OIDC}`,
      `arn:aws:iam::111111111111:oidc-provider/${PROD_OIDC.replace('EXAMPLE', 'STAGING')}`,
    ]);
    // Pod Identity in both: one statement, both clusters.
    const pods = resolveApp(
      { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name: 'checkout' }, spec: { skeleton: 'web', port: 8080, podIdentity: { roleName: 'checkout' }, environments } },
      { config, file: '.scaffold.yaml' },
    );
    if (!('app' in pods)) throw new Error(JSON.stringify(pods.problems));
    const shared = policyOf(pods.app, 'alpha').policy.Statement;
    expect(shared).toHaveLength(1);
    expect(shared[0]!.Condition.StringEquals['aws:RequestTag/eks-cluster-name']).toEqual(['alpha-apne2', 'staging-apne2']);
  });

  it('trusts every app that names the same role, or applying the policy would lock the others out', () => {
    const named = (name: string, namespace: string, spec: Partial<AppSpec['spec']>) =>
      resolveApp(
        { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name }, spec: { skeleton: 'web', port: 8080, namespace, environments: { alpha: { imageTag: 'v1' }, production: { imageTag: 'v2' } }, ...spec } },
        { config: CONFIG, file: '.scaffold.yaml' },
      );
    const app = (name: string, namespace: string, spec: Partial<AppSpec['spec']>) => {
      const result = named(name, namespace, spec);
      if (!('app' in result)) throw new Error(JSON.stringify(result.problems));
      return result.app;
    };
    const checkout = app('checkout', 'shop', { irsa: { roleName: 'shop' } });
    const others = [app('cart', 'shop', { irsa: { roleName: 'shop' } }), app('billing', 'money', { irsa: { roleName: 'shop' } }), app('search', 'shop', { irsa: { roleName: 'search' } })];
    const trust = trustPolicy(checkout, 'production', {}, others);
    if ('problems' in trust) throw new Error(JSON.stringify(trust.problems));
    expect(trust.sharedWith).toEqual(['billing', 'cart']);
    expect(trust.environments).toEqual(['production']);
    expect(trust.policy.Statement).toHaveLength(1);
    expect(trust.policy.Statement[0]!.Condition.StringEquals[`${PROD_OIDC}:sub`]).toEqual([
      'system:serviceaccount:money:billing',
      'system:serviceaccount:shop:cart',
      'system:serviceaccount:shop:checkout',
    ]);
    expect(policyOf(checkout, 'production').sharedWith).toEqual([]);

    // Pod Identity: namespace and ServiceAccount are separate tags, so one statement per ServiceAccount.
    const pods = trustPolicy(app('checkout', 'shop', { podIdentity: { roleName: 'shop' } }), 'alpha', {}, [app('billing', 'money', { podIdentity: { roleName: 'shop' } })]);
    if ('problems' in pods) throw new Error(JSON.stringify(pods.problems));
    expect(pods.policy.Statement.map((s) => [s.Sid, s.Condition.StringEquals['aws:RequestTag/kubernetes-namespace'], s.Condition.StringEquals['aws:RequestTag/kubernetes-service-account']])).toEqual([
      ['AllowEksAuthToAssumeRoleForPodIdentity', 'money', 'billing'],
      ['AllowEksAuthToAssumeRoleForPodIdentity2', 'shop', 'checkout'],
    ]);
  });

  it('takes the issuer with or without https:// and a trailing slash, from the config or the flag', () => {
    expect(issuerHost(`https://${PROD_OIDC}/`)).toBe(PROD_OIDC);
    expect(issuerHost(PROD_OIDC)).toBe(PROD_OIDC);
    const flagged = policyOf(resolved({ irsa: { roleName: 'checkout' } }), 'production', { production: 'https://oidc.example.com/id/X/' });
    expect(flagged.policy.Statement[0]!.Principal).toEqual({ Federated: 'arn:aws:iam::222222222222:oidc-provider/oidc.example.com/id/X' });
  });

  it('says what is missing: a role, or the OIDC provider for IRSA', () => {
    expect(trustPolicy(resolved({}), 'alpha')).toEqual({ problems: [{ environment: 'alpha', field: 'identity', message: 'checkout has no AWS role in alpha: set spec.irsa or spec.podIdentity' }] });
    const config = { ...CONFIG, environments: { alpha: { awsAccountId: '111111111111' } } };
    const result = resolveApp(
      { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name: 'checkout' }, spec: { skeleton: 'web', port: 8080, irsa: { roleName: 'r' }, environments: { alpha: { imageTag: 'v1' } } } },
      { config, file: '.scaffold.yaml' },
    );
    if (!('app' in result)) throw new Error('problems');
    expect(trustPolicy(result.app, 'alpha')).toEqual({
      problems: [{ environment: 'alpha', field: 'oidcProvider', message: "IRSA in alpha needs the cluster's OIDC provider: set environments.alpha.oidcProvider in .scaffold.yaml, or pass --oidc-provider" }],
    });
  });
});
