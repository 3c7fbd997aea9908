/**
 * render writes every app or none: a problem in one app, or a write that would fail for
 * one app (a plain file where a folder must be, a folder it may not write in), and
 * nothing is written for any app, with an ordinary error naming the path.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.ts';
import { CLI, EXAMPLES } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';
import { readTree, tempCopy } from '../support/tree.ts';

/** The examples with the generated files of both apps removed: a render has to write both. */
function unrenderedExamples(): string {
  const root = tempCopy(EXAMPLES);
  for (const app of ['checkout', 'invoice-worker']) {
    rmSync(join(root, 'apps', app, 'base'), { recursive: true });
    rmSync(join(root, 'apps', app, 'overlays'), { recursive: true });
  }
  return root;
}

function expectOrdinaryRefusal(result: CliResult, ...mentions: string[]): void {
  expect(result.code).toBe(1);
  for (const mention of mentions) expect(result.stderr).toContain(mention);
  expect(result.stderr).toContain('nothing was written');
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('README: when any app has a problem, nothing is written for any app', () => {
  it('an invalid spec in one app: the other app is not written either', () => {
    const root = unrenderedExamples();
    writeFileSync(join(root, 'apps/invoice-worker/app.yaml'), readFileSync(join(root, 'apps/invoice-worker/app.yaml'), 'utf8').replace('replicas: 1', 'replicas: 1.5'));
    const before = readTree(root);
    expectOrdinaryRefusal(runCli(['render', '--root', root]), 'apps/invoice-worker/app.yaml');
    expect(readTree(root)).toEqual(before);
  });

  it('a plain file where a folder of one app must be: an error naming it, and the other app is not written either', () => {
    const root = unrenderedExamples();
    // checkout comes first and invoice-worker second: a write-as-you-go render would have written checkout already.
    writeFileSync(join(root, 'apps/invoice-worker/overlays'), 'not a folder\n');
    const before = readTree(root);
    const result = runCli(['render', '--root', root]);
    expectOrdinaryRefusal(result, 'apps/invoice-worker/overlays: error: is a file where scaffold needs a folder, to write apps/invoice-worker/overlays/alpha/');
    expect(readTree(root)).toEqual(before);
    const json = JSON.parse(runCli(['render', '--root', root, '-o', 'json']).stdout);
    expect(json.issues).toEqual([expect.objectContaining({ rule: 'output', file: 'apps/invoice-worker/overlays' })]);
  });

  /**
   * A folder it may not write in. Root may write in any folder, so when the tests run as root the
   * CLI runs as the unprivileged user nobody (65534), which a read-only folder stops as it stops anyone.
   */
  it('a folder of one app that may not be written in: an error naming it, and the other app is not written either', () => {
    const root = unrenderedExamples();
    const asRoot = process.getuid?.() === 0;
    if (asRoot) giveTo(root, 65534);
    chmodSync(join(root, 'apps/invoice-worker'), 0o555);
    try {
      const before = readTree(root);
      const result = asRoot ? runCliAs(65534, ['render', '--root', root]) : runCli(['render', '--root', root]);
      expectOrdinaryRefusal(result, 'apps/invoice-worker: error: is a folder scaffold may not write in (permission denied)');
      expect(readTree(root)).toEqual(before);
      expect(readdirSync(join(root, 'apps/checkout'))).toEqual(['app.yaml']);
    } finally {
      chmodSync(join(root, 'apps/invoice-worker'), 0o755);
    }
  });
});

/** Hands a temporary tree to another user, so that only permissions decide. */
function giveTo(root: string, uid: number): void {
  const walk = (path: string) => {
    chownSync(path, uid, uid);
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
}

function runCliAs(uid: number, args: readonly string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { uid, gid: uid, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh gitops root holding web apps of namespace shop, each given its ingress and production environment as flow mappings. */
function webApps(apps: Record<string, { ingress: string; production?: string }>): string {
  const root = tempDir();
  spawnSync('git', ['init', '-q', root]);
  for (const [name, { ingress, production = '{imageTag: v1}' }] of Object.entries(apps)) {
    mkdirSync(join(root, 'apps', name), { recursive: true });
    writeFileSync(
      join(root, 'apps', name, 'app.yaml'),
      [
        'apiVersion: scaffold/v1alpha1',
        'kind: App',
        `metadata: {name: ${name}}`,
        'spec:',
        '  skeleton: web',
        '  namespace: shop',
        `  image: example.com/${name}`,
        '  port: 80',
        '  probes: {readiness: /r}',
        '  resources: {cpu: 500m, memory: 1Gi}',
        `  ingress: ${ingress}`,
        '  environments:',
        `    production: ${production}`,
        '',
      ].join('\n'),
    );
  }
  return root;
}

describe('README: Ingress (AWS Load Balancer Controller)', () => {
  it('an ingress path the API server refuses is refused at its place in app.yaml, and nothing is written', () => {
    const root = webApps({ a: { ingress: '{host: a.example.com, path: /a/../b}' } });
    const before = readTree(root);
    expectOrdinaryRefusal(runCli(['render', '--root', root]), `apps/a/app.yaml:11:40: error: App: spec.ingress.path: "/a/../b" is refused by the API server as a Prefix path: must not contain '/../'`);
    expect(readTree(root)).toEqual(before);
  });

  it('two schemes in one IngressGroup are refused by render and render --check, naming both app.yaml files', () => {
    const root = webApps({
      a1: { ingress: '{host: a1.example.com, scheme: internet-facing, group: shared}' },
      a2: { ingress: '{host: a2.example.com, scheme: internal, group: shared}' },
    });
    const before = readTree(root);
    const expected = 'apps/a2/app.yaml:11:35: error: App/a2: spec.ingress.scheme: scheme internal puts IngressGroup shared on a load balancer that apps/a1/app.yaml makes internet-facing in production';
    expectOrdinaryRefusal(runCli(['render', '--root', root]), expected, '(apps/a1/app.yaml:11:35: spec.ingress.scheme)');
    expect(readTree(root)).toEqual(before);
    const check = runCli(['render', '--check', '--root', root]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(expected);
  });

  it('the group holds apps a command is not given: render of one app, and validate (the pre-commit hook) of its app.yaml, are refused against the other', () => {
    const root = webApps({
      a1: { ingress: '{host: a1.example.com, scheme: internet-facing, group: shared}' },
      a2: { ingress: '{host: a2.example.com, scheme: internal, group: shared}' },
    });
    const before = readTree(root);
    const expected = 'apps/a2/app.yaml:11:35: error: App/a2: spec.ingress.scheme: scheme internal puts IngressGroup shared on a load balancer that apps/a1/app.yaml makes internet-facing in production';
    expectOrdinaryRefusal(runCli(['render', 'apps/a2'], { cwd: root }), expected, '(apps/a1/app.yaml:11:35: spec.ingress.scheme)');
    expect(readTree(root)).toEqual(before);
    const validate = runCli(['validate', 'apps/a2/app.yaml'], { cwd: root });
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toContain('apps/a2/app.yaml:11:35: error: App/a2 (document at line 1): spec.ingress.scheme: scheme internal puts IngressGroup shared');
    // Told at the app given, whichever of the two it is.
    const other = runCli(['validate', 'apps/a1/app.yaml'], { cwd: root });
    expect(other.code).toBe(1);
    expect(other.stdout + other.stderr).toContain('apps/a1/app.yaml:11:35: error: App/a1 (document at line 1): spec.ingress.scheme: scheme internet-facing puts IngressGroup shared on a load balancer that apps/a2/app.yaml makes internal');
  });

  it('a certificate for some apps of a group and environment but not all is refused, naming both app.yaml files', () => {
    const certificate = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
    const root = webApps({
      a1: { ingress: '{host: a1.example.com}', production: `{imageTag: v1, ingress: {certificateArn: "${certificate}"}}` },
      a2: { ingress: '{host: a2.example.com}' },
    });
    const before = readTree(root);
    expectOrdinaryRefusal(
      runCli(['render', '--root', root]),
      'apps/a2/app.yaml:13:5: error: App/a2: spec.environments.production: apps/a1/app.yaml has a certificateArn in production and apps/a2/app.yaml has none, in IngressGroup shop.internal',
      '(apps/a1/app.yaml:13:42: spec.environments.production.ingress.certificateArn)',
    );
    expect(readTree(root)).toEqual(before);
    expect(runCli(['render', '--check', '--root', root]).code).toBe(1);
  });

  it('apps of one group that agree on scheme and certificates render', () => {
    const root = webApps({
      a1: { ingress: '{host: a1.example.com, scheme: internet-facing, group: shared}' },
      a2: { ingress: '{host: a2.example.com, scheme: internet-facing, group: shared}' },
      b: { ingress: '{host: b.example.com}' },
    });
    const result = runCli(['render', '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
