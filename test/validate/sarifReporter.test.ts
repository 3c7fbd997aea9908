/**
 * The SARIF 2.1.0 report: valid against the official SARIF 2.1.0 JSON schema
 * (as Microsoft's SARIF SDK ships it, in the @microsoft/jest-sarif package),
 * one rule per built-in rule, policy and check, one result per finding with
 * its rule, level, message, file under %SRCROOT%, line and column.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tally } from '../../src/cli/output/validate/reporter.ts';
import { artifactLocation, defaultRules, sarifReporter } from '../../src/cli/output/validate/sarif.ts';
import { API_SERVER_CHECKS } from '../../src/validate/checks/index.ts';
import { checkManifestText, type ResourceResult } from '../../src/validate/manifests.ts';
import { POLICIES } from '../../src/validate/policies/index.ts';
import { createSchemaRegistry } from '../../src/validate/registry.ts';
import { PROJECT_ROOT } from '../support/paths.ts';

const require = createRequire(import.meta.url);
const { default: Ajv } = require('ajv-draft-04') as typeof import('ajv-draft-04');
// The schema's language pattern is no valid regular expression under the u flag, which ajv sets by default.
const compileSarifSchema = () => new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(SARIF_SCHEMA);
const SARIF_SCHEMA = JSON.parse(readFileSync(path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const styleless = { red: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s };
const registry = createSchemaRegistry({ schemaDirs: [], builtinRoot: path.join(PROJECT_ROOT, 'schemas') });

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: My_App}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
          env: [{name: A, value: "1"}, {name: A, value: "2"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ok}
data: {a: b}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: "eighty"}]}
`;

function results(): ResourceResult[] {
  const options = { registry, policies: [...POLICIES, ...API_SERVER_CHECKS], ignoreMissingSchemas: false, skipKinds: new Set<string>() };
  const role = { kustomizationFile: false, discovered: false };
  return [
    ...checkManifestText(DEPLOYMENT, 'apps/web dir/deploy.yaml', role, options),
    ...checkManifestText('a:\n\tb: 1\n', './broken.yaml', role, options),
    ...checkManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', '/abs/cm.yaml', role, options),
  ];
}

function sarif(input: readonly ResourceResult[]) {
  let out = '';
  const reporter = sarifReporter({ out: { write: (s: string) => (out += s) }, summary: true, verbose: true, style: styleless, tally: new Tally() });
  for (const result of input) reporter.write(result);
  reporter.flush();
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
    for (const id of [...POLICIES, ...API_SERVER_CHECKS].map((p) => p.id)) expect(ids).toContain(id);
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
      'qos-guaranteed error %SRCROOT% apps/web%20dir/deploy.yaml:11:11',
      'env-duplicate warning %SRCROOT% apps/web%20dir/deploy.yaml:13:47',
      'schema error %SRCROOT% apps/web%20dir/deploy.yaml:23:23',
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
    const extra = sarif([{ file: 'x.yaml', line: 1, status: 'invalid', issues: [{ severity: 'error', rule: 'made-up', message: 'm', file: 'x.yaml', line: 1, column: 1 }] }]);
    expect(extra.runs[0]!.tool.driver.rules.at(-1)!.id).toBe('made-up');
    expect(sarif([]).runs[0]!.results).toEqual([]);
    expect(defaultRules().length).toBe(run.tool.driver.rules.length);
  });
});
