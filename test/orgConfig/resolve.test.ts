/**
 * Resolution, row by row of the README's precedence table: app.yaml's
 * environment, then its app level, then the config's environment, then its
 * defaults, then the built-in default; a value missing everywhere names both
 * places; and which config values each file took.
 */
import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { parseOrgConfig } from '../../src/orgConfig/load.ts';
import { resolveApp, type ResolvedApp } from '../../src/orgConfig/resolve.ts';
import type { OrgConfig } from '../../src/orgConfig/types.ts';
import { EXAMPLE_CONFIG } from '../support/orgConfig.ts';

const CONFIG = parseOrgConfig(EXAMPLE_CONFIG, '.scaffold.yaml').config!;
const context = (config: OrgConfig = CONFIG) => ({ config, file: '.scaffold.yaml' });

/** The shortest app the example config completes. */
function app(spec: Partial<AppSpec['spec']> = {}): AppSpec {
  return {
    apiVersion: 'scaffold/v1alpha1',
    kind: 'App',
    metadata: { name: 'checkout' },
    spec: { skeleton: 'web', port: 8080, environments: { alpha: { imageTag: 'v1' }, production: { imageTag: 'v2' } }, ...spec },
  };
}

function resolved(spec: AppSpec, config?: OrgConfig): ResolvedApp {
  const result = resolveApp(spec, config && context(config));
  if (!('app' in result)) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.app;
}

function problems(spec: AppSpec, config?: OrgConfig): string[] {
  const result = resolveApp(spec, config && context(config));
  return result.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
}

describe('resolution of an app.yaml with .scaffold.yaml', () => {
  it('image: app.yaml, else <defaults.imageRegistry>/<name>', () => {
    expect(resolved(app(), CONFIG).spec.image).toBe('111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout');
    expect(resolved(app({ image: 'ghcr.io/acme/checkout' }), CONFIG).spec.image).toBe('ghcr.io/acme/checkout');
  });

  it('namespace and resources: app.yaml, else defaults, field by field', () => {
    const r = resolved(app({ resources: { memory: '1Gi' } }), CONFIG);
    expect(r.spec.namespace).toBe('shop');
    expect(r.spec.resources).toEqual({ cpu: '250m', memory: '1Gi' });
    expect(resolved(app({ namespace: 'pay' }), CONFIG).spec.namespace).toBe('pay');
  });

  it('secrets: the store and refresh interval from defaults.secretStore; the built-in 1h without one', () => {
    const r = resolved(app({ secrets: { keys: { DB: 'db' } } }), CONFIG);
    expect(r.spec.secrets).toEqual({ store: { kind: 'ClusterSecretStore', name: 'aws-parameter-store' }, refreshInterval: '15m', keys: { DB: 'db' }, fromPath: false });
    const own = resolved(app({ secrets: { store: { kind: 'SecretStore', name: 'mine' }, refreshInterval: '1m', fromPath: true } }), CONFIG);
    expect(own.spec.secrets).toEqual({ store: { kind: 'SecretStore', name: 'mine' }, refreshInterval: '1m', keys: {}, fromPath: true });
    const bare = { ...CONFIG, defaults: { ...CONFIG.defaults, secretStore: { kind: 'ClusterSecretStore' as const, name: 's' } } };
    expect(resolved(app({ secrets: { keys: { DB: 'db' } } }), bare).spec.secrets?.refreshInterval).toBe('1h');
  });

  it('awsAccountId: app.yaml environment, else the config environment; the role ARN names it', () => {
    const r = resolved(app({ irsa: { roleName: 'checkout' }, environments: { alpha: { imageTag: 'v1', awsAccountId: '999999999999' }, production: { imageTag: 'v2' } } }), CONFIG);
    expect(r.spec.environments.alpha?.identity).toEqual({ kind: 'irsa', roleName: 'checkout', roleArn: 'arn:aws:iam::999999999999:role/checkout', setAt: 'spec.irsa' });
    expect(r.spec.environments.production?.identity?.roleArn).toBe('arn:aws:iam::222222222222:role/checkout');
  });

  it('identity: an environment may choose the other way (app.yaml environment over app level)', () => {
    const r = resolved(app({ irsa: { roleName: 'checkout' }, environments: { alpha: { imageTag: 'v1' }, production: { imageTag: 'v2', podIdentity: { roleName: 'checkout' } } } }), CONFIG);
    expect(r.spec.environments.alpha?.identity?.kind).toBe('irsa');
    expect(r.spec.environments.production?.identity).toMatchObject({ kind: 'podIdentity', setAt: 'spec.environments.production.podIdentity' });
    expect(r.spec.environments.production?.cluster).toBe('prod-apne2');
    expect(r.spec.environments.alpha).not.toHaveProperty('cluster');
  });

  it('secretsPath: app.yaml environment, else <secretsPathPrefix>/<name>, when the secrets read a path', () => {
    const r = resolved(app({ secrets: { fromPath: true }, environments: { alpha: { imageTag: 'v1', secretsPath: '/custom' }, production: { imageTag: 'v2' } } }), CONFIG);
    expect(r.spec.environments.alpha?.secretsPath).toBe('/custom');
    expect(r.spec.environments.production?.secretsPath).toBe('/production/checkout');
    expect(resolved(app({ secrets: { keys: { DB: '/absolute/db' } } }), CONFIG).spec.environments.production).not.toHaveProperty('secretsPath');
  });

  it('carries the Kubernetes version and OIDC provider of the config environment', () => {
    const r = resolved(app(), CONFIG);
    expect(r.spec.environments.alpha).toMatchObject({ kubernetesVersion: '1.30', oidcProvider: 'oidc.eks.ap-northeast-2.amazonaws.com/id/A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6' });
    // An environment's own version (app.yaml) wins over the config's, and is then not the config's to record.
    const own = { imageTag: 'v1', kubernetesVersion: '1.33' } as AppSpec['spec']['environments'][string];
    const result = resolveApp(app({ environments: { alpha: own } }), context());
    if (!('app' in result)) throw new Error('problems');
    expect(result.app.spec.environments.alpha?.kubernetesVersion).toBe('1.33');
    expect(result.use.environments.alpha).toEqual({});
  });

  it('records the config values each file takes: the app-wide ones, and each environment its own', () => {
    const result = resolveApp(app({ podIdentity: { roleName: 'checkout' }, secrets: { fromPath: true } }), context());
    if (!('use' in result)) throw new Error('problems');
    expect(result.use.app).toEqual({
      'defaults.imageRegistry': '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com',
      'defaults.namespace': 'shop',
      'defaults.resources.cpu': '250m',
      'defaults.resources.memory': '256Mi',
      'defaults.secretStore': { kind: 'ClusterSecretStore', name: 'aws-parameter-store' },
      'defaults.secretStore.refreshInterval': '15m',
    });
    expect(result.use.environments.production).toEqual({
      'environments.production.kubernetesVersion': '1.30',
      'environments.production.awsAccountId': '222222222222',
      'environments.production.cluster': 'prod-apne2',
      'environments.production.secretsPathPrefix': '/production',
    });
    // A value the app gives itself, or has no use for, is not the config's: its change reaches no file.
    const own = resolveApp(app({ image: 'ghcr.io/a/b', namespace: 'n', resources: { cpu: 1, memory: 1 } }), context());
    if (!('use' in own)) throw new Error('problems');
    expect(own.use.app).toEqual({});
    expect(own.use.environments.alpha).toEqual({ 'environments.alpha.kubernetesVersion': '1.30' });
  });

  it('names both places for a value missing everywhere', () => {
    expect(problems(app({ irsa: { roleName: 'r' }, secrets: { keys: { DB: 'db' } } }))).toEqual([
      'spec.image: not set: give the image repository without tag (registry.example.com/team/app) here, or set defaults.imageRegistry in .scaffold.yaml',
      'spec.namespace: not set: give the namespace of the app here, or set defaults.namespace in .scaffold.yaml',
      "spec.resources: not set: give the CPU and memory of the app's container ({cpu: 500m, memory: 512Mi}) here, or set defaults.resources in .scaffold.yaml",
      'spec.secrets.store: not set: give the store ({kind: ClusterSecretStore, name: aws-parameter-store}) here, or set defaults.secretStore in .scaffold.yaml',
      'spec.environments.alpha.awsAccountId: required because spec.irsa is set (the role ARN names the account): a 12-digit account id in quotes, here or as environments.alpha.awsAccountId in .scaffold.yaml',
      'spec.environments.alpha.secretsPath: required because spec.secrets.keys has relative parameter names (DB): for example /alpha/checkout, or set environments.alpha.secretsPathPrefix in .scaffold.yaml',
      'spec.environments.production.awsAccountId: required because spec.irsa is set (the role ARN names the account): a 12-digit account id in quotes, here or as environments.production.awsAccountId in .scaffold.yaml',
      'spec.environments.production.secretsPath: required because spec.secrets.keys has relative parameter names (DB): for example /production/checkout, or set environments.production.secretsPathPrefix in .scaffold.yaml',
    ]);
    const noCluster = { ...CONFIG, environments: { alpha: { awsAccountId: '111111111111' } } };
    expect(problems(app({ podIdentity: { roleName: 'r' }, environments: { alpha: { imageTag: 'v1' } } }), noCluster)).toEqual([
      'spec.environments.alpha.cluster: required because spec.podIdentity is set (the PodIdentityAssociation names the EKS cluster): set environments.alpha.cluster in .scaffold.yaml, or cluster here',
    ]);
  });

  it('refuses an environment the config does not list, with a guess', () => {
    expect(problems(app({ environments: { prodution: { imageTag: 'v1' } } }), CONFIG)).toEqual([
      'spec.environments.prodution: "prodution" is not an environment of .scaffold.yaml (did you mean "production"?); its environments: alpha, production',
    ]);
  });
});
