/**
 * `skeletons list` and `skeletons check` as use cases: the skeletons a
 * repository can use (built-in, the config's, --skeletons), and a skeleton
 * folder checked before any app uses it.
 */
import { basename, dirname, join, relative } from 'node:path';
import { isFile, isFolder } from '../io/files.ts';
import { missingFolderFlags } from '../io/flagFolders.ts';
import { bundledKubernetes, schemasByVersion } from '../io/schemaFolders.ts';
import { newestMinor } from '../schemas/kubernetesVersions.ts';
import { builtinSkeletonDir, loadResolvedSkeletons } from '../io/skeletonFolders.ts';
import type { AppPlan } from '../render/plan.ts';
import { renderApp, SkeletonRenderError } from '../render/renderApp.ts';
import { compileSkeleton, outputOf, type TemplateSource } from '../render/skeleton.ts';
import { skeletonSamples } from '../render/skeletonSamples.ts';
import type { ResolvedSkeleton, SkeletonFolder } from '../render/skeletonSet.ts';
import { checkTemplate } from '../render/templateCheck.ts';
import { atTemplate, templateOf } from '../render/templateFindings.ts';
import { viewOf } from '../render/viewShapes.ts';
import { renderedPolicyBreaks } from '../validate/patchPolicies.ts';
import { validatePlannedFiles } from '../validate/plannedFiles.ts';
import type { Policy } from '../validate/policies/index.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import type { Outcome } from './outcome.ts';
import { repositoryPolicies } from './appPlans.ts';
import { openRepository } from './repository.ts';

export interface SkeletonsRequest {
  /** The gitops root, absolute (its .scaffold.yaml names skeleton folders). */
  root: string;
  cwd: string;
  /** --skeletons folders, absolute. */
  skeletonDirs: readonly string[];
}

export interface SkeletonListing {
  name: string;
  /** Where it is: `built-in`, or its skeletons folder relative to the working folder. */
  from: string;
  /** What it extends, nearest first. */
  extends: string[];
  description: string;
  /** What it runs (its own skeleton.yaml's, or inherited): only that workload's templates render. */
  workload: ResolvedSkeleton['workload'];
  fields: ResolvedSkeleton['fields'];
  /** The files it renders (kustomizations aside): into base/, as patches into each overlay, as resources each overlay adds. */
  renders: { base: string[]; overlayPatches: string[]; overlayResources: string[] };
}

export function listSkeletons(request: SkeletonsRequest): Outcome<SkeletonListing[]> {
  const usage = missingFolderFlags({ root: request.root, skeletons: request.skeletonDirs }, request.cwd);
  if (usage.length > 0) return { issues: usage };
  const repository = openRepository(request.root, request.skeletonDirs);
  if (!repository.result) return { issues: repository.issues };
  const loaded = loadResolvedSkeletons(repository.result.skeletonDirs);
  const builtin = builtinSkeletonDir();
  const listing = [...loaded.skeletons].sort((a, b) => compareCodeUnits(a.name, b.name)).map((s) => ({
    name: s.name,
    from: s.dir === builtin ? 'built-in' : toPosix(relative(request.cwd, s.dir)) || '.',
    extends: s.chain,
    description: s.description,
    workload: s.workload,
    fields: s.fields,
    renders: rendered(s.templates),
  }));
  return { result: listing, issues: loaded.issues };
}

function rendered(templates: readonly TemplateSource[]): SkeletonListing['renders'] {
  const outputs = templates.map((t) => outputOf(t.output)).filter((o) => o.file !== 'kustomization.yaml');
  const of = (part: string) => outputs.filter((o) => o.part === part).map((o) => o.file);
  return { base: of('base'), overlayPatches: of('overlay'), overlayResources: of('overlayResources') };
}

export interface SkeletonCheckRequest extends SkeletonsRequest {
  /** A folder of skeletons, or one skeleton's folder, absolute. */
  dir: string;
  /** Schema folders for kinds the skeletons render beyond the built-in ones, absolute. */
  schemaDirs: readonly string[];
  ignoreMissingSchemas: boolean;
}

export interface SkeletonCheckResult {
  /** The skeletons checked, and how many templates. */
  skeletons: string[];
  templates: number;
}

/**
 * Every template of the folder against its view (each branch, without rendering),
 * then every skeleton rendered for sample apps and its output validated: a problem
 * comes back with the template's file, line and column, and the field it reads.
 */
export function checkSkeletons(request: SkeletonCheckRequest): Outcome<SkeletonCheckResult> {
  if (!isFolder(request.dir)) return { issues: [{ severity: 'error', rule: 'usage', message: `${request.dir}: no such folder` }] };
  const usage = missingFolderFlags({ root: request.root, skeletons: request.skeletonDirs, schemas: request.schemaDirs }, request.cwd);
  if (usage.length > 0) return { issues: usage };
  // One skeleton's folder, or a folder of them: the first holds skeleton.yaml or templates.
  const single = isFile(join(request.dir, 'skeleton.yaml')) || isFolder(join(request.dir, 'base')) || isFolder(join(request.dir, 'overlay'));
  const skeletonsDir = single ? dirname(request.dir) : request.dir;
  const only = single ? basename(request.dir) : undefined;
  const repository = openRepository(request.root, request.skeletonDirs);
  if (!repository.result) return { issues: repository.issues };
  // The folder checked comes first: its skeletons are the ones used, and may extend any other.
  const dirs = [skeletonsDir, ...repository.result.skeletonDirs.filter((d) => d !== skeletonsDir)];
  const loaded = loadResolvedSkeletons(dirs);
  const mine = (f: { dir: string; name: string }) => f.dir === skeletonsDir && (only === undefined || f.name === only);
  const folders = loaded.folders.filter(mine);
  const shown = (path: string) => toPosix(relative(request.cwd, path));
  const issues: Issue[] = loaded.issues.filter((i) => i.file === undefined || i.file.startsWith(skeletonsDir)).map((i) => (i.file ? { ...i, file: shown(i.file) } : i));

  const broken = new Set<string>();
  for (const folder of folders) {
    for (const template of folder.templates) {
      for (const problem of checkTemplate(template.text, viewOf(template.output))) {
        broken.add(folder.name);
        issues.push({
          severity: 'error',
          rule: 'skeleton',
          file: shown(join(skeletonsDir, template.origin)),
          line: problem.line,
          column: problem.column,
          ...(problem.field !== undefined ? { path: problem.field } : {}),
          message: problem.message,
        });
      }
    }
  }
  const skeletons = loaded.skeletons.filter(mine);
  // Sample apps have no environment of a cluster: the newest bundled Kubernetes judges them.
  const schemas = schemasByVersion(request.schemaDirs)(newestMinor(bundledKubernetes().versions));
  const policies = repositoryPolicies(repository.result.config);
  for (const skeleton of skeletons) {
    // A template that reads what its view lacks fails to render for a reason already given.
    if (skeleton.chain.some((name) => broken.has(name)) || broken.has(skeleton.name)) continue;
    issues.push(...renderedProblems(skeleton, skeletonsDir, shown, { ...schemas, ignoreMissingSchemas: request.ignoreMissingSchemas }, policies));
  }
  if (folders.length === 0 && issues.length === 0) {
    issues.push({ severity: 'error', rule: 'input', file: shown(request.dir), message: 'no skeleton here: expected a skeleton folder (skeleton.yaml, base/, overlay/) or a folder of them' });
  }
  return {
    result: { skeletons: skeletons.map((s) => s.name), templates: folders.reduce((n, f: SkeletonFolder) => n + f.templates.length, 0) },
    issues,
  };
}

function renderedProblems(
  skeleton: ResolvedSkeleton,
  skeletonsDir: string,
  shown: (path: string) => string,
  schemas: Parameters<typeof validatePlannedFiles>[1],
  policies: readonly Policy[],
): Issue[] {
  const compiled = compileSkeleton(skeleton);
  const templateFile = (origin: string) => (skeleton.dir === skeletonsDir ? shown(join(skeletonsDir, origin)) : origin);
  const issues: Issue[] = [];
  for (const { label, loaded } of skeletonSamples(skeleton)) {
    let plan: AppPlan;
    try {
      plan = renderApp(loaded, compiled);
    } catch (err) {
      if (!(err instanceof SkeletonRenderError)) throw err;
      issues.push({ severity: 'error', rule: 'skeleton', file: templateFile(err.template), message: `rendering an app with ${label}: ${err.message}` });
      continue;
    }
    for (const issue of [...validatePlannedFiles(plan.files, schemas), ...renderedPolicyBreaks(plan, policies)]) {
      const output = issue.file?.slice(`${loaded.appDir}/`.length) ?? '';
      const template = templateOf(skeleton.templates, output);
      issues.push(atTemplate(issue, template ? templateFile(template.origin) : shown(skeletonsDir), output, `for an app with ${label}`));
    }
  }
  return issues;
}
