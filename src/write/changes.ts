import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { basename, join } from 'node:path';
import { isLeftoverTempFile } from './atomic.ts';
import { readHeader } from '../render/header.ts';
import { sameOverlayKustomization } from '../render/overlayImage.ts';
import type { AppPlan, PlannedFile } from '../render/plan.ts';
import { readTextIfPresent } from '../io/files.ts';
import { sameModuloLineEndings } from '../vocabulary/lineEndings.ts';
import { byName } from '../vocabulary/order.ts';

/** What bringing one file in line with the plan takes. */
export interface FileChange {
  /** Path relative to the gitops root. */
  path: string;
  action: 'create' | 'update' | 'unchanged' | 'delete';
  /** Planned content (absent for deletions). */
  content?: string;
  /** Content on disk now (absent for creations). */
  current?: string;
  /**
   * Why the change may not be made without --force: the file on disk was edited by
   * hand since scaffold wrote it, or scaffold never wrote it.
   */
  conflict?: 'hand-edited' | 'not-generated';
  /** For a deletion: the highest folder to remove as well when the deletion leaves it empty (its own folder when absent). */
  emptiedUpTo?: string;
}

/**
 * Compares plans against the files under `root`. The same comparison serves writing
 * (`render`) and drift detection (`render --check`). Stale files are generated files
 * in an app's base/ or overlays/ that the plan no longer produces; files without
 * scaffold's header are the user's and are never touched.
 */
export function diffPlans(plans: readonly AppPlan[], root: string): FileChange[] {
  const changes: FileChange[] = [];
  for (const plan of plans) {
    // One listing of the app's generated folders answers "does it exist" for every planned file.
    const onDisk = generatedFilesOnDisk(root, plan.appDir);
    const existing = new Set(onDisk);
    const planned = new Set<string>([...plan.userFiles, ...plan.files].map((f) => f.path));
    changes.push(...compareFiles(plan.files, root, generatedBy, (path) => existing.has(path)));
    changes.push(...staleFiles(root, onDisk.filter((path) => !planned.has(path))));
  }
  return changes;
}

/**
 * The output of apps whose app.yaml is gone (`appDirs` relative to the root): every file
 * carrying scaffold's header in their base/ and overlays/ is stale, and their folders go
 * when nothing of the user's is left in them.
 */
export function removedAppChanges(appDirs: readonly string[], root: string): FileChange[] {
  return appDirs.flatMap((appDir) => staleFiles(root, generatedFilesOnDisk(root, appDir), appDir));
}

/** Deletions of the generated files among `paths`; a hand-edited one is a conflict, a file of the user's is left alone. */
function staleFiles(root: string, paths: readonly string[], emptiedUpTo?: string): FileChange[] {
  const changes: FileChange[] = [];
  const upTo = emptiedUpTo === undefined ? {} : { emptiedUpTo };
  for (const path of paths) {
    if (isLeftoverTempFile(basename(path))) {
      // Half written by a killed run, so neither the header nor the content can be trusted.
      changes.push({ path, action: 'delete', ...upTo });
      continue;
    }
    const current = readFileSync(join(root, path), 'utf8');
    const header = readHeader(current);
    if (!header) continue;
    changes.push({ path, action: 'delete', current, ...upTo, ...(header.intact ? {} : { conflict: 'hand-edited' as const }) });
  }
  return changes;
}

/**
 * Whether scaffold may replace a file on disk, as its planner can tell: a
 * conflict when it may not (without --force), undefined when it may.
 */
export type Ownership = (path: string, current: string) => FileChange['conflict'];

/** Render's ownership: a file carrying scaffold's header with its hash intact. */
const generatedBy: Ownership = (_path, current) => {
  const header = readHeader(current);
  return header === undefined ? 'not-generated' : header.intact ? undefined : 'hand-edited';
};

/**
 * What bringing each planned file (path relative to `root`) in line takes: create,
 * update (with a conflict when `owner` says so) or nothing (line endings aside, the
 * same content; for an overlay's kustomization, the same data). `exists` answers from a listing already made, when the caller has one.
 */
export function compareFiles(
  planned: readonly (Pick<PlannedFile, 'path' | 'content'> & Partial<Pick<PlannedFile, 'image'>>)[],
  root: string,
  owner: Ownership,
  exists?: (path: string) => boolean,
): FileChange[] {
  return planned.map(({ path, content, image }) => {
    const current = exists === undefined || exists(path) ? readTextIfPresent(join(root, path)) : undefined;
    if (current === undefined) return { path, action: 'create', content };
    if (sameModuloLineEndings(current, content)) return { path, action: 'unchanged', content, current };
    // An overlay's kustomization as image automation left it (reformatted, say, by kustomize edit) is current: it is left as it is.
    if (image !== undefined && sameOverlayKustomization(current, content, image)) return { path, action: 'unchanged', content, current };
    const conflict = owner(path, current);
    return { path, action: 'update', content, current, ...(conflict ? { conflict } : {}) };
  });
}

/** Files in the folders scaffold writes for an app: base/ and overlays/<env>/. */
function generatedFilesOnDisk(root: string, appDir: string): string[] {
  const out: string[] = [];
  const filesIn = (rel: string) => {
    for (const entry of entriesOf(join(root, rel))) if (entry.isFile()) out.push(`${rel}/${entry.name}`);
  };
  filesIn(`${appDir}/base`);
  for (const entry of entriesOf(join(root, appDir, 'overlays'))) {
    if (entry.isDirectory()) filesIn(`${appDir}/overlays/${entry.name}`);
  }
  return out;
}

function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}
