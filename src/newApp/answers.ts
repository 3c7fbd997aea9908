import { checkAppSpec, type SkeletonContract } from '../appSpec/check.ts';
import type { AppSpec, Environment, Probes, Resources } from '../appSpec/types.ts';
import { DEFAULT_REFRESH_INTERVAL } from '../orgConfig/resolve.ts';
import { formatPath, type PathSegment } from '../vocabulary/issue.ts';

/**
 * Everything `scaffold new-app` needs to write an app, however it was answered (prompts,
 * flags or defaults). A field the organisation config answers is absent: app.yaml
 * leaves it out, so a later change of the config reaches the app.
 */
export interface NewAppAnswers {
  name: string;
  skeleton: string;
  namespace?: string;
  image?: string;
  /** Absent for skeletons without a port. */
  port?: number;
  probes?: Probes;
  /** For a skeleton that runs a CronJob. */
  cronJob?: CronJobAnswers;
  cpu?: string;
  memory?: string;
  /** Plain environment variables, in the order given. */
  env: Record<string, string>;
  /** The pods' AWS role, through IRSA or EKS Pod Identity (one at most). */
  irsa?: { roleName: string };
  podIdentity?: { roleName: string };
  secrets?: SecretsAnswers;
  /** In the order chosen, which is the order app.yaml lists them. */
  environments: EnvironmentAnswers[];
}

export interface CronJobAnswers {
  schedule: string;
  timeZone: string;
  activeDeadlineSeconds: number;
}

export interface SecretsAnswers {
  /** Absent when the config's defaults.secretStore answers it (with its refresh interval). */
  store?: { kind: StoreKind; name: string };
  refreshInterval?: string;
  /** Environment variable -> parameter name. */
  keys: Record<string, string>;
  /** Every parameter under the environment's path, as an env var named after it. */
  fromPath?: boolean;
}

export type StoreKind = 'SecretStore' | 'ClusterSecretStore';
export const STORE_KINDS: readonly StoreKind[] = ['ClusterSecretStore', 'SecretStore'];

export interface EnvironmentAnswers {
  name: string;
  imageTag: string;
  /** For a skeleton that runs a Deployment. */
  replicas?: number;
  awsAccountId?: string;
  secretsPath?: string;
  /** The EKS cluster, for Pod Identity, when the config does not name it. */
  cluster?: string;
  /** Only what differs from the app's cpu and memory. */
  resources?: Partial<Resources>;
}

/**
 * The answers `--yes` takes and the prompts offer, so pressing Enter at every
 * prompt gives the same app as `--yes`. They make an app that builds with
 * `kubectl kustomize` as is; only the image is a placeholder to replace.
 */
export const DEFAULTS = {
  skeleton: 'web',
  port: 8080,
  readinessPath: '/healthz',
  cpu: '250m',
  memory: '256Mi',
  environments: ['alpha', 'production'],
  imageTag: 'latest',
  secretStore: { kind: 'ClusterSecretStore', name: 'aws-parameter-store' },
  refreshInterval: DEFAULT_REFRESH_INTERVAL,
  schedule: '0 3 * * *',
  timeZone: 'UTC',
  activeDeadlineSeconds: 3600,
} as const satisfies Record<string, unknown>;

/** A repository under example.com (reserved, never a real registry), so nobody deploys it by accident. */
export function defaultImage(app: string): string {
  return `registry.example.com/${app}`;
}

export function isPlaceholderImage(answers: Pick<NewAppAnswers, 'name' | 'image'>): boolean {
  if (answers.image === undefined) return false;
  return answers.image === defaultImage(answers.name);
}

/** Two pods in production so a node drain or a rollout never takes the app down; one elsewhere. */
export function defaultReplicas(environment: string): number {
  return environment === 'production' ? 2 : 1;
}

export function defaultSecretsPath(environment: string, app: string): string {
  return `/${environment}/${app}`;
}

/** Whether some secret key is read under the environment's secretsPath (a name not starting with /). */
export function hasRelativeSecretKeys(keys: Record<string, string>): boolean {
  return Object.values(keys).some((parameter) => !parameter.startsWith('/'));
}

/** Whether the secrets read the environment's secretsPath: relative keys, or every parameter under it. */
export function needsSecretsPath(secrets: SecretsAnswers | undefined): boolean {
  return secrets !== undefined && (secrets.fromPath === true || hasRelativeSecretKeys(secrets.keys));
}

/** Builds the app spec; absent answers leave their field out, since checkAppSpec rejects a field present but undefined. */
export function toAppSpec(answers: NewAppAnswers): AppSpec {
  const environments: Record<string, Environment> = {};
  const appResources = resources(answers);
  for (const e of answers.environments) {
    environments[e.name] = {
      ...(e.awsAccountId !== undefined ? { awsAccountId: e.awsAccountId } : {}),
      ...(e.secretsPath !== undefined ? { secretsPath: e.secretsPath } : {}),
      ...(e.cluster !== undefined ? { cluster: e.cluster } : {}),
      imageTag: e.imageTag,
      ...(e.replicas !== undefined ? { replicas: e.replicas } : {}),
      ...(e.resources && Object.keys(e.resources).length > 0 ? { resources: { ...e.resources } } : {}),
    };
  }
  return {
    apiVersion: 'scaffold/v1alpha1',
    kind: 'App',
    metadata: { name: answers.name },
    spec: {
      skeleton: answers.skeleton,
      ...(answers.namespace !== undefined ? { namespace: answers.namespace } : {}),
      ...(answers.image !== undefined ? { image: answers.image } : {}),
      ...(answers.port !== undefined ? { port: answers.port } : {}),
      ...(answers.probes && Object.keys(answers.probes).length > 0 ? { probes: { ...answers.probes } } : {}),
      ...(answers.cronJob ? { schedule: answers.cronJob.schedule, timeZone: answers.cronJob.timeZone, activeDeadlineSeconds: answers.cronJob.activeDeadlineSeconds } : {}),
      ...(appResources ? { resources: appResources } : {}),
      ...(Object.keys(answers.env).length > 0 ? { env: { ...answers.env } } : {}),
      ...(answers.irsa ? { irsa: { roleName: answers.irsa.roleName } } : {}),
      ...(answers.podIdentity ? { podIdentity: { roleName: answers.podIdentity.roleName } } : {}),
      ...(answers.secrets ? { secrets: secretsSpec(answers.secrets) } : {}),
      environments,
    },
  };
}

function resources(answers: NewAppAnswers): Partial<Resources> | undefined {
  const out: Partial<Resources> = {
    ...(answers.cpu !== undefined ? { cpu: answers.cpu } : {}),
    ...(answers.memory !== undefined ? { memory: answers.memory } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

function secretsSpec(secrets: SecretsAnswers): NonNullable<AppSpec['spec']['secrets']> {
  return {
    ...(secrets.store ? { store: { ...secrets.store } } : {}),
    ...(secrets.refreshInterval !== undefined ? { refreshInterval: secrets.refreshInterval } : {}),
    ...(Object.keys(secrets.keys).length > 0 ? { keys: { ...secrets.keys } } : {}),
    ...(secrets.fromPath ? { fromPath: true } : {}),
  };
}

// ---------------------------------------------------------------------------
// Per-field checks. Each one puts the value into a spec that is otherwise valid
// and asks checkAppSpec about that field, so a prompt, a flag and `scaffold
// render` accept exactly the same values and give the same reasons.
// Each returns the problem, or undefined when the value is fine.

const SAMPLE_SKELETONS: SkeletonContract[] = [
  { name: 'web', fields: { port: 'required', probes: 'optional' } },
  { name: 'cronjob', fields: {}, workload: 'CronJob' },
];

function sampleSpec(app: string): AppSpec {
  return {
    apiVersion: 'scaffold/v1alpha1',
    kind: 'App',
    metadata: { name: app },
    spec: {
      skeleton: 'web',
      namespace: app,
      image: defaultImage(app),
      port: DEFAULTS.port,
      resources: { cpu: DEFAULTS.cpu, memory: DEFAULTS.memory },
      environments: { alpha: { imageTag: DEFAULTS.imageTag } },
    },
  };
}

/** Any name the sample can carry while another field is checked. */
const SAMPLE_APP = 'app';

function problemAt(path: readonly PathSegment[], value: unknown, app = SAMPLE_APP, edit?: (spec: AppSpec) => void): string | undefined {
  const spec = sampleSpec(app);
  edit?.(spec);
  setIn(spec as unknown as Record<string, unknown>, path, value);
  const field = formatPath(path);
  // A warning (an env reference to a variable not given yet) is for the whole spec to settle, not a wrong answer.
  const problem = checkAppSpec(spec, { skeletons: SAMPLE_SKELETONS }).find((p) => p.severity === 'error' && p.path !== undefined && within(p.path, field));
  return problem?.message;
}

function setIn(target: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** Whether a formatted field path is `field` itself or lies under it. */
function within(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

export function appNameProblem(value: string): string | undefined {
  return problemAt(['metadata', 'name'], value);
}

export function namespaceProblem(value: string): string | undefined {
  return problemAt(['spec', 'namespace'], value);
}

export function imageProblem(value: string): string | undefined {
  return problemAt(['spec', 'image'], value);
}

export function portProblem(value: number): string | undefined {
  return problemAt(['spec', 'port'], value);
}

export function probePathProblem(value: string): string | undefined {
  return problemAt(['spec', 'probes', 'readiness'], value);
}

export function quantityProblem(resource: keyof Resources, value: string): string | undefined {
  return problemAt(['spec', 'resources', resource], value);
}

export function roleNameProblem(value: string): string | undefined {
  return problemAt(['spec', 'irsa', 'roleName'], value);
}

export function storeNameProblem(value: string): string | undefined {
  return problemAt(['spec', 'secrets', 'store', 'name'], value, SAMPLE_APP, withSampleSecrets);
}

export function refreshIntervalProblem(value: string): string | undefined {
  return problemAt(['spec', 'secrets', 'refreshInterval'], value, SAMPLE_APP, withSampleSecrets);
}

/** The sample as an app of a skeleton that runs a CronJob, for the CronJob's own fields. */
function asSampleCronJob(spec: AppSpec): void {
  spec.spec.skeleton = 'cronjob';
  delete spec.spec.port;
  spec.spec.schedule = DEFAULTS.schedule;
  spec.spec.activeDeadlineSeconds = DEFAULTS.activeDeadlineSeconds;
}

export function scheduleProblem(value: string): string | undefined {
  return problemAt(['spec', 'schedule'], value, SAMPLE_APP, asSampleCronJob);
}

export function timeZoneProblem(value: string): string | undefined {
  return problemAt(['spec', 'timeZone'], value, SAMPLE_APP, asSampleCronJob);
}

export function activeDeadlineProblem(value: number): string | undefined {
  return problemAt(['spec', 'activeDeadlineSeconds'], value, SAMPLE_APP, asSampleCronJob);
}

function withSampleSecrets(spec: AppSpec): void {
  spec.spec.secrets = { store: { ...DEFAULTS.secretStore }, keys: { SAMPLE: '/sample' } };
}

/** An environment name, which together with the app name must also fit a Kubernetes label value. */
export function environmentNameProblem(value: string, app = SAMPLE_APP): string | undefined {
  return problemAt(['spec', 'environments', value], { imageTag: DEFAULTS.imageTag }, app);
}

export function imageTagProblem(value: string): string | undefined {
  return problemAt(['spec', 'environments', 'alpha', 'imageTag'], value);
}

export function replicasProblem(value: number): string | undefined {
  return problemAt(['spec', 'environments', 'alpha', 'replicas'], value);
}

export function awsAccountIdProblem(value: string): string | undefined {
  return problemAt(['spec', 'environments', 'alpha', 'awsAccountId'], value);
}

export function secretsPathProblem(value: string): string | undefined {
  return problemAt(['spec', 'environments', 'alpha', 'secretsPath'], value);
}

export function clusterProblem(value: string): string | undefined {
  return problemAt(['spec', 'environments', 'alpha', 'cluster'], value);
}

export function environmentQuantityProblem(resource: keyof Resources, value: string): string | undefined {
  return problemAt(['spec', 'environments', 'alpha', 'resources', resource], value);
}

/** `NAME=value` split at the first `=`; undefined when there is no `=` or nothing before it. */
export function splitPair(text: string): { key: string; value: string } | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  return { key: text.slice(0, at), value: text.slice(at + 1) };
}

/** A plain environment variable `NAME=value`. */
export function envVarProblem(text: string): string | undefined {
  const pair = splitPair(text);
  if (!pair) return `expected NAME=value, got "${text}"`;
  return problemAt(['spec', 'env', pair.key], pair.value);
}

/** A secret `NAME=parameter`; a variable already set as a plain one cannot also be a secret. */
export function secretKeyProblem(text: string, plainEnv: Record<string, string> = {}): string | undefined {
  const pair = splitPair(text);
  if (!pair) return `expected NAME=parameter, got "${text}"`;
  return problemAt(['spec', 'secrets', 'keys', pair.key], pair.value, SAMPLE_APP, (spec) => {
    withSampleSecrets(spec);
    spec.spec.environments.alpha!.secretsPath = '/alpha/sample';
    if (Object.keys(plainEnv).length > 0) spec.spec.env = { ...plainEnv };
  });
}
