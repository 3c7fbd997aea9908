import { accessSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { linkIssue, type PathKinds } from '../io/pathKinds.ts';
import type { Issue } from '../vocabulary/issue.ts';
import type { FileChange } from './changes.ts';

/**
 * Every reason the changes could not be made, found before the first write, so that a
 * run writes all apps or none: a symbolic link on the way to a file or at it (render
 * follows none below the root), a file where a folder must be, a folder where a file
 * must be, a folder it may not write in. With `write` false (`render --check`), only
 * links are looked for: they make the comparison itself untrustworthy.
 * Each folder is looked at once, however many files go into it.
 */
export function preflight(changes: readonly FileChange[], kinds: PathKinds, options: { write: boolean }): Issue[] {
  const issues = new Map<string, Issue>();
  const writable = new Map<string, boolean>();
  const report = (path: string, issue: () => Issue) => {
    if (!issues.has(path)) issues.set(path, issue());
  };
  for (const change of changes) {
    const slash = change.path.lastIndexOf('/');
    const folder = slash < 0 ? '' : change.path.slice(0, slash);
    const blocked = folder === '' ? undefined : kinds.firstNotFolder(folder);
    if (blocked?.kind === 'link') {
      report(blocked.path, () => linkIssue(kinds, blocked.path));
      continue;
    }
    if (change.action === 'unchanged') continue;
    if (blocked !== undefined && blocked.kind !== 'missing') {
      if (options.write) report(blocked.path, () => outputIssue(blocked.path, `is a file where scaffold needs a folder, to write ${change.path}: move it away`));
      continue;
    }
    const kind = blocked === undefined ? kinds.kindOf(change.path) : 'missing';
    if (kind === 'link') {
      report(change.path, () => linkIssue(kinds, change.path, { remedy: 'remove the link, and scaffold writes the file in its place' }));
      continue;
    }
    if (!options.write) continue;
    if (kind === 'folder' || kind === 'other') {
      report(change.path, () => outputIssue(change.path, `is ${kind === 'folder' ? 'a folder' : 'not a regular file'} where scaffold writes a file: move it away`));
      continue;
    }
    // A missing folder is made inside the deepest one that exists; a file is renamed into its folder.
    const target = blocked === undefined ? folder : parentOf(blocked.path);
    let ok = writable.get(target);
    if (ok === undefined) {
      ok = canWriteIn(join(kinds.root, target));
      writable.set(target, ok);
    }
    if (!ok) report(target || '.', () => outputIssue(target || '.', `is a folder scaffold may not write in (permission denied), and ${change.path} goes there: make it writable, or run as a user who may write there`));
  }
  return [...issues.values()];
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Whether files can be made in `dir`, or in the folder above it where it would be made (new-app makes its root). */
function canWriteIn(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' && dirname(dir) !== dir && canWriteIn(dirname(dir));
  }
}

function outputIssue(file: string, message: string): Issue {
  return { severity: 'error', rule: 'output', file, message };
}
