/** Reading single files. Whoever needs a file to exist says so; these only report what they found. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
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
