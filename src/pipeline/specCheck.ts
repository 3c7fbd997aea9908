/**
 * render's check of an app spec, the one check every command that judges an
 * app.yaml runs: render and render --check (appPlans.ts plans the specs it
 * passes), and validate, the pre-commit hook, which must refuse whatever
 * CI's `render --check` would refuse of a spec (validateSpecs.ts). It needs
 * what render knows of the gitops root: the organisation config and the
 * contract of every skeleton an app may name, which validate takes from the
 * skeleton folders without reading a template (src/render/skeletonChains.ts:
 * no Handlebars in the validate bundle).
 */
import { basename, join, relative, sep } from 'node:path';
import { checkAppSpec, type SkeletonContract, type SpecCheckContext, type SpecSource } from '../appSpec/check.ts';
import { APPS_DIR, appDirOf, SPEC_FILE } from '../appSpec/layout.ts';
import { isFile } from '../io/files.ts';
import { linkIssue, type PathKinds } from '../io/pathKinds.ts';
import { bundledKubernetes } from '../io/schemaFolders.ts';
import { listSkeletonFolders } from '../io/skeletonTemplates.ts';
import { parseResolvedApp, resolvingContext, type ResolvedLoad } from '../orgConfig/loadApp.ts';
import type { LoadedConfig } from '../orgConfig/types.ts';
import type { UserFileRef } from '../render/plan.ts';
import { resolveChains, skeletonContract } from '../render/skeletonChains.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import { openRepository } from './repository.ts';

/** What the spec check knows of a repository: its organisation config, and the skeletons apps may name. */
export interface SpecSetting {
  config?: LoadedConfig;
  skeletons: readonly SkeletonContract[];
}

/** An app.yaml where render reads it: the gitops root (absolute) and the path from there, `apps/<name>/app.yaml`. */
export interface SpecPlace {
  root: string;
  specPath: string;
}

/**
 * The spec check's context: the skeletons, the bundled Kubernetes minors and, for an app.yaml in
 * its place, its folder (whose name is the app's) and the files of it the spec lists. `pending`:
 * files about to be written (root-relative path to content), which count as there.
 */
export function specCheckContext(setting: SpecSetting, place?: SpecPlace, pending?: ReadonlyMap<string, string>): SpecCheckContext {
  const context = { skeletons: setting.skeletons, kubernetesVersions: bundledKubernetes().versions };
  if (place === undefined) return context;
  const appDir = appDirOf(place.specPath);
  return {
    ...context,
    folderName: basename(appDir),
    fileExists: (path) => pending?.has(`${appDir}/${path}`) === true || isFile(join(place.root, appDir, path)),
  };
}

/** render's check of the text of an app.yaml in its place: every problem with line and column, and the spec resolved with the config when there is none. */
export function checkSpecText(text: string, place: SpecPlace, setting: SpecSetting, pending?: ReadonlyMap<string, string>): ResolvedLoad {
  return parseResolvedApp(text, place.specPath, specCheckContext(setting, place, pending), setting.config);
}

/**
 * render's check of an app spec that is in no place render reads (a document of another file,
 * standard input): everything but what its app folder would tell.
 */
export function checkSpecAlone(value: unknown, setting: SpecSetting, source: SpecSource): Issue[] {
  return checkAppSpec(value, resolvingContext(specCheckContext(setting), setting.config), source);
}

/** Where render reads `file` (absolute) as an app's spec, `<root>/apps/<name>/app.yaml`; undefined anywhere else. */
export function renderPlaceOf(file: string): SpecPlace | undefined {
  // Asked of every file validate reads: most are not an app.yaml, told without splitting the path.
  if (!file.endsWith(`${sep}${SPEC_FILE}`)) return undefined;
  const parts = file.split(sep);
  const n = parts.length;
  if (n < 4 || parts[n - 1] !== SPEC_FILE || parts[n - 3] !== APPS_DIR || parts[n - 2] === '') return undefined;
  return { root: parts.slice(0, n - 3).join(sep) || sep, specPath: `${APPS_DIR}/${parts[n - 2]}/${SPEC_FILE}` };
}

/**
 * The setting render would judge the specs of the repository `dir` is in with: the organisation
 * config found from `dir` upwards (shown relative to `shownFrom`), and the contracts of the
 * skeletons of its folders (`--skeletons`, the config's, the built-in ones), read without their
 * templates. `issues`: why there is no setting (the config's problems), or the problems of
 * skeleton.yaml files, which render reports too (a skeleton with them is unknown to both).
 */
export function openSpecSetting(dir: string, skeletonDirs: readonly string[], shownFrom: string): { setting?: SpecSetting; issues: Issue[] } {
  const repository = openRepository(dir, skeletonDirs, shownFrom);
  if (!repository.result) return { issues: repository.issues };
  const dirs = repository.result.skeletonDirs;
  const { skeletons, issues } = resolveChains(listSkeletonFolders(dirs), dirs);
  const config = repository.result.config;
  return {
    setting: { ...(config ? { config } : {}), skeletons: skeletons.map(skeletonContract) },
    issues: issues.map((issue) => (issue.file === undefined ? issue : { ...issue, file: toPosix(relative(shownFrom, issue.file)) })),
  };
}

/**
 * The symbolic links on the way to the files an app's spec lists (`files`, render/userFiles.ts):
 * Kustomize refuses a file reached through one, so render refuses the spec, and validate with it.
 * A link already in `said` is not said again.
 */
export function userFileLinkIssues(kinds: PathKinds, specPath: string, files: readonly UserFileRef[], said = new Set<string>()): Issue[] {
  const issues: Issue[] = [];
  for (const file of files) {
    const link = kinds.linkOnTheWay(file.path);
    if (link === undefined || said.has(link)) continue;
    said.add(link);
    issues.push(linkIssue(kinds, link, { context: `${specPath} lists ${file.path} at ${file.field}; Kustomize refuses a file reached through a link` }));
  }
  return issues;
}
