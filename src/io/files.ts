/** Reading single files, and making folders. Whoever needs a file to exist says so; the readers only report what they found. */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareCodeUnits } from '../vocabulary/order.ts';

/** A file's text, or undefined when it cannot be read. */
export function readTextIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file's text, or why it cannot be read (`cannot read: ENOENT`). */
export function readText(path: string): { text: string } | { problem: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (err) {
    return { problem: `cannot read: ${errorCode(err)}` };
  }
}

/** A file's bytes, or why it cannot be read (`cannot read: EISDIR`). */
export function readBytes(path: string): { bytes: Uint8Array } | { problem: string } {
  try {
    return { bytes: readFileSync(path) };
  } catch (err) {
    return { problem: `cannot read: ${errorCode(err)}` };
  }
}

export function readJsonFile<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file system error's code (ENOENT), or its message when it has none. */
export function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/** The names in a folder, sorted by code unit; undefined when it cannot be listed. */
export function folderNames(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).sort(compareCodeUnits);
  } catch {
    return undefined;
  }
}

/**
 * Makes a folder and the folders above it that are missing, as `mkdir -p`
 * does. Not Node's recursive mkdir: where the system says a folder it cannot
 * make does not exist though its parent does (a path under /proc, as an
 * XDG_CACHE_HOME may be), that retries the parent forever at full CPU. Here
 * each missing folder is made once, from the top, and a failure is thrown.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !madeOrFound(at); at = path.dirname(at)) {
    if (path.dirname(at) === at) throw new Error(`no folder to make ${dir} in`);
    missing.push(at);
  }
  // Where one is still not found (under /proc), mkdir itself says why.
  for (const folder of missing.reverse()) if (!madeOrFound(folder)) mkdirSync(folder);
}

/** Makes `folder` if its parent is there: true when it is a folder now, false when its parent is missing; anything else at that name, or any other failure, is thrown. */
function madeOrFound(folder: string): boolean {
  try {
    mkdirSync(folder);
    return true;
  } catch (err) {
    if (errorCode(err) === 'EEXIST' && isFolder(folder)) return true;
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
}
