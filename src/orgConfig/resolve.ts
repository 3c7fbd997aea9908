/**
 * An app.yaml with the organisation config's values filled in: what the
 * renderer, `scaffold iam` and capacity see. The most specific source wins:
 * app.yaml's environment, then app.yaml's app level, then the config's
 * environment, then the config's defaults, then a built-in default. A value
 * missing everywhere is a problem naming both places it could be set.
 */
import type { SpecProblem } from '../appSpec/check.ts';
import type { AppFeatures, AppSpec, AwsRole, Environment, EnvironmentFeatures, Probes, Resources, SecretStoreRef, UserFiles } from '../appSpec/types.ts';
import { closestMatch } from '../vocabulary/didYouMean.ts';
import type { PathSegment } from '../vocabulary/issue.ts';
import { CONFIG_FILE, type OrgConfig } from './types.ts';

export const DEFAULT_REFRESH_INTERVAL = '1h';

export interface ResolvedApp {
  apiVersion: AppSpec['apiVersion'];
  kind: AppSpec['kind'];
  metadata: { name: string };
  spec: {
    skeleton: string;
    namespace: string;
    image: string;
    port?: number;
    servicePort?: number;
    probes?: Probes;
    resources: Resources;
    env?: Record<string, string>;
    secrets?: ResolvedSecrets;
    environments: Record<string, ResolvedEnvironment>;
  } & AppFeatures &
    UserFiles;
}

export interface ResolvedSecrets {
  store: SecretStoreRef;
  refreshInterval: string;
  keys: Record<string, string>;
  fromPath: boolean;
}

export interface ResolvedEnvironment extends UserFiles, EnvironmentFeatures {
  imageTag: string;
  /** The Flux ImagePolicy (`<namespace>:<name>`) that sets the overlay's tag. */
  imagePolicy?: string;
  replicas?: number;
  resources?: Partial<Resources>;
  env?: Record<string, string>;
  awsAccountId?: string;
  secretsPath?: string;
  /** The app's AWS identity in this environment, if it has one. */
  identity?: Identity;
  /** EKS cluster name (Pod Identity needs it). */
  cluster?: string;
  /** The Kubernetes version validation uses for this environment's overlay. */
  kubernetesVersion?: string;
  /** The cluster's OIDC issuer, for IRSA trust policies. */
  oidcProvider?: string;
}

export interface Identity {
  kind: 'irsa' | 'podIdentity';
  roleName: string;
  roleArn: string;
  /** Where app.yaml sets it, for messages: spec.irsa, spec.environments.alpha.podIdentity. */
  setAt: string;
}

/**
 * The config values an app took, by config field path
 * (`defaults.imageRegistry`, `environments.production.cluster`): those that
 * reach every file (`app`), and those that reach one environment's overlay.
 */
export interface ConfigUse {
  app: Record<string, unknown>;
  environments: Record<string, Record<string, unknown>>;
}

/** The config together with how messages name it. */
export interface ResolveContext {
  config: OrgConfig;
  /** The config's path as shown: `.scaffold.yaml`. */
  file: string;
}

export type Resolution = { app: ResolvedApp; use: ConfigUse; problems: [] } | { problems: SpecProblem[] };

export function resolveApp(spec: AppSpec, context?: ResolveContext): Resolution {
  const problems: SpecProblem[] = [];
  const config = context?.config;
  const file = context?.file ?? CONFIG_FILE;
  const defaults = config?.defaults ?? {};
  const name = spec.metadata.name;
  const s = spec.spec;
  const use: ConfigUse = { app: {}, environments: {} };
  const fromDefaults = <T>(field: string, value: T | undefined): T | undefined => {
    if (value !== undefined) use.app[`defaults.${field}`] = value;
    return value;
  };
  const missing = (path: PathSegment[], what: string, configField: string) =>
    problems.push({ path, message: `not set: give ${what} here, or set ${configField} in ${file}` });

  const image = s.image ?? fromDefaults('imageRegistry', defaults.imageRegistry)?.concat(`/${name}`);
  if (image === undefined) missing(['spec', 'image'], 'the image repository without tag (registry.example.com/team/app)', 'defaults.imageRegistry');
  const namespace = s.namespace ?? fromDefaults('namespace', defaults.namespace);
  if (namespace === undefined) missing(['spec', 'namespace'], 'the namespace of the app', 'defaults.namespace');
  const resources: Partial<Resources> = {};
  const unset: ('cpu' | 'memory')[] = [];
  for (const key of ['cpu', 'memory'] as const) {
    const value = s.resources?.[key] ?? fromDefaults(`resources.${key}`, defaults.resources?.[key]);
    if (value === undefined) unset.push(key);
    else resources[key] = value;
  }
  // No resources anywhere is one thing to fix, said where the field belongs.
  if (unset.length === 2 && s.resources === undefined) missing(['spec', 'resources'], "the CPU and memory of the app's container ({cpu: 500m, memory: 512Mi})", 'defaults.resources');
  else for (const key of unset) missing(['spec', 'resources', key], `the ${key === 'cpu' ? 'CPU (500m)' : 'memory (512Mi)'} of the app's container`, `defaults.resources.${key}`);
  let secrets: ResolvedSecrets | undefined;
  if (s.secrets) {
    const store = s.secrets.store ?? storeOf(fromDefaults('secretStore', defaults.secretStore && storeOf(defaults.secretStore)));
    if (store === undefined) missing(['spec', 'secrets', 'store'], 'the store ({kind: ClusterSecretStore, name: aws-parameter-store})', 'defaults.secretStore');
    const refreshInterval = s.secrets.refreshInterval ?? fromDefaults('secretStore.refreshInterval', defaults.secretStore?.refreshInterval) ?? DEFAULT_REFRESH_INTERVAL;
    if (store) secrets = { store, refreshInterval, keys: s.secrets.keys ?? {}, fromPath: s.secrets.fromPath === true };
  }

  const known = Object.keys(config?.environments ?? {});
  const environments: Record<string, ResolvedEnvironment> = {};
  for (const [envName, env] of Object.entries(s.environments)) {
    const at = ['spec', 'environments', envName];
    if (known.length > 0 && !known.includes(envName)) {
      const guess = closestMatch(envName, known);
      problems.push({ path: at, message: `"${envName}" is not an environment of ${file}${guess ? ` (did you mean "${guess}"?)` : ''}; its environments: ${known.join(', ')}` });
      continue;
    }
    const resolved = resolveEnvironment(spec, envName, env, { config, file, problems, at });
    environments[envName] = resolved.environment;
    use.environments[envName] = resolved.used;
  }

  if (problems.length > 0) return { problems };
  const app: ResolvedApp = {
    apiVersion: spec.apiVersion,
    kind: spec.kind,
    metadata: { name },
    spec: {
      ...without(s, ['irsa', 'podIdentity', 'secrets']),
      namespace: namespace!,
      image: image!,
      resources: resources as Resources,
      ...(secrets ? { secrets } : {}),
      environments,
    },
  };
  return { app, use, problems: [] };
}

/** A copy of `object` without `keys`: what resolution replaces is never carried over as written. */
function without<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Omit<T, K> {
  const out = { ...object };
  for (const key of keys) delete out[key];
  return out;
}

function storeOf(store: SecretStoreRef | undefined): SecretStoreRef | undefined {
  return store && { kind: store.kind, name: store.name };
}

interface EnvironmentContext {
  config: OrgConfig | undefined;
  file: string;
  problems: SpecProblem[];
  at: PathSegment[];
}

function resolveEnvironment(
  spec: AppSpec,
  envName: string,
  env: Environment,
  { config, file, problems, at }: EnvironmentContext,
): { environment: ResolvedEnvironment; used: Record<string, unknown> } {
  const fromConfig = config?.environments?.[envName] ?? {};
  const used: Record<string, unknown> = {};
  const take = <K extends keyof typeof fromConfig>(field: K): (typeof fromConfig)[K] => {
    const value = fromConfig[field];
    if (value !== undefined) used[`environments.${envName}.${field}`] = value;
    return value;
  };
  const environment: ResolvedEnvironment = without(env, ['irsa', 'podIdentity', 'cluster', 'awsAccountId', 'secretsPath']);
  const configField = (field: string) => `environments.${envName}.${field} in ${file}`;

  // app.yaml's own version, once it can give one, wins over the config's.
  if (environment.kubernetesVersion === undefined) {
    const version = take('kubernetesVersion');
    if (version !== undefined) environment.kubernetesVersion = version;
  }
  const provider = fromConfig.oidcProvider;
  if (provider !== undefined) environment.oidcProvider = provider;
  // An account id or cluster the app has no use for stays where it is: only what reaches a file counts as used.
  if (env.awsAccountId !== undefined) environment.awsAccountId = env.awsAccountId;

  const role = identityOf(spec, env, envName);
  if (role) {
    const account = env.awsAccountId ?? take('awsAccountId');
    if (account === undefined) {
      problems.push({
        path: [...at, 'awsAccountId'],
        message: `required because ${role.setAt} is set (the role ARN names the account): a 12-digit account id in quotes, here or as ${configField('awsAccountId')}`,
      });
    } else {
      environment.awsAccountId = account;
      environment.identity = { ...role, roleArn: `arn:aws:iam::${account}:role/${role.roleName}` };
    }
    if (role.kind === 'podIdentity') {
      const cluster = env.cluster ?? take('cluster');
      if (cluster === undefined) {
        problems.push({
          path: [...at, 'cluster'],
          message: `required because ${role.setAt} is set (the PodIdentityAssociation names the EKS cluster): set ${configField('cluster')}, or cluster here`,
        });
      } else {
        environment.cluster = cluster;
      }
    }
  }

  const secrets = spec.spec.secrets;
  const relativeKeys = Object.entries(secrets?.keys ?? {}).filter(([, p]) => !p.startsWith('/')).map(([k]) => k);
  const pathNeed = secrets?.fromPath === true ? 'spec.secrets.fromPath is set' : relativeKeys.length > 0 ? `spec.secrets.keys has relative parameter names (${relativeKeys.join(', ')})` : undefined;
  if (env.secretsPath !== undefined) {
    environment.secretsPath = env.secretsPath;
  } else if (pathNeed !== undefined) {
    const prefix = take('secretsPathPrefix');
    if (prefix === undefined) {
      problems.push({
        path: [...at, 'secretsPath'],
        message: `required because ${pathNeed}: for example /${envName}/${spec.metadata.name}, or set ${configField('secretsPathPrefix')}`,
      });
    } else {
      environment.secretsPath = `${prefix}/${spec.metadata.name}`;
    }
  }
  return { environment, used };
}

/** The environment's own irsa or podIdentity, else the app's. */
function identityOf(spec: AppSpec, env: Environment, envName: string): Omit<Identity, 'roleArn'> | undefined {
  const pick = (owner: { irsa?: AwsRole; podIdentity?: AwsRole }, where: string) => {
    if (owner.podIdentity) return { kind: 'podIdentity' as const, roleName: owner.podIdentity.roleName, setAt: `${where}.podIdentity` };
    if (owner.irsa) return { kind: 'irsa' as const, roleName: owner.irsa.roleName, setAt: `${where}.irsa` };
    return undefined;
  };
  return pick(env, `spec.environments.${envName}`) ?? pick(spec.spec, 'spec');
}
