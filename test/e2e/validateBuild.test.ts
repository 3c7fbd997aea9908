/**
 * `scaffold validate --build`: every kustomization root among the inputs
 * built with the real Kustomize (kubectl kustomize here), the built objects
 * validated, each finding placed in the file that set it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonResource } from '../../src/cli/output/validate/json.ts';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL } from '../support/kubectl.ts';
import { CHECKOUT_CPU_LIMIT_PATCH } from '../support/patches.ts';
import { EXAMPLES, PROJECT_ROOT } from '../support/paths.ts';
import { tempCopy } from '../support/tree.ts';

const PRODUCTION = 'apps/checkout/overlays/production';
const SCENARIOS = join(PROJECT_ROOT, 'test/scenarios');

function examples(): string {
  return tempCopy(EXAMPLES, 'scaffold-build-');
}

function edit(root: string, file: string, change: (text: string) => string): void {
  writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8')));
}

describe.skipIf(!HAS_KUBECTL)('scaffold validate --build', () => {
  it('finds the patch that makes a pod leave QoS Guaranteed, which validating the files alone cannot see', () => {
    const root = examples();
    writeFileSync(join(root, PRODUCTION, 'cpu-patch.yaml'), CHECKOUT_CPU_LIMIT_PATCH);
    edit(root, `${PRODUCTION}/kustomization.yaml`, (t) => `${t}  - path: cpu-patch.yaml\n`);
    expect(runCli(['validate', 'apps'], { cwd: root }).code).toBe(0);
    const r = runCli(['validate', '--build', '--summary', 'apps'], { cwd: root });
    expect(r.code).toBe(1);
    const [finding, summary, ...rest] = r.stdout.split('\n');
    expect(finding).toBe(
      'apps/checkout/base/deployment.yaml:43:20: error: Deployment/checkout (document at line 3): spec.template.spec.containers[0].resources.requests.cpu: ' +
        'container "checkout" requests cpu 500m but its limit is 2; QoS Guaranteed needs the request equal to the limit (or no request) ' +
        '(in the build of apps/checkout/overlays/production; apps/checkout/overlays/production/cpu-patch.yaml sets spec.template.spec.containers[0].resources.limits.cpu) (qos-guaranteed)',
    );
    expect(summary).toMatch(/^Summary: \d+ resources found in \d+ files - Valid: \d+, Invalid: 1, Errors: 0, Skipped: 0, Warnings: 0$/);
    expect(rest).toEqual(['']);
  });

  it('places a finding a patch set in the patch, and judges a Service with the pods of its build', () => {
    const root = examples();
    writeFileSync(join(root, PRODUCTION, 'label-patch.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: checkout, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {team: Payments Team}\n');
    edit(root, `${PRODUCTION}/kustomization.yaml`, (t) => `${t}  - path: label-patch.yaml\n`);
    edit(root, 'apps/checkout/base/service.yaml', (t) => t.replace('targetPort: http', 'targetPort: metrics'));
    const r = runCli(['validate', '--build', 'apps/checkout'], { cwd: root });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^apps\/checkout\/base\/service\.yaml:18:19: warning: Service\/checkout \(document at line 3\): spec\.ports\[0\]\.targetPort: targetPort "metrics" \(TCP\) is no port of the pods this Service selects \(Deployment\/checkout; their named ports: http\/TCP\): the Service gets no endpoint for it \(in the build of apps\/checkout\/overlays\/alpha\) \(service-target-port\)$/),
      expect.stringMatching(/^apps\/checkout\/overlays\/production\/label-patch\.yaml:7:22: error: Deployment\/checkout \(document at line 1\): spec\.template\.metadata\.labels\.team: label value "Payments Team" is invalid: .* \(in the build of apps\/checkout\/overlays\/production\) \(label-syntax\)$/),
      expect.stringMatching(/^apps\/checkout\/base\/service\.yaml:18:19: warning: .* \(in the build of apps\/checkout\/overlays\/production\) \(service-target-port\)$/),
    ]);
  });

  it('says why a kustomization does not build, and validates its files one by one', () => {
    const root = examples();
    writeFileSync(join(root, PRODUCTION, 'stray-patch.yaml'), CHECKOUT_CPU_LIMIT_PATCH.replace('name: checkout\n  namespace', 'name: checkot\n  namespace'));
    edit(root, `${PRODUCTION}/kustomization.yaml`, (t) => `${t}  - path: stray-patch.yaml\n`);
    const r = runCli(['validate', '--build', '--summary', `${PRODUCTION}`], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${PRODUCTION}/kustomization.yaml:1:1: error: kubectl kustomize failed: `);
    expect(r.stdout).toContain('no resource matches strategic merge patch');
    // Kustomize's message alone: not kubectl's log prefix, nor the temporary kustomization the build went through.
    expect(r.stdout).not.toMatch(/run\.go|"command failed"|scaffold-build-|recursed accumulation/);
    expect(r.stdout).toMatch(/Summary: 6 resources found in 5 files - Valid: 5, Invalid: 0, Errors: 1/);
  });

  it('builds no kustomization that is not UTF-8: it is refused in the words validate has for any such file, not handed to Kustomize', () => {
    const root = examples();
    const file = join(root, PRODUCTION, 'kustomization.yaml');
    // é as Latin-1 writes it, in a comment: one byte, never UTF-8 on its own.
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('# caf\xe9\n', 'latin1')]));
    const r = runCli(['validate', '--build', 'apps/checkout'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toContain(`${PRODUCTION}/kustomization.yaml:1:1: error: not a YAML file: it is not UTF-8 text (read)`);
    expect(r.stdout).not.toContain('(build)');
  });
});

describe('scaffold validate (--build where kubectl is) on what render writes', () => {
  // The scenarios whose expected tree is render's output (a validate scenario's tree is its input, broken on purpose).
  // Each with the --skeletons folders render was given: validate judges app.yaml with the skeletons render uses.
  const rendered: [string, string[]][] = [
    [EXAMPLES, []],
    ...readdirSync(SCENARIOS)
      .map((name) => [name, parse(readFileSync(join(SCENARIOS, name, 'scenario.yaml'), 'utf8')) as { args: string[]; exit: number }] as const)
      .filter(([, scenario]) => ['render', 'new-app'].includes(scenario.args[0]!) && scenario.exit === 0)
      .map(([name, scenario]): [string, string[]] => [join(SCENARIOS, name, 'expected'), scenario.args.flatMap((arg, i) => (scenario.args[i - 1] === '--skeletons' ? ['--skeletons', arg] : []))]),
  ];

  it('covers the examples and the scenarios that render', () => {
    expect(rendered.length).toBeGreaterThan(4);
  });

  it.each(rendered.map(([dir, skeletons]) => [relative(PROJECT_ROOT, dir), dir, skeletons] as const))('%s: no policy or check finds anything, file by file and built', (_name, dir, skeletons) => {
    for (const build of HAS_KUBECTL ? [[], ['--build']] : [[]]) {
      // A custom skeleton's scenario renders kinds without a bundled schema, on purpose.
      const r = runCli(['validate', '-o', 'json', '--ignore-missing-schemas', ...skeletons, ...build, '.'], { cwd: dir });
      const found = (JSON.parse(r.stdout) as { resources: JsonResource[] }).resources.flatMap((resource) => (resource.validationErrors ?? []).map((e) => `${resource.filename}:${e.line} ${e.rule} ${e.path}: ${e.msg}`));
      // A user's own file in a scenario may use an API its environment deprecates: that is the user's, and a warning.
      expect(found.filter((f) => !/ deprecated-api /.test(f)), build.join(' ')).toEqual([]);
      expect(r.code).toBe(0);
    }
  });
});

describe('scaffold validate --build without Kustomize', () => {
  it('is a usage error that says what to install, before reading anything', () => {
    const r = runCli(['validate', '--build', 'apps'], { cwd: EXAMPLES, env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --build needs the real Kustomize, and neither kustomize nor kubectl is on PATH: install one of them, or validate without --build\n');
    expect(r.stdout).toBe('');
  });
});
