/**
 * The files `scaffold validate` reads, and the role each plays. I/O: walks
 * folders, and reads the kustomization files around each input to learn which
 * inputs a kustomization applies as patches.
 *
 * A file is a patch when a kustomization file in its own folder or in a folder
 * above it (up to the repository root) lists it under `patches`,
 * `patchesStrategicMerge` or `patchesJson6902`. That is how Kustomize itself
 * knows, and it holds for scaffold's generated overlays
 * (overlays/<env>/*-patch.yaml, listed by the overlay's kustomization.yaml)
 * and for hand-written ones alike, whatever their names.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { KUSTOMIZATION_FILE_NAMES, patchReferences, type PatchReference } from '../validate/kustomization.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';
import type { FileRole } from '../validate/manifests.ts';
import { byName } from '../text/order.ts';
import { toPosix } from '../posixPath.ts';

export const STDIN = '-';

export interface ManifestInput {
  /** The path as shown in reports: as the user gave it, or joined onto a folder they gave; `stdin` for `-`. */
  display: string;
  /** Absolute path; undefined for stdin. */
  absolute?: string;
  /** Found by walking a folder (see FileRole.discovered). */
  discovered: boolean;
  /** The path does not exist. */
  missing?: boolean;
}

// Kustomize also reads a kustomization file named just `Kustomization`.
const MANIFEST_FILE = /\.ya?ml$|^Kustomization$/;
// Folders a walk never enters: dependencies and tool state, never manifests.
const SKIPPED_FOLDERS = new Set(['node_modules']);

/**
 * Expands the paths a user gave: files as they are, folders recursively to
 * their *.yaml, *.yml and Kustomization files (skipping hidden folders and node_modules), `-`
 * for stdin. Files whose path matches an ignore pattern are left out.
 */
export function manifestInputs(paths: readonly string[], ignore: readonly RegExp[], cwd = process.cwd()): ManifestInput[] {
  const inputs: ManifestInput[] = [];
  const seen = new Set<string>();
  const ignored = (display: string) => ignore.some((pattern) => pattern.test(display));
  const add = (input: ManifestInput) => {
    const key = input.absolute ?? STDIN;
    if (seen.has(key) || ignored(input.display)) return;
    seen.add(key);
    inputs.push(input);
  };
  for (const given of paths) {
    if (given === STDIN) {
      add({ display: 'stdin', discovered: false });
      continue;
    }
    const absolute = path.resolve(cwd, given);
    const stat = statOf(absolute);
    if (stat === undefined) add({ display: given, absolute, discovered: false, missing: true });
    else if (stat.isDirectory()) walk(absolute, given, new Set(), add);
    else add({ display: given, absolute, discovered: false });
  }
  return inputs;
}

function walk(dir: string, display: string, visiting: Set<string>, add: (input: ManifestInput) => void): void {
  // A symlink loop would otherwise walk forever.
  const real = realpathOf(dir);
  if (visiting.has(real)) return;
  visiting.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch {
    return;
  }
  for (const entry of entries) {
    const { name } = entry;
    const absolute = path.join(dir, name);
    const shown = toPosix(path.join(display, name));
    // Only a link needs a stat to say what it leads to; the listing already says what the rest are.
    const stat = entry.isSymbolicLink() ? statOf(absolute) : entry;
    if (stat === undefined) continue;
    if (stat.isDirectory()) {
      if (!name.startsWith('.') && !SKIPPED_FOLDERS.has(name)) walk(absolute, shown, visiting, add);
    } else if (MANIFEST_FILE.test(name)) {
      add({ display: shown, absolute, discovered: true });
    }
  }
  visiting.delete(real);
}

/**
 * Knows, for any file, whether a kustomization applies it as a patch. Each
 * folder's kustomization file is read once.
 */
export class PatchIndex {
  private readonly patchesByFolder = new Map<string, Map<string, PatchReference['format']>>();
  private readonly namesByFolder = new Map<string, Set<string>>();

  roleOf(input: ManifestInput): FileRole {
    const kustomizationFile = KUSTOMIZATION_FILE_NAMES.includes(path.basename(input.display));
    if (input.absolute === undefined) return { kustomizationFile, discovered: input.discovered };
    const patch = this.patchFormat(input.absolute);
    return patch === undefined ? { kustomizationFile, discovered: input.discovered } : { kustomizationFile, discovered: input.discovered, patch };
  }

  private patchFormat(file: string): PatchReference['format'] | undefined {
    let dir = path.dirname(file);
    for (let depth = 0; depth < 64; depth++) {
      const format = this.patchesIn(dir).get(file);
      if (format !== undefined) return format;
      const parent = path.dirname(dir);
      if (parent === dir || this.namesIn(dir).has('.git')) return undefined;
      dir = parent;
    }
    return undefined;
  }

  /** What a folder holds, listed once: asking the listing is cheaper than failing to open files that are not there. */
  private namesIn(dir: string): Set<string> {
    let names = this.namesByFolder.get(dir);
    if (names === undefined) {
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = new Set();
      }
      this.namesByFolder.set(dir, names);
    }
    return names;
  }

  /** Patch files (absolute) the kustomization file of `dir` lists, with their format; empty when it has none. */
  private patchesIn(dir: string): Map<string, PatchReference['format']> {
    const cached = this.patchesByFolder.get(dir);
    if (cached !== undefined) return cached;
    const patches = new Map<string, PatchReference['format']>();
    this.patchesByFolder.set(dir, patches);
    const names = this.namesIn(dir);
    for (const name of KUSTOMIZATION_FILE_NAMES.filter((n) => names.has(n))) {
      const file = path.join(dir, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      // Problems in the kustomization itself are reported when it is validated; here it only says what it patches.
      const value = readDocuments(text, file).documents.find((d) => isMapping(d.value))?.value;
      if (isMapping(value)) {
        for (const reference of patchReferences(value)) patches.set(path.resolve(dir, reference.path), reference.format);
      }
      break;
    }
    return patches;
  }
}

function statOf(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function realpathOf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
