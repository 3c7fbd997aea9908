/**
 * `capacity` as a use case: the workloads of each environment, from the app
 * specs (each overlay built in memory as Kustomize would) or from rendered
 * YAML, sized against every instance type with its price.
 */
import { join } from 'node:path';
import type { InstanceType } from '../capacity/allocatable.ts';
import { capacityReport, type EnvironmentReport } from '../capacity/capacityReport.ts';
import { regionPrices, type RegionPrices } from '../capacity/cost.ts';
import type { ReportContext } from '../capacity/format.ts';
import { applyAutoscalers } from '../capacity/autoscalers.ts';
import { buildOverlay } from '../validate/overlayBuild.ts';
import { workloadsFromDocuments, type ManifestDocument, type Workload } from '../capacity/workloads.ts';
import { findAppSpecs } from '../io/appSpecs.ts';
import { INSTANCE_TYPES_FILE, readInstanceTypes, readPrices } from '../io/capacityData.ts';
import { missingFolderFlags } from '../io/flagFolders.ts';
import { bundledKubernetes } from '../io/schemaFolders.ts';
import { kubernetesVersionFor } from '../schemas/kubernetesVersions.ts';
import type { KubernetesTarget } from '../validate/apiLifecycle.ts';
import { findInputFiles, isFolderInput, readInputText, readTextFile } from '../io/inputFiles.ts';
import type { AppPlan, PlannedFile } from '../render/plan.ts';
import { closestMatch } from '../vocabulary/didYouMean.ts';
import { hasErrors, type Issue } from '../vocabulary/issue.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { planApps } from './appPlans.ts';
import type { Outcome } from './outcome.ts';
import { openRepository } from './repository.ts';

const MANIFEST_INPUT = /\.(ya?ml|json)$/;

export interface CapacityRequest {
  root: string;
  /** App specs to size (as for render); ignored when `manifests` are given. */
  paths: readonly string[];
  /** Rendered YAML to size instead of app specs: files, folders, or `-`. */
  manifests: readonly string[];
  cwd: string;
  /** The --skeletons folders, absolute; the config's and the built-in ones are searched after them. */
  skeletonDirs: readonly string[];
  /** One environment; all of them when absent. */
  env?: string;
  /** Instance type names; every known type when empty. */
  instanceTypes: readonly string[];
  headroomBasisPoints: number;
  centiHours: number;
  /** The hours as the user wrote them, for the report. */
  hoursPerMonth: string;
  region: string;
  /** A price file of the user's, instead of the shipped one. */
  pricesFile?: string;
  /**
   * `--kubernetes-version`, a bundled minor: wins over each environment's
   * kubernetesVersion. A workload whose apiVersion that minor does not serve
   * is an error (the cluster would refuse it).
   */
  kubernetesVersion?: string;
  stdin?: Uint8Array;
}

export interface GatheredEnvironment {
  name: string;
  workloads: Workload[];
  /** Apps that have no such environment (app specs only). */
  appsWithout: string[];
}

export interface CapacityResult {
  reports: EnvironmentReport[];
  environments: GatheredEnvironment[];
  context: ReportContext;
  prices: RegionPrices;
}

export function planCapacity(request: CapacityRequest): Outcome<CapacityResult> {
  const missing = missingFolderFlags({ root: request.root, skeletons: request.skeletonDirs }, request.cwd);
  if (missing.length > 0) return { issues: missing };
  const types = chooseInstanceTypes(request.instanceTypes);
  if ('issues' in types) return types;
  const loaded = readPrices(request.pricesFile, request.cwd);
  if ('issues' in loaded) return loaded;
  const prices = regionPrices(loaded.table, request.region, types.types, request.pricesFile !== undefined);
  if ('issues' in prices) return prices;

  const gathered = request.manifests.length > 0 ? workloadsFromManifests(request) : workloadsFromSpecs(request);
  if (hasErrors(gathered.issues)) return { issues: gathered.issues };
  const options = { instanceTypes: types.types, headroomBasisPoints: request.headroomBasisPoints, prices: prices.region, centiHours: request.centiHours };
  const reports = gathered.environments.map((e) => capacityReport(e.name, e.workloads, options));
  const context: ReportContext = {
    region: request.region,
    hoursPerMonth: request.hoursPerMonth,
    headroomBasisPoints: request.headroomBasisPoints,
    pricesFile: loaded.table.file,
    ...(prices.region.unsourcedNote ? { unsourcedNote: prices.region.unsourcedNote } : {}),
  };
  return { result: { reports, environments: gathered.environments, context, prices: prices.region }, issues: gathered.issues };
}

function chooseInstanceTypes(requested: readonly string[]): { types: InstanceType[] } | { issues: Issue[] } {
  const types = readInstanceTypes();
  const names = requested.flatMap((r) => r.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) return { types };
  const chosen: InstanceType[] = [];
  const issues: Issue[] = [];
  for (const name of new Set(names)) {
    const type = types.find((t) => t.name === name);
    if (type) chosen.push(type);
    else {
      const known = types.map((t) => t.name);
      issues.push({ severity: 'error', rule: 'usage', message: `unknown instance type "${name}"${hint(name, known)}; known: ${known.join(', ')} (add others to ${INSTANCE_TYPES_FILE})` });
    }
  }
  return issues.length > 0 ? { issues } : { types: chosen };
}

/** Builds each app's overlay for each environment from the app specs, with the render code, in memory. */
function workloadsFromSpecs(request: CapacityRequest): { environments: GatheredEnvironment[]; issues: Issue[] } {
  const { root } = request;
  const found = findAppSpecs(root, request.paths, request.cwd);
  if (found.issues.length > 0) return { environments: [], issues: found.issues };
  const repository = openRepository(root, request.skeletonDirs);
  if (!repository.result) return { environments: [], issues: repository.issues };
  const { config, skeletonDirs } = repository.result;
  const rendered = planApps(root, found.specs, skeletonDirs, config ? { config } : {});
  // What a spec's warnings are about (env values) does not change what its pods need.
  if (hasErrors(rendered.issues)) return { environments: [], issues: rendered.issues };

  const names = [...new Set(rendered.specs.flatMap((s) => Object.keys(s.spec.spec.environments)))].sort();
  if (request.env !== undefined && !names.includes(request.env)) {
    return { environments: [], issues: [{ severity: 'error', rule: 'usage', message: `no app has an environment "${request.env}"${hint(request.env, names)}; environments found: ${names.join(', ')}` }] };
  }
  // Resolved: an environment's kubernetesVersion is app.yaml's, else the organisation config's.
  const environmentsOf = new Map(rendered.specs.map((s) => [s.specPath, s.app.spec.environments]));
  const served = bundledKubernetes();
  const targetOf = (environment: string | undefined): KubernetesTarget => ({
    version: kubernetesVersionFor({ flag: request.kubernetesVersion, environment }, served.versions),
    served,
  });
  // The user's own patches and resources are part of the overlay Kustomize builds (planApps made sure they exist and are text).
  const withUserFiles = (plan: AppPlan): PlannedFile[] => [
    ...plan.files,
    ...plan.userFiles.map((f) => {
      const read = readTextFile(join(root, f.path), f.path);
      return { path: f.path, role: f.role, content: 'text' in read ? read.text : '' };
    }),
  ];
  const issues: Issue[] = [];
  const environments = (request.env !== undefined ? [request.env] : names).map((env) => {
    const workloads: Workload[] = [];
    const appsWithout: string[] = [];
    for (const plan of rendered.plans) {
      const environment = environmentsOf.get(plan.specPath)![env];
      if (environment === undefined) {
        appsWithout.push(plan.app);
        continue;
      }
      const built = buildOverlay(withUserFiles(plan), `${plan.appDir}/overlays/${env}`);
      issues.push(...built.issues);
      const extracted = workloadsFromDocuments(built.documents, targetOf(environment.kubernetesVersion), () => plan.app);
      const scaled = applyAutoscalers(extracted.workloads, built.documents);
      issues.push(...extracted.issues, ...scaled.issues);
      workloads.push(...scaled.workloads);
    }
    return { name: env, workloads, appsWithout };
  });
  return { environments, issues };
}

/** Reads rendered YAML (kubectl kustomize output and the like) from files, folders and stdin. */
function workloadsFromManifests(request: CapacityRequest): { environments: GatheredEnvironment[]; issues: Issue[] } {
  const documents: ManifestDocument[] = [];
  const issues: Issue[] = [];
  for (const source of request.manifests) {
    const inputs = findInputFiles([source], { cwd: request.cwd, names: MANIFEST_INPUT });
    if (inputs.length === 0 && isFolderInput(source, request.cwd)) {
      issues.push({ severity: 'error', rule: 'capacity', file: source, message: 'no .yaml, .yml or .json files in this folder' });
    }
    for (const input of inputs) {
      const read = readInputText(input, request.stdin);
      if ('problem' in read) {
        issues.push({ severity: 'error', rule: 'capacity', file: input.display, message: read.problem });
        continue;
      }
      if ('skipped' in read) {
        issues.push({ severity: 'warning', rule: 'read', file: input.display, message: read.skipped });
        continue;
      }
      if ('issue' in read) {
        issues.push(read.issue);
        continue;
      }
      const parsed = parseYamlStream(read.text, input.display);
      issues.push(...parsed.issues);
      documents.push(...parsed.documents.filter((d) => d.value !== null).map((d) => ({ file: input.display, value: d.value, locate: d.locate })));
    }
  }
  const env = request.env ?? 'manifests';
  if (hasErrors(issues)) return { environments: [], issues };
  const served = bundledKubernetes();
  const found = workloadsFromDocuments(documents, { version: kubernetesVersionFor({ flag: request.kubernetesVersion }, served.versions), served });
  if (found.workloads.length === 0 && found.issues.length === 0) {
    issues.push({ severity: 'error', rule: 'capacity', file: request.manifests.join(', '), message: 'no workloads found (Deployments, StatefulSets, ReplicaSets, DaemonSets, Jobs, CronJobs or Pods)' });
  }
  const scaled = applyAutoscalers(found.workloads, documents);
  return { environments: [{ name: env, workloads: scaled.workloads, appsWithout: [] }], issues: [...issues, ...found.issues, ...scaled.issues] };
}

function hint(word: string, candidates: readonly string[]): string {
  const guess = closestMatch(word, candidates);
  return guess ? ` (did you mean "${guess}"?)` : '';
}
