/** Finds the app.yaml files a command works on. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { APPS_DIR, SPEC_FILE } from '../appSpec/layout.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { toPosix } from '../vocabulary/posixPath.ts';

export interface FoundSpecs {
  /** app.yaml paths relative to the root, with forward slashes, sorted. */
  specs: string[];
  /** Why there are none, or a path that holds none; a path outside the root is a usage error. */
  issues: Issue[];
}

/**
 * The app.yaml files under `root` that `paths` name (relative to `cwd`): each an app.yaml,
 * an app folder, or a folder of app folders, inside the root. No paths: every
 * apps/<name>/app.yaml.
 */
export function findAppSpecs(root: string, paths: readonly string[], cwd: string): FoundSpecs {
  const absRoot = resolve(cwd, root);
  const found = new Set<string>();
  const issues: Issue[] = [];
  const targets = paths.length > 0 ? paths.map((p) => resolve(cwd, p)) : [join(absRoot, APPS_DIR)];
  for (const target of targets) {
    const rel = relative(absRoot, target);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      issues.push({ severity: 'error', rule: 'usage', message: `${target} is outside the gitops root ${absRoot} (set --root)` });
      continue;
    }
    const specs = specsAt(target);
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
  if (found.size === 0 && issues.length === 0) {
    issues.push({ severity: 'error', rule: 'input', file: absRoot, message: 'no apps found under apps/ (create one with `scaffold new-app`)' });
  }
  return { specs: [...found].sort(compareCodeUnits), issues };
}

/** Every apps/<name>/app.yaml under the root (relative paths), none when there is no apps/ folder. */
export function listAppSpecs(root: string): string[] {
  return specsAt(join(root, APPS_DIR)).map((spec) => toPosix(relative(root, spec)));
}

function specsAt(target: string): string[] {
  if (!existsSync(target)) return [];
  if (statSync(target).isFile()) return [target];
  const direct = join(target, SPEC_FILE);
  if (existsSync(direct)) return [direct];
  return readdirSync(target)
    .sort(compareCodeUnits)
    .map((name) => join(target, name, SPEC_FILE))
    .filter((p) => existsSync(p));
}
