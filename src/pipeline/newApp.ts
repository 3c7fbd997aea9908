/**
 * `new-app` as a use case, once the answers are in: check them as an app
 * spec, render it as `scaffold render` would, and write app.yaml with its
 * generated files. Asking the questions is the CLI's part.
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkAppSpec, type SkeletonContract } from '../appSpec/check.ts';
import { specPathOf } from '../appSpec/layout.ts';
import { serializeAppSpec } from '../appSpec/serialize.ts';
import { isFolder, readTextIfPresent } from '../io/files.ts';
import { environmentNameProblem, toAppSpec, type NewAppAnswers } from '../newApp/answers.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { writeFileAtomic } from '../write/atomic.ts';
import { diffPlans, type FileChange } from '../write/changes.ts';
import { changesOutsideRoot } from '../write/confine.ts';
import { writeTree, type WriteSummary } from '../write/writeTree.ts';
import { planSpecTexts, validateChanges } from './appPlans.ts';
import type { Outcome } from './outcome.ts';

export interface NewAppPlan {
  specChange: FileChange;
  /** The rendered files, as `scaffold render` would change them. */
  generated: FileChange[];
  /** app.yaml first, then the rendered files. */
  changes: FileChange[];
}

/**
 * Checks the answers as an app spec and renders it; nothing is written. Files
 * in the way (edited by hand, or not scaffold's) are issues unless `force`.
 */
export function planNewApp(
  answers: NewAppAnswers,
  root: string,
  skeletonDirs: readonly string[],
  skeletons: readonly SkeletonContract[],
  force: boolean,
): Outcome<NewAppPlan> {
  const specPath = specPathOf(answers.name);
  const spec = toAppSpec(answers);
  const problems = checkAppSpec(spec, { skeletons, folderName: answers.name }, { file: specPath });
  if (problems.length > 0) return { issues: problems };
  const specText = serializeAppSpec(spec);
  const rendered = planSpecTexts(root, [{ specPath, text: specText }], skeletonDirs);
  if (rendered.issues.length > 0) return { issues: rendered.issues };
  const specChange = specChangeOf(root, specPath, specText);
  const generated = diffPlans(rendered.plans, root);
  // Kinds without a built-in schema can only come from a user skeleton; `render --schemas` checks those.
  const invalid = validateChanges(rendered.plans, generated, { schemaDirs: [], ignoreMissingSchemas: true });
  if (invalid.length > 0) return { issues: invalid };
  const changes = [specChange, ...generated];
  const conflicts = changes.filter((c) => c.conflict && c.action !== 'unchanged');
  if (conflicts.length > 0 && !force) return { issues: conflicts.map(conflictIssue) };
  // A root that is not there yet holds no links to follow out of it.
  const outside = isFolder(root) ? changesOutsideRoot(changes, root) : [];
  if (outside.length > 0) return { issues: outside };
  return { result: { specChange, generated, changes }, issues: [] };
}

export interface NewAppWritten extends WriteSummary {
  spec: FileChange;
}

/** Writes the plan: the generated files, then app.yaml. */
export function writeNewApp(plan: NewAppPlan, root: string): Outcome<NewAppWritten> {
  const spec = plan.specChange;
  try {
    const written = writeTree(plan.generated, root);
    // app.yaml goes last: if writing stops midway, no app.yaml means running new-app again is not refused.
    if (spec.action !== 'unchanged') writeFileAtomic(join(root, spec.path), spec.content!);
    return { result: { ...written, spec }, issues: [] };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === undefined) throw err;
    return { issues: [{ severity: 'error', rule: 'output', file: (err as NodeJS.ErrnoException).path ?? root, message: `cannot write: ${(err as Error).message}` }] };
  }
}

/** The environments the given apps use, valid names only: choices to offer for a new app. */
export function environmentsUsed(root: string, specPaths: readonly string[]): string[] {
  const environments = new Set<string>();
  for (const specPath of specPaths) {
    const text = readTextIfPresent(join(root, specPath));
    try {
      const spec = (text === undefined ? null : parse(text)) as { spec?: { environments?: object } } | null;
      for (const env of Object.keys(spec?.spec?.environments ?? {})) {
        if (environmentNameProblem(env) === undefined) environments.add(env);
      }
    } catch {
      // An app.yaml that does not parse offers no environments; `scaffold render` reports it.
    }
  }
  return [...environments].sort(compareCodeUnits);
}

function specChangeOf(root: string, specPath: string, content: string): FileChange {
  const current = readTextIfPresent(join(root, specPath));
  if (current === undefined) return { path: specPath, action: 'create', content };
  return { path: specPath, action: current === content ? 'unchanged' : 'update', content, current };
}

function conflictIssue(change: FileChange): Issue {
  const message =
    change.conflict === 'hand-edited'
      ? 'was generated by scaffold and then edited by hand; refusing to overwrite it. Run again with --force to replace it'
      : 'exists but was not generated by scaffold; refusing to overwrite it. Move it away, or run again with --force';
  return { severity: 'error', rule: change.conflict!, file: change.path, message };
}
