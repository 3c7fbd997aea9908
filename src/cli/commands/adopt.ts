/** `scaffold adopt`: a hand-written app brought under scaffold, around src/pipeline/adopt.ts. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { regionProblem } from '../../adopt/kes/kesToEso.ts';
import { environmentNameProblem, namespaceProblem } from '../../newApp/answers.ts';
import { adoptApp, show, type AdoptResult } from '../../pipeline/adopt.ts';
import { plural } from '../../vocabulary/plural.ts';
import { UsageError, type Runner } from '../exit.ts';
import { repeatable } from '../options.ts';
import { printOutcome, type ResultView } from '../output/printer.ts';
import type { Streams, Styled } from '../output/streams.ts';

interface AdoptOptions {
  name: string;
  root: string;
  env?: string[];
  envName?: string;
  namespace?: string;
  container?: string;
  region?: string;
  activeDeadlineSeconds?: string;
  skeletons?: string[];
  force: boolean;
  verbose: boolean;
  output: 'text' | 'json';
}

const EXAMPLES = `
PATH is manifest files, a folder of them, or a Kustomize root (a folder with a
kustomization.yaml, built with the real Kustomize: what it builds is what runs).
adopt picks the workload --name names (a Deployment, DaemonSet or CronJob) and the
objects that belong to it: its Services, ServiceAccount, ExternalSecret (External
Secrets v1 or v1beta1, or kubernetes-external-secrets, migrated), ConfigMaps,
autoscaler, disruption budget, network policies. Objects of other workloads are
listed, each with the command that adopts it.

It writes apps/<name>/app.yaml, renders it, and builds the overlay; what app.yaml
cannot say goes into patches and resources of the app's own (base/adopted-*.yaml,
listed in app.yaml), until the built overlay differs from the original objects
only by what scaffold changes on purpose, each difference named by its rule. A
difference no rule explains and no patch can take back stops it: nothing is
written. Without --env the one environment is --env-name (default: the only
environment of .scaffold.yaml, if it has one; else production).

Examples:
  scaffold adopt k8s/checkout.yaml --name checkout --namespace shop
  scaffold adopt k8s/ --name cartservice --namespace shop -o json
  scaffold adopt --name checkout --env alpha=deploy/alpha --env production=deploy/production`;

export function registerAdopt(program: Command, run: Runner, streams: Streams): void {
  program
    .command('adopt')
    .description("Bring a hand-written app (its workload and the objects that belong to it) under scaffold: write its app.yaml, patches for what the spec cannot say, and the rendered overlays, and show what changed, field by field.")
    .argument('[paths...]', 'manifest files, folders, or a Kustomize root (with --env, give the paths there)')
    .requiredOption('--name <name>', 'the workload to adopt, and the name of the app')
    .option('--root <dir>', 'gitops repository root', '.')
    .option('--env <env=path>', 'an environment and its inputs (repeatable; a path per --env): the base and each environment\'s differences are derived', repeatable)
    .option('--env-name <env>', 'the environment of an adoption without --env (default: the only environment of .scaffold.yaml, else production)')
    .option('--namespace <namespace>', 'the namespace the objects run in, when they name none')
    .option('--container <name>', "the app's container, when the pod has several and none is named after the app")
    .option('--region <region>', 'AWS region of kubernetes-external-secrets objects that name none')
    .option('--active-deadline-seconds <n>', 'the deadline of a CronJob that sets none (scaffold requires one)')
    .option('--skeletons <dir>', 'a folder of your own skeletons, searched before the built-in ones (repeatable)', repeatable)
    .option('--force', 'replace apps/<name>/ when it exists', false)
    .option('-v, --verbose', 'show the differences the rule default-made-explicit explains too', false)
    .addOption(new Option('-o, --output <format>', 'text or json: the report of every difference').choices(['text', 'json']).default('text'))
    .addHelpText('after', EXAMPLES)
    .action((paths: string[], options: AdoptOptions) => run(() => adopt(paths, options, streams), options.output));
}

export function adopt(paths: string[], options: AdoptOptions, streams: Streams): number {
  const environments = environmentsOf(paths, options);
  const deadline = options.activeDeadlineSeconds === undefined ? undefined : Number(options.activeDeadlineSeconds);
  if (deadline !== undefined && !(Number.isInteger(deadline) && deadline > 0)) throw new UsageError(`--active-deadline-seconds: expected a whole number of seconds, got ${options.activeDeadlineSeconds}`);
  const region = options.region === undefined ? undefined : regionProblem(options.region);
  if (region !== undefined) throw new UsageError(`--region: ${region}`);
  // new-app's checks: a value app.yaml would refuse is the flag's mistake, not that of an app.yaml never written.
  const namespace = options.namespace === undefined ? undefined : namespaceProblem(options.namespace);
  if (namespace !== undefined) throw new UsageError(`--namespace: ${namespace}`);
  const outcome = adoptApp({
    root: resolve(streams.cwd, options.root),
    cwd: streams.cwd,
    name: options.name,
    environments,
    skeletonDirs: (options.skeletons ?? []).map((d) => resolve(streams.cwd, d)),
    force: options.force,
    processEnv: streams.env,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    ...(options.container === undefined ? {} : { container: options.container }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(deadline === undefined ? {} : { activeDeadlineSeconds: deadline }),
  });
  return printOutcome(outcome, options.output, streams, report(options.verbose), 'nothing was written');
}

function environmentsOf(paths: string[], options: AdoptOptions): { env?: string; paths: string[] }[] {
  if (options.env === undefined) {
    if (paths.length === 0) throw new UsageError('give the manifests to adopt: files, folders or a Kustomize root (or --env ENV=PATH for each environment)');
    const problem = options.envName === undefined ? undefined : environmentNameProblem(options.envName, options.name);
    if (problem !== undefined) throw new UsageError(`--env-name: ${problem}`);
    return [{ ...(options.envName === undefined ? {} : { env: options.envName }), paths }];
  }
  if (paths.length > 0) throw new UsageError('with --env, give the inputs there (--env ENV=PATH, repeatable), not as arguments');
  if (options.envName !== undefined) throw new UsageError('--env-name names the one environment of an adoption without --env; --env names each one');
  const byEnv = new Map<string, string[]>();
  for (const entry of options.env) {
    const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)=(.+)$/.exec(entry);
    if (!m) throw new UsageError(`--env ${entry}: expected ENV=PATH, with ENV a DNS-1123 label (production=deploy/production)`);
    const problem = environmentNameProblem(m[1]!, options.name);
    if (problem !== undefined) throw new UsageError(`--env ${entry}: ${problem}`);
    byEnv.set(m[1]!, [...(byEnv.get(m[1]!) ?? []), m[3]!]);
  }
  return [...byEnv].map(([env, envPaths]) => ({ env, paths: envPaths }));
}

const report = (verbose: boolean): ResultView<AdoptResult> => ({
  json: (r) => ({ app: r.app, skeleton: r.skeleton, namespace: r.namespace, spec: r.specPath, environments: r.environments, rules: r.rules, userFiles: r.userFiles, leftOut: r.leftOut, notes: r.notes, written: r.written }),
  text(r, out, err) {
    for (const n of r.notes) err.write(`${n.file}${n.line === null ? '' : `:${n.line}`}: ${err.style.dim('note')}: ${n.path}: ${n.message}\n`);
    out.write(`Adopted ${r.app} (${r.skeleton}, namespace ${r.namespace}) into ${r.specPath.replace(/\/app\.yaml$/, '/')}\n`);
    for (const file of r.written.created) out.write(`  created ${file}\n`);
    for (const file of r.written.updated) out.write(`  updated ${file}\n`);
    if (r.userFiles.length > 0) {
      out.write(`What app.yaml cannot say, kept in files of the app's own (listed in app.yaml):\n`);
      for (const f of r.userFiles) out.write(`  ${f.path}: ${f.role === 'patch' ? 'patches' : 'adds'} ${f.about}\n`);
    }
    for (const env of r.environments) writeDifferences(env, out, verbose);
    writeRules(r, out);
    if (r.leftOut.length > 0) {
      out.write(`Not adopted (${plural(r.leftOut.length, 'object')} of the inputs):\n`);
      for (const l of r.leftOut) out.write(`  ${l.kind}/${l.name} (${l.file}${l.line === null ? '' : `:${l.line}`}): ${l.reason}${l.adoptWith ? `: ${l.adoptWith}` : ''}\n`);
    }
  },
});

function writeDifferences(env: AdoptResult['environments'][number], out: Styled, verbose: boolean): void {
  const all = env.objects.flatMap((o) => o.differences);
  const hidden = verbose ? 0 : all.filter((d) => d.rule === 'default-made-explicit').length;
  out.write(`The original objects against the built overlay ${env.name}: ${plural(all.length, 'difference')}, every one intended${hidden > 0 ? ` (${hidden} of default-made-explicit not shown; -v shows them)` : ''}\n`);
  const width = Math.max(0, ...all.map((d) => d.rule.length));
  for (const object of env.objects) {
    const shown = object.differences.filter((d) => verbose || d.rule !== 'default-made-explicit');
    if (shown.length === 0) continue;
    out.write(`  ${object.kind}/${object.name}\n`);
    for (const d of shown) {
      const change = d.op === 'added' ? `+ ${show(d.to)}` : d.op === 'removed' ? `- ${show(d.from)}` : `${show(d.from)} -> ${show(d.to)}`;
      out.write(`    ${d.rule.padEnd(width)}  ${d.path === '' ? '(the object)' : d.path}: ${change}\n`);
    }
  }
}

function writeRules(r: AdoptResult, out: Styled): void {
  const risky = r.rules.filter((rule) => rule.risk !== null);
  if (risky.length === 0) return;
  out.write('What to watch for:\n');
  for (const rule of risky) out.write(`  ${rule.id}: ${rule.risk}\n`);
}
