/**
 * The skeletons of a set of skeleton folders, as read from disk by
 * src/io/skeletonFolders.ts: each folder with a skeleton.yaml whose name does
 * not start with `_` (those hold shared templates that skeletons extend). A
 * skeleton in an earlier folder hides one of the same name in a later folder,
 * so a gitops repo can replace a built-in skeleton; `extends` is looked up the
 * same way.
 */
import { parse } from 'yaml';
import type { Issue } from '../vocabulary/issue.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { KUSTOMIZATION, SKELETON_FIELDS, type SkeletonSource, type SkeletonTemplate, type TemplateSource } from './skeleton.ts';
import { checkTemplate } from './templateSafety.ts';

/** One folder under a skeletons folder, as found on disk. */
export interface SkeletonFolder {
  /** The skeletons folder it sits in (as given: --skeletons, or the built-in one). */
  dir: string;
  name: string;
  /** Its skeleton.yaml, when it has one: the text, or why it could not be read. */
  manifest?: { file: string; text?: string; problem?: string };
  /** Its base/*.hbs and overlay/*.hbs templates, in name order. */
  templates: TemplateSource[];
}

export interface SkeletonLoadResult {
  skeletons: SkeletonSource[];
  issues: Issue[];
}

const FIELD_RULES = new Set(['required', 'optional', 'unsupported']);

/** `folders` in search order: every folder of the first skeletons folder, then of the next. */
export function skeletonSet(folders: readonly SkeletonFolder[], dirs: readonly string[]): SkeletonLoadResult {
  const skeletons: SkeletonSource[] = [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    if (folder.name.startsWith('_') || folder.manifest === undefined || seen.has(folder.name)) continue;
    seen.add(folder.name);
    const manifest = readManifest(folder.manifest, issues);
    if (!manifest) continue;
    const templates = new Map<string, TemplateSource>();
    if (manifest.extends !== undefined) {
      const parent = folders.find((f) => f.name === manifest.extends);
      if (!parent) {
        issues.push({ severity: 'error', rule: 'skeleton', file: folder.manifest.file, path: 'extends', message: `extends "${manifest.extends}", which is in none of ${dirs.join(', ')}` });
        continue;
      }
      for (const t of parent.templates) templates.set(t.output, t);
    }
    for (const t of folder.templates) templates.set(t.output, t);
    const missing = ['base', 'overlay'].map((f) => `${f}/${KUSTOMIZATION}`).filter((o) => !templates.has(o));
    if (missing.length > 0) {
      issues.push({ severity: 'error', rule: 'skeleton', file: folder.manifest.file, message: `has no ${missing.map((o) => `${o}.hbs`).join(' or ')} (extend _common, or write your own)` });
      continue;
    }
    const checked = checkedTemplates([...templates.values()].sort((a, b) => compareCodeUnits(a.output, b.output)), issues);
    if (checked === undefined) continue;
    skeletons.push({ name: folder.name, description: manifest.description, fields: manifest.fields, templates: checked });
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
    const { program, problems } = checkTemplate(template.text);
    for (const problem of problems) issues.push({ severity: 'error', rule: 'skeleton', file: template.file, ...problem });
    if (program === undefined) unsafe = true;
    else checked.push({ ...template, program });
  }
  return unsafe ? undefined : checked;
}

interface Manifest {
  description: string;
  extends?: string;
  fields: SkeletonSource['fields'];
}

function readManifest({ file, text, problem }: NonNullable<SkeletonFolder['manifest']>, issues: Issue[]): Manifest | undefined {
  let data: unknown;
  try {
    if (text === undefined) throw new Error(problem);
    data = parse(text);
  } catch (err) {
    issues.push({ severity: 'error', rule: 'skeleton', file, message: `cannot read skeleton.yaml: ${(err as Error).message}` });
    return undefined;
  }
  const m = (data ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof m.description !== 'string') problems.push('description must be a string');
  if (m.extends !== undefined && typeof m.extends !== 'string') problems.push('extends must be a folder name');
  const fields = (m.fields ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) {
    if (!SKELETON_FIELDS.includes(k as never)) problems.push(`fields.${k}: unknown field (known: ${SKELETON_FIELDS.join(', ')})`);
    else if (!FIELD_RULES.has(String(v))) problems.push(`fields.${k}: must be required, optional or unsupported`);
  }
  if (problems.length > 0) {
    for (const message of problems) issues.push({ severity: 'error', rule: 'skeleton', file, message });
    return undefined;
  }
  return { description: m.description as string, extends: m.extends as string | undefined, fields: fields as Manifest['fields'] };
}
