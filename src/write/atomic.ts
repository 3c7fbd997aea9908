import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { makeFolders } from '../io/files.ts';

const TEMP_SUFFIX = '.scaffold-tmp';
let tempCount = 0;

/**
 * Folders already made during one run: a large render writes thousands of files into a
 * few folders each, and asking the file system to make an existing folder costs a call.
 */
export class FolderCache {
  private readonly made = new Set<string>();

  ensure(dir: string): void {
    if (this.made.has(dir)) return;
    makeFolders(dir);
    this.made.add(dir);
  }
}

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
export function writeFileAtomic(path: string, content: string, folders?: FolderCache): void {
  const dir = dirname(path);
  if (folders) folders.ensure(dir);
  else makeFolders(dir);
  // The process id and a per-process count make the name unique; no two runs share a pid at once.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${(tempCount++).toString(36)}${TEMP_SUFFIX}`);
  try {
    writeFileSync(temp, content, { mode: 0o644 });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
