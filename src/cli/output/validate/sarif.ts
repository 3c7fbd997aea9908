/**
 * SARIF 2.1.0, the format GitHub code scanning and other analysis platforms
 * read: one run whose tool lists one rule per check (the built-in ones such
 * as schema, each policy, each API server check), and one result per
 * finding with its rule, level, message and place (file relative to the
 * folder scaffold ran in, as %SRCROOT%, line and column). Written whole by
 * flush(), as one JSON document.
 */
import { VERSION } from '../../version.ts';
import type { Issue } from '../../../validate/issue.ts';
import type { ResourceResult } from '../../../validate/manifests.ts';
import { API_SERVER_CHECKS, SERVICE_TARGET_PORT } from '../../../validate/checks/index.ts';
import { EXEMPTION_PREFIX, EXEMPTION_RULE } from '../../../validate/checks/exemptions.ts';
import { POLICIES } from '../../../validate/policies/index.ts';
import { subjectOf, type ReporterOptions, type ValidateReporter } from './reporter.ts';

/** What a report says of a rule, whether or not a finding of it turns up. */
export interface RuleDescription {
  id: string;
  summary: string;
  /** How to fix or switch it off, and where the rule comes from. */
  help: string;
  level: 'error' | 'warning';
}

const BUILTIN_RULES: readonly RuleDescription[] = [
  { id: 'read', summary: 'the file can be read', help: 'A file that does not exist or cannot be read.', level: 'error' },
  { id: 'syntax', summary: 'the YAML is well formed and each document is a Kubernetes object with apiVersion and kind', help: 'Fix the YAML at the line given: indentation with tabs, an unclosed quote, a duplicate key, a document that is a list or a scalar.', level: 'error' },
  { id: 'schema', summary: 'the object matches the strict JSON schema of its apiVersion and kind', help: 'Unknown fields, wrong types, out-of-range integers and malformed quantities, as the API server would refuse them.', level: 'error' },
  { id: 'missing-schema', summary: 'there is a schema for the apiVersion and kind', help: 'Import the CRD (scaffold schemas import --crd FILE --out DIR) and pass --schemas DIR, or pass --ignore-missing-schemas.', level: 'error' },
  { id: 'removed-api', summary: 'the apiVersion is still served', help: 'Move to the replacement API the message names.', level: 'error' },
  { id: 'deprecated-api', summary: 'the apiVersion is not deprecated', help: 'Move to the replacement API the message names before it is removed.', level: 'warning' },
  { id: 'kustomization', summary: 'a kustomization uses Kustomize v5 fields correctly', help: 'Deprecated fields have a replacement (labels, patches, resources); each patches entry needs a path or a patch.', level: 'error' },
  { id: 'json-patch', summary: 'a JSON 6902 patch has valid operations', help: 'Each operation needs an op among add, remove, replace, move, copy, test, the fields its op needs, and JSON pointers.', level: 'error' },
  { id: 'spec', summary: 'an app spec matches the app spec schema', help: 'See schemas/app-spec.schema.json.', level: 'error' },
  { id: EXEMPTION_RULE, summary: `an ${EXEMPTION_PREFIX}<rule-id> annotation names a rule and gives a reason`, help: `Write ${EXEMPTION_PREFIX}<rule-id>: "<why this object may break the rule>" with the id of a policy or check.`, level: 'error' },
];

/** Every rule scaffold validate reports: built-in, policies, API server checks. */
export function defaultRules(): RuleDescription[] {
  return [
    ...BUILTIN_RULES,
    ...POLICIES.map((p) => ({ id: p.id, summary: p.summary, help: `${p.summary}. Turn it off with --skip-policy ${p.id}, or exempt one object with the annotation ${EXEMPTION_PREFIX}${p.id}: "<reason>".`, level: 'error' as const })),
    ...[...API_SERVER_CHECKS, SERVICE_TARGET_PORT].map((c) => ({
      id: c.id,
      summary: c.summary,
      help: `${c.summary}. Severity: ${c.severity}. Kubernetes: ${c.source}. Exempt one object with the annotation ${EXEMPTION_PREFIX}${c.id}: "<reason>".`,
      level: c.severity.startsWith('warning') ? ('warning' as const) : ('error' as const),
    })),
  ];
}

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export function sarifReporter(options: ReporterOptions, rules: readonly RuleDescription[] = defaultRules()): ValidateReporter {
  const catalogue = [...rules];
  const indexOf = new Map(catalogue.map((r, i) => [r.id, i]));
  const results: unknown[] = [];
  return {
    write(result: ResourceResult) {
      for (const issue of result.issues) {
        if (!indexOf.has(issue.rule)) {
          indexOf.set(issue.rule, catalogue.length);
          catalogue.push({ id: issue.rule, summary: `scaffold validate rule ${issue.rule}`, help: `Findings of ${issue.rule}.`, level: issue.severity });
        }
        results.push(sarifResult(issue, result, indexOf.get(issue.rule)!));
      }
    },
    flush() {
      const log = {
        $schema: SARIF_SCHEMA_URI,
        version: '2.1.0',
        runs: [{
          tool: { driver: { name: 'scaffold validate', version: VERSION, rules: catalogue.map(sarifRule) } },
          originalUriBaseIds: { [SRCROOT]: { description: { text: 'The folder scaffold validate ran in; file paths are relative to it.' } } },
          // The YAML reader counts columns in JavaScript string positions.
          columnKind: 'utf16CodeUnits',
          results,
        }],
      };
      options.out.write(`${JSON.stringify(log, null, 2)}\n`);
    },
  };
}

function sarifRule(rule: RuleDescription) {
  return {
    id: rule.id,
    // GitHub code scanning requires a full description (rule GH2012 of Microsoft's SARIF validator).
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.help },
    help: { text: rule.help },
    defaultConfiguration: { level: rule.level },
  };
}

function sarifResult(issue: Issue, result: ResourceResult, ruleIndex: number) {
  const subject = subjectOf(issue.kind === undefined ? result : issue);
  const text = `${subject === '' ? '' : `${subject}: `}${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
  const line = issue.line ?? result.line;
  const region = line === undefined ? undefined : { startLine: line, ...(issue.column === undefined || issue.line === undefined ? {} : { startColumn: issue.column }) };
  return {
    ruleId: issue.rule,
    ruleIndex,
    level: issue.severity,
    message: { text },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(issue.file ?? result.file), ...(region === undefined ? {} : { region }) } }],
  };
}

/**
 * A file as SARIF names it: a relative URI reference under %SRCROOT% (each
 * path segment percent-encoded, backslashes as slashes), or an absolute
 * file: URI for a path given absolute.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const slashed = file.replace(/\\/g, '/');
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  if (slashed.startsWith('/')) return { uri: `file://${encode(slashed)}` };
  if (/^[A-Za-z]:\//.test(slashed)) return { uri: `file:///${slashed.slice(0, 2)}${encode(slashed.slice(2))}` };
  return { uri: encode(slashed.replace(/^(\.\/)+/, '')), uriBaseId: SRCROOT };
}
