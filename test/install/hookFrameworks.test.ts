/**
 * The hook frameworks of the README, each installing scaffold itself from a clone of the repository at
 * a commit, in a scratch gitops repository: an invalid manifest refuses the commit with its file, line
 * and message, a valid one goes through. The pre-commit framework makes its own install (a node
 * environment on the machine's Node.js, `npm install` and `npm pack` in its clone of the repository,
 * `npm install -g` of the tarball); husky and lint-staged come from the npm registry.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { expectCommitsJudged, gitRepository } from './gitRepository.ts';
import { HAS_GIT_CHECKOUT, cloneOfHead, mustSucceed, readmeBlock, scratch, scratchProject, shell, type Clone } from './installed.ts';

const HAS_PRE_COMMIT = spawnSync('pre-commit', ['--version']).status === 0;
if (!HAS_PRE_COMMIT) console.warn('SKIPPED the pre-commit framework install test: `pre-commit` is not on PATH (apt-get install pre-commit; .ci/run installs it)');

describe.skipIf(!HAS_GIT_CHECKOUT)('hook frameworks', () => {
  let clone: Clone;
  beforeAll(() => {
    clone = cloneOfHead();
  });

  it.skipIf(!HAS_PRE_COMMIT)('the pre-commit framework installs the hook of .pre-commit-hooks.yaml from the repository at a rev', { timeout: 300_000 }, () => {
    const home = scratch('pre-commit-home');
    // npm's cache first when pre-commit runs `npm install` in its clone: CI's `npm ci` warmed it.
    const repo = gitRepository(scratch('pre-commit-gitops'), { PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never', npm_config_prefer_offline: 'true' });
    // As the README gives it, with this clone as the repository and its commit as the rev.
    const config = readmeBlock(clone, 'install-pre-commit').replace('https://github.com/<your-org>/scaffold', clone.repo).replace('rev: v0.1.0', `rev: ${clone.commit}`);
    writeFileSync(path.join(repo.dir, '.pre-commit-config.yaml'), config);
    mustSucceed(repo.git('add', '.pre-commit-config.yaml'), 'git add');
    mustSucceed(shell('pre-commit install', repo.dir, { PRE_COMMIT_HOME: home }), 'pre-commit install');
    mustSucceed(repo.git('commit', '-m', 'hooks'), 'the first commit (pre-commit installs its environment)');
    expectCommitsJudged(repo);
  });

  it('husky and lint-staged, set up as the README says, run the devDependency on the staged files', { timeout: 300_000 }, () => {
    const project = scratchProject('husky-gitops');
    const repo = gitRepository(project);
    writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
    const [installScaffold] = readmeBlock(clone, 'install-devdependency').split('\n');
    mustSucceed(shell(installScaffold!, project), installScaffold!);
    // husky and lint-staged from the npm registry, at the versions npm resolves today.
    mustSucceed(shell(readmeBlock(clone, 'install-husky'), project), 'the README\'s husky and lint-staged setup');
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
    pkg['lint-staged'] = JSON.parse(readmeBlock(clone, 'install-lint-staged'))['lint-staged'];
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    repo.git('add', '.');
    mustSucceed(repo.git('commit', '-m', 'hooks'), 'the first commit');
    expectCommitsJudged(repo);
  });
});
