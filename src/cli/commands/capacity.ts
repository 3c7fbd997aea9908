import { dirname, extname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { chartConflict, markedChart } from '../../capacity/chartFile.ts';
import { capacityChartHtml, capacityChartSvg } from '../../capacity/chartSvg.ts';
import { centiHoursOf, formatUsd } from '../../capacity/cost.ts';
import { isFolder, isPresent, readWrittenText } from '../../io/files.ts';
import { STDIN } from '../../io/inputFiles.ts';
import { bundledKubernetes } from '../../io/schemaFolders.ts';
import { planCapacity, type CapacityResult } from '../../pipeline/capacity.ts';
import type { Issue } from '../../vocabulary/issue.ts';
import { writeFileAtomic } from '../../write/atomic.ts';
import { UsageError, type Runner } from '../exit.ts';
import { checkedKubernetesVersion, kubernetesVersionOption, repeatable } from '../options.ts';
import { formatEnvironmentReport } from '../output/capacity/text.ts';
import { printable } from '../output/printable.ts';
import { printIssues, printOutcome } from '../output/printer.ts';
import { readAll, type Streams } from '../output/streams.ts';

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
  force?: boolean;
  kubernetesVersion?: string;
}

export function registerCapacity(program: Command, run: Runner, streams: Streams): void {
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
    .option('--chart <file>', 'also write a bar chart of limit share and monthly cost per instance type (.svg or .html); its folder must exist, and a file there is replaced only if it is a chart scaffold wrote, unedited')
    .option('--force', 'replace a --chart file scaffold did not write, or one edited since')
    .addOption(
      kubernetesVersionOption(
        bundledKubernetes().versions,
        "each environment's kubernetesVersion (app.yaml's, else .scaffold.yaml's), else NEWEST (--manifests: NEWEST). A workload whose apiVersion that version no longer (or not yet) serves is an error, one it deprecates a warning",
      ),
    )
    .action((paths: string[], options: CapacityOptions) => run(() => capacity(paths, options, streams), options.output));
}


export async function capacity(paths: readonly string[], options: CapacityOptions, streams: Streams): Promise<number> {
  const manifests = options.manifests ?? [];
  const headroomBasisPoints = headroomOf(options.headroom);
  const centiHours = centiHoursOf(options.hours);
  if (centiHours === undefined) throw new UsageError(`--hours must be a positive number of hours with at most 2 decimals, not "${options.hours}"`);
  const chart = options.chart ? chartFormat(options.chart) : undefined;
  const kubernetesVersion = checkedKubernetesVersion(options.kubernetesVersion, bundledKubernetes().versions);
  if (manifests.length > 0 && (paths.length > 0 || options.skeletons)) throw new UsageError('--manifests reads rendered YAML; app paths and --skeletons are for reading app specs, so give one or the other');
  const chartFile = options.chart === undefined ? undefined : resolve(streams.cwd, options.chart);
  // Before any sizing: a chart that may not be written stops the run, as render stops before writing anything.
  const refused = chartFile === undefined ? [] : chartTargetIssues(chartFile, options.chart!, options.force === true);
  if (refused.length > 0) return printIssues(refused, options.output, streams, 'nothing was sized');

  const outcome = planCapacity({
    root: resolve(streams.cwd, options.root),
    paths,
    manifests,
    cwd: streams.cwd,
    skeletonDirs: (options.skeletons ?? []).map((d) => resolve(streams.cwd, d)),
    ...(options.env === undefined ? {} : { env: options.env }),
    instanceTypes: options.instanceType ?? [],
    headroomBasisPoints,
    centiHours,
    hoursPerMonth: options.hours,
    region: options.region,
    ...(options.prices === undefined ? {} : { pricesFile: options.prices }),
    ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }),
    ...(manifests.includes(STDIN) ? { stdin: await readAll(streams.stdin) } : {}),
  });
  const result = outcome.result;
  if (chart && result && result.environments.length > 1) {
    throw new UsageError(`--chart draws one environment; pass --env (found: ${result.environments.map((e) => e.name).join(', ')})`);
  }
  if (chart && result) {
    const body = chart === 'html' ? capacityChartHtml(result.reports[0]!, result.context) : capacityChartSvg(result.reports[0]!, result.context);
    try {
      writeFileAtomic(chartFile!, markedChart(body));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === undefined) throw err;
      outcome.issues.push({ severity: 'error', rule: 'output', file: options.chart!, message: `cannot write the chart: ${(err as NodeJS.ErrnoException).code}` });
    }
  }
  const settings = { hoursPerMonth: centiHours / 100, headroom: headroomBasisPoints / 10000 };
  return printOutcome(
    outcome,
    options.output,
    streams,
    {
      json: (r) => jsonReport(r, settings),
      text(r, out, err) {
        const sections = r.reports.map((report, i) => {
          const absent = r.environments[i]!.appsWithout;
          return formatEnvironmentReport(report, r.context, out.style) + (absent.length > 0 ? `${out.style.yellow('note')}: not deployed in ${printable(report.environment)}: ${printable(absent.join(', '))}\n` : '');
        });
        out.write(sections.join('\n'));
        if (chart) err.write(`wrote ${printable(options.chart!)}\n`);
      },
    },
    'nothing was sized',
  );
}

/**
 * Why the chart may not be written at `file` (`shown` as given): its folder is missing (a
 * usage error: a mistyped path, which scaffold does not turn into folders, as new-app does
 * not make the folders above its root), or a file is there that scaffold may not replace.
 */
function chartTargetIssues(file: string, shown: string, force: boolean): Issue[] {
  if (!isFolder(dirname(file))) throw new UsageError(`--chart: ${shown}: its folder ${dirname(file)} does not exist (capacity writes the chart, not the folders above it)`);
  if (!isPresent(file)) return [];
  const read = readWrittenText(file);
  if ('problem' in read) return [{ severity: 'error', rule: 'output', file: shown, message: `${read.problem}, where capacity writes the chart: move it away, or choose another --chart file` }];
  // A chart is UTF-8 as written: bytes that are not were edited, whatever the hash of their text says.
  const conflict = force ? undefined : (chartConflict(read.text) ?? (read.utf8 ? undefined : 'hand-edited'));
  if (conflict === undefined) return [];
  const message =
    conflict === 'not-generated'
      ? 'exists and is not a chart scaffold capacity wrote; refusing to overwrite it. Choose another --chart file, move it away, or run again with --force'
      : 'is a chart scaffold capacity wrote, edited by hand since; refusing to overwrite it. Move it away, or run again with --force to replace it';
  return [{ severity: 'error', rule: conflict, file: shown, message }];
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

function jsonReport({ reports, environments, context, prices }: CapacityResult, settings: { hoursPerMonth: number; headroom: number }) {
  return {
    region: context.region,
    ...settings,
    prices: { file: context.pricesFile, source: prices.source ?? null, asOf: prices.asOf ?? null },
    environments: reports.map((r, i) => ({
      name: r.environment,
      appsWithoutEnvironment: environments[i]!.appsWithout,
      apps: r.apps.map((a) => ({
        app: a.app,
        workloads: a.workloads.map((w) => ({ kind: w.kind, name: w.name, namespace: w.namespace ?? null, replicas: w.replicas, minReplicas: w.minReplicas ?? null, perNode: w.perNode, pod: w.pod })),
        cluster: a.cluster,
        perNode: a.perNode,
        floor: a.floor,
      })),
      total: r.total,
      instanceTypes: r.instanceTypes.map((t) => ({
        instanceType: t.instanceType,
        allocatable: { cpuMillis: t.allocatable.cpuMillis, memoryBytes: t.allocatable.memoryBytes, pods: t.allocatable.pods },
        nodes: t.nodes,
        nodesAtFloor: t.nodesAtFloor,
        tooBig: t.tooBig,
        limitShare: t.limitShare,
        usdPerHour: t.microDollarsPerHour === null ? null : t.microDollarsPerHour / 1e6,
        monthlyCostCents: t.monthlyCostCents,
        monthlyCost: t.monthlyCostCents === null ? null : formatUsd(t.monthlyCostCents),
        monthlyCostCentsAtFloor: t.monthlyCostCentsAtFloor,
        cheapest: t.cheapest,
      })),
    })),
  };
}

