import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isLeftoverTempFile } from './atomic.ts';
import { readHeader } from '../render/header.ts';
import type { AppPlan } from '../render/plan.ts';

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
    const planned = new Set<string>(plan.userFiles.map((f) => f.path));
    for (const file of plan.files) {
      planned.add(file.path);
      const current = readIfExists(join(root, file.path));
      if (current === undefined) {
        changes.push({ path: file.path, action: 'create', content: file.content });
        continue;
      }
      if (current === file.content) {
        changes.push({ path: file.path, action: 'unchanged', content: file.content, current });
        continue;
      }
      const header = readHeader(current);
      const conflict = header === undefined ? 'not-generated' : header.intact ? undefined : 'hand-edited';
      changes.push({ path: file.path, action: 'update', content: file.content, current, ...(conflict ? { conflict } : {}) });
    }
    for (const path of generatedFilesOnDisk(root, plan.appDir)) {
      if (planned.has(path)) continue;
      if (isLeftoverTempFile(basename(path))) {
        // Half written by a killed run, so neither the header nor the content can be trusted.
        changes.push({ path, action: 'delete' });
        continue;
      }
      const current = readFileSync(join(root, path), 'utf8');
      const header = readHeader(current);
      if (!header) continue;
      changes.push({ path, action: 'delete', current, ...(header.intact ? {} : { conflict: 'hand-edited' as const }) });
    }
  }
  return changes;
}

/** Files in the folders scaffold writes for an app: base/ and overlays/<env>/. */
function generatedFilesOnDisk(root: string, appDir: string): string[] {
  const out: string[] = [];
  const filesIn = (rel: string) => {
    const abs = join(root, rel);
    if (!isDirectory(abs)) return;
    for (const name of readdirSync(abs).sort()) {
      if (isFile(join(abs, name))) out.push(`${rel}/${name}`);
    }
  };
  filesIn(`${appDir}/base`);
  const overlays = join(root, appDir, 'overlays');
  if (isDirectory(overlays)) {
    for (const env of readdirSync(overlays).sort()) filesIn(`${appDir}/overlays/${env}`);
  }
  return out;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function isFile(path: string): boolean {
  return statSync(path).isFile();
}
