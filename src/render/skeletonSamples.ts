/**
 * Apps to render a skeleton with when checking it (`scaffold skeletons check`):
 * one with every field of the spec set (a role both ways, secrets by key and by
 * path, environment overrides, a digest), and one with none that may be left
 * out, so both sides of every `{{#if}}` are rendered. The fields the skeleton
 * supports (port, servicePort, probes, ingress) and its workload decide which are set.
 */
import type { SkeletonContract, SkeletonField } from '../appSpec/check.ts';
import type { WorkloadKind } from '../appSpec/effective.ts';
import type { AppFeatures, AppSpec, EnvironmentFeatures } from '../appSpec/types.ts';
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
  const rule = (field: SkeletonField) => skeleton.fields[field] ?? 'unsupported';
  const port = { ...(rule('port') !== 'unsupported' ? { port: 8080 } : {}) };
  const workload = skeleton.workload ?? 'Deployment';
  // An ingress health-checks the readiness probe.
  const withIngress = rule('ingress') !== 'unsupported' && rule('probes') !== 'unsupported' && port.port !== undefined;
  const full: AppSpec['spec'] = {
    skeleton: skeleton.name,
    namespace: NAME,
    image: `registry.example.com/${NAME}`,
    ...port,
    ...(rule('servicePort') !== 'unsupported' && port.port !== undefined ? { servicePort: 8443 } : {}),
    ...(rule('probes') !== 'unsupported' && port.port !== undefined ? { probes: { readiness: '/healthz', liveness: '/livez', startup: '/started' } } : {}),
    resources: { cpu: '250m', memory: '256Mi' },
    env: { LOG_LEVEL: 'info' },
    irsa: { roleName: NAME },
    secrets: { store: { kind: 'ClusterSecretStore', name: 'aws-parameter-store' }, refreshInterval: '15m', keys: { DB_PASSWORD: 'db-password', TOKEN: '/shared/token' }, fromPath: true },
    ...(withIngress ? { ingress: { host: 'sample.example.com', scheme: 'internet-facing' as const } } : {}),
    ...(port.port !== undefined ? { shutdown: { preStopSeconds: 10, terminationGracePeriodSeconds: 40 } } : {}),
    istio: { sidecar: true, proxy: { cpu: '200m', memory: '256Mi' } },
    ...FULL_WORKLOAD[workload].spec,
    environments: {
      alpha: { imageTag: 'v1.0.0', awsAccountId: '111111111111', secretsPath: '/alpha/sample', resources: { cpu: '500m' }, env: { LOG_LEVEL: 'debug' }, ...FULL_WORKLOAD[workload].alpha },
      production: {
        imageTag: DIGEST,
        awsAccountId: '222222222222',
        secretsPath: '/production/sample',
        cluster: 'production',
        podIdentity: { roleName: NAME },
        ...(withIngress ? { ingress: { host: 'sample.example.org', certificateArn: 'arn:aws:acm:us-east-1:222222222222:certificate/0f0e0d0c-0b0a' } } : {}),
        ...FULL_WORKLOAD[workload].production,
      },
    },
  };
  const least: AppSpec['spec'] = {
    skeleton: skeleton.name,
    namespace: NAME,
    image: `registry.example.com/${NAME}`,
    ...(rule('port') === 'required' ? { port: 8080 } : {}),
    ...(rule('probes') === 'required' ? { probes: { readiness: '/healthz' } } : {}),
    resources: { cpu: '250m', memory: '256Mi' },
    ...(workload === 'CronJob' ? { schedule: '0 3 * * *', activeDeadlineSeconds: 3600 } : {}),
    environments: { alpha: { imageTag: 'v1.0.0' } },
  };
  return [
    { label: 'every field set', loaded: sample(full) },
    { label: 'no optional field set', loaded: sample(least) },
  ];
}

/** What only one workload has, set: in the spec, in alpha and in production. */
const FULL_WORKLOAD: Record<WorkloadKind, { spec: AppFeatures; alpha: EnvironmentFeatures & { replicas?: number }; production: EnvironmentFeatures & { replicas?: number } }> = {
  Deployment: {
    spec: { autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70, memoryUtilization: 80 }, disruptionBudget: { maxUnavailable: '25%' }, zoneSpread: 'DoNotSchedule' },
    alpha: { replicas: 2, autoscaling: false, disruptionBudget: { maxUnavailable: 1 } },
    production: {},
  },
  DaemonSet: {
    spec: {
      tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }, { key: 'dedicated', value: 'agents', effect: 'NoExecute', tolerationSeconds: 60 }],
      updateStrategy: { maxUnavailable: '25%' },
      hostPaths: [{ name: 'var-log', path: '/var/log', mountPath: '/host/var/log' }, { name: 'machine-id', path: '/etc/machine-id', mountPath: '/host/etc/machine-id', type: 'File' }],
    },
    alpha: {},
    production: {},
  },
  CronJob: {
    spec: { schedule: '30 6 * * 1-5', timeZone: 'Asia/Seoul', concurrencyPolicy: 'Replace', successfulJobsHistoryLimit: 5, failedJobsHistoryLimit: 2, activeDeadlineSeconds: 1800, backoffLimit: 2, restartPolicy: 'OnFailure' },
    alpha: { schedule: '0 7 * * 1', suspend: true },
    production: {},
  },
};

function sample(spec: AppSpec['spec']): ResolvedSpec {
  const app: AppSpec = { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name: NAME }, spec };
  const resolved = resolveApp(app);
  if (!('app' in resolved)) throw new Error(`the skeleton sample does not resolve: ${JSON.stringify(resolved.problems)}`);
  return { specPath: `apps/${NAME}/app.yaml`, appDir: `apps/${NAME}`, spec: app, app: resolved.app };
}
