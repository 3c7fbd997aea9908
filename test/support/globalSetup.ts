import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

/** What the built CLI is made from: when any of it is newer than the bundle, the bundle is stale. */
const SOURCES = ['src', 'skeletons', 'schemas', 'scripts'];

/**
 * End-to-end tests run the built CLI, so it must hold the sources under test. Building
 * once here, before any test file starts, means no test rebuilds dist/ while another reads it.
 * The suite's compiled schemas are cached in a folder of its own (the workers and the CLIs
 * they start inherit XDG_CACHE_HOME), removed at the end: the user's cache is not the tests'.
 */
export default function setup(): () => void {
  const cache = mkdtempSync(join(tmpdir(), 'scaffold-test-cache-'));
  process.env['XDG_CACHE_HOME'] = cache;
  buildIfStale();
  return () => rmSync(cache, { recursive: true, force: true });
}

function buildIfStale(): void {
  const bundle = join(PROJECT_ROOT, 'dist/scaffold.js');
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const stale = SOURCES.some((dir) =>
    readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' }).some((file) => statSync(join(PROJECT_ROOT, dir, file)).mtimeMs > built),
  );
  if (stale) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}
