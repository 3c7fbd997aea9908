import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.scaffold-tmp';

/** A temporary file left behind by a run that was killed between write and rename. */
export function isLeftoverTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/**
 * Writes through a temporary file in the same folder and a rename, so a reader (or a
 * run killed midway) sees the old content or the new one, never half a file.
 * No fsync: the rename is atomic against a killed process, which is the failure that
 * matters here; surviving power loss is git's job, and an fsync per file made
 * regenerating a large repo several times slower.
 */
export function writeFileAtomic(path: string, content: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  try {
    writeFileSync(temp, content, { mode: 0o644 });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
