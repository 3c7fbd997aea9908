/** The data `capacity` sizes with: instance types and on-demand prices, shipped in data/ or given by the user. */
import { join, resolve } from 'node:path';
import type { InstanceType } from '../capacity/allocatable.ts';
import { readPriceTable, type PriceTable } from '../capacity/cost.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { readJsonFile } from './files.ts';
import { readTextFile } from './inputFiles.ts';
import { packageRoot } from './packageRoot.ts';

export const INSTANCE_TYPES_FILE = 'data/instance-types.json';
const PRICES_FILE = 'data/prices.json';

export function readInstanceTypes(): InstanceType[] {
  const data = readJsonFile<{ instanceTypes: Record<string, Omit<InstanceType, 'name'>> }>(join(packageRoot(), INSTANCE_TYPES_FILE));
  return Object.entries(data.instanceTypes).map(([name, t]) => ({ name, ...t }));
}

/** The user's price file (a path as given, resolved against `cwd`), or the shipped one. */
export function readPrices(file: string | undefined, cwd: string): { table: PriceTable } | { issues: Issue[] } {
  const path = file === undefined ? join(packageRoot(), PRICES_FILE) : resolve(cwd, file);
  const shown = file ?? PRICES_FILE;
  const read = readTextFile(path, shown);
  if ('problem' in read) return { issues: [{ severity: 'error', rule: 'prices', file: shown, message: read.problem }] };
  if ('issue' in read) return { issues: [read.issue] };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (err) {
    return { issues: [{ severity: 'error', rule: 'prices', file: shown, message: `not valid JSON: ${(err as Error).message}` }] };
  }
  const { table, issues } = readPriceTable(value, shown);
  return table ? { table } : { issues };
}
