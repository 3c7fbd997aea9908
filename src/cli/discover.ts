import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Issue } from '../validate/issue.ts';
import { UsageError } from './exit.ts';
import { toPosix } from '../posixPath.ts';

export const SPEC_FILE = 'app.yaml';
export const APPS_DIR = 'apps';

/**
 * The app.yaml files to work on, as paths relative to `root` with forward slashes.
 * No paths: every apps/<name>/app.yaml under root. A path may be an app.yaml, an app
 * folder, or a folder of app folders; it must lie inside root.
 */
export function findAppSpecs(root: string, paths: readonly string[]): FoundSpecs {
  const cwd = process.cwd();
  const absRoot = resolve(cwd, root);
  const found = new Set<string>();
  const missing: string[] = [];
  const targets = paths.length > 0 ? paths.map((p) => resolve(cwd, p)) : [join(absRoot, APPS_DIR)];
  for (const target of targets) {
    const rel = relative(absRoot, target);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new UsageError(`${target} is outside the gitops root ${absRoot} (set --root)`);
    }
    const specs = specsAt(target);
    if (specs.length === 0 && paths.length > 0) missing.push(toPosix(relative(cwd, target)) || '.');
    for (const spec of specs) found.add(toPosix(relative(absRoot, spec)));
  }
  return { specs: [...found].sort(), missing };
}

/**
 * The app specs a command works on, or issues saying why there are none: a path the
 * user gave holds no app.yaml, or the root holds no apps at all.
 */
export function appSpecsOrIssues(root: string, paths: readonly string[]): { specs: string[]; issues: Issue[] } {
  const { specs, missing } = findAppSpecs(root, paths);
  const issues: Issue[] = missing.map((path) => ({
    severity: 'error',
    rule: 'input',
    file: path,
    message: 'no app.yaml there (expected an app.yaml, an app folder, or a folder of app folders)',
  }));
  if (specs.length === 0 && issues.length === 0) {
    issues.push({ severity: 'error', rule: 'input', file: resolve(root), message: 'no apps found under apps/ (create one with `scaffold new-app`)' });
  }
  return { specs, issues };
}

export interface FoundSpecs {
  /** app.yaml paths relative to the root, sorted. */
  specs: string[];
  /** Paths the user gave that hold no app.yaml (or do not exist). */
  missing: string[];
}

function specsAt(target: string): string[] {
  if (!existsSync(target)) return [];
  if (statSync(target).isFile()) return [target];
  const direct = join(target, SPEC_FILE);
  if (existsSync(direct)) return [direct];
  return readdirSync(target)
    .sort()
    .map((name) => join(target, name, SPEC_FILE))
    .filter((p) => existsSync(p));
}

export function appDirOf(specPath: string): string {
  return toPosix(dirname(specPath));
}
