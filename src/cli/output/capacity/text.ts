import { PLAIN, type Style } from '../../../vocabulary/style.ts';
import { plural } from '../../../vocabulary/plural.ts';
import type { EnvironmentReport, Sums } from '../../../capacity/capacityReport.ts';
import { formatHourly, formatUsd } from '../../../capacity/cost.ts';
import { printable } from '../printable.ts';
import { formatCores, formatMebibytes, formatMemory, formatPercent, formatTable, headroomPercent, type ReportContext } from '../../../capacity/format.ts';

/** The text table for one environment: apps and totals, then one row per instance type. */
export function formatEnvironmentReport(report: EnvironmentReport, context: ReportContext, style: Style = PLAIN): string {
  const lines: string[] = [];
  const { cluster, perNode } = report.total;
  lines.push(
    style.bold(`${printable(report.environment)}: ${plural(report.apps.length, 'app')}, ${plural(cluster.pods, 'pod')}`) +
      (perNode.pods > 0 ? style.bold(` + ${perNode.pods} on every node`) : ''),
    '',
  );

  const sumCells = (s: Sums) => [formatCores(s.requests.cpuMillis), formatCores(s.limits.cpuMillis), formatMemory(s.requests.memoryBytes), formatMemory(s.limits.memoryBytes)];
  // An autoscaled app runs from its floor to its most pods; the sums are at the most.
  const range = (floor: number, most: number) => (floor === most ? String(most) : `${floor}-${most}`);
  const appRows: string[][] = [['APP', 'PODS', 'CPU REQ', 'CPU LIM', 'MEM REQ', 'MEM LIM']];
  for (const app of report.apps) {
    // Names come from manifests with --manifests: anything may be in them.
    const name = printable(app.app);
    if (app.cluster.pods > 0 || app.perNode.pods === 0) appRows.push([name, range(app.floor.pods, app.cluster.pods), ...sumCells(app.cluster)]);
    if (app.perNode.pods > 0) appRows.push([`${name} (each node)`, String(app.perNode.pods), ...sumCells(app.perNode)]);
  }
  appRows.push(['TOTAL', range(report.total.floor.pods, cluster.pods), ...sumCells(cluster)]);
  if (perNode.pods > 0) appRows.push(['TOTAL each node', String(perNode.pods), ...sumCells(perNode)]);
  const lastApp = appRows.length - (perNode.pods > 0 ? 2 : 1);
  lines.push(...formatTable(appRows, ['left', 'right', 'right', 'right', 'right', 'right'], (t, r) => (r === 0 || r >= lastApp ? style.bold(t) : t)));
  lines.push('', `cpu in cores, memory in binary units; requests and limits summed over replicas`, '');

  lines.push(
    style.bold(`Nodes for these limits`) +
      ` (EKS allocatable; pods packed by limits, first-fit decreasing; headroom ${headroomPercent(context)}; ${context.region} on-demand, ${context.hoursPerMonth} h/month)`,
    '',
  );
  const typeRows: string[][] = [['INSTANCE TYPE', 'ALLOC CPU', 'ALLOC MEM', 'NODES', 'CPU SHARE', 'MEM SHARE', '$/HOUR', 'PER MONTH', '']];
  for (const t of report.instanceTypes) {
    typeRows.push([
      t.instanceType,
      formatCores(t.allocatable.cpuMillis),
      formatMebibytes(t.allocatable.memoryBytes),
      t.nodes === null ? 'too big' : range(t.nodesAtFloor ?? t.nodes, t.nodes),
      t.limitShare ? formatPercent(t.limitShare.cpu) : '-',
      t.limitShare ? formatPercent(t.limitShare.memory) : '-',
      t.microDollarsPerHour === null ? 'no price' : formatHourly(t.microDollarsPerHour),
      t.monthlyCostCents === null ? '-' : formatUsd(t.monthlyCostCents),
      t.cheapest ? '<- cheapest' : '',
    ]);
  }
  lines.push(
    ...formatTable(typeRows, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'], (text, r, c) => {
      if (text.trim() === '') return text;
      if (r === 0) return style.bold(text);
      const row = report.instanceTypes[r - 1]!;
      if (row.cheapest) return style.green(text);
      if (row.nodes === null && c === 3) return style.red(text);
      return text;
    }),
  );

  const notes: string[] = [];
  const autoscaled = report.apps.filter((a) => a.floor.pods !== a.cluster.pods).map((a) => printable(a.app));
  if (autoscaled.length > 0) {
    notes.push(
      `${autoscaled.join(', ')} ${autoscaled.length === 1 ? 'is' : 'are'} autoscaled: pods, limits, nodes, shares and cost are at maxReplicas (the worst case); PODS and NODES also show the floor, at minReplicas`,
    );
  }
  for (const t of report.instanceTypes) {
    for (const pod of t.tooBig) {
      notes.push(
        `${t.instanceType}: ${printable(pod.owner)} needs ${formatCores(pod.cpuMillis)} cpu and ${formatMemory(pod.memoryBytes)}, but a node has room for ${formatCores(Math.max(0, t.room.cpuMillis))} cpu and ${formatMemory(Math.max(0, t.room.memoryBytes))}`,
      );
    }
  }
  const unpriced = report.instanceTypes.filter((t) => t.microDollarsPerHour === null).map((t) => t.instanceType);
  if (unpriced.length > 0) {
    notes.push(`no price for ${unpriced.join(', ')} in ${context.region} in ${printable(context.pricesFile)}${context.unsourcedNote ? ` (${context.unsourcedNote})` : ''}; give your own with --prices FILE`);
  }
  if (notes.length > 0) lines.push('', ...notes.map((n) => `${style.yellow('note')}: ${n}`));
  return `${lines.join('\n')}\n`;
}
