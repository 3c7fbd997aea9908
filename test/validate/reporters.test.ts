/**
 * The output formats of `scaffold validate`, fed the same results: kubeconform's
 * JSON shape and status names, JUnit XML that stays well formed whatever a
 * message quotes, and GitHub annotations escaped as @actions/core escapes them.
 */
import { describe, expect, it } from 'vitest';
import { annotation, escapeData, escapeProperty } from '../../src/cli/output/validate/github.ts';
import { createReporter, type OutputFormat } from '../../src/cli/output/validate/index.ts';
import { Tally } from '../../src/validate/tally.ts';
import type { Issue } from '../../src/vocabulary/issue.ts';
import type { ResourceResult } from '../../src/validate/manifests.ts';
import { formatIssue } from '../../src/cli/output/issueText.ts';

const styleless = { red: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s };

const replicas: Issue = {
  severity: 'error', rule: 'schema', file: 'apps/web/deploy.yaml', line: 12, column: 13, documentLine: 5,
  path: 'spec.replicas', message: 'expected integer, got string "3"', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web',
};
const hostile: Issue = {
  severity: 'error', rule: 'schema', file: 'a,b:c%.yaml', line: 3, column: 1, documentLine: 1,
  path: 'data["x<y>&\\"z"]', message: 'bad value "<script>&\u0001" 100%\r\nsecond line', kind: 'ConfigMap', name: 'x',
};
const RESULTS: ResourceResult[] = [
  { file: 'apps/web/deploy.yaml', line: 1, apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop', status: 'valid', issues: [] },
  { file: 'apps/web/deploy.yaml', line: 5, apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', status: 'invalid', issues: [replicas] },
  { file: 'apps/web/deploy.yaml', line: 30, status: 'empty', issues: [] },
  { file: 'a,b:c%.yaml', line: 1, apiVersion: 'v1', kind: 'ConfigMap', name: 'x', status: 'invalid', issues: [hostile] },
  { file: 'broken.yaml', line: 4, status: 'error', issues: [{ severity: 'error', rule: 'syntax', file: 'broken.yaml', line: 4, column: 1, message: 'Tabs are not allowed as indentation' }] },
  { file: 'crd.yaml', line: 1, apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', status: 'skipped', issues: [], reason: 'no schema for example.com/v1/Widget (--ignore-missing-schemas)' },
];

function report(format: OutputFormat, options: { summary?: boolean; verbose?: boolean } = {}): string {
  let out = '';
  const tally = new Tally();
  const reporter = createReporter(format, { out: { write: (s: string) => (out += s) }, summary: options.summary ?? false, verbose: options.verbose ?? false, style: styleless });
  for (const result of RESULTS) {
    tally.add(result);
    reporter.write(result);
  }
  reporter.flush(tally);
  return out;
}

describe('json', () => {
  it("has kubeconform's fields and statuses, lists only problems unless verbose, and adds line, path and every finding", () => {
    const quiet = JSON.parse(report('json')) as { resources: Record<string, unknown>[]; summary?: unknown };
    expect(quiet.summary).toBeUndefined();
    expect(quiet.resources.map((r) => r['status'])).toEqual(['statusInvalid', 'statusInvalid', 'statusError']);
    expect(quiet.resources[0]).toEqual({
      filename: 'apps/web/deploy.yaml', kind: 'Deployment', name: 'web', version: 'apps/v1', status: 'statusInvalid',
      msg: 'spec.replicas: expected integer, got string "3"', line: 5, path: 'spec.replicas',
      validationErrors: [{ path: 'spec.replicas', msg: 'expected integer, got string "3"', line: 12, column: 13, severity: 'error', rule: 'schema' }],
    });
    expect(Object.keys(quiet.resources[0]!).slice(0, 6)).toEqual(['filename', 'kind', 'name', 'version', 'status', 'msg']);

    const verbose = JSON.parse(report('json', { verbose: true, summary: true })) as { resources: Record<string, unknown>[]; summary: unknown };
    expect(verbose.resources.map((r) => r['status'])).toEqual(['statusValid', 'statusInvalid', 'statusEmpty', 'statusInvalid', 'statusError', 'statusSkipped']);
    expect(verbose.summary).toEqual({ valid: 1, invalid: 2, errors: 1, skipped: 1, warnings: 0 });
  });

  it('lays the document out as JSON.stringify with two spaces does, listing objects as they come', () => {
    for (const options of [{}, { summary: true }, { verbose: true }, { verbose: true, summary: true }]) {
      const text = report('json', options);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
    // Nothing listed: an empty list, not a missing one.
    let none = '';
    const onlyValid = createReporter('json', { out: { write: (s: string) => (none += s) }, summary: true, verbose: false, style: styleless });
    onlyValid.write(RESULTS[0]!);
    onlyValid.flush(new Tally());
    expect(none).toBe('{\n  "resources": [],\n  "summary": {\n    "valid": 0,\n    "invalid": 0,\n    "errors": 0,\n    "skipped": 0,\n    "warnings": 0\n  }\n}\n');
  });

  it('writes each listed object as it comes, not the whole document at the end', () => {
    const writes: string[] = [];
    const reporter = createReporter('json', { out: { write: (s: string) => void writes.push(s) }, summary: true, verbose: true, style: styleless });
    const results = Array.from({ length: 50 }, (_, n) => ({ ...RESULTS[n % RESULTS.length]!, line: n + 1 }));
    const tally = new Tally();
    results.forEach((result, n) => {
      tally.add(result);
      reporter.write(result);
      expect(writes).toHaveLength(n + 1);
    });
    reporter.flush(tally);
    const parsed = JSON.parse(writes.join('')) as { resources: { line: number }[] };
    expect(parsed.resources.map((r) => r.line)).toEqual(results.map((r) => r.line));
    expect(writes.join('')).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });
});

describe('junit', () => {
  const xml = report('junit');

  it('is one testsuite per file and one testcase per object, named as kubeconform names them', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scaffold validate" time="')).toBe(true);
    expect(xml).toMatch(/tests="5" failures="2" disabled="1" errors="1">/);
    expect(xml).toContain('<testsuite name="apps/web/deploy.yaml" id="1" tests="2" failures="1" errors="0" disabled="0" skipped="0">');
    expect(xml).toContain('<testcase name="shop/web" classname="Service@v1"></testcase>');
    expect(xml).toContain('<testcase name="web" classname="Deployment@apps/v1"><failure message="spec.replicas: expected integer, got string &quot;3&quot;" type="schema">12:13 error spec.replicas: expected integer, got string "3" (schema)</failure></testcase>');
    expect(xml).toContain('<testcase name="line 4" classname="broken.yaml"><error message="Tabs are not allowed as indentation" type="syntax">');
    expect(xml).toContain('<skipped message="no schema for example.com/v1/Widget (--ignore-missing-schemas)"></skipped>');
  });

  it('escapes what a message quotes, and drops characters XML cannot hold', () => {
    const hostileCase = xml.split('\n').find((l) => l.includes('classname="ConfigMap@v1"'))!;
    expect(hostileCase).toContain('message="data[&quot;x&lt;y&gt;&amp;\\&quot;z&quot;]: bad value &quot;&lt;script&gt;&amp;\uFFFD&quot; 100%&#13;&#10;second line"');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    // Every element opened is closed.
    const opened = (xml.match(/<(testsuites|testsuite|testcase|failure|error|skipped)[\s>]/g) ?? []).length;
    const closed = (xml.match(/<\/(testsuites|testsuite|testcase|failure|error|skipped)>/g) ?? []).length;
    expect(opened).toBe(closed);
  });
});

describe('github', () => {
  it('writes one annotation per finding, with the document line when the finding is elsewhere', () => {
    const lines = report('github', { summary: true }).trimEnd().split('\n');
    expect(lines[0]).toBe('::error file=apps/web/deploy.yaml,line=12,col=13,title=scaffold validate%3A Deployment/web (schema)::spec.replicas: expected integer, got string "3" (document at line 5)');
    expect(lines[2]).toBe('::error file=broken.yaml,line=4,col=1,title=scaffold validate%3A syntax::Tabs are not allowed as indentation');
    expect(lines.at(-1)).toBe('Summary: 5 resources found in 4 files - Valid: 1, Invalid: 2, Errors: 1, Skipped: 1, Warnings: 0');
  });

  it('escapes % CR LF in messages, and also : and , in properties; shows control characters from files as escapes', () => {
    expect(escapeData('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab: c, d');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    expect(annotation(hostile, 'ConfigMap/x')).toBe(
      '::error file=a%2Cb%3Ac%25.yaml,line=3,col=1,title=scaffold validate%3A ConfigMap/x (schema)::data["x<y>&\\"z"]: bad value "<script>&\\x01" 100%25\\r\\nsecond line (document at line 1)',
    );
    const escaped = annotation({ ...hostile, file: 'a\u001b[2J.yaml', name: 'x\u009b' }, 'ConfigMap/x\u009b');
    expect(escaped).toContain('file=a\\x1b[2J.yaml,');
    expect(escaped).toContain('title=scaffold validate%3A ConfigMap/x\\u009b (schema)::');
    expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(annotation({ ...replicas, severity: 'warning' }, 'Deployment/web').startsWith('::warning ')).toBe(true);
  });
});

describe('text', () => {
  it('writes one line per finding, and valid, skipped objects only when verbose', () => {
    expect(report('text')).toBe(`${[replicas, hostile, RESULTS[4]!.issues[0]!].map((i) => formatIssue(i)).join('\n')}\n`);
    const verbose = report('text', { verbose: true, summary: true });
    expect(verbose).toContain('apps/web/deploy.yaml:1: Service/web: valid\n');
    expect(verbose).toContain('crd.yaml:1: Widget/w: skipped (no schema for example.com/v1/Widget (--ignore-missing-schemas))\n');
    expect(verbose).not.toContain('empty');
    expect(verbose.trimEnd().split('\n').at(-1)).toBe('Summary: 5 resources found in 4 files - Valid: 1, Invalid: 2, Errors: 1, Skipped: 1, Warnings: 0');
  });

  it('shows control characters from files as escapes: one finding, one line, nothing for the terminal to act on', () => {
    const line = formatIssue({ ...hostile, file: 'evil\u001b[31m\n.yaml', kind: 'Config\u0000Map', name: 'x\u001b]0;title\u0007', path: 'data["\u007f"]' });
    expect(line).toBe('evil\\x1b[31m\\n.yaml:3:1: error: Config\\x00Map/x\\x1b]0;title\\x07 (document at line 1): data["\\x7f"]: bad value "<script>&\\x01" 100%\\r\\nsecond line (schema)');
  });

  it('keeps the lines of a usage error, which lists what to pass, and escapes the rest', () => {
    expect(formatIssue({ severity: 'error', rule: 'usage', message: 'no flag answers these:\n  --root \u001b[2J' })).toBe('error: no flag answers these:\n  --root \\x1b[2J');
  });

  it('names the file, the lines of the finding and of its document, the object, the field and the rule', () => {
    expect(formatIssue(replicas)).toBe('apps/web/deploy.yaml:12:13: error: Deployment/web (document at line 5): spec.replicas: expected integer, got string "3" (schema)');
    expect(formatIssue({ ...replicas, line: 5, column: 1 })).toBe('apps/web/deploy.yaml:5:1: error: Deployment/web: spec.replicas: expected integer, got string "3" (schema)');
  });
});

describe('exemptions', () => {
  const exempted: Issue = { ...replicas, severity: 'warning', rule: 'env-duplicate', path: 'spec.template.spec.containers[0].env[1]', message: 'LOG_LEVEL hides its first value' };
  const withExemption: ResourceResult = {
    file: 'apps/web/deploy.yaml', line: 5, apiVersion: 'apps/v1', kind: 'Deployment', name: 'web\u001b[2J', status: 'valid', issues: [],
    exemptions: [{ rule: 'env-duplicate', reason: 'the image reads\nthe last value', findings: [exempted] }],
  };
  const reportOf = (format: OutputFormat, verbose: boolean) => {
    let out = '';
    const reporter = createReporter(format, { out: { write: (s: string) => (out += s) }, summary: false, verbose, style: styleless });
    reporter.write(withExemption);
    reporter.flush(new Tally());
    return out;
  };

  it('text: -v says what each exemption keeps from failing the object, and why; without -v nothing', () => {
    expect(reportOf('text', false)).toBe('');
    expect(reportOf('text', true)).toBe(
      'apps/web/deploy.yaml:5: Deployment/web\\x1b[2J: valid\n' +
      'apps/web/deploy.yaml:5: Deployment/web\\x1b[2J: exempted from env-duplicate (1 finding): the image reads\\nthe last value\n',
    );
  });

  it('json: a listed object carries its exemptions with their findings', () => {
    expect(JSON.parse(reportOf('json', false))).toEqual({ resources: [] });
    const [resource] = (JSON.parse(reportOf('json', true)) as { resources: Record<string, unknown>[] }).resources;
    expect(resource!['exemptions']).toEqual([{
      rule: 'env-duplicate',
      reason: 'the image reads\nthe last value',
      validationErrors: [{ path: 'spec.template.spec.containers[0].env[1]', msg: 'LOG_LEVEL hides its first value', line: 12, column: 13, severity: 'warning', rule: 'env-duplicate' }],
    }]);
  });
});
