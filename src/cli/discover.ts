import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './exit.ts';

export const SPEC_FILE = 'app.yaml';
export const APPS_DIR = 'apps';

/**
 * The app.yaml files to work on, as paths relative to `root` with forward slashes.
 * No paths: every apps/<name>/app.yaml under root. A path may be an app.yaml, an app
 * folder, or a folder of app folders; it must lie inside root.
 */
export function findAppSpecs(root: string, paths: readonly string[], cwd = process.cwd()): string[] {
  const absRoot = resolve(cwd, root);
  const found = new Set<string>();
  const targets = paths.length > 0 ? paths.map((p) => resolve(cwd, p)) : [join(absRoot, APPS_DIR)];
  for (const target of targets) {
    const rel = relative(absRoot, target);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new UsageError(`${target} is outside the gitops root ${absRoot} (set --root)`);
    }
    for (const spec of specsAt(target, paths.length > 0)) found.add(toPosix(relative(absRoot, spec)));
  }
  return [...found].sort();
}

function specsAt(target: string, explicit: boolean): string[] {
  if (!existsSync(target)) {
    if (explicit) throw new UsageError(`${target} does not exist`);
    return [];
  }
  if (statSync(target).isFile()) return [target];
  const direct = join(target, SPEC_FILE);
  if (existsSync(direct)) return [direct];
  const nested = readdirSync(target)
    .sort()
    .map((name) => join(target, name, SPEC_FILE))
    .filter((p) => existsSync(p));
  if (nested.length === 0 && explicit) throw new UsageError(`no ${SPEC_FILE} in ${target} or its subfolders`);
  return nested;
}

export function appDirOf(specPath: string): string {
  return toPosix(dirname(specPath));
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
