/** Finds and reads the organisation config, `.scaffold.yaml`. */
import { dirname, join, relative } from 'node:path';
import { parseOrgConfig } from '../orgConfig/load.ts';
import { CONFIG_FILE, type LoadedConfig } from '../orgConfig/types.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import { isPresent } from './files.ts';
import { readTextFile } from './inputFiles.ts';
import { bundledKubernetes } from './schemaFolders.ts';

/**
 * The `.scaffold.yaml` in `start` or the nearest folder above it, stopping at the
 * top of a git repository (a folder holding `.git`, a folder or a worktree's file)
 * or at the file system's root: a config never applies across repositories.
 * Anything at the config's name is the config, links not followed: one that is a
 * broken link or a named pipe stops the command (readOrgConfig says why) rather
 * than leaving it to run without the config, deleting the files only it produces.
 */
export function findOrgConfig(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (isPresent(candidate)) return candidate;
    if (isPresent(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

export interface ConfigRead {
  /** Absent when there is no config (or it has problems). */
  config?: LoadedConfig;
  issues: Issue[];
}

/** Finds the config from `start` (absolute) and reads it; `shownFrom` is the folder its path is shown relative to. */
export function readOrgConfig(start: string, shownFrom: string): ConfigRead {
  const path = findOrgConfig(start);
  if (path === undefined) return { issues: [] };
  const file = toPosix(relative(shownFrom, path)) || CONFIG_FILE;
  const read = readTextFile(path, file);
  if ('problem' in read) return { issues: [{ severity: 'error', rule: 'config', file, message: read.problem }] };
  if ('issue' in read) return { issues: [read.issue] };
  const parsed = parseOrgConfig(read.text, file, { kubernetesVersions: bundledKubernetes().versions });
  if (!parsed.config || !parsed.locate) return { issues: parsed.issues };
  return { config: { file, dir: dirname(path), config: parsed.config, locate: parsed.locate }, issues: [] };
}
