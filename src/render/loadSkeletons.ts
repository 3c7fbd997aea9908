import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Issue } from '../validate/issue.ts';
import { KUSTOMIZATION, SKELETON_FIELDS, type SkeletonSource, type TemplateSource } from './skeleton.ts';

const TEMPLATE_SUFFIX = '.hbs';
const FIELD_RULES = new Set(['required', 'optional', 'unsupported']);

export interface SkeletonLoadResult {
  skeletons: SkeletonSource[];
  issues: Issue[];
}

/**
 * Reads every skeleton in `dirs`: each folder with a skeleton.yaml whose name does
 * not start with `_` (those hold shared templates that skeletons extend). A skeleton
 * in an earlier folder hides one of the same name in a later folder, so a gitops
 * repo can replace a built-in skeleton; `extends` is looked up the same way.
 */
export function loadSkeletons(dirs: readonly string[]): SkeletonLoadResult {
  const skeletons: SkeletonSource[] = [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('_') || name.startsWith('.') || seen.has(name)) continue;
      const folder = join(dir, name);
      const manifestPath = join(folder, 'skeleton.yaml');
      if (!statSync(folder).isDirectory() || !existsSync(manifestPath)) continue;
      seen.add(name);
      const manifest = readManifest(manifestPath, issues);
      if (!manifest) continue;
      const templates = new Map<string, TemplateSource>();
      if (manifest.extends !== undefined) {
        const parentDir = dirs.find((d) => existsSync(join(d, manifest.extends!)));
        if (!parentDir) {
          issues.push({ severity: 'error', rule: 'skeleton', file: manifestPath, path: 'extends', message: `extends "${manifest.extends}", which is in none of ${dirs.join(', ')}` });
          continue;
        }
        for (const t of readTemplates(join(parentDir, manifest.extends), parentDir)) templates.set(t.output, t);
      }
      for (const t of readTemplates(folder, dir)) templates.set(t.output, t);
      const missing = ['base', 'overlay'].map((f) => `${f}/${KUSTOMIZATION}`).filter((o) => !templates.has(o));
      if (missing.length > 0) {
        issues.push({ severity: 'error', rule: 'skeleton', file: manifestPath, message: `has no ${missing.map((o) => `${o}.hbs`).join(' or ')} (extend _common, or write your own)` });
        continue;
      }
      skeletons.push({
        name,
        description: manifest.description,
        fields: manifest.fields,
        templates: [...templates.values()].sort((a, b) => a.output.localeCompare(b.output)),
      });
    }
  }
  if (skeletons.length === 0 && issues.length === 0) {
    issues.push({ severity: 'error', rule: 'skeleton', message: `no skeletons found in ${dirs.join(', ')}` });
  }
  return { skeletons, issues };
}

interface Manifest {
  description: string;
  extends?: string;
  fields: SkeletonSource['fields'];
}

function readManifest(file: string, issues: Issue[]): Manifest | undefined {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
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

function readTemplates(folder: string, skeletonsDir: string): TemplateSource[] {
  const out: TemplateSource[] = [];
  for (const sub of ['base', 'overlay']) {
    const subDir = join(folder, sub);
    if (!existsSync(subDir)) continue;
    for (const file of readdirSync(subDir).sort()) {
      if (!file.endsWith(TEMPLATE_SUFFIX)) continue;
      const path = join(subDir, file);
      out.push({
        output: `${sub}/${file.slice(0, -TEMPLATE_SUFFIX.length)}`,
        origin: relative(skeletonsDir, path).split('\\').join('/'),
        // A checkout with CRLF line endings must not change a byte of the output.
        text: readFileSync(path, 'utf8').replace(/\r\n/g, '\n'),
      });
    }
  }
  return out;
}
