import type { InstanceType } from './allocatable.ts';
import { closestMatch } from '../vocabulary/didYouMean.ts';
import { formatPath, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { asRecord } from './resources.ts';

/** On-demand prices per region (data/prices.json, or the user's --prices FILE). */
export interface PriceTable {
  file: string;
  regions: Record<string, RegionPrices>;
}

export interface RegionPrices {
  source?: string;
  asOf?: string;
  /** USD per instance-hour, in millionths of a dollar so that every sum is exact. */
  microDollarsPerHour: Record<string, number>;
  /** Why some types have no price here, when the table says. */
  unsourcedNote?: string;
}

/**
 * Checks a parsed price file; every problem names the file and the field, and its line and column
 * where `locate` (the field's place in the file) is given.
 */
export function readPriceTable(value: unknown, file: string, locate?: (path: readonly PathSegment[]) => { line: number; column: number }): { table?: PriceTable; issues: Issue[] } {
  const issues: Issue[] = [];
  const problem = (path: PathSegment[], message: string) => issues.push({ severity: 'error', rule: 'prices', file, ...locate?.(path), path: formatPath(path), message });
  const regions = asRecord(value).regions;
  if (regions === null || typeof regions !== 'object' || Array.isArray(regions)) {
    problem(['regions'], 'expected a mapping of region name to { prices: { "<instance type>": <USD per hour> } }');
    return { issues };
  }
  const table: PriceTable = { file, regions: {} };
  for (const [region, entry] of Object.entries(regions)) {
    const r = asRecord(entry);
    const prices = asRecord(r.prices);
    if (prices !== r.prices) {
      problem(['regions', region, 'prices'], 'expected a mapping of instance type to USD per hour');
      continue;
    }
    const micro: Record<string, number> = {};
    for (const [type, price] of Object.entries(prices)) {
      const m = typeof price === 'number' ? microDollars(price) : undefined;
      if (m === undefined) problem(['regions', region, 'prices', type], `expected a positive number of USD per hour with at most 6 decimals, got ${JSON.stringify(price)}`);
      else micro[type] = m;
    }
    table.regions[region] = {
      ...(typeof r.source === 'string' ? { source: r.source } : {}),
      ...(typeof r.asOf === 'string' ? { asOf: r.asOf } : {}),
      ...(typeof r.unsourcedNote === 'string' ? { unsourcedNote: r.unsourcedNote } : {}),
      microDollarsPerHour: micro,
    };
  }
  return issues.length > 0 ? { issues } : { table, issues };
}

/**
 * The chosen region's prices. A price file the user gives must price every type compared
 * (a gap there is a mistake in the file); the shipped table may lack some, which then show
 * as "no price", because it only holds prices with a source.
 */
export function regionPrices(table: PriceTable, region: string, types: readonly InstanceType[], userFile: boolean): { region: RegionPrices } | { issues: Issue[] } {
  const prices = table.regions[region];
  if (!prices) {
    const regions = Object.keys(table.regions);
    const guess = closestMatch(region, regions);
    return {
      issues: [{ severity: 'error', rule: 'usage', message: `${table.file} has no prices for region "${region}"${guess ? ` (did you mean "${guess}"?)` : ''}; regions: ${regions.join(', ')}` }],
    };
  }
  if (!userFile) return { region: prices };
  const missing = types.filter((t) => prices.microDollarsPerHour[t.name] === undefined).map((t) => t.name);
  if (missing.length === 0) return { region: prices };
  return {
    issues: missing.map((name) => ({
      severity: 'error' as const,
      rule: 'prices' as const,
      file: table.file,
      path: `regions.${region}.prices`,
      message: `no price for ${name}, which is being compared (price it, or leave it out with --instance-type)`,
    })),
  };
}

/** A dollar amount with at most 6 decimals, as an exact integer of millionths; undefined otherwise. */
export function microDollars(price: number): number | undefined {
  if (!Number.isFinite(price) || price <= 0) return undefined;
  const scaled = price * 1e6;
  const rounded = Math.round(scaled);
  // A price written with 6 decimals or fewer lands within float error of an integer.
  return Math.abs(scaled - rounded) < 1e-6 * Math.max(1, scaled) ? rounded : undefined;
}

/** Hours per month as hundredths of an hour ("730", "730.5"); undefined when not a positive number with at most 2 decimals. */
export function centiHoursOf(text: string): number | undefined {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return value > 0 ? value : undefined;
}

/**
 * nodes x hours x price, in cents, rounded half up once at the end. Everything before
 * the rounding is an exact integer (BigInt: nodes x centi-hours x micro-dollars can pass 2^53).
 */
export function monthlyCostCents(nodes: number, centiHours: number, microDollarsPerHour: number): number {
  const microCentiDollars = BigInt(nodes) * BigInt(centiHours) * BigInt(microDollarsPerHour);
  // micro-dollars x hundredths of an hour = 1e-8 dollars = 1e-6 cents.
  return Number((microCentiDollars + 500_000n) / 1_000_000n);
}

/** `$3,456.00` */
export function formatUsd(cents: number): string {
  const dollars = Math.floor(cents / 100).toLocaleString('en-US');
  return `$${dollars}.${String(cents % 100).padStart(2, '0')}`;
}

/** `0.192` — a price back in dollars, without trailing zeros. */
export function formatHourly(microDollarsPerHour: number): string {
  const whole = Math.floor(microDollarsPerHour / 1e6);
  const fraction = String(microDollarsPerHour % 1e6).padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
