import { chmodSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes `dir` and all it holds, even folders a test made read-only, which stop a user who is
 * not root. Apart from tempDir.ts because globalSetup.ts uses it too, outside any test file.
 */
export function removeTempDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    makeFoldersWritable(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function makeFoldersWritable(path: string): void {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return;
  chmodSync(path, stat.mode | 0o700);
  for (const name of readdirSync(path)) makeFoldersWritable(join(path, name));
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM';
}
