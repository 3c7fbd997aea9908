/** Cores, as people write them in manifests: `0.25`, `3.92`, `12`. */
export function formatCores(millis: number): string {
  return String(Math.round(millis) / 1000);
}

/** Memory in the largest binary unit that keeps it readable: `512Mi`, `3.5Gi`. */
export function formatMemory(bytes: number): string {
  const gi = bytes / 2 ** 30;
  if (gi >= 1) return `${trim(gi.toFixed(2))}Gi`;
  const mi = bytes / 2 ** 20;
  if (mi >= 1) return `${trim(mi.toFixed(1))}Mi`;
  return bytes === 0 ? '0' : `${trim((bytes / 2 ** 10).toFixed(1))}Ki`;
}

/** Whole mebibytes, the unit EKS and Karpenter publish allocatable memory in: `3114Mi`. */
export function formatMebibytes(bytes: number): string {
  return `${Math.floor(bytes / 2 ** 20)}Mi`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

export type Align = 'left' | 'right';

/** Pads cells into columns; `decorate` colours a cell after padding so escape codes do not shift the columns. */
export function formatTable(rows: readonly (readonly string[])[], align: readonly Align[], decorate: (text: string, row: number, column: number) => string = (t) => t): string[] {
  const widths = align.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((row, r) =>
    row
      .map((cell, c) => decorate(align[c] === 'right' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!), r, c))
      .join('  ')
      .trimEnd(),
  );
}

/** What the numbers were computed under, repeated in every section so a pasted table says it. */
export interface ReportContext {
  region: string;
  hoursPerMonth: string;
  /** Share of each node kept free, in basis points. */
  headroomBasisPoints: number;
  /** The price file, for the note on types it has no price for. */
  pricesFile: string;
  unsourcedNote?: string;
}

export function headroomPercent(context: ReportContext): string {
  return `${context.headroomBasisPoints / 100}%`;
}
