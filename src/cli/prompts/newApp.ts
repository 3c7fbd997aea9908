import { checkbox, confirm, input, number, select } from '@inquirer/prompts';
import {
  activeDeadlineProblem,
  appNameProblem,
  awsAccountIdProblem,
  clusterProblem,
  defaultImage,
  defaultReplicas,
  defaultSecretsPath,
  DEFAULTS,
  environmentNameProblem,
  environmentQuantityProblem,
  envVarProblem,
  imageProblem,
  needsSecretsPath,
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
  type CronJobAnswers,
  type EnvironmentAnswers,
  type NewAppAnswers,
  type SecretsAnswers,
  type StoreKind,
} from '../../newApp/answers.ts';
import { PER_ENVIRONMENT_FLAGS, type GivenAnswers } from '../../newApp/flags.ts';
import type { SkeletonContract } from '../../appSpec/check.ts';
import { closestMatch } from '../../vocabulary/didYouMean.ts';
import type { Probes, Resources } from '../../appSpec/types.ts';
import type { OrgConfig } from '../../orgConfig/types.ts';
import { UsageError } from '../exit.ts';

/** The prompt functions the questions use; tests pass the same prompts driven by @inquirer/testing. */
export interface PromptKit {
  input: typeof input;
  number: typeof number;
  confirm: typeof confirm;
  select: typeof select;
  checkbox: typeof checkbox;
}

export const terminalPrompts: PromptKit = { input, number, confirm, select, checkbox };

/**
 * How unanswered questions are settled: `ask` prompts on the terminal, `defaults`
 * (--yes) takes each question's default, `flags` (no terminal, no --yes) takes
 * nothing: every question a flag did not answer is reported missing.
 */
export type AnswerMode = 'ask' | 'defaults' | 'flags';

export interface SkeletonChoice extends SkeletonContract {
  description: string;
}

export interface QuestionContext {
  given: GivenAnswers;
  skeletons: readonly SkeletonChoice[];
  /** Apps that already have an app.yaml under the root. */
  existingApps: ReadonlySet<string>;
  /** Environments other apps of the repository use, offered besides the default ones. */
  knownEnvironments: readonly string[];
  /** --force: an existing app may be replaced. */
  force: boolean;
  /** The organisation config: what it answers is not asked, and left out of app.yaml. */
  config?: OrgConfig;
}

export interface Gathered {
  answers: NewAppAnswers;
  /** Flags to pass for the questions that were not answered; when any, `answers` is incomplete. */
  missing: string[];
}

/**
 * Settles one question. `choice`: the user picks, and a default exists (missing
 * only without --yes and without a terminal). `addition`: optional extras such as
 * env vars, which are simply none when not given. `required`: no default can
 * exist, so it is missing unless a flag or the user answers it; `fallback` is then
 * a stand-in that lets the remaining questions be checked too.
 */
interface Question<T> {
  given: T | undefined;
  fallback: T;
  kind: 'choice' | 'addition' | 'required';
  flag: string;
  ask: () => Promise<T>;
}

/** Settles a question by flag, prompt or default, recording it as missing when it must be. */
type Answer = <T>(q: Question<T>) => Promise<T>;

interface Asking {
  answer: Answer;
  prompts: PromptKit;
  context: QuestionContext;
}

/** What the app runs: everything up to the plain env vars. */
type Workload = Omit<NewAppAnswers, 'irsa' | 'podIdentity' | 'secrets' | 'environments'>;

/** The pods' AWS role, if any. */
type Role = Pick<NewAppAnswers, 'irsa' | 'podIdentity'>;

/**
 * Asks the questions of `scaffold new-app` in order. Every mode goes through this
 * one sequence, so `--yes`, flags and prompts give the same answers for the same
 * input, and pressing Enter at every prompt gives what `--yes` gives.
 */
export async function gatherAnswers(context: QuestionContext, mode: AnswerMode, prompts: PromptKit): Promise<Gathered> {
  const missing: string[] = [];
  const answer: Answer = async (q) => {
    if (q.given !== undefined) return q.given;
    if (mode === 'ask') return q.ask();
    if (q.kind === 'required' || (q.kind === 'choice' && mode === 'flags')) missing.push(q.flag);
    return q.fallback;
  };
  const asking: Asking = { answer, prompts, context };

  const workload = await askWorkload(asking);
  const role = await askRole(asking, workload.name);
  const secrets = await askSecrets(asking, workload.env);
  // The organisation's environments answer the question; --env still chooses others.
  const configured = Object.keys(context.config?.environments ?? {});
  const environmentNames =
    context.given.environments ??
    (configured.length > 0
      ? configured
      : await answer({
          given: undefined,
          fallback: [...DEFAULTS.environments],
          kind: 'choice',
          flag: '--env <name>',
          ask: () => askEnvironments(prompts, context, workload.name),
        }));
  checkPerEnvironmentFlags(context.given, environmentNames);
  const environments: EnvironmentAnswers[] = [];
  for (const envName of environmentNames) environments.push(await askEnvironment(asking, envName, workload, role, secrets));

  const answers: NewAppAnswers = { ...workload, ...role, ...(secrets ? { secrets } : {}), environments };
  return { answers, missing };
}

function accept(problem: string | undefined): true | string {
  return problem ?? true;
}

async function askWorkload({ answer, prompts, context }: Asking): Promise<Workload> {
  const { given } = context;
  const name = await answer({
    given: given.name,
    fallback: 'app',
    kind: 'required',
    flag: 'NAME (the first argument)',
    ask: () =>
      prompts.input({
        message: 'App name (lowercase letters, digits and -):',
        required: true,
        validate: (v) => accept(appNameProblem(v) ?? existingAppProblem(v, context)),
      }),
  });

  const defaultSkeleton = context.skeletons.some((s) => s.name === DEFAULTS.skeleton) ? DEFAULTS.skeleton : context.skeletons[0]!.name;
  const needsPort = given.port !== undefined || given.probes !== undefined;
  const width = Math.max(...context.skeletons.map((s) => s.name.length));
  const skeletonName = await answer({
    given: given.skeleton,
    fallback: defaultSkeleton,
    kind: 'choice',
    flag: '--skeleton <name>',
    ask: () =>
      prompts.select({
        message: 'Skeleton:',
        default: defaultSkeleton,
        choices: context.skeletons.map((s) => ({
          value: s.name,
          name: `${s.name.padEnd(width)}  ${s.description}`,
          short: s.name,
          // A port flag was given: a skeleton without a port could not use it.
          disabled: needsPort && fieldRule(s, 'port') === 'unsupported' ? '(has no port)' : false,
        })),
      }),
  });
  const skeleton = context.skeletons.find((s) => s.name === skeletonName)!;
  if (given.port !== undefined && fieldRule(skeleton, 'port') === 'unsupported') {
    throw new UsageError(`--port: the ${skeleton.name} skeleton has no port; leave --port out`);
  }
  if (given.probes !== undefined && fieldRule(skeleton, 'probes') === 'unsupported') {
    throw new UsageError(`--readiness/--liveness/--startup: the ${skeleton.name} skeleton has no probes; leave them out`);
  }
  const workload = skeleton.workload ?? 'Deployment';
  const cronJobFlags = [
    ...(given.schedule !== undefined ? ['--schedule'] : []),
    ...(given.timeZone !== undefined ? ['--time-zone'] : []),
    ...(given.activeDeadlineSeconds !== undefined ? ['--active-deadline-seconds'] : []),
  ];
  if (workload !== 'CronJob' && cronJobFlags.length > 0) {
    throw new UsageError(`${cronJobFlags.join(', ')}: the ${skeleton.name} skeleton runs a ${workload}, not a CronJob; leave ${cronJobFlags.length === 1 ? 'it' : 'them'} out`);
  }
  if (workload !== 'Deployment' && Object.keys(given.perEnvironment.replicas).length > 0) {
    throw new UsageError(`--replicas: the ${skeleton.name} skeleton runs a ${workload}, whose pods are not counted by replicas; leave --replicas out`);
  }

  const defaults = context.config?.defaults;
  const namespace = await unlessConfigured(given.namespace, defaults?.namespace, () =>
    answer({
      given: given.namespace,
      fallback: name,
      kind: 'choice',
      flag: '--namespace <namespace>',
      ask: () => prompts.input({ message: 'Namespace:', default: name, validate: (v) => accept(namespaceProblem(v)) }),
    }),
  );

  const image = await unlessConfigured(given.image, defaults?.imageRegistry, () =>
    answer({
      given: given.image,
      fallback: defaultImage(name),
      kind: 'choice',
      flag: '--image <repository>',
      ask: () =>
        prompts.input({
          message: 'Image repository, no tag (the default is a placeholder):',
          default: defaultImage(name),
          validate: (v) => accept(imageProblem(v)),
        }),
    }),
  );

  const portRule = fieldRule(skeleton, 'port');
  let port: number | undefined;
  if (portRule !== 'unsupported') {
    const required = portRule === 'required';
    port = await answer<number | undefined>({
      given: given.port,
      // HTTP probes are GETs on the port: a probe path given takes the default port, as --port's help says.
      fallback: required || given.probes !== undefined ? DEFAULTS.port : undefined,
      kind: required ? 'choice' : 'addition',
      flag: '--port <port>',
      ask: () =>
        prompts.number({
          message: required ? 'HTTP port the app listens on:' : 'HTTP port the app listens on (empty: none):',
          ...(required ? { default: DEFAULTS.port } : {}),
          required,
          validate: (v: number | undefined) => (v === undefined ? true : accept(portProblem(v))),
        }),
    });
  }

  const probesRule = fieldRule(skeleton, 'probes');
  let probes: Probes | undefined;
  // Probes are HTTP GETs on the port: without one there is nothing to ask (a given probe is left to the spec check).
  if (probesRule !== 'unsupported' && (port !== undefined || given.probes !== undefined)) {
    probes = await answer<Probes | undefined>({
      given: given.probes,
      fallback: probesRule === 'required' ? { readiness: DEFAULTS.readinessPath } : undefined,
      kind: 'addition',
      flag: '--readiness <path>',
      ask: () => askProbes(prompts, probesRule === 'required'),
    });
  }

  const cronJob = workload === 'CronJob' ? await askCronJob({ answer, prompts, context }) : undefined;

  const cpu = await unlessConfigured(given.cpu, defaults?.resources?.cpu, () =>
    answer({
      given: given.cpu,
      fallback: DEFAULTS.cpu,
      kind: 'choice',
      flag: '--cpu <quantity>',
      ask: () =>
        prompts.input({
          message: 'CPU per pod, e.g. 250m or 1 (requests = limits: QoS Guaranteed):',
          default: DEFAULTS.cpu,
          validate: (v) => accept(quantityProblem('cpu', v)),
        }),
    }),
  );
  const memory = await unlessConfigured(given.memory, defaults?.resources?.memory, () =>
    answer({
      given: given.memory,
      fallback: DEFAULTS.memory,
      kind: 'choice',
      flag: '--memory <quantity>',
      ask: () =>
        prompts.input({
          message: 'Memory per pod, e.g. 256Mi or 1Gi (requests = limits):',
          default: DEFAULTS.memory,
          validate: (v) => accept(quantityProblem('memory', v)),
        }),
    }),
  );

  const env = await answer<Record<string, string>>({
    given: given.env,
    fallback: {},
    kind: 'addition',
    flag: '--env-var NAME=value',
    ask: () =>
      askPairs(prompts, 'Plain environment variable NAME=value (empty: done; secrets come later):', (text, so) =>
        envVarProblem(text) ?? duplicateProblem(text, so),
      ),
  });

  return {
    name,
    skeleton: skeleton.name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(image !== undefined ? { image } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(probes !== undefined ? { probes } : {}),
    ...(cronJob !== undefined ? { cronJob } : {}),
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memory !== undefined ? { memory } : {}),
    env,
  };
}

/**
 * A question the config answers is not asked unless a flag answers it: the answer
 * is left out of app.yaml, so the config's value (and any later change of it) applies.
 */
function unlessConfigured<T>(given: unknown, configured: unknown, ask: () => Promise<T>): Promise<T> | undefined {
  return given === undefined && configured !== undefined ? undefined : ask();
}

async function askCronJob({ answer, prompts, context }: Asking): Promise<CronJobAnswers> {
  const { given } = context;
  const schedule = await answer({
    given: given.schedule,
    fallback: DEFAULTS.schedule,
    kind: 'choice',
    flag: '--schedule <cron>',
    ask: () =>
      prompts.input({
        message: 'Schedule: minute hour day-of-month month day-of-week, or @hourly, @daily, @weekly:',
        default: DEFAULTS.schedule,
        validate: (v) => accept(scheduleProblem(v)),
      }),
  });
  const timeZone = await answer({
    given: given.timeZone,
    fallback: DEFAULTS.timeZone,
    kind: 'choice',
    flag: '--time-zone <zone>',
    ask: () => prompts.input({ message: 'Time zone of the schedule, e.g. UTC or Asia/Seoul:', default: DEFAULTS.timeZone, validate: (v) => accept(timeZoneProblem(v)) }),
  });
  const activeDeadlineSeconds = await answer({
    given: given.activeDeadlineSeconds,
    fallback: DEFAULTS.activeDeadlineSeconds,
    kind: 'choice',
    flag: '--active-deadline-seconds <n>',
    ask: () =>
      prompts.number({
        message: 'Seconds one run may take, retries included, before it is stopped:',
        default: DEFAULTS.activeDeadlineSeconds,
        required: true,
        validate: (v: number | undefined) => (v === undefined ? 'enter a number of seconds' : accept(activeDeadlineProblem(v))),
      }),
  });
  return { schedule, timeZone, activeDeadlineSeconds };
}

async function askRole({ answer, prompts, context }: Asking, app: string): Promise<Role> {
  const kind = await answer<'irsa' | 'podIdentity' | 'none'>({
    given: context.given.role,
    fallback: 'none',
    kind: 'choice',
    flag: '--irsa, --pod-identity or --no-irsa',
    ask: () =>
      prompts.select({
        message: 'AWS IAM role for the pods:',
        default: 'none',
        choices: [
          { value: 'none', name: 'none' },
          { value: 'irsa', name: 'IRSA: the ServiceAccount is annotated with the role' },
          { value: 'podIdentity', name: 'EKS Pod Identity: a PodIdentityAssociation in each environment' },
        ],
      }),
  });
  if (kind === 'none') return {};
  const roleName = await answer({
    given: context.given.roleName,
    fallback: app,
    kind: 'choice',
    flag: '--role-name <name>',
    ask: () => prompts.input({ message: 'IAM role name (the same in every account):', default: app, validate: (v) => accept(roleNameProblem(v)) }),
  });
  return { [kind]: { roleName } };
}

async function askSecrets({ answer, prompts, context }: Asking, plainEnv: Record<string, string>): Promise<SecretsAnswers | undefined> {
  const { given } = context;
  const on = await answer({
    given: given.secrets,
    fallback: false,
    kind: 'choice',
    flag: '--secrets or --no-secrets',
    ask: () => prompts.confirm({ message: 'Secrets: env vars from AWS Parameter Store (External Secrets)?', default: false }),
  });
  if (!on) return undefined;
  // The config's store answers both questions (its refresh interval, or the built-in one).
  const store = await unlessConfigured(given.secretStore, context.config?.defaults?.secretStore, () =>
    answer({
      given: given.secretStore,
      fallback: { ...DEFAULTS.secretStore },
      kind: 'choice',
      flag: '--secret-store <Kind>/<name>',
      ask: async () => {
        const kind = await prompts.select<StoreKind>({
          message: 'Secret store kind:',
          default: DEFAULTS.secretStore.kind,
          choices: STORE_KINDS.map((k) => ({ value: k, name: k === 'SecretStore' ? `${k} (in the app's namespace)` : `${k} (cluster-wide)` })),
        });
        const name = await prompts.input({ message: `${kind} name:`, default: DEFAULTS.secretStore.name, validate: (v) => accept(storeNameProblem(v)) });
        return { kind, name };
      },
    }),
  );
  const refreshInterval =
    store === undefined && given.refreshInterval === undefined
      ? undefined
      : await answer({
          given: given.refreshInterval,
          fallback: DEFAULTS.refreshInterval,
          kind: 'choice',
          flag: '--refresh-interval <duration>',
          ask: () =>
            prompts.input({
              message: 'Refresh interval, e.g. 1h, 15m or 30s:',
              default: DEFAULTS.refreshInterval,
              validate: (v) => accept(refreshIntervalProblem(v)),
            }),
        });
  const fromPath = await answer({
    given: given.fromPath,
    fallback: false,
    kind: 'addition',
    flag: '--secrets-from-path',
    ask: () =>
      prompts.confirm({
        message: "Every parameter under each environment's Parameter Store path, as an env var named after it (db-password: DB_PASSWORD)?",
        default: false,
      }),
  });
  const keys = await answer<Record<string, string>>({
    given: given.secretKeys,
    fallback: fromPath ? {} : { SECRET: 'secret' },
    kind: fromPath ? 'addition' : 'required',
    flag: '--secret-key NAME=parameter',
    ask: () =>
      askPairs(
        prompts,
        fromPath ? 'More secrets by name, NAME=parameter (empty: done):' : 'Secret NAME=parameter, relative to the environment path (empty: done):',
        (text, so) => secretKeyProblem(text, plainEnv) ?? duplicateProblem(text, so),
        fromPath ? undefined : 'enter at least one NAME=parameter',
      ),
  });
  return { ...(store ? { store } : {}), ...(refreshInterval !== undefined ? { refreshInterval } : {}), keys, ...(fromPath ? { fromPath } : {}) };
}

async function askEnvironment(
  { answer, prompts, context }: Asking,
  envName: string,
  workload: Workload,
  role: Role,
  secrets: SecretsAnswers | undefined,
): Promise<EnvironmentAnswers> {
  const per = context.given.perEnvironment;
  // What the config's environment gives is not asked.
  const configured = context.config?.environments?.[envName] ?? {};
  const imageTag = await answer({
    given: per.imageTag[envName],
    fallback: DEFAULTS.imageTag,
    kind: 'choice',
    flag: `--image-tag ${envName}=<tag>`,
    ask: () => prompts.input({ message: `${envName}: image tag:`, default: DEFAULTS.imageTag, validate: (v) => accept(imageTagProblem(v)) }),
  });
  const environment: EnvironmentAnswers = { name: envName, imageTag };
  // A DaemonSet runs a pod on every node and a CronJob one at each scheduled time: only a Deployment has replicas.
  const runs = context.skeletons.find((s) => s.name === workload.skeleton)?.workload ?? 'Deployment';
  if (runs === 'Deployment') {
    environment.replicas = await answer({
      given: per.replicas[envName],
      fallback: defaultReplicas(envName),
      kind: 'choice',
      flag: `--replicas ${envName}=<n>`,
      ask: () =>
        prompts.number({
          message: `${envName}: replicas:`,
          default: defaultReplicas(envName),
          required: true,
          validate: (v: number) => accept(replicasProblem(v)),
        }),
    });
  }
  // An account id is only asked for the role ARN; one given by flag is kept either way.
  const accountId =
    (role.irsa ?? role.podIdentity) && configured.awsAccountId === undefined
      ? await answer({
          given: per.awsAccountId[envName],
          fallback: '000000000000',
          kind: 'required',
          flag: `--aws-account ${envName}=<12 digits>`,
          ask: () =>
            prompts.input({
              message: `${envName}: AWS account id (12 digits, for the IAM role ARN):`,
              required: true,
              validate: (v) => accept(awsAccountIdProblem(v)),
            }),
        })
      : per.awsAccountId[envName];
  if (accountId !== undefined) environment.awsAccountId = accountId;
  const cluster =
    role.podIdentity && configured.cluster === undefined
      ? await answer({
          given: per.cluster[envName],
          fallback: 'cluster',
          kind: 'required',
          flag: `--cluster ${envName}=<EKS cluster name>`,
          ask: () =>
            prompts.input({
              message: `${envName}: EKS cluster name (for the PodIdentityAssociation):`,
              required: true,
              validate: (v) => accept(clusterProblem(v)),
            }),
        })
      : per.cluster[envName];
  if (cluster !== undefined) environment.cluster = cluster;
  const secretsPath =
    needsSecretsPath(secrets) && configured.secretsPathPrefix === undefined
      ? await answer({
          given: per.secretsPath[envName],
          fallback: defaultSecretsPath(envName, workload.name),
          kind: 'choice',
          flag: `--secrets-path ${envName}=<path>`,
          ask: () =>
            prompts.input({
              message: `${envName}: Parameter Store path of the secrets:`,
              default: defaultSecretsPath(envName, workload.name),
              validate: (v) => accept(secretsPathProblem(v)),
            }),
        })
      : per.secretsPath[envName];
  if (secretsPath !== undefined) environment.secretsPath = secretsPath;
  const resources = await answer<Partial<Resources> | undefined>({
    given: per.resources[envName],
    fallback: undefined,
    kind: 'addition',
    flag: `--env-cpu ${envName}=<quantity>`,
    ask: () => {
      const defaults = context.config?.defaults?.resources;
      return askResourceOverride(prompts, envName, { cpu: workload.cpu ?? defaults?.cpu ?? DEFAULTS.cpu, memory: workload.memory ?? defaults?.memory ?? DEFAULTS.memory });
    },
  });
  if (resources !== undefined) environment.resources = resources;
  return environment;
}

function fieldRule(skeleton: SkeletonContract, field: 'port' | 'probes') {
  return skeleton.fields[field] ?? 'unsupported';
}

function existingAppProblem(name: string, context: Pick<QuestionContext, 'existingApps' | 'force'>): string | undefined {
  if (context.force || !context.existingApps.has(name)) return undefined;
  return `apps/${name}/app.yaml already exists; choose another name (or run again with --force to replace it)`;
}

async function askProbes(prompts: PromptKit, required: boolean): Promise<Probes | undefined> {
  if (!required && !(await prompts.confirm({ message: 'Add HTTP probes on the port?', default: false }))) return undefined;
  const probes: Probes = {};
  const path = (v: string) => (v === '' ? true : accept(probePathProblem(v)));
  probes.readiness = await prompts.input({ message: 'Readiness probe path:', default: DEFAULTS.readinessPath, validate: path });
  const liveness = await prompts.input({ message: 'Liveness probe path (empty: none):', validate: path });
  if (liveness !== '') probes.liveness = liveness;
  const startup = await prompts.input({ message: 'Startup probe path, for slow starters (empty: none):', validate: path });
  if (startup !== '') probes.startup = startup;
  return probes;
}

/** Asks `NAME=value` entries one by one until an empty answer. */
async function askPairs(
  prompts: PromptKit,
  message: string,
  problemOf: (text: string, so: Record<string, string>) => string | undefined,
  atLeastOne?: string,
): Promise<Record<string, string>> {
  const pairs: Record<string, string> = {};
  for (;;) {
    const text = await prompts.input({
      message,
      validate: (v) => {
        if (v === '') return atLeastOne !== undefined && Object.keys(pairs).length === 0 ? atLeastOne : true;
        return accept(problemOf(v, pairs));
      },
    });
    if (text === '') return pairs;
    const pair = splitPair(text)!;
    pairs[pair.key] = pair.value;
  }
}

function duplicateProblem(text: string, so: Record<string, string>): string | undefined {
  const key = splitPair(text)?.key;
  return key !== undefined && Object.hasOwn(so, key) ? `${key} is already set to "${so[key]}"` : undefined;
}

async function askEnvironments(prompts: PromptKit, context: QuestionContext, app: string): Promise<string[]> {
  const flagged = perEnvironmentNames(context.given);
  const preselected = new Set<string>([...DEFAULTS.environments, ...flagged]);
  const choices = [...new Set([...DEFAULTS.environments, ...context.knownEnvironments, ...flagged])];
  const chosen = await prompts.checkbox({
    message: 'Environments (more can be typed next):',
    choices: choices.map((env) => ({ value: env, checked: preselected.has(env) })),
    validate: (selected) => {
      const names = new Set(selected.map((c) => c.value));
      const dropped = flagged.filter((env) => !names.has(env));
      if (dropped.length > 0) return `keep ${dropped.join(', ')}: the command line sets values for it`;
      // A listed name can still be too long together with this app's name.
      return accept([...names].map((env) => environmentNameProblem(env, app)).find((p) => p !== undefined));
    },
  });
  const more = await prompts.input({
    message: 'More environments, comma-separated (empty: none):',
    validate: (v) => {
      const names = splitList(v);
      if (chosen.length === 0 && names.length === 0) return 'choose at least one environment, above or here';
      for (const env of names) {
        const problem = environmentNameProblem(env, app);
        if (problem) return problem;
        if (chosen.includes(env)) return `${env} is already chosen`;
      }
      return names.length === new Set(names).size ? true : 'an environment is named twice';
    },
  });
  return [...chosen, ...splitList(more)];
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Environments the per-environment flags name. */
function perEnvironmentNames(given: GivenAnswers): string[] {
  return [...new Set(Object.values(given.perEnvironment).flatMap((values) => Object.keys(values)))];
}

/** A per-environment flag naming an environment that is not chosen is most likely a typo. */
function checkPerEnvironmentFlags(given: GivenAnswers, environments: readonly string[]): void {
  for (const [field, values] of Object.entries(given.perEnvironment)) {
    for (const env of Object.keys(values)) {
      if (!environments.includes(env)) {
        const guess = closestMatch(env, environments);
        throw new UsageError(
          `${PER_ENVIRONMENT_FLAGS[field as keyof typeof PER_ENVIRONMENT_FLAGS]} names environment "${env}", which is not among the environments (${environments.join(', ')})${guess ? `; did you mean "${guess}"?` : `; add --env ${env}`}`,
        );
      }
    }
  }
}

async function askResourceOverride(prompts: PromptKit, env: string, base: Resources): Promise<Partial<Resources> | undefined> {
  if (!(await prompts.confirm({ message: `${env}: use other cpu or memory than ${base.cpu} / ${base.memory}?`, default: false }))) return undefined;
  const override: Partial<Resources> = {};
  for (const resource of ['cpu', 'memory'] as const) {
    const value = await prompts.input({
      message: `${env}: ${resource}:`,
      default: String(base[resource]),
      validate: (v) => accept(environmentQuantityProblem(resource, v)),
    });
    // Only what differs is written, so changing the app's value later still reaches this environment.
    if (value !== String(base[resource])) override[resource] = value;
  }
  return Object.keys(override).length > 0 ? override : undefined;
}
