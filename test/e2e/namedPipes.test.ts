/**
 * Named pipes, through the built CLI. One found in a folder (`*.yaml`, or a
 * `kustomization.yaml` beside an input) would block the read for good, since
 * nothing writes to it: it is skipped with a warning naming it. One named on
 * the command line is read, as `cat` reads it (`scaffold validate <(...)`).
 * Every run has a time limit, so a regression fails instead of hanging.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

const scratch = tempDir('scaffold-pipes-');

const canMakePipes = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;
const HANG_GUARD = { timeoutMs: 30_000 };
const SKIPPED = 'warning: a named pipe (FIFO), not a regular file: skipped (name it on the command line to read it) (read)';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}\n';

function mkfifo(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
}

function expectFinished(result: CliResult) {
  expect(result.code, 'the run was stopped: it hung on the pipe').not.toBeNull();
}

describe.skipIf(!canMakePipes)('named pipes (mkfifo)', () => {
  const folder = path.join(scratch, 'manifests');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'settings.yaml'), CONFIG_MAP);
  mkfifo(path.join(folder, 'pipe.yaml'));
  // Never listed among the inputs, but read to learn which inputs are patches.
  mkfifo(path.join(folder, 'kustomization.yaml'));

  it('validate skips one found in a folder, with a warning, and validates the rest', () => {
    const r = runCli(['validate', '--summary', 'manifests'], { cwd: scratch, ...HANG_GUARD });
    expectFinished(r);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      `manifests/kustomization.yaml: ${SKIPPED}`,
      `manifests/pipe.yaml: ${SKIPPED}`,
      'Summary: 3 resources found in 3 files - Valid: 1, Invalid: 0, Errors: 0, Skipped: 2, Warnings: 2',
      '',
    ]);
    expect(r.code).toBe(0);
  });

  it('validate reports it as skipped in JSON too', () => {
    const r = runCli(['validate', '-o', 'json', 'manifests'], { cwd: scratch, ...HANG_GUARD });
    expectFinished(r);
    const { resources } = JSON.parse(r.stdout) as { resources: { filename: string; status: string; validationErrors: { severity: string }[] }[] };
    expect(resources.map((x) => [x.filename, x.status, x.validationErrors.map((e) => e.severity)])).toEqual([
      ['manifests/kustomization.yaml', 'statusSkipped', ['warning']],
      ['manifests/pipe.yaml', 'statusSkipped', ['warning']],
    ]);
    expect(r.code).toBe(0);
  });

  it('validate reads one named on the command line, as cat does', () => {
    const pipe = mkfifo(path.join(scratch, 'named', 'stream.yaml'));
    const writer = spawn('sh', ['-c', 'printf "%s" "$0" > "$1"', CONFIG_MAP, pipe], { stdio: 'ignore' });
    try {
      const r = runCli(['validate', '--summary', pipe], HANG_GUARD);
      expectFinished(r);
      expect(r.stdout).toBe('Summary: 1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0, Warnings: 0\n');
      expect(r.code).toBe(0);
    } finally {
      writer.kill();
    }
  });

  it('render refuses an app.yaml or a .scaffold.yaml that is one, naming it, and writes nothing', () => {
    const root = path.join(scratch, 'gitops');
    const created = runCli(['new-app', 'demo', '--yes', '--root', root], HANG_GUARD);
    expect(created.code).toBe(0);
    const spec = path.join(root, 'apps', 'demo', 'app.yaml');
    rmSync(spec);
    mkfifo(spec);
    const app = runCli(['render', '--root', root], HANG_GUARD);
    expectFinished(app);
    expect(app.stderr).toBe('apps/demo/app.yaml: error: is a named pipe (FIFO), not a regular file (spec)\n1 problem; nothing was written\n');
    expect(app.code).toBe(1);
    expect(existsSync(path.join(root, 'apps', 'demo', 'base', 'deployment.yaml'))).toBe(true);

    mkfifo(path.join(root, '.scaffold.yaml'));
    for (const args of [['render'], ['new-app', 'other', '--yes']]) {
      const config = runCli([...args, '--root', root], HANG_GUARD);
      expectFinished(config);
      expect(config.stderr).toContain('.scaffold.yaml: error: is a named pipe (FIFO), not a regular file (config)\n');
      expect(config.code).toBe(1);
    }
  });

  it('schemas import and capacity skip one found in a folder, with a warning', () => {
    const crds = path.join(scratch, 'crds');
    mkdirSync(crds, { recursive: true });
    writeFileSync(path.join(crds, 'widgets.yaml'), [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: widgets.example.com}',
      'spec:',
      '  group: example.com',
      '  names: {kind: Widget, plural: widgets}',
      '  scope: Namespaced',
      '  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]',
      '',
    ].join('\n'));
    mkfifo(path.join(crds, 'pipe.yaml'));
    const imported = runCli(['schemas', 'import', '--crd', 'crds', '--out', 'schemas'], { cwd: scratch, ...HANG_GUARD });
    expectFinished(imported);
    expect(imported.stderr).toBe(`crds/pipe.yaml: ${SKIPPED}\n`);
    expect(imported.code).toBe(0);

    const workloads = path.join(scratch, 'built');
    mkdirSync(workloads, { recursive: true });
    writeFileSync(path.join(workloads, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i, resources: {limits: {cpu: 100m, memory: 64Mi}, requests: {cpu: 100m, memory: 64Mi}}}]}\n');
    mkfifo(path.join(workloads, 'pipe.yaml'));
    const sized = runCli(['capacity', '--manifests', 'built', '--instance-type', 'm5.large'], { cwd: scratch, ...HANG_GUARD });
    expectFinished(sized);
    expect(sized.stderr).toBe(`built/pipe.yaml: ${SKIPPED}\n`);
    expect(sized.code).toBe(0);
  });
});
