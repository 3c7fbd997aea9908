/**
 * The SARIF 2.1.0 report: valid against the official SARIF 2.1.0 JSON schema
 * (as Microsoft's SARIF SDK ships it, in the @microsoft/jest-sarif package),
 * one rule per built-in rule, policy and check, one result per finding with
 * its rule, level, message, file under %SRCROOT%, line and column.
 */
import { describe, expect, it } from 'vitest';
import { artifactLocation, defaultRules, sarifFailureLog, sarifReporter } from '../../src/cli/output/validate/sarif.ts';
import { checkInputText } from '../support/inputText.ts';
import type { ResourceResult } from '../../src/validate/manifests.ts';
import { POLICIES } from '../../src/validate/policies/index.ts';
import { Tally } from '../../src/validate/tally.ts';
import { POLICY_IDS, type Rule } from '../../src/vocabulary/issue.ts';
import { targetSchemas } from '../support/schemas.ts';
import { compileSarifSchema } from '../support/sarif.ts';

const styleless = { red: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s };
const schemas = targetSchemas();

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: My_App}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: web
          image: nginx
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
          env: [{name: A, value: "1"}, {name: A, value: "2"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ok}
data: {a: b}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: Exempted_Name
  annotations: {ignore-check.scaffold.dev/object-name: "named by a vendor chart"}
data: {a: b}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: "eighty"}]}
`;

function results(): ResourceResult[] {
  const options = { ...schemas, policies: POLICIES, ignoreMissingSchemas: false, skipKinds: new Set<string>() };
  const role = { kustomizationFile: false, discovered: false };
  return [
    ...checkInputText(DEPLOYMENT, 'apps/web dir/deploy.yaml', role, options),
    ...checkInputText('a:\n\tb: 1\n', './broken.yaml', role, options),
    ...checkInputText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', '/abs/cm.yaml', role, options),
  ];
}

function sarif(input: readonly ResourceResult[]) {
  let out = '';
  const reporter = sarifReporter({ out: { write: (s: string) => (out += s) }, summary: true, verbose: true, style: styleless });
  const tally = new Tally();
  for (const result of input) {
    tally.add(result);
    reporter.write(result);
  }
  reporter.flush(tally);
  return JSON.parse(out) as { version: string; runs: { tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } }; results: Record<string, any>[] }[] };
}

describe('SARIF reporter', () => {
  const log = sarif(results());
  const run = log.runs[0]!;

  it('writes a log the SARIF 2.1.0 schema accepts', () => {
    const validate = compileSarifSchema();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the schema test can fail: a result without a message is refused', () => {
    const broken = structuredClone(log);
    delete broken.runs[0]!.results[0]!['message'];
    expect(compileSarifSchema()(broken)).toBe(false);
  });

  it('lists one rule per built-in rule, policy and check, once each', () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of POLICY_IDS) expect(ids).toContain(id);
    expect(ids).toEqual(expect.arrayContaining(['schema', 'syntax', 'service-target-port', 'exemption']));
    expect(run.tool.driver.rules.find((r) => r.id === 'env-duplicate')!.defaultConfiguration.level).toBe('warning');
    expect(run.tool.driver.rules.find((r) => r.id === 'object-name')!.defaultConfiguration.level).toBe('error');
  });

  it('gives each finding its rule, level, message and place', () => {
    const summary = run.results.map((r) => {
      const location = r['locations'][0].physicalLocation;
      return `${r['ruleId']} ${r['level']} ${location.artifactLocation.uriBaseId ?? '-'} ${location.artifactLocation.uri}:${location.region?.startLine}:${location.region?.startColumn}`;
    });
    expect(summary).toEqual([
      'object-name error %SRCROOT% apps/web%20dir/deploy.yaml:3:18',
      'qos-guaranteed error %SRCROOT% apps/web%20dir/deploy.yaml:12:11',
      'env-duplicate warning %SRCROOT% apps/web%20dir/deploy.yaml:15:47',
      'schema error %SRCROOT% apps/web%20dir/deploy.yaml:32:23',
      'syntax error %SRCROOT% broken.yaml:2:1',
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r['ruleIndex']]!.id).toBe(r['ruleId']);
    expect(run.results[0]!['message'].text).toMatch(/^Deployment\/My_App: metadata\.name: "My_App" is not a valid Deployment name/);
  });

  it('names files as relative URIs under %SRCROOT%, absolute paths as file: URIs', () => {
    expect(artifactLocation('apps/web/deploy.yaml')).toEqual({ uri: 'apps/web/deploy.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('./a b#c%.yaml')).toEqual({ uri: 'a%20b%23c%25.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('apps\\web\\x.yaml')).toEqual({ uri: 'apps/web/x.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/srv/git/x.yaml')).toEqual({ uri: 'file:///srv/git/x.yaml' });
    expect(artifactLocation('C:\\git\\x.yaml')).toEqual({ uri: 'file:///C:/git/x.yaml' });
  });

  it('adds a rule for a finding of a rule it was not told of, and writes an empty run when all is valid', () => {
    const extra = sarif([{ file: 'x.yaml', line: 1, status: 'invalid', issues: [{ severity: 'error', rule: 'made-up' as Rule, message: 'm', file: 'x.yaml', line: 1, column: 1 }] }]);
    expect(extra.runs[0]!.tool.driver.rules.at(-1)!.id).toBe('made-up');
    expect(sarif([]).runs[0]!.results).toEqual([]);
    expect(defaultRules().length).toBe(run.tool.driver.rules.length);
  });

  it('leaves out the findings an object exempts itself from', () => {
    expect(JSON.stringify(run.results)).not.toContain('Exempted_Name');
    expect(results().find((r) => r.name === 'Exempted_Name')!.exemptions).toEqual([expect.objectContaining({ rule: 'object-name', findings: [expect.objectContaining({ rule: 'object-name' })] })]);
  });

  it('says the invocation succeeded, and for a run that could not start, why it did not', () => {
    expect((run as unknown as { invocations: unknown[] }).invocations).toEqual([{ executionSuccessful: true }]);
    const failed = JSON.parse(sarifFailureLog([{ severity: 'error', rule: 'usage', message: '--schemas: no-such-dir is not a folder' }]));
    expect(compileSarifSchema()(failed)).toBe(true);
    expect(failed.runs[0].results).toEqual([]);
    expect(failed.runs[0].invocations).toEqual([{
      executionSuccessful: false,
      toolConfigurationNotifications: [{ level: 'error', message: { text: '--schemas: no-such-dir is not a folder' }, descriptor: { id: 'usage' } }],
    }]);
    const unreadable = JSON.parse(sarifFailureLog([{ severity: 'error', rule: 'input', file: 'schemas/index.json', message: 'not JSON' }]));
    expect(compileSarifSchema()(unreadable)).toBe(true);
    expect(unreadable.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toBe('schemas/index.json: not JSON');
  });
});
