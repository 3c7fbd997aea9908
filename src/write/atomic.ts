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
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomicInFolder(path, content);
}

// Temporary names need only be unique among concurrent writers: the pid and a random
// token tell processes apart, a counter tells this process's files apart.
const processToken = `${process.pid}.${randomBytes(4).toString('hex')}`;
let tempCount = 0;

/**
 * writeFileAtomic for a file whose folder exists: a run writing thousands of files
 * creates each folder once instead of asking for it before every file.
 */
export function writeFileAtomicInFolder(path: string, content: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${processToken}.${tempCount++}${TEMP_SUFFIX}`);
  try {
    writeFileSync(temp, content, { mode: 0o644 });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
