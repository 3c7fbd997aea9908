/**
 * `new-app` as a use case, once the answers are in: check them as an app
 * spec, render it as `scaffold render` would, and write app.yaml with its
 * generated files. Asking the questions is the CLI's part.
 */
import { join } from 'node:path';
import { checkAppSpec, type SkeletonContract } from '../appSpec/check.ts';
import { specPathOf } from '../appSpec/layout.ts';
import { serializeAppSpec } from '../appSpec/serialize.ts';
import { readBytes } from '../io/files.ts';
import { readTextFile } from '../io/inputFiles.ts';
import { PathKinds } from '../io/pathKinds.ts';
import { missingFolderFlags } from '../io/flagFolders.ts';
import { loadSkeletons } from '../io/skeletonFolders.ts';
import { environmentNameProblem, toAppSpec, type NewAppAnswers } from '../newApp/answers.ts';
import { GITATTRIBUTES, LF_RULE, withLfRule } from '../newApp/gitattributes.ts';
import type { SkeletonSource } from '../render/skeleton.ts';
import { resolveApp } from '../orgConfig/resolve.ts';
import type { LoadedConfig } from '../orgConfig/types.ts';
import { hasErrors, type Issue } from '../vocabulary/issue.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { decodeTextBytes } from '../yamlSource/decode.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';
import { compareGenerated, diffPlans, exactChange, type FileChange } from '../write/changes.ts';
import { preflight } from '../write/preflight.ts';
import { writeTree, type WriteSummary } from '../write/writeTree.ts';
import { organisationPlan, planSpecTexts, validateChanges } from './appPlans.ts';
import type { Outcome } from './outcome.ts';

export interface NewAppPlan {
  specChange: FileChange;
  /** The rendered files, as `scaffold render` would change them. */
  generated: FileChange[];
  /** The root's .gitattributes with the rule keeping generated YAML LF added; absent when it has one. */
  gitattributes?: FileChange;
  /** app.yaml first, then the rendered files, then .gitattributes. */
  changes: FileChange[];
}

/** The skeletons new-app offers: the user's folders (each must exist) and the built-in ones. */
export function newAppSkeletons(skeletonDirs: readonly string[], cwd: string): Outcome<SkeletonSource[]> {
  const missing = missingFolderFlags({ skeletons: skeletonDirs }, cwd);
  if (missing.length > 0) return { issues: missing };
  const loaded = loadSkeletons(skeletonDirs);
  return loaded.issues.length > 0 ? { issues: loaded.issues } : { result: loaded.skeletons, issues: [] };
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
  config?: LoadedConfig,
): Outcome<NewAppPlan> {
  const specPath = specPathOf(answers.name);
  const spec = toAppSpec(answers);
  const problems = checkAppSpec(spec, { skeletons, folderName: answers.name, resolve: (s) => resolveApp(s, config).problems }, { file: specPath });
  if (hasErrors(problems)) return { issues: problems };
  const specText = serializeAppSpec(spec);
  const rendered = planSpecTexts(root, [{ specPath, text: specText }], skeletonDirs, config ? { config } : {});
  if (hasErrors(rendered.issues)) return { issues: rendered.issues };
  // The spec's warnings, said once (rendering reads the spec again and finds them too).
  const warnings = rendered.issues;
  const specChange = exactChange(root, specPath, specText);
  // The Argo CD roots (and ApplicationSets) of the new app's environments, which may be its first: render prunes them, new-app only adds.
  const organisation = organisationPlan(root, config, rendered.specs);
  const generated = [...diffPlans(rendered.plans, root), ...compareGenerated(organisation, root)];
  // Kinds without a built-in schema can only come from a user skeleton; `render --schemas` checks those.
  const invalid = validateChanges(root, { ...rendered, organisation }, generated, { schemaDirs: [], ignoreMissingSchemas: true }).blocking;
  if (invalid.length > 0) return { issues: [...warnings, ...invalid] };
  const gitattributes = gitattributesChange(root, warnings);
  const changes = [specChange, ...generated, ...(gitattributes ? [gitattributes] : [])];
  const conflicts = force ? [] : changes.filter((c) => c.conflict && c.action !== 'unchanged').map(conflictIssue);
  const refused = [...preflight(changes, new PathKinds(root), { write: true }), ...conflicts];
  if (refused.length > 0) return { issues: [...warnings, ...refused] };
  return { result: { specChange, generated, ...(gitattributes ? { gitattributes } : {}), changes }, issues: warnings };
}

/**
 * Appends the LF rule to the root's .gitattributes (creating it), unless a line for the pattern is there.
 * One that is not UTF-8 is left as it is, with a warning: rewritten from its text, its bad bytes would be lost.
 */
function gitattributesChange(root: string, warnings: Issue[]): FileChange | undefined {
  const read = readBytes(join(root, GITATTRIBUTES));
  const decoded = 'bytes' in read ? decodeTextBytes(read.bytes) : undefined;
  if (decoded !== undefined && 'problem' in decoded) {
    warnings.push({ severity: 'warning', rule: 'input', file: GITATTRIBUTES, message: `${decoded.problem}, so it is left as it is: add the line "${LF_RULE}" yourself` });
    return undefined;
  }
  const current = decoded?.text;
  const content = withLfRule(current);
  if (content === undefined) return undefined;
  return current === undefined ? { path: GITATTRIBUTES, action: 'create', content } : { path: GITATTRIBUTES, action: 'update', content, current };
}

export interface NewAppWritten extends WriteSummary {
  spec: FileChange;
}

/**
 * Writes the plan: the generated files, .gitattributes, then app.yaml. app.yaml goes
 * last: if writing stops midway, no app.yaml means running new-app again is not refused.
 */
export function writeNewApp(plan: NewAppPlan, root: string): Outcome<NewAppWritten> {
  const { written, failure } = writeTree([...plan.generated, ...(plan.gitattributes ? [plan.gitattributes] : []), plan.specChange], root);
  const spec = plan.specChange;
  const own = (paths: string[]) => paths.filter((p) => p !== spec.path);
  return { result: { ...written, created: own(written.created), updated: own(written.updated), spec }, issues: failure ? [failure] : [] };
}

/** The environments the given apps use, valid names only: choices to offer for a new app. */
export function environmentsUsed(root: string, specPaths: readonly string[]): string[] {
  const environments = new Set<string>();
  for (const specPath of specPaths) {
    const read = readTextFile(join(root, specPath), specPath);
    // Read as render reads it; an app.yaml that is not UTF-8, or does not parse, offers no environments (render reports it).
    const [document] = 'text' in read ? readDocuments(read.text, specPath).documents : [];
    const spec = document?.value as { spec?: { environments?: object } } | null | undefined;
    for (const env of Object.keys(spec?.spec?.environments ?? {})) {
      if (environmentNameProblem(env) === undefined) environments.add(env);
    }
  }
  return [...environments].sort(compareCodeUnits);
}

function conflictIssue(change: FileChange): Issue {
  const message =
    change.conflict === 'hand-edited'
      ? 'was generated by scaffold and then edited by hand; refusing to overwrite it. Run again with --force to replace it'
      : 'exists but was not generated by scaffold; refusing to overwrite it. Move it away, or run again with --force';
  return { severity: 'error', rule: change.conflict!, file: change.path, message };
}
