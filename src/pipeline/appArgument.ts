/** The app a command names on its command line (`scaffold iam checkout`, `scaffold image set checkout`). */
import { join, resolve } from 'node:path';
import { specPathOf } from '../appSpec/layout.ts';
import { findAppSpecs } from '../io/appSpecs.ts';
import { isPresent } from '../io/files.ts';
import type { ResolvedApp } from '../orgConfig/resolve.ts';
import { closestMatch } from '../vocabulary/didYouMean.ts';
import type { Issue } from '../vocabulary/issue.ts';

/** The app.yaml an app argument names: an app.yaml or app folder that exists, else apps/<name>/app.yaml under `root`. */
export function findApp(root: string, cwd: string, app: string): { specPath: string } | { issues: Issue[] } {
  const asPath = resolve(cwd, app);
  if (app.includes('/') || isPresent(asPath)) {
    const found = findAppSpecs(root, [app], cwd);
    if (found.issues.length > 0) return { issues: found.issues };
    if (found.specs.length !== 1) return usage(`${app} holds ${found.specs.length} apps; name one`);
    return { specPath: found.specs[0]! };
  }
  const specPath = specPathOf(app);
  // Anything there is the app's app.yaml: one that is a link or no regular file is refused by name when it is read.
  if (!isPresent(join(root, specPath))) return { issues: [{ severity: 'error', rule: 'input', file: specPath, message: `no app "${app}" under ${root} (run it at the gitops root, or pass --root)` }] };
  return { specPath };
}

export function usage(message: string): { issues: Issue[] } {
  return { issues: [{ severity: 'error', rule: 'usage', message }] };
}

/** The usage error of an --env the app does not have, with the closest of its environments. */
export function unknownEnvironment(app: ResolvedApp, env: string): { issues: Issue[] } {
  const environments = Object.keys(app.spec.environments);
  const guess = closestMatch(env, environments);
  return usage(`--env: ${app.metadata.name} has no environment "${env}"${guess ? ` (did you mean "${guess}"?)` : ''}; its environments: ${environments.join(', ')}`);
}
