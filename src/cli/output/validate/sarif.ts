/**
 * SARIF 2.1.0, the format GitHub code scanning and other analysis platforms
 * read: one run whose tool lists one rule per check (the built-in ones such
 * as schema, each policy, each API server check), and one result per
 * finding with its rule, level, message and place (file relative to the
 * folder scaffold ran in, as %SRCROOT%, line and column). Written whole by
 * flush(), as one JSON document. A run that could not start (a bad --schemas
 * folder) is a log too: an unsuccessful invocation with its notifications.
 *
 * Findings an object exempts itself from are left out, not written as
 * suppressed results: some consumers (GitHub code scanning among them) show
 * a suppressed result as an open alert.
 */
import { VERSION } from '../../version.ts';
import { EXEMPTION_PREFIX, type Issue } from '../../../vocabulary/issue.ts';
import type { ResourceResult } from '../../../validate/manifests.ts';
import { GITOPS_POLICIES } from '../../../validate/policies/index.ts';
import { API_SERVER_CHECKS } from '../../../validate/checks/index.ts';
import { printableJson } from '../printable.ts';
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
  { id: 'read', summary: 'the file can be read', help: 'A file that does not exist or cannot be read, or that is no UTF-8 text.', level: 'error' },
  { id: 'syntax', summary: 'the YAML is well formed and each document is a Kubernetes object with apiVersion and kind', help: 'Fix the YAML at the line given: indentation with tabs, an unclosed quote, a duplicate key, a document that is a list or a scalar.', level: 'error' },
  { id: 'schema', summary: 'the object matches the strict JSON schema of its apiVersion and kind', help: 'Unknown fields, wrong types, out-of-range integers and malformed quantities, as the API server would refuse them.', level: 'error' },
  { id: 'missing-schema', summary: 'there is a schema for the apiVersion and kind', help: 'Import the CRD (scaffold schemas import --crd FILE --out DIR) and pass --schemas DIR, or pass --ignore-missing-schemas.', level: 'error' },
  { id: 'input', summary: 'the schema of the kind can be used', help: 'A schema of a --schemas folder that does not compile: re-import it with scaffold schemas import.', level: 'error' },
  { id: 'removed-api', summary: 'the apiVersion is still served', help: 'Move to the replacement API the message names.', level: 'error' },
  { id: 'deprecated-api', summary: 'the apiVersion is not deprecated', help: 'Move to the replacement API the message names before it is removed.', level: 'warning' },
  { id: 'kustomization', summary: 'a kustomization uses Kustomize v5 fields correctly and the files it lists exist', help: 'Deprecated fields have a replacement (labels, patches, resources); each patches entry needs a path or a patch; every file and folder listed is there.', level: 'error' },
  { id: 'json-patch', summary: 'a JSON 6902 patch has valid operations', help: 'Each operation needs an op among add, remove, replace, move, copy, test, the fields its op needs, and JSON pointers.', level: 'error' },
  { id: 'build', summary: 'a kustomization builds (validate --build)', help: 'Kustomize could not build the kustomization: its message says why.', level: 'error' },
  { id: 'spec', summary: 'an app spec matches the app spec schema and its rules', help: 'See schemas/app-spec.schema.json and the README.', level: 'error' },
  { id: 'config', summary: 'an organisation config (.scaffold.yaml) matches its schema and its rules', help: 'See schemas/config.schema.json and the README.', level: 'error' },
  { id: 'exemption', summary: `an ${EXEMPTION_PREFIX}<rule-id> annotation names a rule and gives a reason`, help: `Write ${EXEMPTION_PREFIX}<rule-id>: "<why this object may break the rule>" with the id of a policy or check.`, level: 'error' },
];

/** Every rule scaffold validate reports: built-in, policies, API server checks. */
export function defaultRules(): RuleDescription[] {
  const exempt = (id: string) => `Turn it off with --skip-policy ${id}, or exempt one object with the annotation ${EXEMPTION_PREFIX}${id}: "<reason>".`;
  return [
    ...BUILTIN_RULES,
    ...GITOPS_POLICIES.map((p) => ({ id: p.id, summary: p.summary, help: `${p.summary}. ${exempt(p.id)}`, level: 'error' as const })),
    ...API_SERVER_CHECKS.map((c) => ({
      id: c.id,
      summary: c.summary,
      help: `${c.summary}. Severity: ${c.severity}. Kubernetes: ${c.source}. ${exempt(c.id)}`,
      level: c.severity.startsWith('warning') ? ('warning' as const) : ('error' as const),
    })),
  ];
}

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const TOOL_NAME = 'scaffold validate';

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
      options.out.write(`${printableJson(sarifLog(catalogue, results, { executionSuccessful: true }))}\n`);
    },
  };
}

/**
 * The log of a run that stopped before validating anything (a usage error,
 * a --schemas folder that cannot be read): no results, and an unsuccessful
 * invocation whose notifications say why, so a code scanning upload
 * reports the failure rather than a clean run.
 */
export function sarifFailureLog(issues: readonly Issue[]): string {
  const notifications = issues.map((issue) => ({
    level: issue.severity,
    message: { text: issue.file === undefined ? issue.message : `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.message}` },
    descriptor: { id: issue.rule },
  }));
  const usage = issues.some((i) => i.rule === 'usage');
  const invocation = { executionSuccessful: false, [usage ? 'toolConfigurationNotifications' : 'toolExecutionNotifications']: notifications };
  return `${printableJson(sarifLog(defaultRules(), [], invocation))}\n`;
}

function sarifLog(rules: readonly RuleDescription[], results: readonly unknown[], invocation: object) {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: VERSION, rules: rules.map(sarifRule) } },
      invocations: [invocation],
      originalUriBaseIds: { [SRCROOT]: { description: { text: 'The folder scaffold validate ran in; file paths are relative to it.' } } },
      // The YAML reader counts columns in JavaScript string positions.
      columnKind: 'utf16CodeUnits',
      results,
    }],
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
