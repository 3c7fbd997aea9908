/**
 * The "Version differences" section of docs/schemas.md, written from the
 * committed difference lists (version-differences.json,
 * external-secrets-differences.json), so the user documentation says exactly
 * what the oracle tests found. Only what a manifest can hit is listed: a
 * field counts when a kind reaches it outside its `status`, which the API
 * server writes, not the user.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from '../../src/schemas/strict.ts';
import { PROJECT_ROOT } from '../support/paths.ts';

export const DOC_FILE = path.join(PROJECT_ROOT, 'docs/schemas.md');
export const BEGIN = '<!-- BEGIN GENERATED: version differences (test/schemas/versionDifferencesDoc.ts) -->';
export const END = '<!-- END GENERATED: version differences -->';

interface KubernetesDifferences {
  kindsOnlyIn130: string[];
  kindsOnlyIn136: string[];
  fieldsOnlyIn130: string[];
  fieldsOnlyIn136: string[];
  requiredIn130VsIn136: string[];
}

interface ExternalSecretsDifferences {
  fieldsOnlyInBuiltin: string[];
  fieldsOnlyInCrd: string[];
  requiredInBuiltinVsCrd: string[];
  shapeInBuiltinVsCrd: string[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(PROJECT_ROOT, file), 'utf8')) as T;

/** The generated section, markers included. */
export function versionDifferencesSection(): string {
  const kubernetes = readJson<KubernetesDifferences>('test/schemas/version-differences.json');
  const externalSecrets = readJson<ExternalSecretsDifferences>('test/schemas/external-secrets-differences.json');
  const users = usersOfDefinitions();
  const reached = (entry: string) => {
    const [owner, field] = splitEntry(entry);
    return owner.startsWith('io.k8s.') ? (users.get(owner) ?? []) : field.split(/[.:]/)[0] === 'status' ? [] : [owner.split('/').pop()!];
  };
  const fieldRows = (entries: string[]) =>
    entries
      .filter((entry) => reached(entry).length > 0)
      .map((entry) => {
        const [owner, field] = splitEntry(entry);
        return `| \`${shortType(owner)}\` | \`${field}\` | ${kindList(reached(entry))} |`;
      });
  const requiredRows = kubernetes.requiredIn130VsIn136
    .filter((entry) => reached(entry).length > 0)
    .map((entry) => {
      const [owner, field, change] = splitEntry(entry);
      const in130 = change === 'required true vs false';
      return `| \`${shortType(owner)}\` | \`${field}\` | ${in130 ? 'required' : 'optional'} | ${in130 ? 'optional' : 'required'} | ${kindList(reached(entry))} |`;
    });

  const lines = [
    BEGIN,
    '',
    '#### Kubernetes: built-in 1.30 against the official 1.36 OpenAPI',
    '',
    'Fields added after 1.30. The built-in schemas reject them as unknown fields; import your cluster\'s OpenAPI to use them.',
    '',
    '| Type | Field | Used by |',
    '| --- | --- | --- |',
    ...fieldRows(kubernetes.fieldsOnlyIn136),
    '',
    'Fields removed after 1.30. The built-in schemas accept them; a 1.36 cluster rejects them.',
    '',
    '| Type | Field | Used by |',
    '| --- | --- | --- |',
    ...fieldRows(kubernetes.fieldsOnlyIn130),
    '',
    'Fields whose required-ness changed.',
    '',
    '| Type | Field | 1.30 | 1.36 | Used by |',
    '| --- | --- | --- | --- | --- |',
    ...requiredRows,
    '',
    `API versions only 1.36 serves (${kubernetes.kindsOnlyIn136.length}; no built-in schema, import them): ${kubernetes.kindsOnlyIn136.map((k) => `\`${k}\``).join(', ')}.`,
    '',
    `API versions 1.36 no longer serves (${kubernetes.kindsOnlyIn130.length}; the built-in schemas still accept them): ${kubernetes.kindsOnlyIn130.map((k) => `\`${k}\``).join(', ')}.`,
    '',
    '#### External Secrets: built-in v1 types against the External Secrets CRDs',
    '',
    'Values and types that differ:',
    '',
    ...externalSecrets.shapeInBuiltinVsCrd.filter((entry) => !splitEntry(entry)[1].startsWith('status')).map((entry) => `- ${externalSecretsEntry(entry)}`),
    '',
    'Fields whose required-ness differs (built-in vs CRD):',
    '',
    ...externalSecrets.requiredInBuiltinVsCrd.map((entry) => `- ${externalSecretsEntry(entry)}`),
    '',
    `Fields only in the built-in types: ${externalSecrets.fieldsOnlyInBuiltin.map(externalSecretsEntry).join(', ')}.`,
    '',
    `<details><summary>Fields only in the CRDs (${externalSecrets.fieldsOnlyInCrd.length}; the built-in schemas reject them)</summary>`,
    '',
    ...externalSecrets.fieldsOnlyInCrd.map((entry) => `- ${externalSecretsEntry(entry)}`),
    '',
    '</details>',
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

function externalSecretsEntry(entry: string): string {
  const [kind, field, detail] = splitEntry(entry);
  return `\`${kind.split('/').pop()}\` \`${field}\`${detail === undefined ? '' : `: ${detail}`}`;
}

function kindList(kinds: string[]): string {
  const sorted = [...new Set(kinds)].sort();
  return sorted.length <= 4 ? sorted.join(', ') : `${sorted.slice(0, 4).join(', ')} and ${sorted.length - 4} more`;
}

/** Definition name → the built-in 1.30 kinds that reach it outside their status. */
function usersOfDefinitions(): Map<string, string[]> {
  const dir = path.join(PROJECT_ROOT, 'schemas/kubernetes/v1.30');
  const index = readJson<Record<string, string>>('schemas/kubernetes/v1.30/index.json');
  const users = new Map<string, string[]>();
  for (const [key, file] of Object.entries(index)) {
    const schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JsonSchema;
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
