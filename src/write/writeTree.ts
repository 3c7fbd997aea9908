import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FolderCache, writeFileAtomic } from './atomic.ts';
import type { FileChange } from './changes.ts';

export interface WriteSummary {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
}

/**
 * Applies changes under `root`. The caller has already refused conflicts (or the
 * user passed --force); unchanged files are not touched, so their mtimes stay.
 */
export function writeTree(changes: readonly FileChange[], root: string): WriteSummary {
  const summary: WriteSummary = { created: [], updated: [], deleted: [], unchanged: 0 };
  const folders = new FolderCache();
  for (const change of changes) {
    const abs = join(root, change.path);
    switch (change.action) {
      case 'unchanged':
        summary.unchanged++;
        break;
      case 'create':
      case 'update':
        writeFileAtomic(abs, change.content ?? '', folders);
        (change.action === 'create' ? summary.created : summary.updated).push(change.path);
        break;
      case 'delete':
        rmSync(abs, { force: true });
        removeIfEmpty(dirname(abs));
        summary.deleted.push(change.path);
        break;
    }
  }
  return summary;
}

/** A stale overlay folder with nothing of the user's left in it goes too. */
function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // Not empty, or already gone: either way nothing to do.
  }
}
