/**
 * Apps to render a skeleton with when checking it (`scaffold skeletons check`):
 * one with every field of the spec set (a role both ways, secrets by key and by
 * path, environment overrides, a digest), and one with none that may be left
 * out, so both sides of every `{{#if}}` are rendered. The fields the skeleton
 * supports (port, probes) decide whether they are set.
 */
import type { SkeletonContract } from '../appSpec/check.ts';
import type { AppSpec } from '../appSpec/types.ts';
import type { ResolvedSpec } from '../orgConfig/loadApp.ts';
import { resolveApp } from '../orgConfig/resolve.ts';

export interface SkeletonSample {
  /** What the sample sets, for messages: "every field set". */
  label: string;
  loaded: ResolvedSpec;
}

const NAME = 'sample';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

export function skeletonSamples(skeleton: SkeletonContract): SkeletonSample[] {
  const rule = (field: 'port' | 'probes') => skeleton.fields[field] ?? 'unsupported';
  const port = { ...(rule('port') !== 'unsupported' ? { port: 8080 } : {}) };
  const full: AppSpec['spec'] = {
    skeleton: skeleton.name,
    namespace: NAME,
    image: `registry.example.com/${NAME}`,
    ...port,
    ...(rule('probes') !== 'unsupported' && port.port !== undefined ? { probes: { readiness: '/healthz', liveness: '/livez', startup: '/started' } } : {}),
    resources: { cpu: '250m', memory: '256Mi' },
    env: { LOG_LEVEL: 'info' },
    irsa: { roleName: NAME },
    secrets: { store: { kind: 'ClusterSecretStore', name: 'aws-parameter-store' }, refreshInterval: '15m', keys: { DB_PASSWORD: 'db-password', TOKEN: '/shared/token' }, fromPath: true },
    environments: {
      alpha: { imageTag: 'v1.0.0', awsAccountId: '111111111111', secretsPath: '/alpha/sample', resources: { cpu: '500m' }, env: { LOG_LEVEL: 'debug' } },
      production: { imageTag: DIGEST, replicas: 2, awsAccountId: '222222222222', secretsPath: '/production/sample', cluster: 'production', podIdentity: { roleName: NAME } },
    },
  };
  const least: AppSpec['spec'] = {
    skeleton: skeleton.name,
    namespace: NAME,
    image: `registry.example.com/${NAME}`,
    ...(rule('port') === 'required' ? { port: 8080 } : {}),
    ...(rule('probes') === 'required' ? { probes: { readiness: '/healthz' } } : {}),
    resources: { cpu: '250m', memory: '256Mi' },
    environments: { alpha: { imageTag: 'v1.0.0' } },
  };
  return [
    { label: 'every field set', loaded: sample(full) },
    { label: 'no optional field set', loaded: sample(least) },
  ];
}

function sample(spec: AppSpec['spec']): ResolvedSpec {
  const app: AppSpec = { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name: NAME }, spec };
  const resolved = resolveApp(app);
  if (!('app' in resolved)) throw new Error(`the skeleton sample does not resolve: ${JSON.stringify(resolved.problems)}`);
  return { specPath: `apps/${NAME}/app.yaml`, appDir: `apps/${NAME}`, spec: app, app: resolved.app };
}
