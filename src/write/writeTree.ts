import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../vocabulary/issue.ts';
import { plural } from '../vocabulary/plural.ts';
import { FolderCache, writeFileAtomic } from './atomic.ts';
import type { FileChange } from './changes.ts';

export interface WriteSummary {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
}

export interface WriteOutcome {
  written: WriteSummary;
  /** The write that failed, when one did: the changes before it were made, none after it. */
  failure?: Issue;
}

/**
 * Applies changes under `root`. The caller has already refused conflicts (or the
 * user passed --force) and run the preflight, so a failure here is one nobody could
 * foresee (a full disk, a folder changed meanwhile); it stops the run and is
 * reported with the file, never thrown. Unchanged files are not touched, so their
 * mtimes stay.
 */
export function writeTree(changes: readonly FileChange[], root: string): WriteOutcome {
  const written: WriteSummary = { created: [], updated: [], deleted: [], unchanged: 0 };
  const folders = new FolderCache();
  for (const change of changes) {
    const abs = join(root, change.path);
    try {
      switch (change.action) {
        case 'unchanged':
          written.unchanged++;
          break;
        case 'create':
        case 'update':
          writeFileAtomic(abs, change.content ?? '', folders);
          (change.action === 'create' ? written.created : written.updated).push(change.path);
          break;
        case 'delete':
          rmSync(abs, { force: true });
          removeEmptied(root, change.path, change.emptiedUpTo);
          written.deleted.push(change.path);
          break;
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === undefined) throw err;
      const done = written.created.length + written.updated.length + written.deleted.length;
      const verb = change.action === 'delete' ? 'delete' : 'write';
      const message = `cannot ${verb} it: ${code}${done > 0 ? `; stopped there, after ${plural(done, 'other change')} had been made: run again once the cause is fixed` : ''}`;
      return { written, failure: { severity: 'error', rule: 'output', file: change.path, message } };
    }
  }
  return { written };
}

/**
 * The folders of a deleted file that nothing is left in go too: its own folder (a
 * removed environment's overlay), and up to `upTo` (a removed app's folder). A
 * folder with a file of the user's in it stays.
 */
function removeEmptied(root: string, path: string, upTo: string | undefined): void {
  let folder = path.slice(0, path.lastIndexOf('/'));
  const top = upTo ?? folder;
  for (;;) {
    try {
      if (readdirSync(join(root, folder)).length > 0) return;
      rmdirSync(join(root, folder));
    } catch {
      // Not empty, or already gone: either way nothing more to do.
      return;
    }
    if (folder === top || !folder.startsWith(`${top}/`)) return;
    folder = folder.slice(0, folder.lastIndexOf('/'));
  }
}
