/**
 * CRD patterns end to end, through the built CLI: `schemas import` takes
 * every pattern the API server takes (RE2 syntax) and refuses, as a `crd`
 * finding with the pattern's field path, one the API server would refuse;
 * `validate` matches in linear time, and reports a schema folder holding a
 * pattern RE2 rejects (written by hand, or imported by an older scaffold)
 * on the objects that need it, never as an internal error.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

const scratch = tempDir('scaffold-crd-patterns-');

// Stops a run that would backtrack for good; a run that matches in linear time takes well under a second.
const HANG_GUARD = { timeoutMs: 30_000 };

function file(name: string, content: string): string {
  const at = path.join(scratch, name);
  mkdirSync(path.dirname(at), { recursive: true });
  writeFileSync(at, content);
  return at;
}

function widgetCrd(spec: Record<string, unknown>) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: spec } } } } }],
    },
  };
}

const widget = (name: string, spec: Record<string, string>) => stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec });

function expectNoCrash(result: CliResult) {
  expect(result.code, 'the run was stopped: it hung').not.toBeNull();
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('CRD patterns the API server accepts', () => {
  const crd = file('accepted/widgets.yaml', stringify(widgetCrd({
    color: { type: 'string', pattern: '^(?i)(red|green)$' },
    word: { type: 'string', pattern: '^\\p{Greek}+$' },
    run: { type: 'string', pattern: '^(a+)+$' },
  })));
  const out = path.join(scratch, 'accepted-schemas');
  let imported: CliResult;
  beforeAll(() => {
    imported = runCli(['schemas', 'import', '--crd', crd, '--out', out]);
  });

  it('import, and validate with RE2 semantics: inline flags, Unicode classes', () => {
    expectNoCrash(imported);
    expect(imported.code).toBe(0);
    const manifests = file('accepted/widgets-in-use.yaml', [widget('shouting', { color: 'RED', word: 'λόγος' }), widget('latin', { color: 'blue', word: 'logos' })].join('---\n'));
    const result = runCli(['validate', '--schemas', out, manifests], HANG_GUARD);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/widgets-in-use\.yaml:\d+:\d+: error: Widget\/latin .*spec\.color: must match \/\^\(\?i\)\(red\|green\)\$\/, got string "blue" \(schema\)$/),
      expect.stringMatching(/widgets-in-use\.yaml:\d+:\d+: error: Widget\/latin .*spec\.word: must match \/\^\\p\{Greek\}\+\$\/, got string "logos" \(schema\)$/),
    ]);
  });

  it('match a nested quantifier against a long value in linear time', () => {
    // JavaScript's backtracking RegExp takes 32 s for 30 characters, doubling with each one more.
    const manifests = file('accepted/long.yaml', [widget('long-bad', { run: `${'a'.repeat(5000)}!` }), widget('long-good', { run: 'a'.repeat(5000) })].join('---\n'));
    const result = runCli(['validate', '--schemas', out, '--summary', manifests], HANG_GUARD);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Widget/long-bad (document at line 1): spec.run: must match /^(a+)+$/');
    expect(result.stdout).toContain('Valid: 1, Invalid: 1');
  });
});

describe('CRD patterns the API server refuses', () => {
  const crd = file('refused/gadgets.yaml', stringify(widgetCrd({
    twice: { type: 'string', pattern: '^(a)\\1$' },
    ahead: { type: 'string', pattern: '^(?=a)' },
    fine: { type: 'string', pattern: '^(?i)ok$' },
  })));

  it('stop the import with a crd finding at each pattern\'s field path, writing nothing', () => {
    const out = path.join(scratch, 'refused-schemas');
    const result = runCli(['schemas', 'import', '--crd', crd, '--out', out]);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    const at = 'error: CustomResourceDefinition/widgets.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.properties';
    expect(result.stderr.split('\n')).toEqual([
      `${crd}:24:28: ${at}.twice.pattern: /^(a)\\1$/ is not an RE2 regular expression, as Kubernetes requires: error parsing regexp: invalid escape sequence: \`\\1\` (crd)`,
      `${crd}:27:28: ${at}.ahead.pattern: /^(?=a)/ is not an RE2 regular expression, as Kubernetes requires: error parsing regexp: invalid or unsupported Perl syntax: \`(?=\` (crd)`,
      '2 problems; nothing was written',
      '',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('stop an OpenAPI import too, at the definition\'s field path', () => {
    const openApi = file('refused/openapi.json', JSON.stringify({
      swagger: '2.0',
      definitions: {
        'com.example.v1.Gadget': {
          type: 'object',
          properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, mode: { type: 'string', pattern: '(?<!x)y' } },
          'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Gadget' }],
        },
      },
    }));
    const result = runCli(['schemas', 'import', '--openapi', openApi, '--out', path.join(scratch, 'refused-openapi')]);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${openApi}:1:178: error: definitions["com.example.v1.Gadget"].properties.mode.pattern: /(?<!x)y/ is not an RE2 regular expression`);
    expect(result.stderr).toContain('(openapi)');
  });

  it('in a schema folder written by hand, fail the objects that need the schema, and only those', () => {
    const folder = path.join(scratch, 'hand-written');
    file('hand-written/widget.json', JSON.stringify({
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', properties: { ahead: { type: 'string', pattern: '^(?=a)' } } } },
      'x-kubernetes-group-version-kind': { group: 'example.com', version: 'v1', kind: 'Widget' },
    }));
    const manifests = file('hand-written-use.yaml', [widget('w', { ahead: 'abc' }), stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })].join('---\n'));
    const result = runCli(['validate', '--schemas', folder, '--summary', manifests], HANG_GUARD);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${manifests}:1:1: error: Widget/w: the schema for example.com/v1/Widget cannot be used: ${path.join(folder, 'widget.json')}: properties.spec.properties.ahead.pattern: /^(?=a)/ is not an RE2 regular expression, as Kubernetes requires: error parsing regexp: invalid or unsupported Perl syntax: \`(?=\` (input)`,
    );
    expect(result.stdout).toContain('Summary: 2 resources found in 1 file - Valid: 1, Invalid: 0, Errors: 1');
  });
});
