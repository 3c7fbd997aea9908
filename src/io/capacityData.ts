/** The data `capacity` sizes with: instance types and on-demand prices, shipped in data/ or given by the user. */
import { join, resolve } from 'node:path';
import type { InstanceType } from '../capacity/allocatable.ts';
import { readPriceTable, type PriceTable } from '../capacity/cost.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
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
  // JSON is YAML: the positioned reader gives a problem its line and column, and refuses a key given twice.
  const parsed = parseYamlStream(read.text, shown);
  if (parsed.issues.length > 0) return { issues: parsed.issues.map((issue) => ({ ...issue, rule: 'prices' })) };
  const [document, ...more] = parsed.documents.filter((d) => d.value !== null);
  if (document === undefined || more.length > 0) return { issues: [{ severity: 'error', rule: 'prices', file: shown, ...(more[0]?.start ?? { line: 1, column: 1 }), message: 'expected one JSON object, { "regions": { ... } }' }] };
  const { table, issues } = readPriceTable(document.value, shown, (path) => document.locate(path));
  return table ? { table } : { issues };
}
