import { plural } from '../vocabulary/plural.ts';
import type { EnvironmentReport } from './capacityReport.ts';
import { formatUsd } from './cost.ts';
import { formatPercent, headroomPercent, type ReportContext } from './format.ts';

const WIDTH = 1000;
const ROW = 46;
const TOP = 112;
const LABEL_X = 16;
const SHARE_X = 170;
const SHARE_W = 360;
const COST_X = 610;
const COST_W = 250;
const COLOURS = { cpu: '#4c78a8', memory: '#f58518', cost: '#a0a7b4', cheapest: '#2e9e44', cheapestBand: '#e8f5ea', grid: '#d9dde3', text: '#1f2430', muted: '#5f6673', warn: '#c0392b' };

/**
 * Two bar charts side by side, one row per instance type: on the left the limit share
 * of cpu and memory per node (how full the nodes would be), on the right the monthly
 * cost, with the cheapest type in green. Hand-written SVG: no script, no external font,
 * so it renders the same in a browser, an image viewer or a pull request.
 */
export function capacityChartSvg(report: EnvironmentReport, context: ReportContext): string {
  const rows = report.instanceTypes;
  const height = TOP + rows.length * ROW + 64;
  const maxCost = Math.max(1, ...rows.map((r) => r.monthlyCostCents ?? 0));
  const out: string[] = [];
  const text = (x: number, y: number, body: string, attrs = '') => out.push(`<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${escapeXml(body)}</text>`);

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13" fill="${COLOURS.text}">`,
    `<title>${escapeXml(`scaffold capacity: ${report.environment}`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
  );
  const { cluster, perNode } = report.total;
  text(LABEL_X, 30, `Capacity for ${report.environment}: ${plural(cluster.pods, 'pod')} in ${plural(report.apps.length, 'app')}${perNode.pods > 0 ? `, ${perNode.pods} more on every node` : ''}`, 'font-size="18" font-weight="bold"');
  text(LABEL_X, 52, `EKS allocatable, pods packed by limits, headroom ${headroomPercent(context)}, ${context.region} on-demand, ${context.hoursPerMonth} h/month`, `fill="${COLOURS.muted}"`);

  // Panel titles and the legend.
  text(SHARE_X, 84, 'Limit share per node', 'font-weight="bold"');
  legend(out, SHARE_X + 160, 84, COLOURS.cpu, 'cpu');
  legend(out, SHARE_X + 215, 84, COLOURS.memory, 'memory');
  text(COST_X, 84, 'Monthly cost (USD)', 'font-weight="bold"');

  // Gridlines at every quarter of the share axis, labelled below the last row.
  const axisY = TOP + rows.length * ROW;
  for (const q of [0, 0.25, 0.5, 0.75, 1]) {
    const x = SHARE_X + q * SHARE_W;
    out.push(`<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${axisY}" stroke="${COLOURS.grid}"${q === 1 ? ' stroke-dasharray="4 3"' : ''}/>`);
    text(x, axisY + 16, `${q * 100}%`, `text-anchor="middle" fill="${COLOURS.muted}" font-size="11"`);
  }
  out.push(`<line x1="${COST_X}" y1="${TOP - 6}" x2="${COST_X}" y2="${axisY}" stroke="${COLOURS.grid}"/>`);
  if (context.headroomBasisPoints > 0) {
    // Nodes are packed only up to here; the rest of each node is the headroom asked for.
    const usable = 1 - context.headroomBasisPoints / 10000;
    const x = SHARE_X + usable * SHARE_W;
    out.push(`<line class="headroom" x1="${x}" y1="${TOP - 12}" x2="${x}" y2="${axisY}" stroke="${COLOURS.warn}" stroke-dasharray="5 3"/>`);
    text(x, TOP - 16, `${(10000 - context.headroomBasisPoints) / 100}% (${headroomPercent(context)} headroom)`, `text-anchor="middle" fill="${COLOURS.warn}" font-size="11"`);
  }

  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    out.push(`<g class="instance-type" data-instance-type="${escapeXml(r.instanceType)}">`);
    // A pale band across the whole row, so the cheapest type's share bars are found at a glance too.
    if (r.cheapest) out.push(`<rect x="${LABEL_X - 8}" y="${y}" width="${WIDTH - 2 * (LABEL_X - 8)}" height="${ROW - 6}" rx="4" fill="${COLOURS.cheapestBand}"/>`);
    text(LABEL_X, y + 16, r.instanceType, `font-weight="bold"${r.cheapest ? ` fill="${COLOURS.cheapest}"` : ''}`);
    text(LABEL_X, y + 33, r.nodes === null ? 'does not fit' : plural(r.nodes, 'node'), `fill="${r.nodes === null ? COLOURS.warn : COLOURS.muted}" font-size="12"`);

    if (r.limitShare) {
      shareBar(out, y + 4, r.limitShare.cpu, COLOURS.cpu, 'cpu');
      shareBar(out, y + 21, r.limitShare.memory, COLOURS.memory, 'memory');
    } else {
      text(SHARE_X + 6, y + 25, r.nodes === null ? 'a pod is bigger than one node of this type' : 'no pods', `fill="${r.nodes === null ? COLOURS.warn : COLOURS.muted}" font-style="italic"`);
    }

    if (r.monthlyCostCents !== null) {
      const w = Math.max(2, (r.monthlyCostCents / maxCost) * COST_W);
      const colour = r.cheapest ? COLOURS.cheapest : COLOURS.cost;
      out.push(`<rect class="cost-bar${r.cheapest ? ' cheapest' : ''}" x="${COST_X}" y="${y + 6}" width="${w.toFixed(1)}" height="28" rx="2" fill="${colour}"><title>${escapeXml(`${r.instanceType}: ${formatUsd(r.monthlyCostCents)} a month`)}</title></rect>`);
      text(COST_X + w + 6, y + 25, formatUsd(r.monthlyCostCents), r.cheapest ? `font-weight="bold" fill="${COLOURS.cheapest}"` : '');
      if (r.cheapest) text(COST_X + w + 6 + formatUsd(r.monthlyCostCents).length * 7.5 + 4, y + 25, 'cheapest', `font-weight="bold" fill="${COLOURS.cheapest}"`);
    } else {
      out.push(`<rect class="cost-bar missing" x="${COST_X}" y="${y + 6}" width="0" height="28"/>`);
      text(COST_X + 6, y + 25, r.nodes === null ? '-' : 'no price', `fill="${COLOURS.muted}" font-style="italic"`);
    }
    out.push('</g>');
  });

  text(LABEL_X, height - 16, 'Limit share = sum of pod limits (per-node pods included) / allocatable of the nodes needed. Every pod is QoS Guaranteed, so limits are what the nodes must hold.', `fill="${COLOURS.muted}" font-size="11"`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The same chart in a page of its own, for people who open it from a file browser. */
export function capacityChartHtml(report: EnvironmentReport, context: ReportContext): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeXml(`scaffold capacity: ${report.environment}`)}</title>\n</head>\n<body style="margin:16px">\n${capacityChartSvg(report, context)}</body>\n</html>\n`;
}

function shareBar(out: string[], y: number, share: number, colour: string, resource: string): void {
  // Past 100% the bar would leave its axis; it stops there and the label tells the truth.
  const w = Math.max(1, Math.min(share, 1) * SHARE_W);
  out.push(`<rect class="share-bar ${resource}" x="${SHARE_X}" y="${y}" width="${w.toFixed(1)}" height="14" rx="2" fill="${colour}"><title>${resource}: ${formatPercent(share)} of allocatable</title></rect>`);
  out.push(`<text x="${SHARE_X + w + 5}" y="${y + 11}" font-size="11">${formatPercent(share)}</text>`);
}

function legend(out: string[], x: number, y: number, colour: string, label: string): void {
  out.push(`<rect x="${x}" y="${y - 10}" width="11" height="11" rx="2" fill="${colour}"/>`, `<text x="${x + 15}" y="${y}" font-size="12">${label}</text>`);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
