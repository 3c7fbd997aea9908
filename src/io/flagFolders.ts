/** Folders the command line names (`--root DIR`, `--skeletons DIR`, `--schemas DIR`), checked before anything is read from them. */
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

/** The folder flags of a command working on a gitops root; a flag the command does not take is left out. */
export interface FolderFlags {
  root?: string;
  skeletons?: readonly string[];
  schemas?: readonly string[];
}

/**
 * The usage errors of every folder flag a use case was given, checked first:
 * a root that is not there must not read as a root without apps or config,
 * nor a skeleton or schema folder as one without skeletons or schemas.
 */
export function missingFolderFlags(flags: FolderFlags, cwd: string): Issue[] {
  return [
    ...missingFlagFolders('--root', flags.root === undefined ? [] : [flags.root], cwd),
    ...missingFlagFolders('--skeletons', flags.skeletons ?? [], cwd),
    ...missingFlagFolders('--schemas', flags.schemas ?? [], cwd),
  ];
}
