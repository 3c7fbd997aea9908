/** Finds the app.yaml files a command works on. */
import { readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { APPS_DIR, SPEC_FILE } from '../appSpec/layout.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import { isFolder, isPresent } from './files.ts';

export interface FoundSpecs {
  /** app.yaml paths relative to the root, with forward slashes, sorted. */
  specs: string[];
  /**
   * Folders without an app.yaml in the folders of app folders searched (relative to the
   * root, sorted): apps whose app.yaml was removed, if generated files are left in them.
   */
  removed: string[];
  /** Whether the paths cover every app: none given, or the root's apps/ folder among them. */
  everyApp: boolean;
  /** Why there are none, or a path that holds none; a path outside the root is a usage error. */
  issues: Issue[];
}

/**
 * The app.yaml files under `root` that `paths` name (relative to `cwd`): each an app.yaml,
 * an app folder, or a folder of app folders, inside the root. No paths: every
 * apps/<name>/app.yaml. No app found is an issue, unless `removedApps` says folders
 * without an app.yaml are of interest too and there are some.
 */
export function findAppSpecs(root: string, paths: readonly string[], cwd: string, options: { removedApps?: boolean } = {}): FoundSpecs {
  const absRoot = resolve(cwd, root);
  const found = new Set<string>();
  const removed = new Set<string>();
  const issues: Issue[] = [];
  const targets = paths.length > 0 ? paths.map((p) => resolve(cwd, p)) : [join(absRoot, APPS_DIR)];
  for (const target of targets) {
    const rel = relative(absRoot, target);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      issues.push({ severity: 'error', rule: 'usage', message: `${target} is outside the gitops root ${absRoot} (set --root)` });
      continue;
    }
    const { specs, folders } = specsAt(target);
    for (const folder of folders) removed.add(toPosix(relative(absRoot, folder)));
    if (specs.length === 0 && paths.length > 0) {
      issues.push({
        severity: 'error',
        rule: 'input',
        file: toPosix(relative(cwd, target)) || '.',
        message: 'no app.yaml there (expected an app.yaml, an app folder, or a folder of app folders)',
      });
    }
    for (const spec of specs) found.add(toPosix(relative(absRoot, spec)));
  }
  if (found.size === 0 && issues.length === 0 && !(options.removedApps && removed.size > 0)) issues.push(noAppsFound(absRoot));
  const everyApp = targets.includes(join(absRoot, APPS_DIR));
  return { specs: [...found].sort(compareCodeUnits), removed: [...removed].sort(compareCodeUnits), everyApp, issues };
}

export function noAppsFound(absRoot: string): Issue {
  return { severity: 'error', rule: 'input', file: absRoot, message: 'no apps found under apps/ (create one with `scaffold new-app`)' };
}

/** Every apps/<name>/app.yaml under the root (relative paths), none when there is no apps/ folder. */
export function listAppSpecs(root: string): string[] {
  return specsAt(join(root, APPS_DIR)).specs.map((spec) => toPosix(relative(root, spec)));
}

/**
 * The app.yaml files at `target`, and, when it is a folder of app folders, its folders without one.
 * Anything at an app.yaml's name is one, links not followed: a link that leads nowhere, or a named
 * pipe, is an app whose spec cannot be read (planApps says why), never an app whose app.yaml was
 * removed, whose generated files render would delete.
 */
function specsAt(target: string): { specs: string[]; folders: string[] } {
  if (!isPresent(target)) return { specs: [], folders: [] };
  if (!isFolder(target)) return { specs: [target], folders: [] };
  const direct = join(target, SPEC_FILE);
  if (isPresent(direct)) return { specs: [direct], folders: [] };
  const specs: string[] = [];
  const folders: string[] = [];
  for (const name of readdirSync(target).sort(compareCodeUnits)) {
    const spec = join(target, name, SPEC_FILE);
    if (isPresent(spec)) specs.push(spec);
    else if (isFolder(join(target, name))) folders.push(join(target, name));
  }
  return { specs, folders };
}
