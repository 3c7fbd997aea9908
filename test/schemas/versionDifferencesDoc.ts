/**
 * The "Version differences" section of docs/schemas.md, written from the
 * committed difference list (version-differences.json: each bundled
 * Kubernetes minor against the one before), so the user documentation says
 * exactly what the tests found. Only what a manifest can hit is listed: a
 * field counts when a kind reaches it outside its `status`, which the API
 * server writes, not the user.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from '../../src/schemas/strict.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { bundledSchemas, type VersionChange } from './bundledVersions.ts';

export const DOC_FILE = path.join(PROJECT_ROOT, 'docs/schemas.md');
export const BEGIN = '<!-- BEGIN GENERATED: version differences (test/schemas/versionDifferencesDoc.ts) -->';
export const END = '<!-- END GENERATED: version differences -->';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(PROJECT_ROOT, file), 'utf8')) as T;

/** The generated section, markers included. */
export function versionDifferencesSection(): string {
  const kubernetes = readJson<Record<string, VersionChange>>('test/schemas/version-differences.json');

  const lines = [
    BEGIN,
    '',
    '#### Kubernetes: what changes from one bundled minor to the next',
    '',
    'Read from the bundled schemas themselves (`test/schemas/version-differences.json`). Fields only the API server writes',
    '(`status`) and types no manifest reaches are left out; "Used by" names the kinds that reach the type outside `status`.',
    ...Object.entries(kubernetes).flatMap(([transition, change]) => transitionSection(transition, change)),
    '',
    END,
  ];
  return lines.join('\n');
}

/** `owner field[: detail]`, as compareKind writes entries: owner, field path, detail. */
function splitEntry(entry: string): [string, string, string | undefined] {
  const space = entry.indexOf(' ');
  const [field, ...detail] = entry.slice(space + 1).split(': ');
  return [entry.slice(0, space), field!, detail.length > 0 ? detail.join(': ') : undefined];
}

/** `core.v1.PodSpec` for `io.k8s.api.core.v1.PodSpec`; kinds (`batch/v1/CronJob`) stay as they are. */
function shortType(owner: string): string {
  return owner.startsWith('io.k8s.') ? owner.split('.').slice(-3).join('.') : owner;
}

function kindList(kinds: string[]): string {
  const sorted = [...new Set(kinds)].sort();
  return sorted.length <= 4 ? sorted.join(', ') : `${sorted.slice(0, 4).join(', ')} and ${sorted.length - 4} more`;
}

/** Definition name → the kinds of a bundled minor that reach it outside their status. */
function usersOfDefinitions(version: string): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const [key, schema] of bundledSchemas(version)) {
    const definitions = (schema['definitions'] ?? {}) as Record<string, JsonSchema>;
    const { status: _status, ...userFields } = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    const seen = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== 'object') return;
      const ref = (node as JsonSchema)['$ref'];
      if (typeof ref === 'string') {
        const name = ref.replace('#/definitions/', '');
        if (!seen.has(name)) {
          seen.add(name);
          walk(definitions[name]);
        }
      }
      Object.values(node).forEach(walk);
    };
    walk(userFields);
    const kind = key.split('/').pop()!;
    for (const name of seen) users.set(name, [...(users.get(name) ?? []), kind]);
  }
  return users;
}

/** One minor-to-minor transition: its kinds, then the fields a manifest can reach that were added, removed, or changed required-ness. */
function transitionSection(transition: string, change: VersionChange): string[] {
  const [older, newer] = transition.split(' -> ') as [string, string];
  const olderUsers = usersOfDefinitions(older);
  const newerUsers = usersOfDefinitions(newer);
  const reached = (entry: string, users: Map<string, string[]>) => {
    const [owner, field] = splitEntry(entry);
    return owner.startsWith('io.k8s.') ? (users.get(owner) ?? []) : field.split(/[.:]/)[0] === 'status' ? [] : [owner.split('/').pop()!];
  };
  const row = (entry: string, what: string, users: Map<string, string[]>) => {
    const [owner, field] = splitEntry(entry);
    return `| \`${shortType(owner)}\` | \`${field}\` | ${what} | ${kindList(reached(entry, users))} |`;
  };
  const rows = [
    ...change.fieldsAdded.filter((e) => reached(e, newerUsers).length > 0).map((e) => row(e, 'added', newerUsers)),
    ...change.fieldsRemoved.filter((e) => reached(e, olderUsers).length > 0).map((e) => row(e, 'removed', olderUsers)),
    ...change.requiredChanged
      .filter((e) => reached(e, newerUsers).length > 0)
      .map((e) => row(e, splitEntry(e)[2] === 'required true vs false' ? 'no longer required' : 'now required', newerUsers)),
    ...change.shapeChanged.map((e) => row(e, `changed: ${splitEntry(e)[2] ?? ''}`, newerUsers)),
  ];
  const kinds = (list: string[]) => (list.length === 0 ? 'none' : list.map((k) => `\`${k}\``).join(', '));
  return [
    '',
    `##### ${older} → ${newer}`,
    '',
    `API versions added: ${kinds(change.kindsAdded)}.`,
    '',
    `API versions removed: ${kinds(change.kindsRemoved)}.`,
    '',
    ...(rows.length === 0 ? ['No field a manifest can reach changed.'] : ['| Type | Field | Change | Used by |', '| --- | --- | --- | --- |', ...rows]),
  ];
}
