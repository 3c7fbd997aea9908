/**
 * What every use case working on a gitops root starts from: the organisation
 * config (`.scaffold.yaml`, found from the root upwards) and the skeleton
 * folders in search order (--skeletons, the config's, the built-in ones).
 */
import { resolve } from 'node:path';
import { isFolder } from '../io/files.ts';
import { readOrgConfig } from '../io/orgConfig.ts';
import { skeletonDirs } from '../io/skeletonTemplates.ts';
import type { LoadedConfig } from '../orgConfig/types.ts';
import { formatPath, type Issue } from '../vocabulary/issue.ts';
import type { Outcome } from './outcome.ts';

export interface Repository {
  config?: LoadedConfig;
  skeletonDirs: string[];
}

/**
 * `root` and the `--skeletons` folders are absolute; the config's path is shown relative to
 * `shownFrom` (the root, unless said). A config with problems fails the use case.
 */
export function openRepository(root: string, flagSkeletonDirs: readonly string[], shownFrom = root): Outcome<Repository> {
  const read = readOrgConfig(root, shownFrom);
  if (read.issues.length > 0) return { issues: read.issues };
  const config = read.config;
  if (!config) return { result: { skeletonDirs: skeletonDirs(flagSkeletonDirs) }, issues: [] };
  const fromConfig = (config.config.skeletons ?? []).map((dir) => resolve(config.dir, dir));
  const missing = fromConfig.flatMap((dir, i): Issue[] => {
    if (isFolder(dir)) return [];
    const path = ['skeletons', i];
    return [{ severity: 'error', rule: 'config', file: config.file, kind: 'Config', ...config.locate(path), path: formatPath(path), message: `${config.config.skeletons![i]} is not a folder (paths here are relative to the folder of ${config.file})` }];
  });
  if (missing.length > 0) return { issues: missing };
  return { result: { config, skeletonDirs: skeletonDirs([...flagSkeletonDirs, ...fromConfig]) }, issues: [] };
}
