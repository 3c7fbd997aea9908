/**
 * Temporary folders for tests, each removed by the suite itself: a CI machine running the suite
 * again and again must not fill its temporary folder. globalSetup.ts fails the run when anything
 * is left behind.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { removeTempDir } from './removeTree.ts';

/**
 * Folders made outside a test (module level, describe body, beforeAll), removed when their test file
 * ends by the test environment (environment.ts). That loads its own copy of this module, so the list
 * is kept on the global object both copies see.
 */
const MADE_OUTSIDE_TESTS = Symbol.for('scaffold.test.tempDirsMadeOutsideTests');
const madeOutsideTests: Set<string> = ((globalThis as { [MADE_OUTSIDE_TESTS]?: Set<string> })[MADE_OUTSIDE_TESTS] ??= new Set());

/**
 * A new empty folder under the temporary folder. Made inside a test (or its beforeEach), it is
 * removed when that test finishes; made anywhere else, when the test file
 * finishes, even when all its tests were skipped.
 */
export function tempDir(prefix = 'scaffold-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    onTestFinished(() => removeTempDir(dir));
  } catch {
    // vitest refuses onTestFinished outside a running test: the file's end is the next moment known to be safe.
    madeOutsideTests.add(dir);
  }
  return dir;
}

/**
 * Runs `use` (synchronous) on a new folder and removes it as soon as `use` returns or throws: for
 * a property that makes a folder per sample, of which a run may try thousands.
 */
export function withTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    removeTempDir(dir);
  }
}

/** Removes every folder tempDir made outside a test; environment.ts runs it after each test file. */
export function removeFoldersMadeOutsideTests(): void {
  for (const dir of madeOutsideTests) removeTempDir(dir);
  madeOutsideTests.clear();
}
