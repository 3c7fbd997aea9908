/**
 * What every use case working on a gitops root starts from: the organisation
 * config (`.scaffold.yaml`, found from the root upwards) and the skeleton
 * folders in search order (--skeletons, the config's, the built-in ones).
 */
import { resolve } from 'node:path';
import { readOrgConfig } from '../io/orgConfig.ts';
import { skeletonDirs } from '../io/skeletonFolders.ts';
import type { LoadedConfig } from '../orgConfig/types.ts';
import type { Outcome } from './outcome.ts';

export interface Repository {
  config?: LoadedConfig;
  skeletonDirs: string[];
}

/** `root` and the `--skeletons` folders are absolute. A config with problems fails the use case. */
export function openRepository(root: string, flagSkeletonDirs: readonly string[]): Outcome<Repository> {
  const read = readOrgConfig(root, root);
  if (read.issues.length > 0) return { issues: read.issues };
  const fromConfig = (read.config?.config.skeletons ?? []).map((dir) => resolve(read.config!.dir, dir));
  return { result: { ...(read.config ? { config: read.config } : {}), skeletonDirs: skeletonDirs([...flagSkeletonDirs, ...fromConfig]) }, issues: [] };
}
