import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';
import { removeTempDir } from './removeTree.ts';

/** What the built CLI is made from: when any of it is newer than the bundle, the bundle is stale. */
const SOURCES = ['src', 'skeletons', 'schemas', 'scripts'];

/**
 * End-to-end tests run the built CLI, so it must hold the sources under test. Building
 * once here, before any test file starts, means no test rebuilds dist/ while another reads it.
 * The suite's compiled schemas, and on Node 22.1 or later Node's compiled modules, are cached in a
 * folder of its own (the workers and the CLIs they start inherit XDG_CACHE_HOME and
 * NODE_COMPILE_CACHE), removed at the end: the user's cache is not the tests'.
 *
 * The run gets a temporary folder of its own too (TMPDIR, which os.tmpdir() and the processes the
 * tests start honour): whatever a test leaves there is a leak, named and failing the run at the end.
 */
export default function setup(): () => void {
  const cache = mkdtempSync(join(tmpdir(), 'scaffold-test-cache-'));
  process.env['XDG_CACHE_HOME'] = cache;
  // Node 22.1 and later keep compiled code where this says (tsc and scaffold ask for it), else in the temporary folder, which must end empty.
  process.env['NODE_COMPILE_CACHE'] = join(cache, 'node-compile-cache');
  const runTmp = mkdtempSync(join(tmpdir(), 'scaffold-test-run-'));
  // Anyone may write there, as in /tmp: some tests run the CLI as the unprivileged user nobody.
  chmodSync(runTmp, 0o1777);
  process.env['TMPDIR'] = runTmp;
  buildIfStale();
  return () => {
    rmSync(cache, { recursive: true, force: true });
    failOnLeftovers(runTmp);
  };
}

/** Removes the run's temporary folder, and fails the run if a test left anything in it. */
function failOnLeftovers(runTmp: string): void {
  // A worker's environment teardown (environment.ts) may still be removing the last file's folders: give it a moment.
  const deadline = Date.now() + 5000;
  let left = readdirSync(runTmp).sort();
  while (left.length > 0 && Date.now() < deadline) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    left = readdirSync(runTmp).sort();
  }
  removeTempDir(runTmp);
  if (left.length === 0) return;
  // vitest only prints an error thrown here: the exit code is what tells CI.
  process.exitCode = 1;
  const shown = left.slice(0, 20).map((name) => `  ${name}`);
  if (left.length > shown.length) shown.push(`  ... and ${left.length - shown.length} more`);
  throw new Error(
    `the tests left ${left.length} item(s) in the temporary folder (every test must remove what it makes; use tempDir() from test/support/tempDir.ts):\n${shown.join('\n')}`,
  );
}

function buildIfStale(): void {
  const bundle = join(PROJECT_ROOT, 'dist/scaffold.js');
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const stale = SOURCES.some((dir) =>
    readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' }).some((file) => statSync(join(PROJECT_ROOT, dir, file)).mtimeMs > built),
  );
  if (stale) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}
