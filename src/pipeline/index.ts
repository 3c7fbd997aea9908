/**
 * The library API, `import { ... } from 'scaffold'` (dist/index.js, its declarations in
 * dist/index.d.ts; documented in the README's "Library API"): the use cases the CLI runs, with the
 * CLI's defaults, each returning an Outcome, `{result, issues}`, that holds what the CLI prints
 * (its `-o json` document is `{ok, ...result, issues}`). Nothing here prints or exits. A bad
 * argument is an issue of rule `usage`, as the CLI's usage errors are; an exception is a bug.
 * Relative paths are taken from `cwd`, by default the process's working folder, as Node's own
 * file functions take them.
 */
import { resolve } from 'node:path';
import { bundledKubernetes } from '../io/schemaFolders.ts';
import { centiHoursOf } from '../capacity/cost.ts';
import { bundledMinor } from '../schemas/kubernetesVersions.ts';
import { POLICIES, type Policy } from '../validate/policies/index.ts';
import type { ResourceResult } from '../validate/manifests.ts';
import { closestMatch } from '../vocabulary/didYouMean.ts';
import { POLICY_IDS, type Issue } from '../vocabulary/issue.ts';
import { planCapacity as planCapacityUseCase, type CapacityResult } from './capacity.ts';
import type { Outcome } from './outcome.ts';
import { checkApps as checkAppsUseCase, renderApps as renderAppsUseCase, type CheckResult, type RenderResult } from './render.ts';
import { misshapen, optional, required, type ShapeOf } from './requestShape.ts';
import { repositorySettings, validateInputs } from './validate.ts';
import { validateText } from './validateText.ts';

export type { Outcome } from './outcome.ts';
export type { Issue, PolicyId, Rule, Severity } from '../vocabulary/issue.ts';
export type { ResourceResult, ResourceStatus } from '../validate/manifests.ts';
export type { CheckResult, RenderResult } from './render.ts';
export type { CapacityResult } from './capacity.ts';
export { POLICY_IDS } from '../vocabulary/issue.ts';

/** The apps of a gitops root, as `render` and `render --check` take them. */
export interface AppsRequest {
  /** The gitops root: apps live in `apps/<name>/app.yaml` below it (`--root`). */
  root: string;
  /** app.yaml files, app folders or folders of app folders; default: every app of the root. */
  apps?: readonly string[];
  /** The folder relative paths are taken from; default: the process's working folder. */
  cwd?: string;
  /** Skeleton folders searched before the organisation config's and the built-in ones (`--skeletons`). */
  skeletonDirs?: readonly string[];
  /** Schema folders (from `scaffold schemas import`) searched before the built-in schemas (`--schemas`). */
  schemaDirs?: readonly string[];
  /** A bundled Kubernetes minor, such as `1.33`, for every environment (`--kubernetes-version`). */
  kubernetesVersion?: string;
  /** Accept rendered kinds that have no schema (`--ignore-missing-schemas`); the check validates as render does. */
  ignoreMissingSchemas?: boolean;
}

export interface RenderAppsRequest extends AppsRequest {
  /** Overwrite files edited by hand and files scaffold did not generate (`--force`). */
  force?: boolean;
}

const APPS_REQUEST: ShapeOf<AppsRequest> = {
  root: required('string'),
  apps: optional('strings'),
  cwd: optional('string'),
  skeletonDirs: optional('strings'),
  schemaDirs: optional('strings'),
  kubernetesVersion: optional('string'),
  ignoreMissingSchemas: optional('boolean'),
};
const RENDER_APPS_REQUEST: ShapeOf<RenderAppsRequest> = { ...APPS_REQUEST, force: optional('boolean') };

/** `scaffold render`: renders the apps and writes what changed; writes nothing when anything is wrong. */
export function renderApps(request: RenderAppsRequest): Outcome<RenderResult> {
  const wrong = misshapen('renderApps', request, RENDER_APPS_REQUEST);
  if (wrong !== undefined) return usage(wrong);
  const settled = appsRequest(request);
  if ('issues' in settled) return settled;
  return renderAppsUseCase({ ...settled, force: request.force ?? false });
}

/**
 * `scaffold render --check`: how the files on disk differ from what the app specs produce, or what
 * `renderApps` would refuse to write (the same validation); writes nothing.
 */
export function checkApps(request: AppsRequest): Outcome<CheckResult> {
  const wrong = misshapen('checkApps', request, APPS_REQUEST);
  if (wrong !== undefined) return usage(wrong);
  const settled = appsRequest(request);
  if ('issues' in settled) return settled;
  return checkAppsUseCase(settled);
}

/** How `validate` judges, as its flags say. */
export interface ValidationSettings {
  /** Schema folders searched before the built-in schemas (`--schemas`). */
  schemaDirs?: readonly string[];
  /** A bundled Kubernetes minor (`--kubernetes-version`); see `validateFiles` and `validateDocuments` for the default. */
  kubernetesVersion?: string;
  /** Policies to turn off, by id (`--skip-policy`); the organisation config's `validate.skip` applies too. */
  skipPolicies?: readonly string[];
  /** Check against the schemas only, every policy off (`--schema-only`). */
  schemaOnly?: boolean;
  /** Skip objects whose apiVersion/kind has no schema instead of failing them (`--ignore-missing-schemas`). */
  ignoreMissingSchemas?: boolean;
  /** Skip objects of these kinds: `Kind` or `apiVersion/Kind` (`--skip`). */
  skipKinds?: readonly string[];
  /** The folder relative paths are taken from, and where `.scaffold.yaml` is looked for upwards; default: the process's working folder. */
  cwd?: string;
}

const VALIDATION_SETTINGS: ShapeOf<ValidationSettings> = {
  schemaDirs: optional('strings'),
  kubernetesVersion: optional('string'),
  skipPolicies: optional('strings'),
  schemaOnly: optional('boolean'),
  ignoreMissingSchemas: optional('boolean'),
  skipKinds: optional('strings'),
  cwd: optional('string'),
};

export interface ValidateFilesRequest extends ValidationSettings {
  /** Files, and folders searched for `*.yaml`, `*.yml` and `Kustomization` files. */
  paths: readonly string[];
  /** Leave out files whose shown path matches (`--ignore-filename-pattern`). */
  ignore?: readonly RegExp[];
  /** Skeleton folders render is given (`--skeletons`): an app.yaml is judged against the skeletons render would use. */
  skeletonDirs?: readonly string[];
}

const VALIDATE_FILES_REQUEST: ShapeOf<ValidateFilesRequest> = { ...VALIDATION_SETTINGS, paths: required('strings'), ignore: optional('patterns'), skeletonDirs: optional('strings') };

/** What `validate --summary` counts. */
export interface ValidationSummary {
  /** Objects found: valid, invalid, errors and skipped (empty documents are no objects). */
  resources: number;
  files: number;
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
  empty: number;
  warnings: number;
  /** Whether anything is invalid or could not be judged: the CLI's exit code 1. */
  failed: boolean;
}

export interface ValidateFilesResult {
  /** One result per object (and per file that could not be read), in the order the CLI lists them. */
  resources: ResourceResult[];
  summary: ValidationSummary;
}

/**
 * `scaffold validate PATH...`: every document of every file. A file of an app's overlay is checked
 * against its environment's Kubernetes version, a file of its base against each environment's, any
 * other file against the newest bundled one, unless `kubernetesVersion` says otherwise. An app.yaml
 * where render reads it (`apps/<name>/app.yaml`) is judged by render's spec check, as render judges it.
 * Findings are in each resource's `issues`; the outcome's own issues are usage errors.
 */
export function validateFiles(request: ValidateFilesRequest): Outcome<ValidateFilesResult> {
  const wrong = misshapen('validateFiles', request, VALIDATE_FILES_REQUEST);
  if (wrong !== undefined) return usage(wrong);
  const cwd = resolve(request.cwd ?? '.');
  if (request.paths.includes('-')) return usage('validateFiles reads files; give the text of standard input to validateDocuments');
  const repository = repositorySettings(cwd);
  if (repository.issues.length > 0 && repository.result === undefined) return { issues: repository.issues };
  const settled = validationSettings(request, repository.result?.skips.map((s) => s.policy) ?? []);
  if ('issues' in settled) return settled;
  const resources: ResourceResult[] = [];
  const validated = validateInputs(
    {
      ...settled,
      paths: request.paths,
      cwd,
      ignore: request.ignore ?? [],
      schemaDirs: request.schemaDirs ?? [],
      skeletonDirs: request.skeletonDirs ?? [],
      ...(repository.result === undefined ? {} : { organisationVersions: repository.result.kubernetesVersions }),
    },
    (result) => resources.push(result),
  );
  if (validated.result === undefined) return { issues: validated.issues };
  const tally = validated.result;
  const { valid, invalid, errors, skipped, empty, warnings } = tally;
  const summary = { resources: tally.resources, files: tally.fileCount, valid, invalid, errors, skipped, empty, warnings, failed: tally.failed };
  return { result: { resources, summary }, issues: validated.issues };
}

export interface ValidateDocumentsRequest extends ValidationSettings {
  /** The text of one YAML file: any number of documents. */
  text: string;
  /** The file name issues give; a `kustomization.yaml` (or `.yml`, or `Kustomization`) is read as a kustomization. */
  file: string;
}

const VALIDATE_DOCUMENTS_REQUEST: ShapeOf<ValidateDocumentsRequest> = { ...VALIDATION_SETTINGS, text: required('string'), file: required('string') };

/**
 * `validate` of YAML a program holds, as `scaffold validate -` reads standard input: every object
 * judged against the schemas of `kubernetesVersion` (default: the newest bundled minor) and the
 * policies. The organisation config is not read, but for an app spec (kind: App): that is judged
 * as `render` would judge it were it an app's app.yaml, with the skeletons and the config found
 * from `cwd`. Findings are in each resource's `issues`.
 */
export function validateDocuments(request: ValidateDocumentsRequest): Outcome<ResourceResult[]> {
  const wrong = misshapen('validateDocuments', request, VALIDATE_DOCUMENTS_REQUEST);
  if (wrong !== undefined) return usage(wrong);
  const settled = validationSettings(request, []);
  if ('issues' in settled) return settled;
  return validateText({ ...settled, text: request.text, file: request.file, schemaDirs: request.schemaDirs ?? [], cwd: resolve(request.cwd ?? '.') });
}

export interface PlanCapacityRequest {
  /** The gitops root (`--root`). */
  root: string;
  /** app.yaml files or app folders to size; default: every app of the root. */
  apps?: readonly string[];
  /** Rendered YAML files or folders to size instead of app specs (`--manifests`). */
  manifests?: readonly string[];
  /** The folder relative paths are taken from; default: the process's working folder. */
  cwd?: string;
  skeletonDirs?: readonly string[];
  /** One environment; default: every environment found, a report each (`--env`). */
  env?: string;
  /** Instance types to compare; default: every type scaffold knows (`--instance-type`). */
  instanceTypes?: readonly string[];
  /** Share of each node kept free, from 0 to under 1; default 0 (`--headroom`). */
  headroom?: number;
  /** Hours in a month, at most 2 decimals; default 730 (`--hours`). */
  hoursPerMonth?: number;
  /** Region whose on-demand prices to use; default `us-east-1` (`--region`). */
  region?: string;
  /** A price table in the format of the shipped data/prices.json (`--prices`). */
  pricesFile?: string;
  /** A bundled Kubernetes minor (`--kubernetes-version`). */
  kubernetesVersion?: string;
}

const PLAN_CAPACITY_REQUEST: ShapeOf<PlanCapacityRequest> = {
  root: required('string'),
  apps: optional('strings'),
  manifests: optional('strings'),
  cwd: optional('string'),
  skeletonDirs: optional('strings'),
  env: optional('string'),
  instanceTypes: optional('strings'),
  headroom: optional('number'),
  hoursPerMonth: optional('number'),
  region: optional('string'),
  pricesFile: optional('string'),
  kubernetesVersion: optional('string'),
};

/** `scaffold capacity`: each environment's workloads sized against every instance type, with prices. */
export function planCapacity(request: PlanCapacityRequest): Outcome<CapacityResult> {
  const wrong = misshapen('planCapacity', request, PLAN_CAPACITY_REQUEST);
  if (wrong !== undefined) return usage(wrong);
  const cwd = resolve(request.cwd ?? '.');
  const headroom = request.headroom ?? 0;
  if (!(headroom >= 0 && headroom < 1)) return usage(`headroom must be a share from 0 to under 1, not ${headroom}`);
  const hours = String(request.hoursPerMonth ?? 730);
  const centiHours = centiHoursOf(hours);
  if (centiHours === undefined) return usage(`hoursPerMonth must be a positive number of hours with at most 2 decimals, not ${hours}`);
  const version = kubernetesVersionOf(request.kubernetesVersion);
  if (typeof version !== 'string' && version !== undefined) return version;
  const manifests = request.manifests ?? [];
  if (manifests.length > 0 && (request.apps !== undefined || request.skeletonDirs !== undefined)) {
    return usage('manifests are rendered YAML; apps and skeletonDirs are for reading app specs, so give one or the other');
  }
  return planCapacityUseCase({
    root: resolve(cwd, request.root),
    paths: request.apps ?? [],
    manifests,
    cwd,
    skeletonDirs: (request.skeletonDirs ?? []).map((dir) => resolve(cwd, dir)),
    ...(request.env === undefined ? {} : { env: request.env }),
    instanceTypes: request.instanceTypes ?? [],
    headroomBasisPoints: Math.round(headroom * 10000),
    centiHours,
    hoursPerMonth: hours,
    region: request.region ?? 'us-east-1',
    ...(request.pricesFile === undefined ? {} : { pricesFile: request.pricesFile }),
    ...(version === undefined ? {} : { kubernetesVersion: version }),
  });
}

/** The Kubernetes minors whose schemas are bundled, oldest first: the values `kubernetesVersion` takes. */
export function bundledKubernetesVersions(): string[] {
  return [...bundledKubernetes().versions];
}

function appsRequest(request: AppsRequest) {
  const cwd = resolve(request.cwd ?? '.');
  const version = kubernetesVersionOf(request.kubernetesVersion);
  if (typeof version !== 'string' && version !== undefined) return version;
  return {
    root: resolve(cwd, request.root),
    paths: request.apps ?? [],
    cwd,
    skeletonDirs: (request.skeletonDirs ?? []).map((dir) => resolve(cwd, dir)),
    schemaDirs: (request.schemaDirs ?? []).map((dir) => resolve(cwd, dir)),
    ignoreMissingSchemas: request.ignoreMissingSchemas ?? false,
    ...(version === undefined ? {} : { kubernetesVersion: version }),
  };
}

interface SettledValidation {
  kubernetesVersion?: string;
  policies: Policy[];
  ignoreMissingSchemas: boolean;
  skipKinds: Set<string>;
}

/** The CLI's checks of validate's flags; `skippedByConfig`: the organisation config's `validate.skip`. */
function validationSettings(request: ValidationSettings, skippedByConfig: readonly string[]): SettledValidation | { issues: Issue[] } {
  const version = kubernetesVersionOf(request.kubernetesVersion);
  if (typeof version !== 'string' && version !== undefined) return version;
  const ids: readonly string[] = POLICY_IDS;
  const skipPolicies = request.skipPolicies ?? [];
  const unknown = skipPolicies.find((id) => !ids.includes(id));
  if (unknown !== undefined) {
    const guess = closestMatch(unknown, ids);
    return usage(`skipPolicies: unknown policy "${unknown}"${guess ? ` (did you mean "${guess}"?)` : ''}; policies: ${ids.join(', ')}`);
  }
  const off = new Set([...skipPolicies, ...skippedByConfig]);
  return {
    ...(version === undefined ? {} : { kubernetesVersion: version }),
    policies: request.schemaOnly ? [] : POLICIES.filter((p) => !off.has(p.id)),
    ignoreMissingSchemas: request.ignoreMissingSchemas ?? false,
    skipKinds: new Set(request.skipKinds ?? []),
  };
}

function kubernetesVersionOf(given: string | undefined): string | undefined | { issues: Issue[] } {
  if (given === undefined) return undefined;
  const chosen = bundledMinor(given, bundledKubernetes().versions);
  return 'version' in chosen ? chosen.version : usage(`kubernetesVersion: ${chosen.problem}`);
}

function usage(message: string): { issues: Issue[] } {
  return { issues: [{ severity: 'error', rule: 'usage', message }] };
}
