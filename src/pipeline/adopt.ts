/**
 * `adopt` as a use case: read an app's hand-written objects (files, folders, or a
 * Kustomize root built with the real Kustomize), per environment; pick the
 * workload and what belongs to it; map them onto an app spec; then render, build
 * and diff until every difference between the originals and the built overlays is
 * one a rule intends, writing what the spec cannot say into patches and resources
 * of the app's own. Nothing is written unless that succeeds, and then all of it:
 * app.yaml, those files and the rendered base and overlays.
 */
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { appDirOf, specPathOf } from '../appSpec/layout.ts';
import { serializeAppSpec } from '../appSpec/serialize.ts';
import type { AppSpec } from '../appSpec/types.ts';
import { compareEnvironment, originalFinder, type ClassifiedDifference, type PassContext } from '../adopt/compare.ts';
import { foldViews } from '../adopt/fold.ts';
import { clone, describeObject, kindOf, nameOf, withoutBuildMetadata, type Json, type SourceObject } from '../adopt/objects.ts';
import { exemptionPatch } from '../adopt/podSecurity.ts';
import { addResidual, type PatchDocuments } from '../adopt/residual.ts';
import { ruleById } from '../adopt/rules.ts';
import { selectApp, type LeftOut } from '../adopt/select.ts';
import { formatSteps, type Difference } from '../adopt/semanticDiff.ts';
import { mapEnvironment, type EnvironmentAdoption, type MapOptions, type MappingFinding } from '../adopt/toSpec.ts';
import { yamlStream } from '../adopt/yamlText.ts';
import { isFile, isFolder } from '../io/files.ts';
import { missingFolderFlags } from '../io/flagFolders.ts';
import { findInputFiles, readInputText } from '../io/inputFiles.ts';
import type { KustomizeTool } from '../io/kustomize.ts';
import { PathKinds } from '../io/pathKinds.ts';
import { buildRoot, buildScratch, kustomizeOnPath } from '../io/scratchBuild.ts';
import type { LoadedConfig } from '../orgConfig/types.ts';
import { formatPath, hasErrors, type Issue } from '../vocabulary/issue.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { parseYamlStream, type SourceDocument } from '../yamlSource/parse.ts';
import { diffPlans, exactChange, type FileChange } from '../write/changes.ts';
import { preflight } from '../write/preflight.ts';
import { writeTree, type WriteSummary } from '../write/writeTree.ts';
import { planSpecTexts, validateChanges, type AppPlans } from './appPlans.ts';
import type { Outcome } from './outcome.ts';
import { openRepository } from './repository.ts';

export interface AdoptRequest extends Omit<MapOptions, 'name'> {
  /** The gitops root, absolute. */
  root: string;
  cwd: string;
  name: string;
  /** The inputs of each environment (paths relative to cwd); one entry without --env. */
  environments: { env?: string; paths: string[] }[];
  skeletonDirs: readonly string[];
  /** Replace an app folder that exists. */
  force: boolean;
  /** The process environment, for the PATH Kustomize is found on. */
  processEnv: Readonly<Record<string, string | undefined>>;
}

export interface AdoptedObject {
  kind: string;
  name: string;
  namespace: string | null;
  differences: { path: string; op: Difference['op']; from?: unknown; to?: unknown; rule: string }[];
}

export interface AdoptResult {
  app: string;
  skeleton: string;
  namespace: string;
  specPath: string;
  environments: { name: string; objects: AdoptedObject[] }[];
  /** The rules that applied, with how many differences each explains. */
  rules: { id: string; summary: string; risk: string | null; count: number }[];
  /** Files of the app's own that carry what app.yaml cannot say. */
  userFiles: { path: string; role: 'patch' | 'resource'; about: string }[];
  leftOut: { kind: string; name: string; file: string; line: number | null; reason: string; adoptWith: string | null }[];
  /** How kubernetes-external-secrets objects were migrated. */
  notes: { file: string; line: number | null; path: string; message: string }[];
  written: WriteSummary;
}

const MAX_PASSES = 5;
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

interface Environment {
  name: string;
  paths: string[];
  adoption: EnvironmentAdoption;
  leftOut: LeftOut[];
  /** The residual patches and the app's own resources, built up over the passes. */
  patches: PatchDocuments;
  resources: Json[];
}

export function adoptApp(request: AdoptRequest): Outcome<AdoptResult> {
  // The name becomes a folder and the name of every object: a DNS-1123 label, as the app spec wants.
  if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(request.name)) {
    return { issues: [{ severity: 'error', rule: 'usage', message: `--name ${JSON.stringify(request.name)}: an app name is a DNS-1123 label (lowercase letters, digits and '-', starting with a letter, at most 63 characters), and names the workload to adopt` }] };
  }
  const usage = missingFolderFlags({ root: request.root, skeletons: request.skeletonDirs }, request.cwd);
  if (usage.length > 0) return { issues: usage };
  const repository = openRepository(request.root, request.skeletonDirs);
  if (!repository.result) return { issues: repository.issues };
  const { config, skeletonDirs } = repository.result;
  const tool = kustomizeOnPath(request.processEnv);
  if (!tool) return { issues: [{ severity: 'error', rule: 'usage', message: 'adopt builds what it writes with the real Kustomize, and finds neither kustomize nor kubectl on PATH: install kubectl (it embeds Kustomize)' }] };

  const specPath = specPathOf(request.name);
  const appDir = appDirOf(specPath);
  if (!request.force && isFolder(join(request.root, appDir))) {
    return { issues: [{ severity: 'error', rule: 'conflict', file: appDir, message: `exists: ${request.name} is adopted already, or another app has the name; move the folder away, or run again with --force to replace what adopt writes there` }] };
  }

  const defaultEnv = defaultEnvironment(config);
  const issues: Issue[] = [];
  const environments: Environment[] = [];
  for (const { env, paths } of request.environments) {
    const name = env ?? defaultEnv;
    const read = readObjects(paths, request.cwd, tool);
    issues.push(...read.issues);
    if (hasErrors(read.issues)) continue;
    const selected = selectApp(read.objects, request.name);
    for (const p of selected.problems) issues.push(findingIssue({ severity: 'error', ...(p.object ? { object: p.object } : {}), message: p.message }));
    if (!selected.selection) continue;
    const mapped = mapEnvironment(selected.selection, request);
    issues.push(...mapped.findings.map(findingIssue));
    if (!mapped.adoption) continue;
    environments.push({ name, paths, adoption: mapped.adoption, leftOut: selected.selection.leftOut, patches: new Map(), resources: [...mapped.adoption.extraResources] });
  }
  if (hasErrors(issues)) return { issues };
  issues.push(...sameAcrossEnvironments(environments));
  if (hasErrors(issues)) return { issues };

  const spec = foldViews(request.name, environments.map((e) => ({ env: e.name, view: e.adoption.spec })));
  const namespace = spec.spec.namespace!;
  const context = { app: request.name, namespace, istio: spec.spec.istio?.sidecar === true, autoscaled: spec.spec.autoscaling !== undefined, ingress: spec.spec.ingress !== undefined, ...(request.activeDeadlineSeconds === undefined ? {} : { deadline: request.activeDeadlineSeconds }) };
  const single = environments.length === 1;
  for (const env of environments) {
    const reason = env.adoption.podSecurityExemption;
    const workload = env.adoption.originals[0]!;
    if (reason !== undefined) env.patches.set(`${kindOf(workload)}/${request.name}`, exemptionPatch(workload, request.name, namespace, reason));
  }

  // Render, build and diff until nothing unintended is left, each pass taking back what the last one found.
  let passes = 0;
  let final: Pass | undefined;
  for (;;) {
    passes++;
    const pass = runPass(request, spec, environments, single ? 'base' : 'overlays', { tool, skeletonDirs, config, context });
    if ('issues' in pass) return { issues: [...issues, ...pass.issues] };
    const unintended = pass.differences.flatMap((d) => d.differences.filter((x) => x.rule === undefined).map((x) => ({ env: d.env, difference: x })));
    if (unintended.length === 0) {
      final = pass;
      break;
    }
    let changed = false;
    const refused: Issue[] = [];
    for (const env of environments) {
      const mine = unintended.filter((u) => u.env.name === env.name).map((u) => u.difference);
      if (mine.length === 0) continue;
      const outcome = addResidual(mine, originalFinder(env.adoption, namespace), env.patches, env.adoption.spec.resources);
      for (const missing of outcome.missing) {
        env.resources.push(missing);
        changed = true;
      }
      changed ||= outcome.changed;
      refused.push(...outcome.refused.map((r) => unintendedIssue(r.difference, `${appDir}/overlays/${env.name}`, r.reason)));
    }
    if (refused.length > 0) return { issues: [...issues, ...refused] };
    if (!changed || passes >= MAX_PASSES) {
      return { issues: [...issues, ...unintended.map((u) => unintendedIssue(u.difference, `${appDir}/overlays/${u.env.name}`, 'its patch did not take it back (a Kustomize merge adopt does not foresee): please report it'))] };
    }
  }

  // With several environments, what every environment's patches and resources say alike goes to the base.
  if (!single) {
    const hoisted = runPass(request, spec, environments, 'hoisted', { tool, skeletonDirs, config, context });
    if (!('issues' in hoisted) && hoisted.differences.every((d) => d.differences.every((x) => x.rule !== undefined))) final = hoisted;
  }
  const done = final!;

  const plannedUser = done.userFiles;
  // Generated files and the app's own alike, each against the Kubernetes minor of every environment it reaches.
  const generated = diffPlans(done.planned.plans, request.root);
  const checked = validateChanges(request.root, done.planned, generated, { schemaDirs: [], ignoreMissingSchemas: true }, new Map(plannedUser.map((f) => [f.path, f.content])));
  if (checked.blocking.length > 0) return { issues: [...issues, ...checked.blocking] };
  issues.push(...checked.warnings);

  // app.yaml last: a run stopped midway leaves no app.yaml, so running adopt again is not refused.
  const specChange = exactChange(request.root, specPath, done.specText);
  const changes: FileChange[] = [...plannedUser.map((f) => exactChange(request.root, f.path, f.content)), ...generated, specChange];
  const refused = preflight(changes, new PathKinds(request.root), { write: true });
  if (refused.length > 0) return { issues: [...issues, ...refused] };
  const { written, failure } = writeTree(changes, request.root);
  if (failure) return { issues: [...issues, failure] };

  const given = (env: Environment) => adoptCommand(env.paths, request);
  const counts = new Map<string, number>();
  for (const d of done.differences.flatMap((e) => e.differences)) counts.set(d.rule!, (counts.get(d.rule!) ?? 0) + 1);
  return {
    result: {
      app: request.name,
      skeleton: spec.spec.skeleton,
      namespace,
      specPath,
      environments: done.differences.map((e) => ({ name: e.env.name, objects: byObject(e.differences) })),
      rules: [...counts].map(([id, count]) => {
        const rule = ruleById(id)!;
        return { id, summary: rule.summary, risk: rule.risk ?? null, count };
      }),
      userFiles: plannedUser.map((f) => ({ path: f.path, role: f.role, about: f.about })),
      leftOut: dedupeLeftOut(environments.flatMap((e) => e.leftOut.map((l) => ({ kind: kindOf(l.object.value), name: nameOf(l.object.value), file: l.object.file, line: l.object.line ?? null, reason: l.reason, adoptWith: l.workload === undefined ? null : given(e).replace(/--name \S+/, `--name ${l.workload}`) })))),
      notes: environments.flatMap((e) => e.adoption.kesNotes.map((n) => ({ file: n.object.file, line: n.object.locate ? n.object.locate(n.finding.path).line : (n.object.line ?? null), path: formatPath(n.finding.path), message: n.finding.message }))),
      written,
    },
    issues,
  };
}

/** The one environment of an adoption without --env: the config's only one, else production. */
function defaultEnvironment(config: LoadedConfig | undefined): string {
  const names = Object.keys(config?.config.environments ?? {});
  return names.length === 1 ? names[0]! : 'production';
}

interface PassOptions {
  tool: KustomizeTool;
  skeletonDirs: readonly string[];
  config: LoadedConfig | undefined;
  context: PassContext;
}

interface UserFile {
  path: string;
  content: string;
  role: 'patch' | 'resource';
  about: string;
}

interface Pass {
  specText: string;
  planned: AppPlans;
  userFiles: UserFile[];
  differences: { env: Environment; differences: ClassifiedDifference[] }[];
}

/**
 * Renders the app with the patches and resources found so far, builds every overlay
 * with Kustomize, and diffs each against its environment's originals. `placement`:
 * everything in base/ (one environment), in each overlay, or in base/ where every
 * environment has it alike (`hoisted`).
 */
function runPass(request: AdoptRequest, spec: AppSpec, environments: readonly Environment[], placement: 'base' | 'overlays' | 'hoisted', options: PassOptions): Pass | { issues: Issue[] } {
  const app = clone(spec);
  const specPath = specPathOf(request.name);
  const appDir = appDirOf(specPath);
  const userFiles: UserFile[] = [];
  const place = (folder: string, list: { name: string; content: string; role: 'patch' | 'resource'; about: string }[]) => {
    for (const f of list) userFiles.push({ path: `${appDir}/${folder}/${f.name}`, content: f.content, role: f.role, about: f.about });
  };
  const files = (objects: readonly Json[], role: 'patch' | 'resource') =>
    objects.map((o) => {
      const kind = kindOf(o).toLowerCase();
      const own = nameOf(o) === request.name;
      const name = role === 'patch' ? `adopted-${kind}${own ? '' : `-${nameOf(o)}`}-patch.yaml` : `adopted-${kind}-${nameOf(o)}.yaml`;
      const what = role === 'patch' ? `what app.yaml cannot say of ${describeObject(o)}` : `${describeObject(o)}, which the skeleton does not render`;
      return { name, role, about: describeObject(o), content: `# Written by scaffold adopt: ${what}. Yours to edit; scaffold render never touches it.\n${yamlStream([o])}` };
    });
  const shared = (pick: (e: Environment) => readonly Json[]) =>
    placement === 'overlays' ? [] : placement === 'base' ? [...pick(environments[0]!)] : pick(environments[0]!).filter((o) => environments.every((e) => pick(e).some((x) => isDeepStrictEqual(x, o))));
  const baseResources = files(shared((e) => e.resources), 'resource');
  const basePatches = files(shared((e) => [...e.patches.values()]), 'patch');
  place('base', [...baseResources, ...basePatches]);
  if (baseResources.length > 0) app.spec.extraResources = baseResources.map((f) => f.name);
  if (basePatches.length > 0) app.spec.patches = basePatches.map((f) => f.name);
  if (placement !== 'base') {
    const inBase = (o: Json, pick: (e: Environment) => readonly Json[]) => placement === 'hoisted' && environments.every((e) => pick(e).some((x) => isDeepStrictEqual(x, o)));
    for (const env of environments) {
      const resources = files(env.resources.filter((o) => !inBase(o, (e) => e.resources)), 'resource');
      const patches = files([...env.patches.values()].filter((o) => !inBase(o, (e) => [...e.patches.values()])), 'patch');
      place(`overlays/${env.name}`, [...resources, ...patches]);
      const target = app.spec.environments[env.name]!;
      if (resources.length > 0) target.extraResources = resources.map((f) => f.name);
      if (patches.length > 0) target.patches = patches.map((f) => f.name);
    }
  }

  const specText = serializeAppSpec(app);
  const pending = new Map(userFiles.map((f) => [f.path, f.content]));
  const planned = planSpecTexts(request.root, [{ specPath, text: specText }], options.skeletonDirs, { ...(options.config ? { config: options.config } : {}), pending });
  if (hasErrors(planned.issues)) return { issues: planned.issues.map((i) => (i.file === specPath ? { ...i, message: `${i.message} (in the app.yaml adopt made of the inputs)` } : i)) };
  const scratch = [...planned.plans.flatMap((p) => p.files), ...userFiles].map((f) => ({ path: f.path, content: f.content }));
  const targets = environments.map((e) => `${appDir}/overlays/${e.name}`);
  const builds = buildScratch(options.tool, scratch, targets);
  const issues: Issue[] = [];
  const differences: Pass['differences'] = [];
  for (const env of environments) {
    const built = builds.get(`${appDir}/overlays/${env.name}`)!;
    if ('problem' in built) {
      issues.push({ severity: 'error', rule: 'adopt', file: `${appDir}/overlays/${env.name}`, message: `the overlay adopt wrote does not build: ${built.problem} (please report it)` });
      continue;
    }
    const objects = parseYamlStream(built.text, `${appDir}/overlays/${env.name}`).documents.map((d) => d.value).filter(isMapping).map(withoutBuildMetadata);
    differences.push({ env, differences: compareEnvironment(env.adoption, objects, options.context) });
  }
  if (issues.length > 0) return { issues };
  return { specText, planned, userFiles, differences };
}

/** The inputs of one environment as objects: files and folders read, Kustomize roots built, Lists opened. */
function readObjects(paths: readonly string[], cwd: string, tool: KustomizeTool): { objects: SourceObject[]; issues: Issue[] } {
  const objects: SourceObject[] = [];
  const issues: Issue[] = [];
  const fromDocuments = (file: string, documents: readonly SourceDocument[], positions: boolean) => {
    for (const doc of documents) {
      if (!isMapping(doc.value)) continue;
      const base = { file, ...(positions ? { line: doc.start.line, locate: doc.locate } : {}) };
      if (doc.value.kind === 'List' && Array.isArray(doc.value.items)) {
        doc.value.items.forEach((item, i) => {
          if (isMapping(item)) objects.push({ ...base, value: item, at: ['items', i], ...(positions ? { line: doc.locate(['items', i], 'value').line } : {}) });
        });
      } else objects.push({ ...base, value: doc.value });
    }
  };
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    const root = KUSTOMIZATION_FILES.some((f) => isFile(join(absolute, f)));
    if (isFolder(absolute) && root) {
      const built = buildRoot(tool, absolute);
      if ('problem' in built) issues.push({ severity: 'error', rule: 'input', file: given, message: `is a Kustomize root, and does not build: ${built.problem}` });
      else {
        const parsed = parseYamlStream(built.text, given);
        fromDocuments(`${given} (built)`, parsed.documents.map((d) => ({ ...d, value: isMapping(d.value) ? withoutBuildMetadata(d.value) : d.value })), false);
      }
      continue;
    }
    const inputs = findInputFiles([given], { cwd, names: /\.ya?ml$|^Kustomization$/ });
    // Below a Kustomize root, files are resources and patches of it, not objects as they run: build the root.
    const roots = inputs.filter((i) => i.discovered && KUSTOMIZATION_FILES.includes(i.display.split('/').pop()!));
    if (roots.length > 0) {
      const folders = roots.map((r) => r.display.slice(0, r.display.lastIndexOf('/')));
      const shown = folders.length > 3 ? `${folders.slice(0, 3).join(', ')} and ${folders.length - 3} more` : folders.join(', ');
      issues.push({ severity: 'error', rule: 'input', file: given, message: `holds Kustomize roots (${shown}): give the root whose build runs (adopt builds it with Kustomize), or --env ENV=ROOT for each environment` });
      continue;
    }
    for (const input of inputs) {
      const read = readInputText(input, undefined);
      if ('problem' in read) issues.push({ severity: 'error', rule: 'read', file: input.display, message: read.problem });
      else if ('skipped' in read) issues.push({ severity: 'warning', rule: 'read', file: input.display, message: read.skipped });
      else if ('issue' in read) issues.push(read.issue);
      else {
        const parsed = parseYamlStream(read.text, input.display);
        issues.push(...parsed.issues);
        fromDocuments(input.display, parsed.documents, true);
      }
    }
  }
  return { objects, issues };
}

/** Environments of one app run one workload kind, from one image, in one namespace. */
function sameAcrossEnvironments(environments: readonly Environment[]): Issue[] {
  const first = environments[0]?.adoption.spec;
  if (!first) return [];
  const issues: Issue[] = [];
  for (const env of environments.slice(1)) {
    const view = env.adoption.spec;
    for (const [field, what] of [['skeleton', 'skeleton (its workload, and whether a Service reaches it)'], ['namespace', 'namespace'], ['image', 'image repository']] as const) {
      if (view[field] !== first[field]) issues.push({ severity: 'error', rule: 'adopt', message: `environments ${environments[0]!.name} and ${env.name} differ in ${what}: ${first[field]} and ${view[field]}; one app has one ${field === 'skeleton' ? 'skeleton' : field}, so adopt them as separate apps` });
    }
  }
  return issues;
}

function findingIssue(f: MappingFinding): Issue {
  const object = f.object;
  const path = [...(object?.at ?? []), ...(f.path ?? [])];
  const where = object?.locate ? object.locate(path, 'key') : undefined;
  return {
    severity: f.severity,
    rule: 'adopt',
    ...(object ? { file: object.file } : {}),
    ...(where ? { line: where.line, column: where.column } : object?.line !== undefined ? { line: object.line } : {}),
    ...(object?.line !== undefined ? { documentLine: object.line } : {}),
    ...(object ? { kind: kindOf(object.value), name: nameOf(object.value) } : {}),
    ...(f.path && f.path.length > 0 ? { path: formatPath(f.path) } : {}),
    message: f.message,
  };
}

function unintendedIssue(d: Difference, overlay: string, reason: string): Issue {
  const what = d.path.length === 0 ? (d.op === 'added' ? 'the overlay adds the object' : 'the overlay lacks the object') : d.op === 'added' ? `added ${show(d.to)}` : d.op === 'removed' ? `removed (was ${show(d.from)})` : `${show(d.from)} became ${show(d.to)}`;
  return { severity: 'error', rule: 'adopt', file: overlay, kind: d.object.kind, name: d.object.name, ...(d.path.length > 0 ? { path: formatSteps(d.path) } : {}), message: `the original objects against the built overlay: ${what}, which no rule intends: ${reason}` };
}

export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function byObject(differences: readonly ClassifiedDifference[]): AdoptedObject[] {
  const out = new Map<string, AdoptedObject>();
  for (const d of differences) {
    const key = `${d.object.kind}/${d.object.name}`;
    let object = out.get(key);
    if (!object) {
      object = { kind: d.object.kind, name: d.object.name, namespace: d.object.namespace ?? null, differences: [] };
      out.set(key, object);
    }
    object.differences.push({ path: formatSteps(d.path), op: d.op, ...(d.op !== 'added' ? { from: d.from } : {}), ...(d.op !== 'removed' ? { to: d.to } : {}), rule: d.rule! });
  }
  return [...out.values()];
}

function dedupeLeftOut<T extends { kind: string; name: string }>(list: readonly T[]): T[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const key = `${l.kind}/${l.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function adoptCommand(paths: readonly string[], request: AdoptRequest): string {
  const quote = (s: string) => (/^[\w./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ['scaffold adopt', ...paths.map(quote), '--name', request.name, ...(request.namespace ? ['--namespace', request.namespace] : [])].join(' ');
}
