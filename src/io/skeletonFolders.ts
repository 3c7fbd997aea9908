/** Reads skeleton folders from disk (skeletonTemplates.ts); src/render/skeletonSet.ts makes skeletons of them, ready to render. */
import { resolveSkeletons, skeletonSet, type ResolvedSkeleton, type SkeletonFolder, type SkeletonLoadResult } from '../render/skeletonSet.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { readSkeletonFolders } from './skeletonTemplates.ts';

export { builtinSkeletonDir, skeletonDirs } from './skeletonTemplates.ts';

export function loadSkeletons(dirs: readonly string[]): SkeletonLoadResult {
  return skeletonSet(readSkeletonFolders(dirs), dirs);
}

/** The skeletons with where each comes from and what it extends, and the folders they were read from. */
export function loadResolvedSkeletons(dirs: readonly string[]): { skeletons: ResolvedSkeleton[]; folders: SkeletonFolder[]; issues: Issue[] } {
  const folders = readSkeletonFolders(dirs);
  return { ...resolveSkeletons(folders, dirs), folders };
}
