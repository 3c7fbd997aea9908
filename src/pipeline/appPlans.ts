/**
 * From app.yaml files to render plans: reads and checks each spec, renders
 * it with its skeleton, and checks the user's own patches against what the
 * plan builds. Nothing is written; any issue in any app means nothing may be.
 */
import { join, relative, resolve, sep } from 'node:path';
import { appDirOf } from '../appSpec/layout.ts';
import { readTextFile } from '../io/inputFiles.ts';
import { linkIssue, PathKinds } from '../io/pathKinds.ts';
import type { ResolvedSpec } from '../orgConfig/loadApp.ts';
import type { ArgoCdConfig, LoadedConfig } from '../orgConfig/types.ts';
import { bundledKubernetes, schemasByVersion } from '../io/schemaFolders.ts';
import type { TargetSchemas } from '../validate/registry.ts';
import { applicationFiles, ARGOCD_DIR, argoCdSettings, organisationFiles, type ArgoCdSettings } from '../render/argoCd.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import { builtinSkeletonDir, loadSkeletons } from '../io/skeletonFolders.ts';
import { imageFromSpecOf, isGenerated } from '../render/header.ts';
import { chooseOverlayImage, sameImageValues, specImage, type ImageValues } from '../render/overlayImage.ts';
import { sameModuloLineEndings } from '../vocabulary/lineEndings.ts';
import type { AppPlan, PlannedFile } from '../render/plan.ts';
import { renderApp, SkeletonRenderError } from '../render/renderApp.ts';
import { atTemplate, templateOf } from '../render/templateFindings.ts';
import { compileSkeleton, type CompiledSkeleton, type SkeletonSource, type TemplateSource } from '../render/skeleton.ts';
import { skeletonContract } from '../render/skeletonChains.ts';
import { kubernetesTargetsOf, mergeTargetResults, type AppFilePlace } from '../validate/kubernetesTargets.ts';
import { checkPlannedFiles } from '../validate/plannedFiles.ts';
import { renderedPolicyBreaks } from '../validate/patchPolicies.ts';
import { POLICIES, type Policy } from '../validate/policies/index.ts';
import { checkUserPatches } from '../validate/userPatches.ts';
import { hasErrors, type Issue } from '../vocabulary/issue.ts';
import type { FileChange } from '../write/changes.ts';
import { ingressGroupIssues, ingressNeighbours } from './ingressGroupCheck.ts';
import { checkSpecText, userFileLinkIssues, type SpecSetting } from './specCheck.ts';

export interface AppPlans {
  plans: AppPlan[];
  specs: ResolvedSpec[];
  /** Errors, when there are no plans; warnings beside them otherwise. */
  issues: Issue[];
  /** The policies and checks the repository holds its apps' files to (repositoryPolicies). */
  policies: readonly Policy[];
}

/** An app.yaml's path relative to the root, and its text (read from disk, or not yet written). */
export interface SpecText {
  specPath: string;
  text: string;
}

export interface PlanOptions {
  /** The organisation config the apps are resolved with, if the repository has one. */
  config?: LoadedConfig;
  onProgress?: (done: number, total: number, specPath: string) => void;
  /** What the paths under the root are, when the caller looks there too (each path is looked at once). */
  kinds?: PathKinds;
  /**
   * Keep the image values image automation set in the overlays on disk (render and
   * render --check; not with --force, which takes app.yaml's imageTag everywhere).
   */
  toolImages?: boolean;
}

/** Reads, checks and renders the given app specs (paths relative to `root`); a link on the way to one is refused. */
export function planApps(root: string, specPaths: readonly string[], skeletonDirs: readonly string[], options: PlanOptions = {}): AppPlans {
  const kinds = options.kinds ?? new PathKinds(root);
  const sources: SpecText[] = [];
  const unreadable: Issue[] = [];
  const links = new Set<string>();
  specPaths.forEach((specPath, i) => {
    options.onProgress?.(i, specPaths.length, specPath);
    const link = kinds.linkOnTheWay(specPath);
    if (link !== undefined) {
      if (!links.has(link)) unreadable.push(linkIssue(kinds, link));
      links.add(link);
      return;
    }
    // Read as validate reads it: a file validate calls unreadable is unreadable here too.
    const read = readTextFile(join(root, specPath), specPath);
    if ('problem' in read) unreadable.push({ severity: 'error', rule: 'spec', file: specPath, message: read.problem });
    else if ('issue' in read) unreadable.push(read.issue);
    else sources.push({ specPath, text: read.text });
  });
  const result = planSpecTexts(root, sources, skeletonDirs, {
    kinds,
    ...(options.config ? { config: options.config } : {}),
    ...(options.toolImages ? { toolImages: true } : {}),
  });
  return { ...result, issues: [...unreadable, ...result.issues] };
}

/**
 * Checks, resolves (with the organisation config) and renders app specs given as text;
 * user files they reference are looked up under `root`, and refused when reached
 * through a link (Kustomize refuses them too). `pending` holds user files about to be
 * written (root-relative path to content), which count as there.
 */
export function planSpecTexts(
  root: string,
  sources: readonly SpecText[],
  skeletonDirs: readonly string[],
  { kinds = new PathKinds(root), config, pending, toolImages: keepToolImages }: Pick<PlanOptions, 'kinds' | 'config' | 'toolImages'> & { pending?: ReadonlyMap<string, string> } = {},
): AppPlans {
  const { skeletons, issues } = loadSkeletons(skeletonDirs);
  const policies = repositoryPolicies(config);
  const setting: SpecSetting = { ...(config ? { config } : {}), skeletons: skeletons.map(skeletonContract) };
  const specs: ResolvedSpec[] = [];
  for (const { specPath, text } of sources) {
    // The check validate runs too (the pre-commit hook): what it passes, this passes.
    const result = checkSpecText(text, { root, specPath }, setting, pending);
    issues.push(...result.issues);
    if (result.resolved) specs.push({ ...result.resolved, specPath, appDir: appDirOf(specPath) });
  }
  // Warnings (an env reference Kubernetes will leave as written) go with the plans, for the user to read.
  if (hasErrors(issues)) return { plans: [], specs, issues, policies };
  const textOf = new Map(sources.map((s) => [s.specPath, s.text]));
  const judged = specs.map((s) => ({ specPath: s.specPath, text: textOf.get(s.specPath)!, app: s.app }));
  const neighbours = specs.some((s) => s.app.spec.ingress !== undefined) ? ingressNeighbours(root, new Set(textOf.keys()), setting) : [];
  const conflicts = ingressGroupIssues(judged, neighbours);
  if (conflicts.length > 0) return { plans: [], specs, issues: [...issues, ...conflicts], policies };

  const compiled = new Map<string, CompiledSkeleton>();
  const compile = (source: SkeletonSource) => {
    let c = compiled.get(source.name);
    if (!c) {
      c = compileSkeleton(source);
      compiled.set(source.name, c);
    }
    return c;
  };
  const argocd = config?.config.argocd;
  const argoCd = config && argocd && { file: config.file, argocd, settings: argoCdSettingsOf(config.dir, argocd, root) };
  const applicationSetEnvironments = argoCd?.settings.mode === 'applicationSets' ? new Set(Object.keys(argoCd.settings.environments)) : undefined;
  const plans: AppPlan[] = [];
  const templatesOf = new Map<AppPlan, readonly TemplateSource[]>();
  for (const loaded of specs) {
    const source = skeletons.find((s) => s.name === loaded.app.spec.skeleton)!;
    try {
      const options = applicationSetEnvironments ? { applicationSetEnvironments } : {};
      let plan = renderApp(loaded, compile(source), options);
      // Rendered again, rarely, for the overlays whose tag image automation set.
      const images = keepToolImages ? toolImages(root, loaded, plan, issues) : {};
      if (Object.keys(images).length > 0) plan = renderApp(loaded, compile(source), { ...options, images });
      if (argoCd) plan.files.push(...applicationFiles(loaded, argoCd, argoCd.settings));
      plans.push(plan);
      templatesOf.set(plan, source.templates);
    } catch (err) {
      if (!(err instanceof SkeletonRenderError)) throw err;
      issues.push({ severity: 'error', rule: 'skeleton', file: loaded.specPath, message: err.message });
    }
  }
  const said = new Set<string>();
  const links = plans.flatMap((plan) => userFileLinkIssues(kinds, plan.specPath, plan.userFiles, said));
  if (links.length > 0) return { plans, specs, issues: [...issues, ...links], policies };
  // Each user file as validate reads it: one that is binary or not UTF-8 is refused here, for
  // every command that builds the overlays (capacity sizes them without writing anything).
  const userTexts = new Map<string, string | undefined>();
  for (const file of plans.flatMap((plan) => plan.userFiles)) {
    if (pending?.has(file.path) || userTexts.has(file.path)) continue;
    const read = readTextFile(join(root, file.path), file.path);
    if ('issue' in read) issues.push(read.issue);
    userTexts.set(file.path, 'text' in read ? read.text : undefined);
  }
  const builtIn = `${builtinSkeletonDir()}${sep}`;
  for (const plan of plans) {
    const templates = templatesOf.get(plan)!;
    // The built-in skeletons' output is held to the policies by the test suite, at no cost to a render.
    const ownTemplates = templates.some((t) => !t.file.startsWith(builtIn));
    for (const issue of ownTemplates ? renderedPolicyBreaks(plan, policies) : []) {
      const output = issue.file!.slice(`${plan.appDir}/`.length);
      const template = templateOf(templates, output);
      issues.push(template ? atTemplate(issue, toPosix(relative(root, template.file)), issue.file!, `for ${plan.specPath}`) : issue);
    }
    issues.push(...checkUserPatches(plan, (path) => pending?.get(path) ?? userTexts.get(path), policies));
  }
  return { plans, specs, issues, policies };
}

/**
 * The policies a repository holds its apps' files to: validate's, less those
 * .scaffold.yaml's validate.skip turns off (a rule turned off for validate holds
 * back neither a user's patch nor a skeleton's output).
 */
export function repositoryPolicies(config: LoadedConfig | undefined): readonly Policy[] {
  const skipped = new Set((config?.config.validate?.skip ?? []).map((s) => s.policy));
  return POLICIES.filter((p) => !skipped.has(p.id));
}

/** The Argo CD root Applications (and ApplicationSets) of the environments Argo CD deploys that some app has. */
export function organisationPlan(root: string, config: LoadedConfig | undefined, specs: readonly ResolvedSpec[]): PlannedFile[] {
  const argocd = config?.config.argocd;
  if (!config || !argocd) return [];
  const environments = new Set(specs.flatMap((s) => Object.keys(s.app.spec.environments)));
  return organisationFiles(config.file, argoCdSettingsOf(config.dir, argocd, root), environments);
}

/** The config's argocd section with its defaults, for a gitops root at `root`; `configDir` is the config's folder. */
function argoCdSettingsOf(configDir: string, argocd: ArgoCdConfig, root: string): ArgoCdSettings {
  return argoCdSettings(argocd, toPosix(relative(configDir, resolve(root))));
}

/**
 * The image values of the environments whose overlay on disk holds image automation's
 * (see chooseOverlayImage), by environment. An overlay with the bytes the plan has
 * needs no reading beyond that: it holds app.yaml's values. One that is not text is an
 * issue: its values cannot be kept, and rendering app.yaml's over them would lose them.
 */
function toolImages(root: string, loaded: ResolvedSpec, plan: AppPlan, issues: Issue[]): Record<string, ImageValues> {
  const images: Record<string, ImageValues> = {};
  for (const [envName, env] of Object.entries(loaded.app.spec.environments)) {
    const path = `${loaded.appDir}/overlays/${envName}/kustomization.yaml`;
    const planned = plan.files.find((f) => f.path === path);
    if (planned === undefined) continue;
    // A link here is refused before anything is written (preflight).
    const read = readTextFile(join(root, path), path);
    if ('issue' in read) issues.push(read.issue);
    if (!('text' in read)) continue;
    const { text } = read;
    if (!isGenerated(text) || sameModuloLineEndings(text, planned.content)) continue;
    const values = chooseOverlayImage(env.imageTag, loaded.app.spec.image, { text, imageFromSpec: imageFromSpecOf(text) }, false);
    if (!sameImageValues(values, specImage(env.imageTag))) images[envName] = values;
  }
  return images;
}

/**
 * One file is written from one app: two app.yaml files in one folder (`render
 * apps/a/app.yaml apps/a/copy.yaml`) would write the same files and delete each
 * other's. One issue per pair of specs, naming both and the first file they share.
 */
export function sharedOutputs(plans: readonly AppPlan[]): Issue[] {
  const writer = new Map<string, string>();
  const pairs = new Map<string, Issue>();
  for (const plan of plans) {
    for (const { path } of plan.files) {
      const other = writer.get(path);
      if (other === undefined) writer.set(path, plan.specPath);
      else if (!pairs.has(`${other}\n${plan.specPath}`)) {
        pairs.set(`${other}\n${plan.specPath}`, {
          severity: 'error',
          rule: 'conflict',
          file: plan.specPath,
          message: `would write the same files as ${other} (${path} and the others in ${plan.appDir}); one file is written from one app: give each app.yaml its own folder`,
        });
      }
    }
  }
  return [...pairs.values()];
}

export interface OutputSchemaOptions {
  /** User schema folders, searched before the built-in schemas (for kinds a user skeleton renders). */
  schemaDirs: readonly string[];
  ignoreMissingSchemas: boolean;
  /** `--kubernetes-version`, a bundled minor: wins over every environment's kubernetesVersion. */
  kubernetesVersion?: string;
  /** The schemas of each minor with the user's folders already read (openSchemas); else read from schemaDirs on first need. */
  schemasFor?: (version: string) => TargetSchemas;
}

/**
 * Validates the files a run is about to create or update, and the user's own
 * files the kustomizations reference, each against the Kubernetes minor of
 * its environment (a base file against every environment's; see
 * kubernetesTargets.ts). Generated files already on disk with the same
 * content were checked when written, against the same versions: a version
 * set in app.yaml or the organisation config is in the header of every file
 * validated against it (header.ts). Every finding in a generated file
 * blocks the write (scaffold does not write what its own checks question);
 * in a user file only errors do, and its warnings (a deprecated API) come
 * back beside the result. Kinds of a user file without a schema (the user's
 * CRDs) are left to `scaffold validate --schemas`.
 */
export function validateChanges(
  root: string,
  planned: { plans: readonly AppPlan[]; specs: readonly ResolvedSpec[]; policies: readonly Policy[]; organisation?: readonly PlannedFile[] },
  changes: readonly FileChange[],
  options: OutputSchemaOptions,
  pending?: ReadonlyMap<string, string>,
): { blocking: Issue[]; warnings: Issue[] } {
  const toWrite = new Set(changes.filter((c) => c.action === 'create' || c.action === 'update').map((c) => c.path));
  const schemasFor = options.schemasFor ?? schemasByVersion(options.schemaDirs);
  const bundled = bundledKubernetes().versions;
  // Resolved: an environment's kubernetesVersion is app.yaml's, else the organisation config's.
  const environmentsOf = new Map(planned.specs.map((s) => [s.specPath, s.app.spec.environments]));
  const check = (plan: AppPlan | undefined, file: PlannedFile, ignoreMissingSchemas: boolean, policies: readonly Policy[] = []): Issue[] => {
    const place = plan && placeIn(plan, file.path, environmentsOf.get(plan.specPath));
    const targets = kubernetesTargetsOf(place, { flag: options.kubernetesVersion }, bundled);
    const runs = targets.map((target) => ({ target, results: checkPlannedFiles([file], { ...schemasFor(target.version), ignoreMissingSchemas, policies }) }));
    return mergeTargetResults(runs).flatMap((result) => result.issues);
  };
  const blocking: Issue[] = [];
  const warnings: Issue[] = [];
  for (const plan of planned.plans) {
    for (const file of plan.files) if (toWrite.has(file.path)) blocking.push(...check(plan, file, options.ignoreMissingSchemas));
    for (const user of plan.userFiles) {
      const waiting = pending?.get(user.path);
      if (waiting !== undefined) {
        const found = check(plan, { path: user.path, content: waiting, role: user.role }, true, planned.policies);
        (hasErrors(found) ? blocking : warnings).push(...found);
        continue;
      }
      const read = readTextFile(join(root, user.path), user.path);
      // One missing (the spec check) or not text (planSpecTexts) has been reported already.
      if (!('text' in read)) continue;
      const found = check(plan, { path: user.path, content: read.text, role: user.role }, true, planned.policies);
      (hasErrors(found) ? blocking : warnings).push(...found);
    }
  }
  // The organisation's files (Argo CD roots and ApplicationSets) belong to no app: the default Kubernetes version checks them.
  for (const file of planned.organisation ?? []) if (toWrite.has(file.path)) blocking.push(...check(undefined, file, options.ignoreMissingSchemas));
  return { blocking, warnings };
}

/**
 * Where a planned file sits in its app: an overlay's (`<appDir>/overlays/<env>/...`), an
 * environment's Argo CD Application (`argocd/<env>/apps/<app>.yaml`), or the base's.
 */
function placeIn(plan: AppPlan, path: string, environments: unknown): AppFilePlace {
  const [top, env] = path.split('/');
  if (top === ARGOCD_DIR && env !== undefined) return { environments, overlay: env };
  const [folder, overlay] = path.slice(plan.appDir.length + 1).split('/');
  return { environments, ...(folder === 'overlays' && overlay !== undefined ? { overlay } : {}) };
}
