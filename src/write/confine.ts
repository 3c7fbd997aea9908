import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Issue } from '../vocabulary/issue.ts';
import type { FileChange } from './changes.ts';

/**
 * Changes that would write or delete outside the gitops root: the path of every planned
 * file is inside it by construction (names are DNS labels, checked before any path is
 * built), but a folder on the way may be a symbolic link leading out, such as an app
 * folder linked to another checkout. Links that stay inside the root are followed.
 * One issue per link that leads out; none when every change stays inside.
 */
export function changesOutsideRoot(changes: readonly FileChange[], root: string): Issue[] {
  const realRoot = realpathSync.native(root);
  const inside = (real: string) => {
    const rel = relative(realRoot, real);
    return !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
  };
  // Each folder on the way is looked at once: a fresh render of a large repo writes thousands of files into few folders.
  const verdicts = new Map<string, string | null>();
  // A folder that does not exist yet holds nothing, links included: nothing below it needs looking at.
  const missing = new Set<string>();
  const leadsOut = (folder: string): string | null => {
    let verdict = verdicts.get(folder);
    if (verdict !== undefined) return verdict;
    verdict = null;
    const path = join(root, folder);
    let link = false;
    if (missing.has(dirname(folder))) {
      missing.add(folder);
    } else {
      try {
        link = lstatSync(path).isSymbolicLink();
      } catch {
        // Missing: it will be created inside its parent, which was looked at already.
        missing.add(folder);
      }
    }
    if (link) {
      // A dangling link has no real path; where it points is where a write would go.
      let real: string;
      try {
        real = realpathSync.native(path);
      } catch {
        real = resolve(realpathSync.native(dirname(path)), readlinkSync(path));
      }
      if (!inside(real)) verdict = real;
    }
    verdicts.set(folder, verdict);
    return verdict;
  };
  const issues = new Map<string, Issue>();
  for (const change of changes) {
    if (change.action === 'unchanged') continue;
    const parts = change.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const real = leadsOut(folder);
      if (real === null) continue;
      issues.set(folder, {
        severity: 'error',
        rule: 'outside-root',
        file: folder,
        message: `is a symbolic link to ${real}, outside the gitops root ${realRoot}; scaffold writes only inside --root: replace the link with the folder, or run with --root where the files really are`,
      });
      break;
    }
  }
  return [...issues.values()];
}
