/** Reads skeleton folders from disk; src/render/skeletonSet.ts makes skeletons of them. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveSkeletons, skeletonSet, type ResolvedSkeleton, type SkeletonFolder, type SkeletonLoadResult } from '../render/skeletonSet.ts';
import type { TemplateSource } from '../render/skeleton.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { decodeTextBytes } from '../yamlSource/decode.ts';
import { readBytes } from './files.ts';
import { readTextFile } from './inputFiles.ts';
import { packageRoot } from './packageRoot.ts';

const TEMPLATE_SUFFIX = '.hbs';

/** Where skeletons are looked for: the user's own folders first, then the built-in ones. */
export function skeletonDirs(extra: readonly string[]): string[] {
  return [...extra, builtinSkeletonDir()];
}

/** The package's own skeletons folder. */
export function builtinSkeletonDir(): string {
  return join(packageRoot(), 'skeletons');
}

export function loadSkeletons(dirs: readonly string[]): SkeletonLoadResult {
  return skeletonSet(readSkeletonFolders(dirs), dirs);
}

/** The skeletons with where each comes from and what it extends, and the folders they were read from. */
export function loadResolvedSkeletons(dirs: readonly string[]): { skeletons: ResolvedSkeleton[]; folders: SkeletonFolder[]; issues: Issue[] } {
  const folders = readSkeletonFolders(dirs);
  return { ...resolveSkeletons(folders, dirs), folders };
}

/** Every folder of every skeletons folder that exists, in search order. */
function readSkeletonFolders(dirs: readonly string[]): SkeletonFolder[] {
  const folders: SkeletonFolder[] = [];
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir).sort(compareCodeUnits)) {
      const folder = join(dir, name);
      if (name.startsWith('.') || !statSync(folder).isDirectory()) continue;
      const file = join(folder, 'skeleton.yaml');
      folders.push({ dir, name, ...(existsSync(file) ? { manifest: readManifest(file) } : {}), templates: readTemplates(folder, dir) });
    }
  }
  return folders;
}

function readManifest(file: string): NonNullable<SkeletonFolder['manifest']> {
  const read = readTextFile(file, file);
  return 'text' in read ? { file, text: read.text } : { file, problem: 'issue' in read ? read.issue.message : read.problem };
}

function readTemplates(folder: string, skeletonsDir: string): TemplateSource[] {
  const out: TemplateSource[] = [];
  for (const sub of ['base', 'overlay', 'overlay/resources']) {
    const subDir = join(folder, sub);
    if (!existsSync(subDir)) continue;
    for (const file of readdirSync(subDir).sort(compareCodeUnits)) {
      if (!file.endsWith(TEMPLATE_SUFFIX)) continue;
      const path = join(subDir, file);
      // Decoded strictly: a bad byte read as U+FFFD would be written into every app's manifests.
      const bytes = readBytes(path);
      const read = 'bytes' in bytes ? decodeTextBytes(bytes.bytes) : bytes;
      out.push({
        output: `${sub}/${file.slice(0, -TEMPLATE_SUFFIX.length)}`,
        origin: toPosix(relative(skeletonsDir, path)),
        file: path,
        // A checkout with CRLF line endings must not change a byte of the output.
        ...('text' in read ? { text: read.text.replace(/\r\n/g, '\n') } : { text: '', problem: read.problem }),
      });
    }
  }
  return out;
}
