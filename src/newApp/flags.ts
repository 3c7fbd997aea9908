import type { Probes, Resources } from '../appSpec/types.ts';
import {
  activeDeadlineProblem,
  appNameProblem,
  awsAccountIdProblem,
  clusterProblem,
  environmentNameProblem,
  environmentQuantityProblem,
  envVarProblem,
  imageProblem,
  imageTagProblem,
  namespaceProblem,
  portProblem,
  probePathProblem,
  quantityProblem,
  refreshIntervalProblem,
  replicasProblem,
  roleNameProblem,
  scheduleProblem,
  secretKeyProblem,
  secretsPathProblem,
  splitPair,
  STORE_KINDS,
  storeNameProblem,
  timeZoneProblem,
  type StoreKind,
} from './answers.ts';

/** The answer flags of `scaffold new-app` as the command line gives them: strings, repeatable ones as lists. */
export interface AnswerFlags {
  skeleton?: string;
  namespace?: string;
  image?: string;
  port?: string;
  readiness?: string;
  liveness?: string;
  startup?: string;
  schedule?: string;
  timeZone?: string;
  activeDeadlineSeconds?: string;
  cpu?: string;
  memory?: string;
  envVar?: string[];
  irsa?: boolean;
  podIdentity?: boolean;
  roleName?: string;
  secrets?: boolean;
  secretStore?: string;
  refreshInterval?: string;
  secretKey?: string[];
  secretsFromPath?: boolean;
  env?: string[];
  imageTag?: string[];
  replicas?: string[];
  awsAccount?: string[];
  cluster?: string[];
  secretsPath?: string[];
  envCpu?: string[];
  envMemory?: string[];
}

/** What the command line already answers; everything else is asked, defaulted or missing. */
export interface GivenAnswers {
  name?: string;
  skeleton?: string;
  namespace?: string;
  image?: string;
  port?: number;
  probes?: Probes;
  schedule?: string;
  timeZone?: string;
  activeDeadlineSeconds?: number;
  cpu?: string;
  memory?: string;
  env?: Record<string, string>;
  /** Which AWS role the pods get: IRSA, Pod Identity, or none. */
  role?: 'irsa' | 'podIdentity' | 'none';
  roleName?: string;
  secrets?: boolean;
  secretStore?: { kind: StoreKind; name: string };
  refreshInterval?: string;
  secretKeys?: Record<string, string>;
  fromPath?: boolean;
  environments?: string[];
  /** Per-environment flags, keyed by environment name. */
  perEnvironment: PerEnvironmentFlags;
}

export interface PerEnvironmentFlags {
  imageTag: Record<string, string>;
  replicas: Record<string, number>;
  awsAccountId: Record<string, string>;
  cluster: Record<string, string>;
  secretsPath: Record<string, string>;
  resources: Record<string, Partial<Resources>>;
}

/** Where the per-environment flags are, for messages. */
export const PER_ENVIRONMENT_FLAGS: Record<keyof PerEnvironmentFlags, string> = {
  imageTag: '--image-tag',
  replicas: '--replicas',
  awsAccountId: '--aws-account',
  cluster: '--cluster',
  secretsPath: '--secrets-path',
  resources: '--env-cpu/--env-memory',
};

export interface ParsedFlags {
  given: GivenAnswers;
  /** One line per bad flag value, each naming the flag. */
  problems: string[];
}

/**
 * Reads and checks every answer flag; the same checks as the prompts, so a value is accepted or refused alike.
 * `givenBothWays`: the switches given on and off in one command line (`--irsa --no-irsa`), which the
 * parsed flags cannot tell from one given once: refused, as every other contradiction is, not the last one taken.
 */
export function parseAnswerFlags(name: string | undefined, flags: AnswerFlags, givenBothWays: readonly string[] = []): ParsedFlags {
  const problems: string[] = givenBothWays.map((flag) => `--${flag} conflicts with --no-${flag}: give one of them`);
  const { envVar = [], secretKey = [], env: envNames = [], imageTag = [], replicas = [], awsAccount = [], cluster = [], secretsPath = [], envCpu = [], envMemory = [] } = flags;
  const check = <T>(flag: string, value: T | undefined, problemOf: (v: T) => string | undefined): T | undefined => {
    if (value === undefined) return undefined;
    const problem = problemOf(value);
    if (problem) {
      problems.push(`${flag}: ${problem}`);
      return undefined;
    }
    return value;
  };

  const given: GivenAnswers = {
    perEnvironment: { imageTag: {}, replicas: {}, awsAccountId: {}, cluster: {}, secretsPath: {}, resources: {} },
  };
  const set = <K extends keyof GivenAnswers>(key: K, value: GivenAnswers[K] | undefined) => {
    if (value !== undefined) given[key] = value;
  };

  set('name', check('NAME', name, appNameProblem));
  set('skeleton', flags.skeleton);
  set('namespace', check('--namespace', flags.namespace, namespaceProblem));
  set('image', check('--image', flags.image, imageProblem));
  if (flags.port !== undefined) {
    const port = wholeNumber(portProblem)(flags.port);
    if ('problem' in port) problems.push(`--port: ${port.problem}`);
    else given.port = port.value;
  }

  const probes: Probes = {};
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    const path = check(`--${kind}`, flags[kind], probePathProblem);
    if (path !== undefined) probes[kind] = path;
  }
  if (Object.keys(probes).length > 0) given.probes = probes;

  set('schedule', check('--schedule', flags.schedule, scheduleProblem));
  set('timeZone', check('--time-zone', flags.timeZone, timeZoneProblem));
  if (flags.activeDeadlineSeconds !== undefined) {
    const seconds = wholeNumber(activeDeadlineProblem)(flags.activeDeadlineSeconds);
    if ('problem' in seconds) problems.push(`--active-deadline-seconds: ${seconds.problem}`);
    else given.activeDeadlineSeconds = seconds.value;
  }

  set('cpu', check('--cpu', flags.cpu, (v) => quantityProblem('cpu', v)));
  set('memory', check('--memory', flags.memory, (v) => quantityProblem('memory', v)));
  if (envVar.length > 0) given.env = pairs('--env-var', envVar, envVarProblem, problems);

  set('role', roleOf(flags, problems));
  set('roleName', check('--role-name', flags.roleName, roleNameProblem));

  const secretFlags = [
    ...(flags.secretStore !== undefined ? ['--secret-store'] : []),
    ...(flags.refreshInterval !== undefined ? ['--refresh-interval'] : []),
    ...(secretKey.length > 0 ? ['--secret-key'] : []),
    ...(secretsPath.length > 0 ? ['--secrets-path'] : []),
    ...(flags.secretsFromPath ? ['--secrets-from-path'] : []),
  ];
  given.secrets = impliedSwitch('secrets', flags.secrets, secretFlags, problems);
  if (flags.secretStore !== undefined) set('secretStore', secretStore(flags.secretStore, problems));
  set('refreshInterval', check('--refresh-interval', flags.refreshInterval, refreshIntervalProblem));
  if (secretKey.length > 0) {
    given.secretKeys = pairs('--secret-key', secretKey, (text) => secretKeyProblem(text, given.env), problems);
  }
  if (flags.secretsFromPath) given.fromPath = true;

  if (envNames.length > 0) {
    const seen = new Set<string>();
    for (const env of envNames) {
      const problem = environmentNameProblem(env, given.name);
      if (problem) problems.push(`--env: ${problem}`);
      else if (seen.has(env)) problems.push(`--env: "${env}" is given twice`);
      seen.add(env);
    }
    given.environments = [...seen];
  }

  const per = given.perEnvironment;
  per.imageTag = perEnvironment('--image-tag', imageTag, text(imageTagProblem), problems);
  per.replicas = perEnvironment('--replicas', replicas, wholeNumber(replicasProblem), problems);
  per.awsAccountId = perEnvironment('--aws-account', awsAccount, text(awsAccountIdProblem), problems);
  per.cluster = perEnvironment('--cluster', cluster, text(clusterProblem), problems);
  per.secretsPath = perEnvironment('--secrets-path', secretsPath, text(secretsPathProblem), problems);
  for (const resource of ['cpu', 'memory'] as const) {
    const values = resource === 'cpu' ? envCpu : envMemory;
    const quantities = perEnvironment(`--env-${resource}`, values, text((v) => environmentQuantityProblem(resource, v)), problems);
    for (const [env, value] of Object.entries(quantities)) per.resources[env] = { ...per.resources[env], [resource]: value };
  }
  return { given, problems };
}

/**
 * The AWS role flags: `--irsa` or `--pod-identity` (not both), `--no-irsa` for none;
 * `--role-name` alone means IRSA, as it did before Pod Identity.
 */
function roleOf(flags: AnswerFlags, problems: string[]): GivenAnswers['role'] {
  if (flags.podIdentity) {
    if (flags.irsa === true) problems.push('--irsa conflicts with --pod-identity: the pods get their role one way');
    if (flags.irsa === false) problems.push('--no-irsa conflicts with --pod-identity: --no-irsa gives the pods no IAM role');
    return 'podIdentity';
  }
  // An account or a cluster is only for the role --no-irsa leaves out: kept, it would sit in app.yaml unused.
  const forARole = [...((flags.awsAccount ?? []).length > 0 ? ['--aws-account'] : []), ...((flags.cluster ?? []).length > 0 ? ['--cluster'] : [])];
  if (flags.irsa === false && forARole.length > 0) problems.push(`--no-irsa conflicts with ${forARole.join(', ')}: they are for the pods' IAM role, which --no-irsa leaves out`);
  const irsa = impliedSwitch('irsa', flags.irsa, flags.roleName !== undefined ? ['--role-name'] : [], problems);
  return irsa === undefined ? undefined : irsa ? 'irsa' : 'none';
}

/** `--irsa`/`--no-irsa` given, or implied by a flag that only means something when it is on. */
function impliedSwitch(name: string, value: boolean | undefined, implying: string[], problems: string[]): boolean | undefined {
  if (implying.length === 0) return value;
  if (value === false) {
    problems.push(`--no-${name} conflicts with ${implying.join(', ')}`);
    return false;
  }
  return true;
}

function secretStore(value: string, problems: string[]): { kind: StoreKind; name: string } | undefined {
  const slash = value.indexOf('/');
  const kind = value.slice(0, slash) as StoreKind;
  const name = value.slice(slash + 1);
  if (slash < 0 || !STORE_KINDS.includes(kind)) {
    problems.push(`--secret-store: expected ${STORE_KINDS.join(' or ')}/<name>, got "${value}"`);
    return undefined;
  }
  const problem = storeNameProblem(name);
  if (problem) {
    problems.push(`--secret-store: ${problem}`);
    return undefined;
  }
  return { kind, name };
}

/** Repeated `NAME=value` flags, in the order given. */
function pairs(flag: string, values: string[], problemOf: (text: string) => string | undefined, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const text of values) {
    const problem = problemOf(text);
    const pair = splitPair(text);
    if (problem || !pair) {
      problems.push(`${flag}: ${problem}`);
      continue;
    }
    if (Object.hasOwn(out, pair.key)) problems.push(`${flag}: ${pair.key} is given twice`);
    out[pair.key] = pair.value;
  }
  return out;
}

type Read<T> = (text: string) => { value: T } | { problem: string };

function text(problemOf: (value: string) => string | undefined): Read<string> {
  return (value) => {
    const problem = problemOf(value);
    return problem ? { problem } : { value };
  };
}

function wholeNumber(problemOf: (value: number) => string | undefined): Read<number> {
  return (value) => {
    if (!/^[0-9]+$/.test(value)) return { problem: `expected a whole number, got "${value}"` };
    const problem = problemOf(Number(value));
    return problem ? { problem } : { value: Number(value) };
  };
}

/** Repeated `<environment>=<value>` flags. */
function perEnvironment<T>(flag: string, values: string[], read: Read<T>, problems: string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const entry of values) {
    const pair = splitPair(entry);
    if (!pair) {
      problems.push(`${flag}: expected <environment>=<value>, got "${entry}"`);
      continue;
    }
    const envProblem = environmentNameProblem(pair.key);
    if (envProblem) {
      problems.push(`${flag}: ${envProblem}`);
      continue;
    }
    const result = read(pair.value);
    if ('problem' in result) {
      problems.push(`${flag}: ${pair.key}: ${result.problem}`);
      continue;
    }
    if (Object.hasOwn(out, pair.key)) problems.push(`${flag}: ${pair.key} is given twice`);
    out[pair.key] = result.value;
  }
  return out;
}
