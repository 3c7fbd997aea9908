/**
 * Reads skeleton folders from disk: each folder's skeleton.yaml and its
 * templates, with their text (what render compiles) or only their names
 * (what a skeleton's contract with the app spec needs: `validate` reads no
 * template). src/render/skeletonChains.ts resolves what they extend.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SkeletonFolder, TemplateFile } from '../render/skeletonChains.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
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

/** Every folder of every skeletons folder that exists, in search order, each template with its text. */
export function readSkeletonFolders(dirs: readonly string[]): SkeletonFolder<TemplateFile & { text: string; problem?: string }>[] {
  return walkSkeletonFolders(dirs, (template) => {
    // Decoded strictly: a bad byte read as U+FFFD would be written into every app's manifests.
    const bytes = readBytes(template.file);
    const read = 'bytes' in bytes ? decodeTextBytes(bytes.bytes) : bytes;
    // A checkout with CRLF line endings must not change a byte of the output.
    return { ...template, ...('text' in read ? { text: read.text.replace(/\r\n/g, '\n') } : { text: '', problem: read.problem }) };
  });
}

/** Every folder of every skeletons folder that exists, in search order, each template by its name alone. */
export function listSkeletonFolders(dirs: readonly string[]): SkeletonFolder[] {
  return walkSkeletonFolders(dirs, (template) => template);
}

function walkSkeletonFolders<T extends TemplateFile>(dirs: readonly string[], templateOf: (file: TemplateFile) => T): SkeletonFolder<T>[] {
  const folders: SkeletonFolder<T>[] = [];
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir).sort(compareCodeUnits)) {
      const folder = join(dir, name);
      if (name.startsWith('.') || !statSync(folder).isDirectory()) continue;
      const file = join(folder, 'skeleton.yaml');
      folders.push({ dir, name, ...(existsSync(file) ? { manifest: readManifest(file) } : {}), templates: templatesIn(folder, dir).map(templateOf) });
    }
  }
  return folders;
}

function readManifest(file: string): NonNullable<SkeletonFolder['manifest']> {
  const read = readTextFile(file, file);
  return 'text' in read ? { file, text: read.text } : { file, problem: 'issue' in read ? read.issue.message : read.problem };
}

function templatesIn(folder: string, skeletonsDir: string): TemplateFile[] {
  const out: TemplateFile[] = [];
  for (const sub of ['base', 'overlay', 'overlay/resources']) {
    const subDir = join(folder, sub);
    if (!existsSync(subDir)) continue;
    for (const file of readdirSync(subDir).sort(compareCodeUnits)) {
      if (!file.endsWith(TEMPLATE_SUFFIX)) continue;
      const path = join(subDir, file);
      out.push({ output: `${sub}/${file.slice(0, -TEMPLATE_SUFFIX.length)}`, origin: toPosix(relative(skeletonsDir, path)), file: path });
    }
  }
  return out;
}
