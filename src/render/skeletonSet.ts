/**
 * The skeletons of a set of skeleton folders, as read from disk by
 * src/io/skeletonFolders.ts: each folder with a skeleton.yaml whose name does
 * not start with `_` (those hold shared templates that skeletons extend). A
 * skeleton in an earlier folder hides one of the same name in a later folder,
 * so a gitops repo can replace a built-in skeleton.
 *
 * `extends: NAME` inherits NAME's templates, fields and workload, down the whole chain
 * (web-internal extends web, which extends _common); the skeleton's own
 * templates replace inherited ones of the same output and add new ones, and
 * its fields and workload override inherited ones. NAME is looked up in search order, except
 * that a skeleton extending its own name gets the next one of that name: a
 * repository's `web` can build on the built-in `web`.
 */
import { yaml } from '../yamlSource/yamlPackage.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { KUSTOMIZATION, outputOf, SKELETON_FIELDS, type SkeletonSource, type SkeletonTemplate, type TemplateSource } from './skeleton.ts';
import { checkTemplate } from './templateSafety.ts';
import { WORKLOAD_KINDS, type WorkloadKind } from '../appSpec/effective.ts';

/** One folder under a skeletons folder, as found on disk. */
export interface SkeletonFolder {
  /** The skeletons folder it sits in (as given: --skeletons, the config's, or the built-in one). */
  dir: string;
  name: string;
  /** Its skeleton.yaml, when it has one: the text, or why it could not be read. */
  manifest?: { file: string; text?: string; problem?: string };
  /** Its templates (base/, overlay/, overlay/resources/), in name order. */
  templates: TemplateSource[];
}

export interface SkeletonLoadResult {
  skeletons: SkeletonSource[];
  issues: Issue[];
}

/** A skeleton as resolved through its chain, with where it came from (for `scaffold skeletons list`). */
export interface ResolvedSkeleton extends SkeletonSource {
  /** The skeletons folder it was found in. */
  dir: string;
  /** The folders it extends, nearest first: [web, _common]. */
  chain: string[];
}

const FIELD_RULES = new Set(['required', 'optional', 'unsupported']);

interface Manifest {
  description: string;
  extends?: string;
  fields: SkeletonSource['fields'];
  /** Inherited down the chain like fields; Deployment when no folder of the chain says. */
  workload?: WorkloadKind;
}

/** `folders` in search order: every folder of the first skeletons folder, then of the next. */
export function skeletonSet(folders: readonly SkeletonFolder[], dirs: readonly string[]): SkeletonLoadResult {
  const { skeletons, issues } = resolveSkeletons(folders, dirs);
  return {
    skeletons: skeletons.map((s) => ({ name: s.name, description: s.description, fields: s.fields, workload: s.workload, templates: s.templates })),
    issues,
  };
}

/** Every skeleton of `folders`, resolved through its `extends` chain. */
export function resolveSkeletons(folders: readonly SkeletonFolder[], dirs: readonly string[]): { skeletons: ResolvedSkeleton[]; issues: Issue[] } {
  const skeletons: ResolvedSkeleton[] = [];
  const issues: Issue[] = [];
  const manifests = new Map<SkeletonFolder, Manifest | undefined>();
  const manifestOf = (folder: SkeletonFolder): Manifest | undefined => {
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
    const templates = new Map<string, TemplateSource>();
    let fields: SkeletonSource['fields'] = {};
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
    const checked = checkedTemplates([...templates.values()].sort((a, b) => compareCodeUnits(a.output, b.output)), issues);
    if (checked === undefined) continue;
    skeletons.push({
      name: folder.name,
      description: manifest.description,
      fields,
      workload,
      templates: checked,
      dir: folder.dir,
      chain: chain.folders.slice(1).map((f) => f.name),
    });
  }
  if (skeletons.length === 0 && issues.length === 0) {
    issues.push({ severity: 'error', rule: 'skeleton', message: `no skeletons found in ${dirs.join(', ')}` });
  }
  return { skeletons, issues };
}

/** The templates, each checked safe (templateSafety.ts); undefined, with the issues, when any is not. */
function checkedTemplates(templates: readonly TemplateSource[], issues: Issue[]): SkeletonTemplate[] | undefined {
  const checked: SkeletonTemplate[] = [];
  let unsafe = false;
  for (const template of templates) {
    if (template.problem !== undefined) {
      issues.push({ severity: 'error', rule: 'skeleton', file: template.file, line: 1, column: 1, message: `cannot read template: ${template.problem}` });
      unsafe = true;
      continue;
    }
    const { program, problems } = checkTemplate(template.text);
    for (const problem of problems) issues.push({ severity: 'error', rule: 'skeleton', file: template.file, ...problem });
    if (program === undefined) unsafe = true;
    else checked.push({ ...template, program });
  }
  return unsafe ? undefined : checked;
}

/** The folder and every folder it extends, nearest first; or why the chain is broken. */
function chainOf(
  start: SkeletonFolder,
  folders: readonly SkeletonFolder[],
  manifestOf: (folder: SkeletonFolder) => Manifest | undefined,
  dirs: readonly string[],
): { folders: SkeletonFolder[] } | { problem: string } {
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
function layoutProblem(templates: readonly TemplateSource[]): string | undefined {
  const outputs = new Set(templates.map((t) => t.output));
  const missing = ['base', 'overlay'].map((f) => `${f}/${KUSTOMIZATION}`).filter((o) => !outputs.has(o));
  if (missing.length > 0) return `has no ${missing.map((o) => `${o}.hbs`).join(' or ')} (extend _common, or write your own)`;
  const overlayFiles = new Map<string, TemplateSource>();
  for (const t of templates) {
    const { part, file } = outputOf(t.output);
    if (part === 'base') continue;
    const other = overlayFiles.get(file);
    if (other) return `${other.origin} and ${t.origin} both write overlays/<env>/${file}; rename one`;
    overlayFiles.set(file, t);
  }
  return undefined;
}

function readManifest({ file, text, problem }: NonNullable<SkeletonFolder['manifest']>, issues: Issue[]): Manifest | undefined {
  let data: unknown;
  try {
    if (text === undefined) throw new Error(problem);
    data = yaml().parse(text);
  } catch (err) {
    issues.push({ severity: 'error', rule: 'skeleton', file, message: `cannot read skeleton.yaml: ${(err as Error).message}` });
    return undefined;
  }
  const m = (data ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof m.description !== 'string') problems.push('description must be a string');
  if (m.extends !== undefined && typeof m.extends !== 'string') problems.push('extends must be a folder name');
  if (m.workload !== undefined && !WORKLOAD_KINDS.includes(m.workload as WorkloadKind)) problems.push(`workload: must be ${WORKLOAD_KINDS.join(', ')}`);
  const fields = (m.fields ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) {
    if (!SKELETON_FIELDS.includes(k as never)) problems.push(`fields.${k}: unknown field (known: ${SKELETON_FIELDS.join(', ')})`);
    else if (!FIELD_RULES.has(String(v))) problems.push(`fields.${k}: must be required, optional or unsupported`);
  }
  if (problems.length > 0) {
    for (const message of problems) issues.push({ severity: 'error', rule: 'skeleton', file, message });
    return undefined;
  }
  return {
    description: m.description as string,
    extends: m.extends as string | undefined,
    fields: fields as Manifest['fields'],
    ...(m.workload === undefined ? {} : { workload: m.workload as WorkloadKind }),
  };
}
