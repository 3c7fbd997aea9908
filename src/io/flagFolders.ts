/** Folders the command line names (`--skeletons DIR`, `--schemas DIR`), checked before anything is read from them. */
import { resolve } from 'node:path';
import type { Issue } from '../vocabulary/issue.ts';
import { isFile, isFolder } from './files.ts';

/**
 * A usage error (exit 2) naming each of `dirs` (as given: relative to `cwd`, or absolute)
 * that is not a folder: a typo must not fall back to the built-in skeletons or schemas quietly.
 */
export function missingFlagFolders(flag: string, dirs: readonly string[], cwd: string): Issue[] {
  return dirs.flatMap((dir): Issue[] => {
    const abs = resolve(cwd, dir);
    if (isFolder(abs)) return [];
    return [{ severity: 'error', rule: 'usage', message: `${flag} ${dir}: ${isFile(abs) ? 'is a file, not a folder' : 'no such folder'}` }];
  });
}
