/**
 * The skeletons of a set of skeleton folders, as read from disk by
 * src/io/skeletonFolders.ts, ready to render: each resolved through its
 * chain (skeletonChains.ts, which says what `extends` means) and every
 * template checked safe (templateSafety.ts).
 */
import type { Issue } from '../vocabulary/issue.ts';
import type { SkeletonSource, SkeletonTemplate, TemplateSource } from './skeleton.ts';
import { resolveChains, type ChainedSkeleton, type SkeletonFolder as FolderOf } from './skeletonChains.ts';
import { checkTemplate } from './templateSafety.ts';

/** One folder under a skeletons folder, with the text of each template. */
export type SkeletonFolder = FolderOf<TemplateSource>;

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

/** `folders` in search order: every folder of the first skeletons folder, then of the next. */
export function skeletonSet(folders: readonly SkeletonFolder[], dirs: readonly string[]): SkeletonLoadResult {
  const { skeletons, issues } = resolveSkeletons(folders, dirs);
  return {
    skeletons: skeletons.map((s) => ({ name: s.name, description: s.description, fields: s.fields, workload: s.workload, templates: s.templates })),
    issues,
  };
}

/** Every skeleton of `folders`, resolved through its `extends` chain, whose templates are all safe. */
export function resolveSkeletons(folders: readonly SkeletonFolder[], dirs: readonly string[]): { skeletons: ResolvedSkeleton[]; issues: Issue[] } {
  const chained = resolveChains(folders, dirs);
  const issues = [...chained.issues];
  const skeletons = chained.skeletons.flatMap((skeleton: ChainedSkeleton<TemplateSource>): ResolvedSkeleton[] => {
    const checked = checkedTemplates(skeleton.templates, issues);
    if (checked === undefined) return [];
    const { name, description, fields, workload, dir, chain } = skeleton;
    return [{ name, description, fields, workload, templates: checked, dir, chain }];
  });
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
