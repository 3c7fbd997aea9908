/**
 * `render` and `render --check` as use cases: find the app specs, plan every
 * app, compare the plan with the disk, and either write it (render) or
 * report how the disk differs (check). Every expected failure is an Issue.
 */
import { findAppSpecs, noAppsFound } from '../io/appSpecs.ts';
import { missingFolderFlags } from '../io/flagFolders.ts';
import { PathKinds } from '../io/pathKinds.ts';
import type { ResolvedSpec } from '../orgConfig/loadApp.ts';
import { finalizingModeSwitches } from '../render/argoCd.ts';
import type { AppPlan, PlannedFile } from '../render/plan.ts';
import type { Policy } from '../validate/policies/index.ts';
import type { TargetSchemas } from '../validate/registry.ts';
import { hasErrors, type Issue } from '../vocabulary/issue.ts';
import { diffPlans, removedAppChanges, type FileChange } from '../write/changes.ts';
import { driftCount, driftOf, type Drift } from '../write/drift.ts';
import { preflight } from '../write/preflight.ts';
import { writeTree, type WriteSummary } from '../write/writeTree.ts';
import { organisationPlan, planApps, sharedOutputs, validateChanges, type OutputSchemaOptions } from './appPlans.ts';
import type { Outcome } from './outcome.ts';
import { openRepository } from './repository.ts';
import { readUserSchemaFolders } from './validate.ts';

export interface RenderRequest extends OutputSchemaOptions {
  /** The gitops root, absolute. */
  root: string;
  /** app.yaml files, app folders or folders of app folders, relative to `cwd`; none for every app. */
  paths: readonly string[];
  cwd: string;
  /** The --skeletons folders, absolute; the config's and the built-in ones are searched after them. */
  skeletonDirs: readonly string[];
  /** Overwrite hand-edited files and files scaffold did not generate. */
  force: boolean;
  onProgress?: (done: number, total: number, specPath: string) => void;
}

export interface RenderResult {
  apps: number;
  /** The organisation config the apps were resolved with, as shown; null without one. */
  config: string | null;
  written: WriteSummary;
}

export interface CheckResult {
  apps: number;
  config: string | null;
  /** Every planned file and stale file, unchanged ones included, for a diff. */
  changes: FileChange[];
  drift: Drift;
  /** Files not what the specs produce: nothing to do when 0. */
  driftCount: number;
}

/** Renders the apps and writes what changed; nothing is written when anything is wrong, or when any write would fail. The specs' warnings come along. */
export function renderApps(request: RenderRequest): Outcome<RenderResult> {
  const planned = planAndCompare(request);
  if ('issues' in planned) return { issues: planned.issues };
  const { changes, apps, config, warnings } = planned;
  const conflicts = request.force ? [] : [...changes.filter((c) => c.conflict).map(conflictIssue), ...modeSwitchIssues(changes, planned.config)];
  const refused = [...preflight(changes, planned.kinds, { write: true }), ...conflicts];
  if (refused.length > 0) return { issues: [...warnings, ...refused] };
  const checked = validateChanges(request.root, planned, changes, { ...request, schemasFor: planned.schemasFor });
  if (checked.blocking.length > 0) return { issues: [...warnings, ...checked.blocking, ...checked.warnings] };
  const { written, failure } = writeTree(changes, request.root);
  const found = [...warnings, ...checked.warnings];
  return { result: { apps, config, written }, issues: failure ? [...found, failure] : found };
}

/**
 * Compares what the specs produce with the disk; writes nothing. It validates
 * what render validates (the files render would write, and the user's own
 * files), so that the CI gate fails wherever render would refuse: a user
 * file whose API the environment's new kubernetesVersion removed is no
 * generated file, yet render stops on it.
 */
export function checkApps(request: CheckRequest): Outcome<CheckResult> {
  const planned = planAndCompare(request);
  if ('issues' in planned) return { issues: planned.issues };
  const links = preflight(planned.changes, planned.kinds, { write: false });
  if (links.length > 0) return { issues: [...planned.warnings, ...links] };
  const checked = validateChanges(request.root, planned, planned.changes, { ...request, schemasFor: planned.schemasFor });
  if (checked.blocking.length > 0) return { issues: [...planned.warnings, ...checked.blocking, ...checked.warnings] };
  const drift = driftOf(planned.changes);
  const { apps, config, changes } = planned;
  return { result: { apps, config, changes, drift, driftCount: driftCount(drift) }, issues: [...planned.warnings, ...checked.warnings] };
}

/** What `render --check` needs: everything render does but --force. */
export type CheckRequest = Omit<RenderRequest, 'force'>;

interface Compared {
  plans: AppPlan[];
  specs: ResolvedSpec[];
  /** What the organisation config alone produces (Argo CD roots and ApplicationSets); empty unless the run covers every app. */
  organisation: PlannedFile[];
  policies: readonly Policy[];
  schemasFor: (version: string) => TargetSchemas;
  changes: FileChange[];
  apps: number;
  kinds: PathKinds;
  /** What the specs say that does not stop them rendering. */
  warnings: Issue[];
  /** The organisation config the apps were resolved with, as shown; null without one. */
  config: string | null;
}

/**
 * Plans every app and compares the plans with the disk. With no paths (or a folder of
 * app folders), the output of apps whose app.yaml was removed is part of the comparison:
 * it is stale.
 */
function planAndCompare(request: CheckRequest & { force?: boolean }): { issues: Issue[] } | Compared {
  const usage = missingFolderFlags({ root: request.root, skeletons: request.skeletonDirs, schemas: request.schemaDirs }, request.cwd);
  if (usage.length > 0) return { issues: usage };
  // The user's schema folders read now: a broken one is said before anything, not halfway through the checks.
  const schemas = readUserSchemaFolders(request.schemaDirs);
  if ('issues' in schemas) return { issues: schemas.issues };
  const found = findAppSpecs(request.root, request.paths, request.cwd, { removedApps: true });
  if (found.issues.length > 0) return { issues: found.issues };
  const repository = openRepository(request.root, request.skeletonDirs);
  if (!repository.result) return { issues: repository.issues };
  const { config, skeletonDirs } = repository.result;
  const kinds = new PathKinds(request.root);
  const rendered = planApps(request.root, found.specs, skeletonDirs, {
    kinds,
    onProgress: request.onProgress,
    toolImages: request.force !== true,
    ...(config ? { config } : {}),
  });
  if (hasErrors(rendered.issues)) return { issues: rendered.issues };
  const shared = sharedOutputs(rendered.plans);
  if (shared.length > 0) return { issues: shared };
  // Only a run that sees every app knows which environments have one: a root Application syncs a folder that must exist.
  const organisation = found.everyApp ? organisationPlan(request.root, config, rendered.specs) : undefined;
  const changes = [...diffPlans(rendered.plans, request.root, organisation), ...removedAppChanges(found.removed, request.root)];
  if (rendered.plans.length === 0 && changes.length === 0) return { issues: [noAppsFound(request.root)] };
  return { plans: rendered.plans, specs: rendered.specs, organisation: organisation ?? [], policies: rendered.policies, schemasFor: schemas.schemasFor, changes, apps: rendered.plans.length, kinds, warnings: rendered.issues, config: config?.file ?? null };
}

/** A switch of argocd.mode that Argo CD would carry out by deleting the apps' resources (see finalizingModeSwitches). */
function modeSwitchIssues(changes: readonly FileChange[], config: string | null): Issue[] {
  const planned = new Set(changes.filter((c) => c.action !== 'delete').map((c) => c.path));
  return finalizingModeSwitches(changes.filter((c) => c.action === 'delete'), planned).map((envName) => ({
    severity: 'error',
    rule: 'conflict',
    ...(config === null ? {} : { file: config }),
    message: `argocd.mode changes for ${envName}: Argo CD would delete the Applications of ${envName} (or its ApplicationSet) with their resources finalizer, taking the apps' resources down, and then create them anew. Set argocd.finalizer: none first, render and let Argo CD sync, then change argocd.mode (and the finalizer back); or run again with --force`,
  }));
}

function conflictIssue(change: FileChange): Issue {
  // Scaffold writes UTF-8 only: a generated file that is not was edited, though its text may look as written.
  const edited = change.notUtf8 ? 'edited by hand since scaffold generated it (it is not UTF-8 text, which is all scaffold writes)' : 'edited by hand since scaffold generated it';
  const message =
    change.conflict === 'not-generated'
      ? 'exists but was not generated by scaffold; refusing to overwrite it. Move it away, or run again with --force'
      : change.action === 'delete'
        ? `${edited}, and no longer generated (its environment or its app.yaml is gone); refusing to delete it. Delete it yourself, or keep it as a file of your own by removing its two header lines, or run again with --force to delete it`
        : `${edited}; refusing to overwrite it. To keep the change, move it into a file of your own listed in app.yaml (patches or extraResources of the environment); to discard it, run again with --force`;
  return { severity: 'error', rule: change.conflict!, file: change.path, message };
}
