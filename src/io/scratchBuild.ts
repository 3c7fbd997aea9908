/**
 * Kustomize builds of files that are not on disk yet: `adopt` renders an app and
 * its patches in memory and must know what the real Kustomize makes of them before
 * it writes anything. The files go into a temporary folder, each overlay named is
 * built there (src/io/kustomize.ts), and the folder is removed whatever happens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeFolders } from './files.ts';
import { findKustomize, kustomizeBuild, type KustomizeBuild, type KustomizeTool } from './kustomize.ts';

export interface ScratchFile {
  /** Relative to the scratch root, forward slashes. */
  path: string;
  content: string;
}

/** The Kustomize on the PATH of `env`, or undefined. */
export function kustomizeOnPath(env: Readonly<Record<string, string | undefined>>): KustomizeTool | undefined {
  return findKustomize(env.PATH);
}

/** Writes `files` into a temporary folder and builds each of `targets` (folders relative to it). */
export function buildScratch(tool: KustomizeTool, files: readonly ScratchFile[], targets: readonly string[]): Map<string, KustomizeBuild> {
  const root = mkdtempSync(path.join(tmpdir(), 'scaffold-adopt-'));
  try {
    for (const file of files) {
      const target = path.join(root, ...file.path.split('/'));
      makeFolders(path.dirname(target));
      writeFileSync(target, file.content);
    }
    const builds = new Map<string, KustomizeBuild>();
    for (const target of targets) {
      const built = kustomizeBuild(tool, path.join(root, ...target.split('/')));
      // Messages name the folder as the app will have it, not the temporary one.
      builds.set(target, 'problem' in built ? { problem: built.problem.split(root + path.sep).join('') } : built);
    }
    return builds;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Builds a Kustomize root the user named (absolute). */
export function buildRoot(tool: KustomizeTool, dir: string): KustomizeBuild {
  return kustomizeBuild(tool, dir);
}
