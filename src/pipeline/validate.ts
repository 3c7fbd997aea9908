/**
 * `validate` as a use case: every document of every input, judged against
 * the schemas and the policies, one result per object, handed to `onResult`
 * as soon as it is known (a report can stream, and memory stays flat).
 */
import { resolve } from 'node:path';
import { appPlaceFinder } from '../io/appPlaces.ts';
import path from 'node:path';
import { findInputFiles, readInputText, readInputYaml } from '../io/inputFiles.ts';
import { findKustomize } from '../io/kustomize.ts';
import { PatchIndex } from '../io/patchIndex.ts';
import { bundledKubernetes, readSchemaFolders } from '../io/schemaFolders.ts';
import { missingFlagFolders } from '../io/flagFolders.ts';
import { readOrgConfig } from '../io/orgConfig.ts';
import type { PolicySkip } from '../orgConfig/types.ts';
import { kubernetesTargetsOf, mergeTargetResults } from '../validate/kubernetesTargets.ts';
import { InputJudgement, locateInManifest } from '../validate/acrossObjects.ts';
import type { BuiltObject } from '../validate/build.ts';
import { checkManifestBytes, checkManifestText, checkObjects, fileError, fileSkipped, type ManifestCheckOptions, type ResourceResult } from '../validate/manifests.ts';
import type { Policy } from '../validate/policies/index.ts';
import type { TargetSchemas } from '../validate/registry.ts';
import { Tally } from '../validate/tally.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import type { Outcome } from './outcome.ts';
import { kustomizationRoots, validateBuilds } from './validateBuilds.ts';
import { AppSpecJudge } from './validateSpecs.ts';

// Kustomize also reads a kustomization file named just `Kustomization`.
const MANIFEST_FILE = /\.ya?ml$|^Kustomization$/;

export interface ValidateRequest {
  /** Files, folders, or `-` for standard input. */
  paths: readonly string[];
  cwd: string;
  /** Standard input, read by the caller when `-` is among the paths. */
  stdin?: Uint8Array;
  /** Leave out files whose shown path matches. */
  ignore: readonly RegExp[];
  /** Imported schema folders (relative to `cwd`), searched before the built-in schemas. */
  schemaDirs: readonly string[];
  /**
   * `--kubernetes-version`, a bundled minor, for every file. Without it a
   * file of an app's overlay is checked against its environment's
   * kubernetesVersion, a file of its base against each environment's, and
   * anything else against the newest bundled minor.
   */
  kubernetesVersion?: string;
  /** The organisation config's Kubernetes version of each environment: where app.yaml names none. */
  organisationVersions?: Readonly<Record<string, string>>;
  policies: readonly Policy[];
  ignoreMissingSchemas: boolean;
  /** Skip objects of these kinds: `Kind` or `apiVersion/Kind`. */
  skipKinds: ReadonlySet<string>;
  /** Build every kustomization root among the inputs with the real Kustomize, found on this PATH, and validate what it builds. */
  build?: { path: string | undefined };
  /** Skeleton folders (relative to `cwd`) render is given with `--skeletons`: app specs are judged against the skeletons render would use. */
  skeletonDirs?: readonly string[];
}

/** Validates every input; the tally says whether anything failed. */
export function validateInputs(request: ValidateRequest, onResult: (result: ResourceResult) => void): Outcome<Tally> {
  const opened = openSchemas(request.schemaDirs, request.cwd);
  if ('issues' in opened) return { issues: opened.issues };
  const missingSkeletons = missingFlagFolders('--skeletons', request.skeletonDirs ?? [], request.cwd);
  if (missingSkeletons.length > 0) return { issues: missingSkeletons };
  const bundled = bundledKubernetes().versions;
  const placeOf = appPlaceFinder({ everyEnvironment: Object.keys(request.organisationVersions ?? {}).length > 0 });
  const specs = new AppSpecJudge({ cwd: request.cwd, skeletonDirs: request.skeletonDirs ?? [], skipKinds: request.skipKinds });
  const checks = { policies: request.policies, ignoreMissingSchemas: request.ignoreMissingSchemas, skipKinds: request.skipKinds, appSpec: specs.aloneCheck };
  // The options of each minor, made once: every file of a repository asks for the same one or two.
  const optionsByVersion = new Map<string, ManifestCheckOptions>();
  const checksFor = (version: string): ManifestCheckOptions => {
    let options = optionsByVersion.get(version);
    if (options === undefined) optionsByVersion.set(version, (options = { ...checks, ...opened.schemasFor(version) }));
    return options;
  };
  const tool = request.build === undefined ? undefined : findKustomize(request.build.path);
  if (request.build !== undefined && tool === undefined) {
    return { issues: [{ severity: 'error', rule: 'usage', message: '--build needs the real Kustomize, and neither kustomize nor kubectl is on PATH: install one of them, or validate without --build' }] };
  }
  const tally = new Tally();
  const report = (result: ResourceResult) => {
    tally.add(result);
    onResult(result);
  };
  const patches = new PatchIndex();
  const acrossObjects = new InputJudgement(request.policies);
  const inputs = findInputFiles(request.paths, { cwd: request.cwd, names: MANIFEST_FILE, ignore: request.ignore, onListing: (dir, entries) => patches.listed(dir, entries) });
  const shown = new Map(inputs.flatMap((input) => (input.absolute === undefined ? [] : [[input.absolute, input.display] as const])));
  const display = (file: string) => shown.get(file) ?? toPosix(path.relative(request.cwd, file));
  const targetsOf = (absolute: string | undefined) => {
    const place = absolute === undefined || request.kubernetesVersion !== undefined ? undefined : placeOf(absolute);
    return kubernetesTargetsOf(place, { flag: request.kubernetesVersion, organisation: request.organisationVersions }, bundled);
  };
  // A build is judged against the minors of its kustomization's place (an overlay: its environment's).
  const judgeBuild = (objects: readonly BuiltObject[], file: string, kustomization: string) =>
    mergeTargetResults(targetsOf(kustomization).map((target) => ({ target, results: checkObjects(objects, file, checksFor(target.version)) })));
  // What a build read is validated as built; kustomization files are still judged as files (their fields, the files they list).
  const built = tool === undefined ? new Set<string>() : validateBuilds(kustomizationRoots(inputs), tool, { policies: request.policies, judge: judgeBuild, display }, report);
  for (const input of inputs) {
    if (input.absolute !== undefined && built.has(input.absolute)) continue;
    const content = readInputYaml(input, request.stdin);
    let results: ResourceResult[];
    let spec: ResourceResult | undefined;
    if ('problem' in content) results = [fileError(input.display, content.problem)];
    else if ('skipped' in content) results = [fileSkipped(input.display, content.skipped)];
    // An app.yaml where render reads it is judged as render judges it.
    else if ('text' in content && (spec = specs.judgeInPlace(input.absolute, content.text, input.display)) !== undefined) results = [spec];
    else {
      const role = patches.roleOf(input);
      specs.reading(input.absolute);
      const check = (options: ManifestCheckOptions) =>
        'text' in content ? checkManifestText(content.text, input.display, role, options) : checkManifestBytes(content.bytes, input.display, role, options);
      results = mergeTargetResults(targetsOf(input.absolute).map((target) => ({ target, results: check(checksFor(target.version)) })));
    }
    const waiting = specs.takeWaiting();
    for (const result of waiting.length === 0 ? results : [...waiting, ...results]) {
      const now = acrossObjects.add(result);
      if (now !== undefined) report(now);
    }
  }
  // A finding across objects is placed by reading its file again, as it was read to be validated (its byte order mark dropped): only files with such a finding are.
  const byDisplay = new Map(inputs.map((input) => [input.display, input]));
  for (const result of acrossObjects.finish((waiting, path) => {
    const input = byDisplay.get(waiting.file);
    const content = input === undefined ? undefined : readInputText(input, request.stdin);
    if (content === undefined || !('text' in content) || waiting.line === undefined) return undefined;
    return locateInManifest(content.text, waiting.line, path);
  })) {
    report(result);
  }
  return { result: tally, issues: [] };
}

/**
 * The schemas of each bundled minor, with every imported folder's index read
 * now: a bad folder is a usage error, not a failure halfway.
 */
export function openSchemas(dirs: readonly string[], cwd: string): { schemasFor: (version: string) => TargetSchemas } | { issues: Issue[] } {
  const missing = missingFlagFolders('--schemas', dirs, cwd);
  if (missing.length > 0) return { issues: missing };
  return readUserSchemaFolders(dirs.map((dir) => resolve(cwd, dir)));
}

/** openSchemas of absolute folders already found to be folders (render checks every folder flag first). */
export function readUserSchemaFolders(dirs: readonly string[]): { schemasFor: (version: string) => TargetSchemas } | { issues: Issue[] } {
  try {
    return { schemasFor: readSchemaFolders(dirs) };
  } catch (err) {
    if (!(err instanceof SyntaxError) && (err as NodeJS.ErrnoException).code === undefined) throw err;
    return { issues: [{ severity: 'error', rule: 'usage', message: `--schemas: ${(err as Error).message}` }] };
  }
}

export interface RepositorySettings {
  /** The config's path, relative to the working folder. */
  file: string;
  skips: PolicySkip[];
  /** Each environment's Kubernetes version, where the config gives one. */
  kubernetesVersions: Record<string, string>;
}

/**
 * What the repository's `.scaffold.yaml` says about validation: the policies
 * it turns off (its `validate.skip`) and its environments' Kubernetes
 * versions; found from the working folder upwards, undefined when there is
 * no config. A config with problems stops validation, as it stops every command.
 */
export function repositorySettings(cwd: string): Outcome<RepositorySettings | undefined> {
  const read = readOrgConfig(cwd, cwd);
  if (read.issues.length > 0) return { issues: read.issues };
  if (read.config === undefined) return { issues: [] };
  const { file, config } = read.config;
  const kubernetesVersions = Object.fromEntries(
    Object.entries(config.environments ?? {}).flatMap(([name, environment]) => (environment.kubernetesVersion === undefined ? [] : [[name, environment.kubernetesVersion]])),
  );
  return { result: { file, skips: config.validate?.skip ?? [], kubernetesVersions }, issues: [] };
}
