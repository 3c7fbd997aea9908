/**
 * Installs scaffold as its users do, from what they would get: the packed tarball, or a clone of the
 * repository at a commit (HEAD: what is committed, not the working tree). Each install goes into a
 * scratch folder with its own npm prefix; nothing global is touched.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';

export const HAS_GIT_CHECKOUT = spawnSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: PROJECT_ROOT }).status === 0;
if (!HAS_GIT_CHECKOUT) console.warn('SKIPPED the installs from git: the project is not a git checkout with a commit');

/** A temporary folder, removed as tempDir's are: at the end of the test, or of the file when made outside a test. */
export function scratch(prefix: string): string {
  return tempDir(`scaffold-${prefix}-`);
}

/** The environment of a user's shell: none of the npm_* variables vitest's own `npm test` set. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...env, NO_COLOR: '1', ...extra };
}

/** npm as a user runs it, quiet, with npm's cache used first (CI's `npm ci` warmed it). */
export function npm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, encoding: 'utf8', env: userEnv(env) });
}

/**
 * Commands in a POSIX shell, as a user types them; the npm they run is quiet and uses npm's cache
 * first, as `npm()` is.
 */
export function shell(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const quietNpm = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_prefer_offline: 'true' };
  return spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env: userEnv({ ...quietNpm, ...env }) });
}

/** How the README names the repository in its install commands. */
const README_REPOSITORY = 'git+https://github.com/<your-org>/scaffold.git#v0.1.0';

/** The README block marked `<!-- marker -->` in `clone`, its install commands naming the clone at its commit. */
export function readmeBlock(clone: Clone, marker: string): string {
  const readme = readFileSync(path.join(clone.repo, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- ${marker} -->\n\`\`\`\\w+\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
  if (block === undefined) throw new Error(`README.md has no block marked <!-- ${marker} -->`);
  return block.replaceAll(README_REPOSITORY, clone.url);
}

export function mustSucceed(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** `npm pack` in a clone of the repository, into a scratch folder: the tarball's path. */
export function packTarball(clone: Clone): string {
  const dir = scratch('pack');
  const stdout = mustSucceed(npm(['pack', '--pack-destination', dir], clone.repo), 'npm pack');
  // The file name alone on stdout: the pre-commit framework reads it from there.
  const name = stdout.trim();
  if (!readdirSync(dir).includes(name)) throw new Error(`npm pack printed "${stdout}", not the tarball's name alone`);
  return path.join(dir, name);
}

/** A scratch project with a package.json, as `npm init -y` would leave it. */
export function scratchProject(prefix: string): string {
  const dir = scratch(prefix);
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `${prefix}-project`, version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  return dir;
}

export interface Clone {
  repo: string;
  commit: string;
  /** `git+file://<clone>#<commit>`: what `npm install` takes. */
  url: string;
}

/** A clone of the repository's HEAD in a scratch folder, as a git URL with the commit pinned. */
export function cloneOfHead(): Clone {
  const repo = path.join(scratch('repo'), 'scaffold');
  execFileSync('git', ['clone', '-q', '--no-local', PROJECT_ROOT, repo]);
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  return { repo, commit, url: `git+file://${repo}#${commit}` };
}

export const INVALID_MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  enabled: yes\n';
export const INVALID_FINDING =
  'k8s/flags.yaml:6:12: error: ConfigMap/flags (document at line 1): data.enabled: expected string, got boolean true (written yes); quote it: "yes" (schema)';
export const VALID_MANIFEST = INVALID_MANIFEST.replace('enabled: yes', 'enabled: "yes"');

/** The printed next steps of `new-app` that are commands, each as the user would paste it. */
export function printedCommands(newAppOutput: string): string[] {
  return newAppOutput.split('\n').flatMap((line) => {
    const run = /then run: (.+)$/.exec(line);
    const check = /check an overlay builds: (.+)$/.exec(line);
    return [run?.[1], check?.[1]].filter((c): c is string => c !== undefined);
  });
}
