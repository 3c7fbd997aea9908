/**
 * `scaffold validate` in a gitops repository with a .scaffold.yaml: the
 * policies its `validate.skip` turns off stay off, from the root or any folder
 * below it; a broken config stops validation; and .scaffold.yaml is itself
 * validated like any file given.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';

const QOS = path.join(PROJECT_ROOT, 'test/validate/corpus/invalid/qos-missing-cpu-limit.yaml');
const SKIPPING = `apiVersion: scaffold/v1alpha1
kind: Config
validate:
  skip:
    - policy: qos-guaranteed
      reason: batch jobs burst above their requests (PLAT-123)
`;

describe('validate with .scaffold.yaml', () => {
  const scratch = tempDir('scaffold-validate-config-');

  function repo(name: string, config?: string): string {
    const root = path.join(scratch, name);
    mkdirSync(path.join(root, '.git'), { recursive: true });
    mkdirSync(path.join(root, 'apps', 'jobs'), { recursive: true });
    copyFileSync(QOS, path.join(root, 'apps', 'jobs', 'deployment.yaml'));
    if (config !== undefined) writeFileSync(path.join(root, '.scaffold.yaml'), config);
    return root;
  }

  it('leaves out the policies validate.skip turns off, from the root and from a folder below it', () => {
    const without = repo('plain');
    expect(runCli(['validate', 'apps'], { cwd: without }).code).toBe(1);
    const root = repo('skipping', SKIPPING);
    expect(runCli(['validate', 'apps'], { cwd: root })).toMatchObject({ code: 0, stderr: '' });
    expect(runCli(['validate', 'deployment.yaml'], { cwd: path.join(root, 'apps', 'jobs') }).code).toBe(0);
  });

  it('says which policies are off and why with --summary', () => {
    const root = repo('summary', SKIPPING);
    const run = runCli(['validate', '--summary', 'apps'], { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('policy qos-guaranteed is off for this repository (.scaffold.yaml): batch jobs burst above their requests (PLAT-123)\n');
  });

  it('stops at a config with problems, naming its file, line and column', () => {
    const root = repo('broken', SKIPPING.replace('qos-guaranteed', 'qos-guarantee'));
    const run = runCli(['validate', 'apps'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('.scaffold.yaml:5:15: error: Config: validate.skip[0].policy: unknown policy "qos-guarantee" (did you mean "qos-guaranteed"?)');
  });

  it('validates a .scaffold.yaml it is given, as it validates app.yaml', () => {
    const dir = path.join(scratch, 'files');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\ndefaults: {imageRegistri: x}\n');
    const run = runCli(['validate', 'config.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('config.yaml:3:12: error: Config (document at line 1): defaults.imageRegistri: unknown field "imageRegistri" (did you mean "imageRegistry"?) (config)');
  });
});
