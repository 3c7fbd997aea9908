/**
 * `scaffold validate` as a user runs it: the built CLI, each output format,
 * each exit code, stdin, flags, and input no one should write (binary files,
 * random bytes), which must never produce a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableStringify, toStrictSchemas } from '../../src/schemas/strict.ts';
import { POLICY_IDS } from '../../src/vocabulary/issue.ts';
import { runCli } from '../support/cli.ts';
import { CLI, EXAMPLES, PROJECT_ROOT } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';
import { readTree, tempCopy } from '../support/tree.ts';

const CORPUS = path.join(PROJECT_ROOT, 'test/validate/corpus');
const REPLICAS = path.join(CORPUS, 'invalid/replicas-string.yaml');
const STACK_TRACE = /\n\s+at .*:\d+:\d+/;

function validate(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = runCli(['validate', ...args], options);
  expect(result.stderr + result.stdout).not.toMatch(STACK_TRACE);
  return result;
}

describe('scaffold validate: exit codes and output formats', () => {
  const scratch = tempCopy(undefined, 'scaffold-validate-e2e-');

  it('exits 0 on the rendered examples, in every format', () => {
    for (const format of ['text', 'json', 'junit', 'github', 'sarif']) {
      const r = validate(['-o', format, EXAMPLES]);
      expect(r.code, `${format}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    expect(validate([EXAMPLES]).stdout).toBe('');
    expect(validate(['--summary', EXAMPLES]).stdout).toMatch(/^Summary: 64 resources found in 64 files - Valid: 62, Invalid: 0, Errors: 0, Skipped: 2, Warnings: 0\n$/);
  });

  it('exits 1 on an invalid file; text names the file, lines, object, field and message', () => {
    const r = validate([REPLICAS], { cwd: CORPUS });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${REPLICAS}:5:13: error: Deployment/web (document at line 1): spec.replicas: expected integer, got string "3" (schema)\n`);
  });

  it('json: the shape and statuses of kubeconform -output json, with line and path', () => {
    const r = validate(['-o', 'json', '--summary', 'invalid/replicas-string.yaml'], { cwd: CORPUS });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      resources: [{
        filename: 'invalid/replicas-string.yaml', kind: 'Deployment', name: 'web', version: 'apps/v1', status: 'statusInvalid',
        msg: 'spec.replicas: expected integer, got string "3"', line: 1, path: 'spec.replicas',
        validationErrors: [{ path: 'spec.replicas', msg: 'expected integer, got string "3"', line: 5, column: 13, severity: 'error', rule: 'schema' }],
      }],
      summary: { valid: 0, invalid: 1, errors: 0, skipped: 0, warnings: 0 },
    });
  });

  it('junit: a failing testcase in the file\'s testsuite', () => {
    const r = validate(['-o', 'junit', 'invalid/replicas-string.yaml'], { cwd: CORPUS });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<testsuite name="invalid/replicas-string.yaml" id="1" tests="1" failures="1" errors="0" disabled="0" skipped="0">');
    expect(r.stdout).toContain('<testcase name="web" classname="Deployment@apps/v1"><failure message="spec.replicas: expected integer, got string &quot;3&quot;" type="schema">5:13 error spec.replicas: expected integer, got string "3" (schema)</failure></testcase>');
  });

  it('github: an error annotation on the file and line', () => {
    const r = validate(['-o', 'github', 'invalid/replicas-string.yaml'], { cwd: CORPUS });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('::error file=invalid/replicas-string.yaml,line=5,col=13,title=scaffold validate%3A Deployment/web (schema)::spec.replicas: expected integer, got string "3" (document at line 1)\n');
  });

  it('exits 1 for a file that cannot be parsed, and still validates the others', () => {
    const r = validate(['--summary', 'invalid/tab-indentation.yaml', 'valid/service.yaml', 'nope.yaml'], { cwd: CORPUS });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'invalid/tab-indentation.yaml:4:1: error: Tabs are not allowed as indentation (syntax)\n' +
        'nope.yaml:1:1: error: no such file or folder (read)\n' +
        'Summary: 3 resources found in 3 files - Valid: 1, Invalid: 0, Errors: 2, Skipped: 0, Warnings: 0\n',
    );
  });

  it('exits 0 with warnings only (deprecated kustomization fields)', () => {
    const r = validate(['invalid/kustomization-deprecated-commonLabels'], { cwd: CORPUS });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kustomization.yaml:1:1: warning: Kustomization: commonLabels: deprecated since Kustomize v5: use labels');
  });

  it('exits 2 on a usage error, before reading anything', () => {
    const cases: [string[], RegExp][] = [
      [['--nope', 'x.yaml'], /unknown option '--nope'/],
      [['-o', 'yaml', 'x.yaml'], /argument 'yaml' is invalid. Allowed choices are text, json, junit, github, sarif/],
      [['--kubernetes-version', '1.29', 'x.yaml'], /--kubernetes-version: Kubernetes 1\.29 is not bundled: bundled are 1\.30, 1\.31, 1\.32, 1\.33, 1\.34, 1\.35, 1\.36\. For another version, import its OpenAPI document \(scaffold schemas import --openapi FILE --out DIR\) and pass --schemas DIR/],
      [['--kubernetes-version', 'latest', 'x.yaml'], /--kubernetes-version: "latest" is not a Kubernetes version: write a minor such as 1\.36/],
      [['--skip-policy', 'qos-guaranted', 'x.yaml'], /--skip-policy: unknown policy "qos-guaranted" \(did you mean "qos-guaranteed"\?\); policies and checks: qos-guaranteed, istio-proxy-guaranteed, irsa-role-arn, no-plain-secret, externalsecret-refresh, pod-security-restricted, object-name, .*, service-target-port/],
      [['--ignore-filename-pattern', '(', 'x.yaml'], /--ignore-filename-pattern: Invalid regular expression/],
      [['--schemas', 'no-such-dir', 'x.yaml'], /--schemas no-such-dir: no such folder/],
    ];
    for (const [args, message] of cases) {
      const r = validate(args, { cwd: scratch });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it('lists the bundled Kubernetes versions, the default, and every policy and check in --help', () => {
    const r = runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('one of the bundled 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36 (written 1.34, v1.34 or v1.34.2)');
    expect(help).toContain("a file of an app's overlay (apps/<name>/overlays/<env>/, beside apps/<name>/app.yaml) is checked against its environment's kubernetesVersion (app.yaml's, else .scaffold.yaml's), a file of its base against each environment's, anything else against 1.36");
    for (const id of POLICY_IDS) expect(r.stdout).toMatch(new RegExp(`^  ${id} `, 'm'));
  });
});

describe('scaffold validate: input', () => {
  const scratch = tempCopy(undefined, 'scaffold-validate-input-');

  it('reads stdin with - and when no path is given', () => {
    const bad = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: "80"}]}\n';
    for (const args of [['-'], []]) {
      const r = validate(args, { input: bad });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('stdin:4:23: error: Service/web (document at line 1): spec.ports[0].port: expected integer, got string "80" (schema)\n');
    }
    expect(validate(['-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n' }).code).toBe(0);
  });

  it('waits for a pipe that is slow to write, as `kubectl kustomize | scaffold validate -` is', () => {
    const r = spawnSync('sh', ['-c', `(sleep 1; cat "${REPLICAS}") | "${process.execPath}" "${CLI}" validate --summary -`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('stdin:5:13: error: Deployment/web (document at line 1): spec.replicas');
    expect(r.status).toBe(1);
  });

  it('walks folders for *.yaml, *.yml and Kustomization, skipping hidden folders, node_modules and --ignore-filename-pattern', () => {
    const root = path.join(scratch, 'walk');
    for (const dir of ['a/b', '.git', 'node_modules/x', 'helm/templates']) mkdirSync(path.join(root, dir), { recursive: true });
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
    writeFileSync(path.join(root, 'a/one.yaml'), cm('one'));
    writeFileSync(path.join(root, 'a/b/two.yml'), cm('two'));
    writeFileSync(path.join(root, 'a/Kustomization'), 'resources: [one.yaml]\n');
    writeFileSync(path.join(root, 'a/b/notes.txt'), 'not yaml: [');
    writeFileSync(path.join(root, '.git/config.yaml'), 'broken: [');
    writeFileSync(path.join(root, 'node_modules/x/bad.yaml'), 'broken: [');
    writeFileSync(path.join(root, 'helm/templates/deploy.yaml'), 'replicas: {{ .Values.replicas }}\n');
    const r = validate(['-o', 'json', '-v', '--ignore-filename-pattern', '/templates/', 'walk'], { cwd: scratch });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { resources: { filename: string }[] }).resources.map((x) => x.filename)).toEqual(['walk/a/Kustomization', 'walk/a/b/two.yml', 'walk/a/one.yaml']);
  });

  it('fails a link found in a folder that leads to no file as an error of that file, saying where it points, and validates the rest', () => {
    const root = path.join(scratch, 'links');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n');
    symlinkSync('../generated/deployment.yaml', path.join(root, 'deployment.yaml'));
    symlinkSync('loop.yaml', path.join(root, 'loop.yaml'));
    const r = validate(['--summary', 'links'], { cwd: scratch });
    expect(r.stdout).toBe(
      'links/deployment.yaml:1:1: error: is a symbolic link to ../generated/deployment.yaml, where there is nothing (a broken link) (read)\n' +
        'links/loop.yaml:1:1: error: is a symbolic link to loop.yaml, which leads back to itself (a loop of links) (read)\n' +
        'Summary: 3 resources found in 3 files - Valid: 1, Invalid: 0, Errors: 2, Skipped: 0, Warnings: 0\n',
    );
    expect(r.code).toBe(1);
  });

  it('fails binary files and random bytes as errors of that file, never with a stack trace', () => {
    const bytes = Buffer.alloc(2048);
    for (let seed = 1, i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed >> 16;
    }
    writeFileSync(path.join(scratch, 'random.yaml'), bytes);
    writeFileSync(path.join(scratch, 'latin1.yaml'), Buffer.from('a: caf\xe9\n', 'latin1'));
    writeFileSync(path.join(scratch, 'utf16.yaml'), Buffer.from('\ufeffapiVersion: v1\n', 'utf16le'));
    const r = validate(['random.yaml', 'latin1.yaml', 'utf16.yaml'], { cwd: scratch });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'random.yaml:1:1: error: not a YAML file: it holds binary data (a NUL byte) (read)\n' +
        'latin1.yaml:1:1: error: not a YAML file: it is not UTF-8 text (read)\n' +
        'utf16.yaml:1:1: error: not a YAML file: it holds binary data (a NUL byte) (read)\n',
    );
    expect(r.stderr).toBe('');
  });

  it('stops quietly when its reader closes the pipe early', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" validate -o json --verbose "${CORPUS}" | head -c 10`], { encoding: 'utf8' });
    expect(r.stdout).toBe('{\n  "resou');
    expect(r.stderr).toBe('');
  });

  it('still exits with what it found when its reader stops early', () => {
    // Far more output than a pipe holds, so that writes fail while files are still being read.
    const dir = tempDir('scaffold-closed-pipe-');
    for (const folder of ['valid', 'invalid']) mkdirSync(path.join(dir, folder));
    for (let n = 0; n < 600; n++) {
      const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${n}\n`;
      writeFileSync(path.join(dir, 'valid', `settings-${n}.yaml`), configMap);
      writeFileSync(path.join(dir, 'invalid', `settings-${n}.yaml`), `${configMap}  labelz: {}\n`);
    }
    const run = (args: string) => spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" validate --schema-only ${args} | head -c 10`], { encoding: 'utf8' });
    for (const format of ['text', 'json']) {
      const invalid = run(`-o ${format} "${path.join(dir, 'invalid')}"`);
      expect(invalid.stdout).toHaveLength(10);
      expect(invalid.stderr).toBe('');
      expect(invalid.status, format).toBe(1);
      const valid = run(`-o ${format} --verbose "${path.join(dir, 'valid')}"`);
      expect(valid.stdout).toHaveLength(10);
      expect(valid.stderr).toBe('');
      expect(valid.status, format).toBe(0);
    }
  });

  it.skipIf(!existsSync('/dev/full'))('says in one line that it cannot write its output where the disk is full, and fails', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" validate -o json "${CORPUS}" > /dev/full`], { encoding: 'utf8' });
    expect(r.stderr).toBe('error: cannot write the output: ENOSPC\n');
    expect(r.status).toBe(1);
  });

  it('never prints a stack trace for random text either', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const pieces = ['a', ':', ' ', '\n', '- ', '[', '{', '"', "'", '&x ', '*x ', '!!', '%', '|', '>', '\t', 'apiVersion: v1\n', 'kind: List\n', 'items:\n', '---\n', '\\'];
    for (let n = 0; n < 10; n++) {
      const text = Array.from({ length: 60 }, () => pieces[next() % pieces.length]).join('');
      const r = validate(['-o', ['text', 'json', 'junit', 'github', 'sarif'][n % 5]!, '-'], { input: text });
      expect([0, 1]).toContain(r.code);
      expect(r.stderr).toBe('');
    }
  });
});

describe('scaffold validate: flags', () => {
  const scratch = tempCopy(undefined, 'scaffold-validate-flags-');

  it('--ignore-missing-schemas skips kinds without a schema; --skip skips kinds by Kind or apiVersion/Kind', () => {
    const crd = 'invalid/no-schema-crd.yaml';
    expect(validate([crd], { cwd: CORPUS }).code).toBe(1);
    const skipped = validate(['-o', 'json', '-v', '--ignore-missing-schemas', crd], { cwd: CORPUS });
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout).resources[0]).toMatchObject({ status: 'statusSkipped', kind: 'ServiceMonitor' });
    expect(validate(['--skip', 'ServiceMonitor', crd], { cwd: CORPUS }).code).toBe(0);
    expect(validate(['--skip', 'monitoring.coreos.com/v1/ServiceMonitor', crd], { cwd: CORPUS }).code).toBe(0);
    expect(validate(['--skip', 'Deployment,ConfigMap', crd], { cwd: CORPUS }).code).toBe(1);
  });

  it('--ignore-missing-schemas does not let a removed API through', () => {
    const r = validate(['--ignore-missing-schemas', 'invalid/removed-extensions-deployment.yaml'], { cwd: CORPUS });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('was removed in 1.16 (apps/v1 requires spec.selector): use apps/v1 (removed-api)');
  });

  it('--skip-policy turns one policy off, --schema-only all of them', () => {
    const files = ['invalid/qos-missing-cpu-limit.yaml', 'invalid/secret-with-data.yaml'];
    expect(validate(files, { cwd: CORPUS }).code).toBe(1);
    const one = validate(['--skip-policy', 'qos-guaranteed', ...files], { cwd: CORPUS });
    expect(one.code).toBe(1);
    expect(one.stdout).not.toContain('qos-guaranteed');
    expect(validate(['--skip-policy', 'qos-guaranteed,no-plain-secret', ...files], { cwd: CORPUS }).code).toBe(0);
    expect(validate(['--schema-only', ...files], { cwd: CORPUS }).code).toBe(0);
  });

  it('--schemas adds a folder of schemas (a CRD) searched before the built-in ones', () => {
    const dir = path.join(scratch, 'schemas');
    mkdirSync(dir, { recursive: true });
    const [widget] = toStrictSchemas({
      'example.v1.Widget': {
        type: 'object',
        required: ['spec'],
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', properties: { size: { type: 'integer', format: 'int32' } } } },
        'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
      },
    });
    writeFileSync(path.join(dir, 'widget.json'), stableStringify(widget!.schema));
    const doc = (size: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: ${size}}\n`;
    expect(validate(['-'], { input: doc('3') }).code).toBe(1);
    expect(validate(['--schemas', dir, '-'], { input: doc('3') }).code).toBe(0);
    const wrong = validate(['--schemas', dir, '-'], { input: doc('big') });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('spec.size: expected integer, got string "big"');
  });

  it('--schemas: a file of the folder that is not UTF-8 is refused, naming it, never read with U+FFFD for its bad byte', () => {
    const [strict] = toStrictSchemas({
      'example.v1.Widget': {
        type: 'object',
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object' } },
        'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
      },
    });
    const widget = { schema: { ...strict!.schema, description: 'caf\u00e9' } };
    // é as Latin-1 writes it: one byte, never UTF-8 on its own.
    const latin1 = (value: unknown) => Buffer.from(stableStringify(value), 'latin1');
    const input = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n';
    const folder = (files: Record<string, Uint8Array | string>) => {
      const dir = tempDir('scaffold-schemas-not-utf8-');
      for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
      return dir;
    };

    const badIndex = folder({ 'index.json': latin1({ 'example.com/v1/Widget': 'widget.json', 'example.com/v1/Caf\u00e9': 'cafe.json' }), 'widget.json': stableStringify(widget.schema) });
    const index = validate(['--schemas', badIndex, '-'], { input });
    expect([index.code, index.stderr]).toEqual([2, `error: --schemas: ${badIndex}/index.json: not a YAML file: it is not UTF-8 text\n`]);

    // Without an index.json, every JSON file of the folder is read at the start for the kinds it declares.
    const badFile = folder({ 'widget.json': latin1(widget.schema) });
    const declared = validate(['--schemas', badFile, '-'], { input });
    expect([declared.code, declared.stderr]).toEqual([2, `error: --schemas: ${badFile}/widget.json: not a YAML file: it is not UTF-8 text\n`]);

    // Listed by its index, a schema is read when its kind is met: the objects of that kind cannot be validated.
    const listed = folder({ 'index.json': JSON.stringify({ 'example.com/v1/Widget': 'widget.json' }), 'widget.json': latin1(widget.schema) });
    const met = validate(['--schemas', listed, '-'], { input });
    expect(met.stdout).toBe(`stdin:1:1: error: Widget/w: the schema for example.com/v1/Widget cannot be used: ${listed}/widget.json: not a YAML file: it is not UTF-8 text (input)\n`);
    expect(met.code).toBe(1);
  });

  it('--schemas: a file of the folder that is not JSON is refused at its line and column, never an internal error', () => {
    const input = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n';
    const folder = (files: Record<string, string>) => {
      const dir = tempDir('scaffold-schemas-not-json-');
      for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
      return dir;
    };
    const badIndex = folder({ 'index.json': '{\n  "example.com/v1/Widget": "widget.json",\n  oops\n}\n' });
    const index = validate(['--schemas', badIndex, '-'], { input });
    expect([index.code, index.stderr]).toEqual([2, `error: --schemas: ${badIndex}/index.json:3:3: not valid JSON: Expected double-quoted property name\n`]);

    // Listed by its index, a schema is read when its kind is met: the objects of that kind cannot be validated.
    const listed = folder({ 'index.json': JSON.stringify({ 'example.com/v1/Widget': 'widget.json' }), 'widget.json': '{"type": "object",}' });
    const met = validate(['--schemas', listed, '-'], { input });
    expect(met.stdout).toMatch(new RegExp(`^stdin:1:1: error: Widget/w: the schema for example\\.com/v1/Widget cannot be used: ${listed}/widget\\.json:1:19: not valid JSON: `));
    expect([met.code, met.stderr]).toEqual([1, '']);

    // render reads the folders before anything: a broken one is a usage error, and nothing is written.
    const root = tempCopy(EXAMPLES);
    writeFileSync(path.join(root, 'apps/checkout/app.yaml'), readFileSync(path.join(root, 'apps/checkout/app.yaml'), 'utf8').replace('replicas: 3', 'replicas: 4'));
    const before = readTree(root);
    const render = runCli(['render', '--root', root, '--schemas', badIndex]);
    expect([render.code, render.stderr]).toEqual([2, `error: --schemas: ${badIndex}/index.json:3:3: not valid JSON: Expected double-quoted property name\n`]);
    expect(readTree(root)).toEqual(before);
  });

  it('colours text only for a terminal, and never with NO_COLOR; with no path on a terminal, says what to give', () => {
    const hasScript = spawnSync('script', ['--version']).status === 0;
    if (!hasScript) {
      console.warn('SKIPPED terminal colour check: `script` (util-linux) is not installed');
      return;
    }
    const command = `${process.execPath} ${CLI} validate ${REPLICAS}`;
    const env = { ...process.env };
    delete env['NO_COLOR'];
    const terminal = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...env, TERM: 'xterm' } });
    expect(terminal.stdout).toContain('\u001b[31merror\u001b[0m');
    const noColor = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...env, TERM: 'xterm', NO_COLOR: '1' } });
    expect(noColor.stdout).toContain(': error: ');
    expect(noColor.stdout).not.toContain('\u001b[');
    expect(validate([REPLICAS]).stdout).not.toContain('\u001b[');
    // Nothing to validate and stdin a terminal: a usage error rather than waiting for typing.
    const waiting = spawnSync('script', ['-qec', `${process.execPath} ${CLI} validate`, '/dev/null'], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
    expect(waiting.stdout).toContain('error: give files or folders to validate, or - to read stdin');
    expect(waiting.status).toBe(2);
  });
});
