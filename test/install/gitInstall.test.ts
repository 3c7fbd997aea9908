/**
 * Installs from git, from a clone of the repository at a commit, as the README's `npm install -g <git url>`
 * and a gitops repository's devDependency do it, with no build (dist/ is committed); then the README's
 * plain `.git/hooks/pre-commit` run by each. npm 11 links a global git install into a temporary clone it
 * then deletes when the package has any of the scripts it prepares git packages with, so the package
 * must have none of them.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/paths.ts';
import { expectCommitsJudged, gitRepository, type GitRepository } from './gitRepository.ts';
import { HAS_GIT_CHECKOUT, VALID_MANIFEST, cloneOfHead, mustSucceed, readmeBlock, scratch, scratchProject, shell, type Clone } from './installed.ts';

// pacote (npm's fetcher) runs `npm install` in a git dependency's clone, then packs it, when it has one of these.
const GIT_PREPARE_SCRIPTS = ['build', 'prepare', 'prepack', 'preinstall', 'install', 'postinstall'];

it('has none of the scripts that make npm build a git install', () => {
  const { scripts = {} } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  expect(Object.keys(scripts).filter((s) => GIT_PREPARE_SCRIPTS.includes(s))).toEqual([]);
});

/** The README's plain hook, with `scaffold` run as `how` says (the README's SCAFFOLD line). */
function readmeHook(how?: string): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const script = /<!-- pre-commit-hook -->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (script === undefined) throw new Error('README.md has no pre-commit hook script marked <!-- pre-commit-hook -->');
  return how === undefined ? script : script.replace(/^SCAFFOLD=.*$/m, `SCAFFOLD="${how}"`);
}

function installHook(repo: GitRepository, script: string): void {
  const hook = path.join(repo.dir, '.git/hooks/pre-commit');
  writeFileSync(hook, script);
  chmodSync(hook, 0o755);
}

describe.skipIf(!HAS_GIT_CHECKOUT)('installs from a git URL at a commit', () => {
  let clone: Clone;
  let version: string;
  beforeAll(() => {
    clone = cloneOfHead();
    version = (JSON.parse(readFileSync(path.join(clone.repo, 'package.json'), 'utf8')) as { version: string }).version;
  });

  it('npm install -g, as the README says: a scaffold on PATH that outlives the install, which the plain git hook runs', () => {
    const prefix = scratch('global');
    // npm's global folder is this scratch prefix, on PATH first.
    const env = { npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env['PATH']}` };
    const installed = mustSucceed(shell(readmeBlock(clone, 'install-global'), prefix, env), 'the README\'s global install');
    expect(installed.trim().split('\n').at(-1)).toBe(version);
    // A package of its own, not a link into npm's temporary clone.
    expect(lstatSync(path.join(prefix, 'lib/node_modules/scaffold')).isDirectory()).toBe(true);

    const repo = gitRepository(scratch('global-gitops'), env);
    // As the README says for a global install.
    installHook(repo, readmeHook('scaffold'));
    expectCommitsJudged(repo);
  });

  it('a devDependency from git, as the README says: npx scaffold runs it, and so does the plain git hook exactly as given', () => {
    const project = scratchProject('devdep');
    mkdirSync(path.join(project, 'apps'));
    writeFileSync(path.join(project, 'apps/flags.yaml'), VALID_MANIFEST);
    const installed = shell(readmeBlock(clone, 'install-devdependency'), project);
    expect(installed.stderr).toBe('');
    expect(installed.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')).devDependencies.scaffold).toBe(clone.url);

    const repo = gitRepository(project);
    writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
    repo.git('add', '.');
    mustSucceed(repo.git('commit', '-q', '-m', 'scaffold as a devDependency'), 'the first commit');
    installHook(repo, readmeHook());
    expectCommitsJudged(repo);
  });

  it('npx scaffold in a clone builds and installs nothing on its first run (npm ci has nothing to build either)', () => {
    // A fresh npm cache, so that this is npx's first run for the clone: its cache entry is keyed by the folder.
    const cache = scratch('npx-cache');
    const first = shell(`npx --cache ${cache} --loglevel=info scaffold --version`, clone.repo);
    expect(first.stdout.trim()).toBe(version);
    // npm logs each lifecycle script it runs as `npm info run <package> <event> ...`.
    expect(first.stderr).not.toMatch(/npm info run /);
    expect(mustSucceed(spawnSync('git', ['status', '--porcelain'], { cwd: clone.repo, encoding: 'utf8' }), 'git status')).toBe('');
  });
});
