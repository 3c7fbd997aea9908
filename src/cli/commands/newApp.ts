import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { APPS_DIR, specPathOf } from '../../appSpec/layout.ts';
import { listAppSpecs } from '../../io/appSpecs.ts';
import { isFolder } from '../../io/files.ts';
import { DEFAULTS, isPlaceholderImage, type NewAppAnswers } from '../../newApp/answers.ts';
import { parseAnswerFlags, type AnswerFlags } from '../../newApp/flags.ts';
import { GITATTRIBUTES, LF_RULE } from '../../newApp/gitattributes.ts';
import { environmentsUsed, newAppSkeletons, planNewApp, writeNewApp, type NewAppWritten } from '../../pipeline/newApp.ts';
import { openRepository } from '../../pipeline/repository.ts';
import { ARGOCD_DIR } from '../../render/argoCd.ts';
import { hasErrors, type Issue } from '../../vocabulary/issue.ts';
import { closestMatch } from '../../vocabulary/didYouMean.ts';
import type { FileChange } from '../../write/changes.ts';
import { ExitCode, UsageError, type Runner } from '../exit.ts';
import { repeatable } from '../options.ts';
import { formatTree } from '../output/fileTree.ts';
import { printable, printableContent } from '../output/printable.ts';
import { printIssueLines, printIssues, printOutcome } from '../output/printer.ts';
import { styled, type Streams } from '../output/streams.ts';
import { gatherAnswers, terminalPrompts, type AnswerMode, type PromptKit, type SkeletonChoice } from '../prompts/newApp.ts';

export interface NewAppOptions extends AnswerFlags {
  /** The gitops root (`--root`, alias `--out`). */
  out: string;
  /** The switches given both on and off (`--irsa --no-irsa`): commander keeps the last, its option events tell. */
  givenBothWays?: readonly string[];
  skeletons?: string[];
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
}

/** Where the command reads answers and writes messages; tests drive the prompts and capture the streams. */
export interface NewAppIO {
  prompts: PromptKit;
  streams: Streams;
}

const EXAMPLES = `
Modes:
  On a terminal it asks every question that no flag answered, checking each answer
  as it is typed; then it shows the files and asks before writing.
  With --yes it asks nothing and takes the default for every question not answered.
  Without a terminal (CI, pipes) and without --yes it never waits for input: every
  question must be answered by a flag, and the error names the flags missing.

Defaults (what --yes takes): skeleton web, namespace <name>, image
registry.example.com/<name> (a placeholder: replace it), port 8080, no probes,
cpu 250m, memory 256Mi, no env vars, no IAM role, no secrets, environments alpha
and production, image tag latest, replicas 1 (2 in production); for a cronjob,
schedule "0 3 * * *" in UTC, at most 3600 seconds a run.

With a .scaffold.yaml at the gitops root, what it gives is not asked and is left
out of app.yaml: its environments, defaults (image registry, namespace, cpu and
memory, secret store), and per environment the account id, the cluster and the
secrets path prefix. \`new-app NAME --yes\` then needs no other flag.

Examples:
  $ scaffold new-app
  $ scaffold new-app demo --yes --root ./gitops
  $ scaffold new-app checkout --yes --namespace shop \\
      --image 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout \\
      --env alpha --env production --image-tag production=v1.4.2 --replicas production=3 \\
      --irsa --aws-account alpha=111111111111 --aws-account production=222222222222 \\
      --secret-key DB_PASSWORD=db-password
  $ scaffold new-app demo --yes --dry-run
`;

/** `prompts` ask the questions: the terminal's, or a test's driven ones. */
export function registerNewApp(program: Command, run: Runner, streams: Streams, prompts: PromptKit = terminalPrompts): void {
  const switchesSeen = new Set<string>();
  const command = program
    .command('new-app')
    .description('Create apps/<name>/app.yaml, by questions or flags, and render its base and overlays.')
    .argument('[name]', 'app name: a DNS-1123 label; the app goes to <root>/apps/<name>')
    .addOption(new Option('--root, --out <dir>', 'gitops repository root').default('.'))
    .option('--skeleton <name>', `skeleton: web (Deployment + Service), worker (Deployment only), daemonset (one pod per node), cronjob (scheduled Jobs) or one in --skeletons (default: ${DEFAULTS.skeleton})`)
    .option('--skeletons <dir>', 'extra skeleton folder, searched before the built-in ones (repeatable)', repeatable)
    .option('--namespace <namespace>', 'namespace of every resource (default: the app name)')
    .option('--image <repository>', 'container image repository, without tag (default: registry.example.com/<name>, a placeholder to replace)')
    .option('--port <port>', `HTTP port the app listens on, skeletons with a port only (default: ${DEFAULTS.port})`)
    .option('--readiness <path>', 'readiness probe HTTP path, e.g. /healthz (default: no probes)')
    .option('--liveness <path>', 'liveness probe HTTP path (default: none)')
    .option('--startup <path>', 'startup probe HTTP path (default: none)')
    .option('--schedule <cron>', `cronjob: when Jobs run, five cron fields or @hourly, @daily, ... (default: "${DEFAULTS.schedule}")`)
    .option('--time-zone <zone>', `cronjob: IANA time zone of the schedule (default: ${DEFAULTS.timeZone})`)
    .option('--active-deadline-seconds <n>', `cronjob: seconds one run may take, retries included (default: ${DEFAULTS.activeDeadlineSeconds})`)
    .option('--cpu <quantity>', `CPU per pod; requests = limits, so the pods are QoS Guaranteed (default: ${DEFAULTS.cpu})`)
    .option('--memory <quantity>', `memory per pod, requests = limits (default: ${DEFAULTS.memory})`)
    .option('--env-var <NAME=value>', 'plain environment variable of the container (repeatable; default: none)', repeatable)
    .option('--env <name>', `environment, one overlay each (repeatable; default: ${DEFAULTS.environments.join(' and ')})`, repeatable)
    .option('--image-tag <env=tag>', `image tag deployed in an environment (repeatable; default: ${DEFAULTS.imageTag})`, repeatable)
    .option('--replicas <env=n>', 'pods in an environment, skeletons that run a Deployment only (repeatable; default: 2 in production, 1 elsewhere)', repeatable)
    .option('--aws-account <env=id>', 'AWS account id (12 digits) of an environment; with --irsa, needed for each (repeatable)', repeatable)
    .option('--env-cpu <env=quantity>', 'CPU per pod in one environment instead of --cpu (repeatable; default: none)', repeatable)
    .option('--env-memory <env=quantity>', 'memory per pod in one environment instead of --memory (repeatable; default: none)', repeatable)
    .option('--irsa', 'give the pods an AWS IAM role through their ServiceAccount (IRSA); needs an account id for every environment (--aws-account or .scaffold.yaml)')
    .option('--pod-identity', 'give the pods an AWS IAM role through EKS Pod Identity (a PodIdentityAssociation per environment); needs an account id and a cluster for every environment')
    .option('--no-irsa', 'no IAM role (default)')
    .option('--role-name <name>', 'IAM role name, the same in every account; implies --irsa unless --pod-identity (default: the app name)')
    .option('--cluster <env=name>', 'EKS cluster name of an environment, for --pod-identity when .scaffold.yaml does not give it (repeatable)', repeatable)
    .option('--secrets', 'read secrets from AWS Parameter Store through External Secrets; needs --secret-key')
    .option('--no-secrets', 'no secrets (default)')
    .option('--secret-key <NAME=parameter>', 'secret env var and its parameter; a relative name is read under the environment\'s --secrets-path (repeatable; implies --secrets)', repeatable)
    .option('--secrets-from-path', 'every parameter under the environment\'s secrets path becomes an env var (db-password: DB_PASSWORD); implies --secrets, and --secret-key becomes optional')
    .option('--secret-store <Kind/name>', `SecretStore/<name> or ClusterSecretStore/<name>; implies --secrets (default: ${DEFAULTS.secretStore.kind}/${DEFAULTS.secretStore.name})`)
    .option('--refresh-interval <duration>', `how often secrets are re-read, e.g. 1h, 15m; implies --secrets (default: ${DEFAULTS.refreshInterval})`)
    .option('--secrets-path <env=path>', 'Parameter Store path of an environment\'s secrets; implies --secrets (repeatable; default: /<env>/<name>)', repeatable)
    .option('-y, --yes', 'ask nothing: take the default for every question no flag answered')
    .option('--dry-run', 'print the files that would be written and their contents; write nothing')
    .option('--force', 'replace an existing app: overwrite its app.yaml and its generated files, even if edited by hand')
    .addHelpText('after', EXAMPLES);
  const switches = ['irsa', 'secrets'];
  for (const flag of switches.flatMap((s) => [s, `no-${s}`])) command.on(`option:${flag}`, () => switchesSeen.add(flag));
  command.action((name: string | undefined, options: NewAppOptions) => {
    const givenBothWays = switches.filter((s) => switchesSeen.has(s) && switchesSeen.has(`no-${s}`));
    return run(() => newApp(name, { ...options, givenBothWays }, { prompts, streams }));
  });
}

export async function newApp(nameArg: string | undefined, options: NewAppOptions, io: NewAppIO): Promise<number> {
  const { streams } = io;
  const root = resolve(streams.cwd, options.out);
  if (isPresentNonFolder(root)) throw new UsageError(`--root: ${options.out} is not a folder`);
  // As `git init DIR` does: the root itself is made if need be, but a missing folder above it is more likely a typo.
  if (!existsSync(root) && !isFolder(dirname(root))) throw new UsageError(`--root: ${options.out}: its parent folder ${dirname(root)} does not exist (new-app makes the root folder, not the folders above it)`);
  const { given, problems } = parseAnswerFlags(nameArg, options, options.givenBothWays);
  if (problems.length > 0) throw new UsageError(problems.join('\nerror: '));

  const repository = openRepository(root, (options.skeletons ?? []).map((d) => resolve(streams.cwd, d)));
  if (!repository.result) return printIssues(repository.issues, 'text', streams);
  const { config, skeletonDirs: dirs } = repository.result;
  const loaded = newAppSkeletons(dirs, streams.cwd);
  if (loaded.result === undefined) return printIssues(loaded.issues, 'text', streams);
  const skeletons: SkeletonChoice[] = loaded.result.map((s) => ({ name: s.name, description: s.description, fields: s.fields, workload: s.workload }));
  if (given.skeleton !== undefined && !skeletons.some((s) => s.name === given.skeleton)) {
    const names = skeletons.map((s) => s.name);
    const guess = closestMatch(given.skeleton, names);
    throw new UsageError(`--skeleton: unknown skeleton "${given.skeleton}"${guess ? ` (did you mean "${guess}"?)` : ''}; available: ${names.join(', ')}`);
  }

  const specPaths = listAppSpecs(root);
  const existingApps = new Set(specPaths.map((specPath) => specPath.split('/').at(-2)!));
  if (given.name !== undefined && existingApps.has(given.name) && !options.force) return printIssues([existingApp(given.name)], 'text', streams);

  const mode: AnswerMode = options.yes ? 'defaults' : streams.stdin.isTTY === true ? 'ask' : 'flags';
  // Only a question offers them as choices, and finding them reads every app.yaml of the repository.
  const knownEnvironments = mode === 'ask' ? environmentsUsed(root, specPaths) : [];
  const context = { given, skeletons, existingApps, knownEnvironments, force: options.force === true, ...(config ? { config: config.config } : {}) };
  const gathered = await unlessCancelled(() => gatherAnswers(context, mode, io.prompts));
  if (gathered === CANCELLED) return cancelled(io);
  if (gathered.missing.length > 0) throw new UsageError(missingMessage(mode, gathered.missing));

  const planned = planNewApp(gathered.answers, root, dirs, skeletons, options.force === true, config);
  if (planned.result === undefined) return printIssues(planned.issues, 'text', streams);
  const plan = planned.result;
  // Warnings of the spec (an env reference Kubernetes leaves as written) do not stop it.
  printIssueLines(planned.issues, styled(streams.stderr, streams.env));

  const out = styled(streams.stdout, streams.env);
  // The preview is for a person deciding; --yes and scripts get the list of what was written.
  if (options.dryRun || mode === 'ask') {
    out.write(`${options.dryRun ? 'Would write' : 'Files to write'} under ${displayPath(root, streams.cwd)}:\n`);
    for (const line of formatTree(plan.changes.map((c) => ({ path: c.path, note: changeNote(c) })))) out.write(`  ${printable(line)}\n`);
  }
  if (options.dryRun) {
    for (const c of plan.changes.filter((c) => c.action === 'create' || c.action === 'update')) {
      out.write(`\n${out.style.bold(`==> ${printable(c.path)} <==`)}\n${printableContent(c.content ?? '')}`);
    }
    out.write('\ndry run: nothing written\n');
    return ExitCode.Ok;
  }
  if (mode === 'ask') {
    const accepted = await unlessCancelled(() => io.prompts.confirm({ message: 'Write these files?', default: true }));
    if (accepted === CANCELLED) return cancelled(io);
    if (!accepted) {
      streams.stderr.write('nothing written\n');
      return ExitCode.Failure;
    }
  }
  const answers = gathered.answers;
  const written = writeNewApp(plan, root);
  // A result beside an error: a write nobody could foresee failed midway, after the preflight.
  const undone = hasErrors(written.issues) ? 'new-app stopped there; run it again once the cause is fixed' : undefined;
  return printOutcome(written, 'text', streams, {
    json: () => ({}),
    text: (written, stdout) => {
      listWritten(written, stdout);
      const argoCd = plan.generated.some((c) => c.path.startsWith(`${ARGOCD_DIR}/`) && c.action !== 'unchanged');
      stdout.write(nextSteps(answers, root, streams, { gitattributes: plan.gitattributes !== undefined, argoCd }));
    },
  }, undone);
}

function listWritten(written: NewAppWritten, out: ReturnType<typeof styled>): void {
  if (written.spec.action === 'create') out.write(`${out.style.green('created')} ${printable(written.spec.path)}\n`);
  if (written.spec.action === 'update') out.write(`${out.style.yellow('updated')} ${printable(written.spec.path)}\n`);
  for (const path of written.created) out.write(`${out.style.green('created')} ${printable(path)}\n`);
  for (const path of written.updated) out.write(`${out.style.yellow('updated')} ${printable(path)}\n`);
  for (const path of written.deleted) out.write(`${out.style.red('deleted')} ${printable(path)}\n`);
}

function isPresentNonFolder(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const CANCELLED = Symbol('cancelled');

/** Runs prompts; Ctrl-C makes @inquirer/prompts reject with ExitPromptError (matched by name, as its docs advise). */
async function unlessCancelled<T>(ask: () => Promise<T>): Promise<T | typeof CANCELLED> {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof Error && err.name === 'ExitPromptError') return CANCELLED;
    throw err;
  }
}


function changeNote(change: FileChange): string | undefined {
  if (change.path === GITATTRIBUTES) return `${change.action === 'create' ? 'with' : 'adds'} ${LF_RULE}`;
  switch (change.action) {
    case 'create':
      return undefined;
    case 'update':
      return change.conflict === 'hand-edited' ? 'replaces a hand-edited file' : 'replaces the existing file';
    case 'unchanged':
      return 'unchanged';
    case 'delete':
      return 'deleted: no longer generated';
  }
}


function missingMessage(mode: AnswerMode, missing: readonly string[]): string {
  const list = missing.map((flag) => `  ${flag}`).join('\n');
  if (mode === 'defaults') return `--yes has no default for these; pass them:\n${list}`;
  return `standard input is not a terminal, so nothing is asked, and no flag answers these:\n${list}\nPass them, or add --yes to take the defaults for everything not given.`;
}

function existingApp(name: string): Issue {
  return {
    severity: 'error',
    rule: 'conflict',
    file: specPathOf(name),
    message: `app "${name}" already exists; refusing to overwrite it. Choose another name, or run again with --force to replace it`,
  };
}

function cancelled(io: NewAppIO): number {
  io.streams.stderr.write('cancelled, nothing written\n');
  return ExitCode.Interrupted;
}

/**
 * What to do next, as commands that work as printed from the folder the user is in. `written`: whether
 * new-app wrote .gitattributes, and Argo CD's Applications (without them committed, Argo CD never syncs the app).
 */
function nextSteps(answers: NewAppAnswers, root: string, streams: Streams, written: { gitattributes: boolean; argoCd: boolean }): string {
  const shownRoot = displayPath(root, streams.cwd);
  const shown = (...parts: string[]) => shellWord(join(shownRoot, ...parts));
  const lines = [`new app ${answers.name} written under ${shownRoot}; next:`];
  if (isPlaceholderImage(answers)) {
    const render = [scaffoldCommand(streams.env), 'render', ...(shownRoot === '.' ? [] : ['--root', shellWord(shownRoot)])].join(' ');
    lines.push(`  - replace the image: ${answers.image} is a placeholder (spec.image in ${shown(specPathOf(answers.name))}), then run: ${render}`);
  }
  const names = answers.environments.map((e) => e.name);
  const overlay = names.includes('production') ? 'production' : names.at(-1)!;
  lines.push(`  - check an overlay builds: kubectl kustomize ${shown(APPS_DIR, answers.name, 'overlays', overlay)}`);
  const commit = [shown(APPS_DIR, answers.name), ...(written.argoCd ? [shown(ARGOCD_DIR)] : []), ...(written.gitattributes ? [shown(GITATTRIBUTES)] : [])];
  lines.push(`  - commit ${commit.length > 2 ? `${commit.slice(0, -1).join(', ')} and ${commit.at(-1)}` : commit.join(' and ')} and let gitops deploy it`);
  return `${lines.join('\n')}\n`;
}

/**
 * scaffold as the user can run it again: npm puts a project's bins on PATH only for what it runs
 * itself (npx, npm exec, npm run), so a scaffold started that way is `npx scaffold` in the shell.
 */
function scaffoldCommand(env: Streams['env']): string {
  return env['npm_command'] === undefined ? 'scaffold' : 'npx scaffold';
}

/** A path as a word of a POSIX shell command: quoted when it holds anything the shell would read. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/** A path as the user would type it: relative to the current folder when inside it, absolute otherwise. */
function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return printable(rel.startsWith('..') || isAbsolute(rel) ? path : rel);
}
