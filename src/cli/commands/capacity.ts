import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { InstanceType } from '../../capacity/allocatable.ts';
import { capacityReport, type EnvironmentReport } from '../../capacity/capacityReport.ts';
import { capacityChartHtml, capacityChartSvg } from '../../capacity/chartSvg.ts';
import { centiHoursOf, formatUsd, readPriceTable, type PriceTable, type RegionPrices } from '../../capacity/cost.ts';
import { buildOverlay } from '../../capacity/overlayBuild.ts';
import { formatEnvironmentReport, type ReportContext } from '../../capacity/textReport.ts';
import { workloadsFromDocuments, type ManifestDocument, type Workload } from '../../capacity/workloads.ts';
import { packageRoot } from '../../packageRoot.ts';
import { closestMatch } from '../../didYouMean.ts';
import { plural } from '../../text/plural.ts';
import { hasErrors, type Issue } from '../../validate/issue.ts';
import { parseYamlStream } from '../../yamlSource/parse.ts';
import { appSpecsOrIssues } from '../discover.ts';
import { readInputFiles } from '../inputFiles.ts';
import { ExitCode, UsageError, type Runner } from '../exit.ts';
import { formatIssue, styleFor } from '../output/issueText.ts';
import { renderSpecs, skeletonDirs } from '../renderPipeline.ts';
import { repeatable } from '../options.ts';
import { readTextIfPresent } from '../../fileText.ts';
import type { AppPlan, PlannedFile } from '../../render/plan.ts';

interface CapacityOptions {
  env?: string;
  root: string;
  skeletons?: string[];
  manifests?: string[];
  instanceType?: string[];
  headroom: string;
  prices?: string;
  region: string;
  hours: string;
  output: 'text' | 'json';
  chart?: string;
}

export function registerCapacity(program: Command, run: Runner): void {
  program
    .command('capacity')
    .description('Sum cpu and memory limits per environment and size an EKS cluster for them: nodes, limit share and monthly cost per instance type.')
    .argument('[paths...]', 'app.yaml files or app folders (default: every apps/*/app.yaml under --root)')
    .option('--env <name>', 'environment to size (default: every environment found, one section each)')
    .option('--root <dir>', 'gitops repository root', '.')
    .option('--skeletons <dir>', 'extra skeleton folder, searched before the built-in ones, as for render (repeatable)', repeatable)
    .option('--manifests <path>', 'read rendered YAML instead of the app specs: a file, a folder, or - for stdin (repeatable)', repeatable)
    .option('--instance-type <types>', 'instance types to compare, comma-separated (repeatable; default: every type in data/instance-types.json)', repeatable)
    .option('--headroom <share>', 'share of each node kept free, as 0.2 or 20%', '0')
    .option('--prices <file>', 'price table to use instead of the shipped data/prices.json (same format)')
    .option('--region <name>', 'region whose on-demand prices to use', 'us-east-1')
    .option('--hours <n>', 'hours in a month', '730')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--chart <file>', 'also write a bar chart of limit share and monthly cost per instance type (.svg or .html)')
    .action((paths: string[], options: CapacityOptions) => run(() => capacity(paths, options)));
}


export function capacity(paths: readonly string[], options: CapacityOptions): number {
  const instanceTypes = chooseInstanceTypes(options.instanceType ?? []);
  const manifests = options.manifests ?? [];
  const headroomBasisPoints = headroomOf(options.headroom);
  const centiHours = centiHoursOf(options.hours);
  if (centiHours === undefined) throw new UsageError(`--hours must be a positive number of hours with at most 2 decimals, not "${options.hours}"`);
  const chart = options.chart ? chartFormat(options.chart) : undefined;
  if (manifests.length > 0 && (paths.length > 0 || options.skeletons)) throw new UsageError('--manifests reads rendered YAML; app paths and --skeletons are for reading app specs, so give one or the other');

  const priceLoad = loadPrices(options.prices);
  if ('issues' in priceLoad) return reportIssues(priceLoad.issues);
  const prices = regionPrices(priceLoad.table, options.region, instanceTypes, options.prices !== undefined);
  if ('issues' in prices) return reportIssues(prices.issues);

  const gathered = manifests.length > 0 ? workloadsFromManifests(manifests, options.env ?? 'manifests') : workloadsFromSpecs(paths, options);
  if (hasErrors(gathered.issues)) return reportIssues(gathered.issues);
  printIssues(gathered.issues);
  if (chart && gathered.environments.length > 1) {
    throw new UsageError(`--chart draws one environment; pass --env (found: ${gathered.environments.map((e) => e.name).join(', ')})`);
  }

  const reports = gathered.environments.map((e) => capacityReport(e.name, e.workloads, { instanceTypes, headroomBasisPoints, prices: prices.region, centiHours }));
  const context: ReportContext = {
    region: options.region,
    hoursPerMonth: options.hours,
    headroomBasisPoints,
    pricesFile: priceLoad.table.file,
    ...(prices.region.unsourcedNote ? { unsourcedNote: prices.region.unsourcedNote } : {}),
  };

  if (chart) {
    const body = chart === 'html' ? capacityChartHtml(reports[0]!, context) : capacityChartSvg(reports[0]!, context);
    try {
      writeFileSync(options.chart!, body);
    } catch (err) {
      process.stderr.write(`${styleFor(process.stderr).red('error')}: cannot write the chart to ${options.chart}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return ExitCode.Failure;
    }
  }

  if (options.output === 'json') {
    const settings = { hoursPerMonth: centiHours / 100, headroom: headroomBasisPoints / 10000 };
    process.stdout.write(`${JSON.stringify(jsonReport(reports, gathered.environments, context, prices.region, settings), null, 2)}\n`);
  } else {
    const style = styleFor(process.stdout);
    const sections = reports.map((r, i) => {
      const absent = gathered.environments[i]!.appsWithout;
      return formatEnvironmentReport(r, context, style) + (absent.length > 0 ? `${style.yellow('note')}: not deployed in ${r.environment}: ${absent.join(', ')}\n` : '');
    });
    process.stdout.write(sections.join('\n'));
  }
  if (chart) process.stderr.write(`wrote ${options.chart}\n`);
  return ExitCode.Ok;
}

interface GatheredEnvironment {
  name: string;
  workloads: Workload[];
  /** Apps that have no such environment (app specs only). */
  appsWithout: string[];
}

/** Builds each app's overlay for each environment from the app specs, with the render code, in memory. */
function workloadsFromSpecs(paths: readonly string[], options: CapacityOptions): { environments: GatheredEnvironment[]; issues: Issue[] } {
  const root = resolve(options.root);
  const { specs: specPaths, issues: notFound } = appSpecsOrIssues(root, paths);
  if (notFound.length > 0) return { environments: [], issues: notFound };
  const rendered = renderSpecs(root, specPaths, skeletonDirs((options.skeletons ?? []).map((d) => resolve(d))));
  if (rendered.issues.length > 0) return { environments: [], issues: rendered.issues };

  const found = [...new Set(rendered.specs.flatMap((s) => Object.keys(s.spec.spec.environments)))].sort();
  if (options.env !== undefined && !found.includes(options.env)) {
    throw new UsageError(`no app has an environment "${options.env}"${hint(options.env, found)}; environments found: ${found.join(', ')}`);
  }
  const environmentsOf = new Map(rendered.specs.map((s) => [s.specPath, s.spec.spec.environments]));
  // The user's own patches and resources are part of the overlay Kustomize builds (the spec check made sure they exist).
  const withUserFiles = (plan: AppPlan): PlannedFile[] => [
    ...plan.files,
    ...plan.userFiles.map((f) => ({ path: f.path, role: f.role, content: readTextIfPresent(join(root, f.path)) ?? '' })),
  ];
  const issues: Issue[] = [];
  const environments = (options.env !== undefined ? [options.env] : found).map((env) => {
    const workloads: Workload[] = [];
    const appsWithout: string[] = [];
    for (const plan of rendered.plans) {
      if (!(env in environmentsOf.get(plan.specPath)!)) {
        appsWithout.push(plan.app);
        continue;
      }
      const built = buildOverlay(withUserFiles(plan), `${plan.appDir}/overlays/${env}`);
      issues.push(...built.issues);
      const extracted = workloadsFromDocuments(built.documents, () => plan.app);
      issues.push(...extracted.issues);
      workloads.push(...extracted.workloads);
    }
    return { name: env, workloads, appsWithout };
  });
  return { environments, issues };
}

/** Reads rendered YAML (kubectl kustomize output and the like) from files, folders and stdin. */
function workloadsFromManifests(sources: readonly string[], env: string): { environments: GatheredEnvironment[]; issues: Issue[] } {
  const documents: ManifestDocument[] = [];
  const issues: Issue[] = [];
  for (const source of sources) {
    for (const { file, text, problem } of readInputFiles(source)) {
      if (problem) {
        issues.push({ severity: 'error', rule: 'capacity', file, message: problem });
        continue;
      }
      const parsed = parseYamlStream(text!, file, { version: '1.1' });
      issues.push(...parsed.issues);
      documents.push(...parsed.documents.filter((d) => d.value !== null).map((d) => ({ file, value: d.value, locate: d.locate })));
    }
  }
  if (issues.length > 0) return { environments: [], issues };
  const found = workloadsFromDocuments(documents);
  if (found.workloads.length === 0 && found.issues.length === 0) {
    issues.push({ severity: 'error', rule: 'capacity', file: sources.join(', '), message: 'no workloads found (Deployments, StatefulSets, ReplicaSets, DaemonSets, Jobs, CronJobs or Pods)' });
  }
  return { environments: [{ name: env, workloads: found.workloads, appsWithout: [] }], issues: [...issues, ...found.issues] };
}

function loadInstanceTypes(): { file: string; types: InstanceType[] } {
  const file = join(packageRoot(), 'data', 'instance-types.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { instanceTypes: Record<string, Omit<InstanceType, 'name'>> };
  return { file, types: Object.entries(data.instanceTypes).map(([name, t]) => ({ name, ...t })) };
}

function chooseInstanceTypes(requested: readonly string[]): InstanceType[] {
  const { file, types } = loadInstanceTypes();
  const names = requested.flatMap((r) => r.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) return types;
  return [...new Set(names)].map((name) => {
    const type = types.find((t) => t.name === name);
    if (!type) {
      throw new UsageError(`unknown instance type "${name}"${hint(name, types.map((t) => t.name))}; known: ${types.map((t) => t.name).join(', ')} (add others to ${relative(process.cwd(), file)})`);
    }
    return type;
  });
}

function headroomOf(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(value >= 0 && value < 1)) throw new UsageError(`--headroom must be a share from 0 to under 1 (or 0% to under 100%), not "${text}"`);
  return Math.round(value * 10000);
}

function chartFormat(file: string): 'svg' | 'html' {
  const ext = extname(file).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new UsageError(`--chart writes .svg or .html, not "${file}"`);
}

function loadPrices(file: string | undefined): { table: PriceTable } | { issues: Issue[] } {
  const path = file ?? join(packageRoot(), 'data', 'prices.json');
  const shown = file ?? 'data/prices.json';
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? `not valid JSON: ${err.message}` : `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    return { issues: [{ severity: 'error', rule: 'prices', file: shown, message: why }] };
  }
  const { table, issues } = readPriceTable(value, shown);
  return table ? { table } : { issues };
}

/**
 * The chosen region's prices. A price file the user gives must price every type compared
 * (a gap there is a mistake in the file); the shipped table may lack some, which then show
 * as "no price", because it only holds prices with a source.
 */
function regionPrices(table: PriceTable, region: string, types: readonly InstanceType[], userFile: boolean): { region: RegionPrices } | { issues: Issue[] } {
  const prices = table.regions[region];
  if (!prices) {
    const regions = Object.keys(table.regions);
    throw new UsageError(`${table.file} has no prices for region "${region}"${hint(region, regions)}; regions: ${regions.join(', ')}`);
  }
  if (!userFile) return { region: prices };
  const missing = types.filter((t) => prices.microDollarsPerHour[t.name] === undefined).map((t) => t.name);
  if (missing.length === 0) return { region: prices };
  return {
    issues: missing.map((name) => ({
      severity: 'error' as const,
      rule: 'prices',
      file: table.file,
      path: `regions.${region}.prices`,
      message: `no price for ${name}, which is being compared (price it, or leave it out with --instance-type)`,
    })),
  };
}

function hint(word: string, candidates: readonly string[]): string {
  const guess = closestMatch(word, candidates);
  return guess ? ` (did you mean "${guess}"?)` : '';
}

function jsonReport(
  reports: readonly EnvironmentReport[],
  environments: readonly GatheredEnvironment[],
  context: ReportContext,
  prices: RegionPrices,
  settings: { hoursPerMonth: number; headroom: number },
) {
  return {
    region: context.region,
    ...settings,
    prices: { file: context.pricesFile, source: prices.source ?? null, asOf: prices.asOf ?? null },
    environments: reports.map((r, i) => ({
      name: r.environment,
      appsWithoutEnvironment: environments[i]!.appsWithout,
      apps: r.apps.map((a) => ({
        app: a.app,
        workloads: a.workloads.map((w) => ({ kind: w.kind, name: w.name, namespace: w.namespace ?? null, replicas: w.replicas, perNode: w.perNode, pod: w.pod })),
        cluster: a.cluster,
        perNode: a.perNode,
      })),
      total: r.total,
      instanceTypes: r.instanceTypes.map((t) => ({
        instanceType: t.instanceType,
        allocatable: { cpuMillis: t.allocatable.cpuMillis, memoryBytes: t.allocatable.memoryBytes, pods: t.allocatable.pods },
        nodes: t.nodes,
        tooBig: t.tooBig,
        limitShare: t.limitShare,
        usdPerHour: t.microDollarsPerHour === null ? null : t.microDollarsPerHour / 1e6,
        monthlyCostCents: t.monthlyCostCents,
        monthlyCost: t.monthlyCostCents === null ? null : formatUsd(t.monthlyCostCents),
        cheapest: t.cheapest,
      })),
    })),
  };
}

function printIssues(issues: readonly Issue[]): void {
  const style = styleFor(process.stderr);
  for (const issue of issues) process.stderr.write(`${formatIssue(issue, style)}\n`);
}

function reportIssues(issues: readonly Issue[]): number {
  printIssues(issues);
  const errors = issues.filter((i) => i.severity === 'error').length;
  process.stderr.write(`${plural(errors, 'problem')}; nothing was sized\n`);
  return ExitCode.Failure;
}
