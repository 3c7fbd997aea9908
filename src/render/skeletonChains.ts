/**
 * What a skeleton is, short of its templates' code: its skeleton.yaml, the
 * chain of folders it extends, the files it renders and so its contract with
 * the app spec (the fields it needs, the workload it runs, the file names it
 * takes). No Handlebars here: `validate` judges an app.yaml with render's
 * spec check, which needs every skeleton's contract, and its bundle stays
 * without the template engine (skeletonSet.ts checks and compiles the
 * templates render fills).
 *
 * `extends: NAME` inherits NAME's templates, fields and workload, down the whole chain
 * (web-internal extends web, which extends _common); the skeleton's own
 * templates replace inherited ones of the same output and add new ones, and
 * its fields and workload override inherited ones. NAME is looked up in search order, except
 * that a skeleton extending its own name gets the next one of that name: a
 * repository's `web` can build on the built-in `web`.
 */
import type { SkeletonContract, SkeletonField } from '../appSpec/check.ts';
import { WORKLOAD_KINDS, type WorkloadKind } from '../appSpec/effective.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { quickLoad } from '../yamlSource/quickLoad.ts';

/** A template file of a skeleton folder, by where its output goes. */
export interface TemplateFile {
  /**
   * Where the template's output goes: `base/<file>` (a resource of the base),
   * `overlay/<file>` (a patch in each overlay) or `overlay/resources/<file>` (a
   * resource each overlay adds, written as `overlays/<env>/<file>`).
   */
  output: string;
  /** Where the template came from, relative to its skeletons folder (`web/base/service.yaml.hbs`). */
  origin: string;
  /** Its path as read, for issues a reader can open. */
  file: string;
}

export const KUSTOMIZATION = 'kustomization.yaml';
export const OVERLAY_RESOURCES = 'overlay/resources/';
export const SKELETON_FIELDS: readonly SkeletonField[] = ['port', 'servicePort', 'probes', 'ingress'];

/** What a template's output is, and the file it is written to inside base/ or overlays/<env>/. */
export function outputOf(output: string): { part: 'base' | 'overlay' | 'overlayResources'; file: string } {
  if (output.startsWith(OVERLAY_RESOURCES)) return { part: 'overlayResources', file: output.slice(OVERLAY_RESOURCES.length) };
  const slash = output.indexOf('/');
  return { part: output.slice(0, slash) as 'base' | 'overlay', file: output.slice(slash + 1) };
}

/** One folder under a skeletons folder, as found on disk; `T`: what is known of each template (its text, for render). */
export interface SkeletonFolder<T extends TemplateFile = TemplateFile> {
  /** The skeletons folder it sits in (as given: --skeletons, the config's, or the built-in one). */
  dir: string;
  name: string;
  /** Its skeleton.yaml, when it has one: the text, or why it could not be read. */
  manifest?: { file: string; text?: string; problem?: string };
  /** Its templates (base/, overlay/, overlay/resources/), in name order. */
  templates: T[];
}

/** A skeleton resolved through its chain: its own skeleton.yaml, and what it inherits. */
export interface ChainedSkeleton<T extends TemplateFile = TemplateFile> {
  name: string;
  description: string;
  fields: SkeletonContract['fields'];
  /** What the skeleton runs: its workload template renders, the others render nothing. */
  workload: WorkloadKind;
  /** Its templates and those it inherits, the nearest of each output, in output order. */
  templates: T[];
  /** The skeletons folder it was found in. */
  dir: string;
  /** The folders it extends, nearest first: [web, _common]. */
  chain: string[];
  /** Its skeleton.yaml, for issues about it. */
  manifestFile: string;
}

const FIELD_RULES = new Set(['required', 'optional', 'unsupported']);

interface Manifest {
  description: string;
  extends?: string;
  fields: SkeletonContract['fields'];
  /** Inherited down the chain like fields; Deployment when no folder of the chain says. */
  workload?: WorkloadKind;
}

/**
 * Every skeleton of `folders` (in search order: every folder of the first skeletons folder, then
 * of the next), resolved through its `extends` chain: each folder with a skeleton.yaml whose name
 * does not start with `_` (those hold shared templates that skeletons extend). A skeleton in an
 * earlier folder hides one of the same name in a later folder.
 */
export function resolveChains<T extends TemplateFile>(folders: readonly SkeletonFolder<T>[], dirs: readonly string[]): { skeletons: ChainedSkeleton<T>[]; issues: Issue[] } {
  const skeletons: ChainedSkeleton<T>[] = [];
  const issues: Issue[] = [];
  const manifests = new Map<SkeletonFolder<T>, Manifest | undefined>();
  const manifestOf = (folder: SkeletonFolder<T>): Manifest | undefined => {
    if (!manifests.has(folder)) manifests.set(folder, folder.manifest && readManifest(folder.manifest, issues));
    return manifests.get(folder);
  };
  const seen = new Set<string>();
  for (const folder of folders) {
    if (folder.name.startsWith('_') || folder.manifest === undefined || seen.has(folder.name)) continue;
    seen.add(folder.name);
    const manifest = manifestOf(folder);
    if (!manifest) continue;
    const chain = chainOf(folder, folders, manifestOf, dirs);
    if ('problem' in chain) {
      issues.push({ severity: 'error', rule: 'skeleton', file: folder.manifest.file, path: 'extends', message: chain.problem });
      continue;
    }
    // Inherited first, farthest ancestor first, so that nearer folders replace what they share.
    const templates = new Map<string, T>();
    let fields: SkeletonContract['fields'] = {};
    let workload: WorkloadKind = 'Deployment';
    for (const ancestor of [...chain.folders].reverse()) {
      for (const t of ancestor.templates) templates.set(t.output, t);
      fields = { ...fields, ...manifestOf(ancestor)?.fields };
      workload = manifestOf(ancestor)?.workload ?? workload;
    }
    const problem = layoutProblem([...templates.values()]);
    if (problem) {
      issues.push({ severity: 'error', rule: 'skeleton', file: folder.manifest.file, message: problem });
      continue;
    }
    skeletons.push({
      name: folder.name,
      description: manifest.description,
      fields,
      workload,
      templates: [...templates.values()].sort((a, b) => compareCodeUnits(a.output, b.output)),
      dir: folder.dir,
      chain: chain.folders.slice(1).map((f) => f.name),
      manifestFile: folder.manifest.file,
    });
  }
  if (skeletons.length === 0 && issues.length === 0) {
    issues.push({ severity: 'error', rule: 'skeleton', message: `no skeletons found in ${dirs.join(', ')}` });
  }
  return { skeletons, issues };
}

/** What a skeleton says about the spec: the fields it takes, what it runs, the file names it generates. */
export function skeletonContract(skeleton: { name: string; fields: SkeletonContract['fields']; workload: WorkloadKind; templates: readonly TemplateFile[] }): SkeletonContract {
  const outputs = skeleton.templates.map((t) => outputOf(t.output));
  return {
    name: skeleton.name,
    fields: skeleton.fields,
    workload: skeleton.workload,
    outputs: { base: outputs.filter((o) => o.part === 'base').map((o) => o.file), overlay: outputs.filter((o) => o.part !== 'base').map((o) => o.file) },
  };
}

/** The folder and every folder it extends, nearest first; or why the chain is broken. */
function chainOf<T extends TemplateFile>(
  start: SkeletonFolder<T>,
  folders: readonly SkeletonFolder<T>[],
  manifestOf: (folder: SkeletonFolder<T>) => Manifest | undefined,
  dirs: readonly string[],
): { folders: SkeletonFolder<T>[] } | { problem: string } {
  const chain = [start];
  for (let folder = start; ; ) {
    const parentName = folder.manifest ? manifestOf(folder)?.extends : undefined;
    if (parentName === undefined) return { folders: chain };
    // A skeleton extending its own name builds on the one it hides: look only after it.
    const from = parentName === folder.name ? folders.indexOf(folder) + 1 : 0;
    const parent = folders.slice(from).find((f) => f.name === parentName);
    if (!parent) return { problem: `extends "${parentName}", which is in none of ${dirs.join(', ')}` };
    if (chain.includes(parent)) return { problem: `extends a cycle: ${[...chain, parent].map((f) => f.name).join(' → ')}` };
    if (parent.manifest !== undefined && manifestOf(parent) === undefined) return { problem: `extends "${parentName}", whose skeleton.yaml has problems` };
    chain.push(parent);
    folder = parent;
  }
}

/** Both kustomizations are needed, and no two templates may write the same file. */
function layoutProblem(templates: readonly TemplateFile[]): string | undefined {
  const outputs = new Set(templates.map((t) => t.output));
  const missing = ['base', 'overlay'].map((f) => `${f}/${KUSTOMIZATION}`).filter((o) => !outputs.has(o));
  if (missing.length > 0) return `has no ${missing.map((o) => `${o}.hbs`).join(' or ')} (extend _common, or write your own)`;
  const overlayFiles = new Map<string, TemplateFile>();
  for (const t of templates) {
    const { part, file } = outputOf(t.output);
    if (part === 'base') continue;
    const other = overlayFiles.get(file);
    if (other) return `${other.origin} and ${t.origin} both write overlays/<env>/${file}; rename one`;
    overlayFiles.set(file, t);
  }
  return undefined;
}

/**
 * skeleton.yaml read as scaffold reads every YAML file a person writes (YAML 1.1 scalars, as
 * Kubernetes does): by the quick reader, which a pre-commit run of `validate` needs no more than.
 */
function readManifest({ file, text, problem }: NonNullable<SkeletonFolder['manifest']>, issues: Issue[]): Manifest | undefined {
  const data = text === undefined ? { problem: problem ?? 'unreadable' } : manifestData(text, file);
  if ('problem' in data) {
    issues.push({ severity: 'error', rule: 'skeleton', file, message: `cannot read skeleton.yaml: ${data.problem}` });
    return undefined;
  }
  const m = isMapping(data.value) ? data.value : {};
  const problems: string[] = [];
  if (typeof m['description'] !== 'string') problems.push('description must be a string');
  if (m['extends'] !== undefined && typeof m['extends'] !== 'string') problems.push('extends must be a folder name');
  if (m['workload'] !== undefined && !WORKLOAD_KINDS.includes(m['workload'] as WorkloadKind)) problems.push(`workload: must be ${WORKLOAD_KINDS.join(', ')}`);
  const fields = (m['fields'] ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) {
    if (!SKELETON_FIELDS.includes(k as never)) problems.push(`fields.${k}: unknown field (known: ${SKELETON_FIELDS.join(', ')})`);
    else if (!FIELD_RULES.has(String(v))) problems.push(`fields.${k}: must be required, optional or unsupported`);
  }
  if (problems.length > 0) {
    for (const message of problems) issues.push({ severity: 'error', rule: 'skeleton', file, message });
    return undefined;
  }
  return {
    description: m['description'] as string,
    extends: m['extends'] as string | undefined,
    fields: fields as Manifest['fields'],
    ...(m['workload'] === undefined ? {} : { workload: m['workload'] as WorkloadKind }),
  };
}

/** The one document of a skeleton.yaml (null when it has none), or why it cannot be read. */
function manifestData(text: string, file: string): { value: unknown } | { problem: string } {
  const quick = quickLoad(text)?.filter((d) => d.value !== null);
  if (quick !== undefined && quick.length <= 1) return { value: quick[0]?.value ?? null };
  const { documents, issues } = parseYamlStream(text, file);
  const first = issues[0];
  if (first !== undefined) return { problem: `${first.message} (line ${first.line ?? 1}, column ${first.column ?? 1})` };
  const content = documents.filter((d) => d.value !== null);
  if (content.length > 1) return { problem: 'expected one YAML document, found several' };
  return { value: content[0]?.value ?? null };
}
