/**
 * `scaffold validate` as the pre-commit hook of a gitops repository: a real
 * `git commit` in a temporary repository whose .git/hooks/pre-commit runs the
 * built CLI on the staged YAML files (the script the README gives). An
 * invalid file refuses the commit, with the finding on the terminal; a valid
 * one goes through. And the pre-commit framework's hook definition.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCiConfigurationsCommitted } from '../support/ciConfigurations.ts';
import { CLI, PROJECT_ROOT } from '../support/paths.ts';
import { tempCopy } from '../support/tree.ts';

const HAS_GIT = spawnSync('git', ['--version']).status === 0;
if (!HAS_GIT) console.warn('git not found: the pre-commit hook tests are SKIPPED');

/** The hook from the README, with `scaffold` being this build. */
function hookScript(): string {
  const doc = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const script = /<!-- pre-commit-hook -->\n```sh\n([\s\S]*?)```/.exec(doc)?.[1];
  if (script === undefined) throw new Error('README.md has no pre-commit hook script marked <!-- pre-commit-hook -->');
  return script.replace(/^SCAFFOLD=.*$/m, `SCAFFOLD="${process.execPath} ${CLI}"`);
}

const VALID = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {LOG_LEVEL: info}
`;
const INVALID = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: "3"
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: web
          image: nginx
          resources: {limits: {cpu: 100m, memory: 64Mi}}
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;

describe.skipIf(!HAS_GIT)('pre-commit hook in a real git repository', () => {
  let repo: string;
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  beforeAll(() => {
    repo = tempCopy(undefined, 'scaffold-hook-');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'Dev');
    git('config', 'commit.gpgsign', 'false');
    const hook = path.join(repo, '.git/hooks/pre-commit');
    writeFileSync(hook, hookScript());
    chmodSync(hook, 0o755);
    mkdirSync(path.join(repo, 'apps/web'), { recursive: true });
  });

  it('refuses a commit of an invalid manifest, naming the file, line and field', () => {
    writeFileSync(path.join(repo, 'apps/web/deployment.yaml'), INVALID);
    git('add', '.');
    const commit = git('commit', '-m', 'add web');
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toContain('apps/web/deployment.yaml:5:13: error: Deployment/web (document at line 1): spec.replicas: expected integer, got string "3" (schema)');
    expect(git('rev-parse', '--verify', '-q', 'HEAD').status).not.toBe(0);
  });

  it('accepts the commit once the manifest is fixed, and commits without YAML', () => {
    writeFileSync(path.join(repo, 'apps/web/deployment.yaml'), INVALID.replace('"3"', '3'));
    writeFileSync(path.join(repo, 'apps/web/settings.yaml'), VALID);
    git('add', '.');
    const commit = git('commit', '-m', 'add web');
    expect(commit.stderr).toBe('');
    expect(commit.status).toBe(0);
    writeFileSync(path.join(repo, 'README.md'), '# gitops\n');
    git('add', 'README.md');
    expect(git('commit', '-m', 'readme').status).toBe(0);
  });

  it('judges only staged files, and file names with spaces', () => {
    writeFileSync(path.join(repo, 'apps/web/untracked broken.yaml'), 'a: [');
    writeFileSync(path.join(repo, 'apps/web/with space.yaml'), VALID.replace('settings', 'spaced'));
    git('add', 'apps/web/with space.yaml');
    expect(git('commit', '-m', 'spaced').status).toBe(0);
    git('add', 'apps/web/untracked broken.yaml');
    const refused = git('commit', '-m', 'broken');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('apps/web/untracked broken.yaml:1:5: error:');
  });

  it('lets a deleted manifest be committed', () => {
    git('rm', '-q', '--cached', 'apps/web/untracked broken.yaml');
    rmSync(path.join(repo, 'apps/web/untracked broken.yaml'));
    git('rm', '-q', 'apps/web/settings.yaml');
    expect(git('commit', '-m', 'remove settings').status).toBe(0);
  });

  it('leaves out CI configurations and pre-commit\'s own files, as the framework\'s hook does', () => {
    expectCiConfigurationsCommitted(repo, git, { '.pre-commit-config.yaml': 'repos: []\n' });
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(PROJECT_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, string>[];

  it('defines scaffold-validate, run by node from this package', () => {
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    expect(hook).toMatchObject({ id: 'scaffold-validate', entry: 'scaffold validate', language: 'node' });
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['scaffold']).toBe('bin/scaffold.js');
  });

  it('passes manifests and kustomization files, not CI configurations', () => {
    const files = new RegExp(hooks[0]!['files']!);
    const exclude = new RegExp(hooks[0]!['exclude']!);
    const runsOn = (p: string) => files.test(p) && !exclude.test(p);
    for (const p of ['apps/web/base/deployment.yaml', 'overlays/prod/kustomization.yml', 'legacy/Kustomization', 'app.yaml']) expect(runsOn(p), p).toBe(true);
    for (const p of ['.github/workflows/ci.yaml', '.gitlab-ci.yml', '.pre-commit-config.yaml', 'README.md', 'apps/web/notes.txt']) expect(runsOn(p), p).toBe(false);
  });
});
