/**
 * The role each file `scaffold validate` reads plays: it reads the
 * kustomization files around each input to learn which inputs a
 * kustomization applies as patches.
 *
 * A file is a patch when a kustomization file in its own folder or in a folder
 * above it (up to the repository root) lists it under `patches`,
 * `patchesStrategicMerge` or `patchesJson6902`. That is how Kustomize itself
 * knows, and it holds for scaffold's generated overlays
 * (overlays/<env>/*-patch.yaml, listed by the overlay's kustomization.yaml)
 * and for hand-written ones alike, whatever their names.
 */
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { isKustomizationFile, KUSTOMIZATION_FILE_NAMES, patchReferences, type ListedPathKind, type PatchReference } from '../validate/kustomization.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';
import type { FileRole } from '../validate/manifests.ts';
import { isFile, isFolder } from './files.ts';
import { readTextFile, type InputFile } from './inputFiles.ts';

type EntryKind = 'file' | 'folder' | 'link' | 'other';

/**
 * Knows, for any file, whether a kustomization applies it as a patch. Each
 * folder's kustomization file is read once.
 */
export class PatchIndex {
  private readonly patchesByFolder = new Map<string, Map<string, PatchReference['format']>>();
  private readonly namesByFolder = new Map<string, Map<string, EntryKind>>();
  private readonly entries = new Map<string, boolean>();
  private readonly listsByFolder = new Map<string, readonly Map<string, PatchReference['format']>[]>();

  roleOf(input: InputFile): FileRole {
    const kustomizationFile = isKustomizationFile(input.display);
    if (input.absolute === undefined) return { kustomizationFile, discovered: input.discovered };
    const role: FileRole = { kustomizationFile, discovered: input.discovered };
    const patch = this.patchFormat(input.absolute);
    if (patch !== undefined) role.patch = patch;
    if (kustomizationFile) {
      const folder = path.dirname(input.absolute);
      role.listedPathKind = (listed) => this.kindOf(path.resolve(folder, listed));
    }
    return role;
  }

  /**
   * What a path a kustomization lists is, from its folder's listing (one per
   * folder, which the patch lookup reads anyway); a link is followed, as
   * Kustomize follows it.
   */
  private kindOf(absolute: string): ListedPathKind | undefined {
    const entry = this.namesIn(path.dirname(absolute)).get(path.basename(absolute));
    const kind = entry === 'link' ? (isFile(absolute) ? 'file' : isFolder(absolute) ? 'folder' : undefined) : entry;
    if (kind === 'file') return 'file';
    if (kind !== 'folder') return undefined;
    const names = this.namesIn(absolute);
    return KUSTOMIZATION_FILE_NAMES.some((n) => names.has(n)) ? 'kustomization-folder' : 'folder';
  }

  private patchFormat(file: string): PatchReference['format'] | undefined {
    for (const patches of this.patchListsAbove(path.dirname(file))) {
      const format = patches.get(file);
      if (format !== undefined) return format;
    }
    return undefined;
  }

  /**
   * The patch lists of the kustomizations in `dir` and in the folders above
   * it, nearest first, up to the repository's root (the folder holding
   * `.git`): worked out once per folder, since every file of a folder, and
   * of the folders below it, asks the same.
   */
  private patchListsAbove(dir: string): readonly Map<string, PatchReference['format']>[] {
    let lists = this.listsByFolder.get(dir);
    if (lists === undefined) {
      const own = this.patchesIn(dir);
      const parent = path.dirname(dir);
      const above = parent === dir || this.holds(dir, '.git') ? [] : this.patchListsAbove(parent);
      lists = own.size === 0 ? above : [own, ...above];
      this.listsByFolder.set(dir, lists);
    }
    return lists;
  }

  /** A folder's listing the input walk already read (findInputFiles' onListing): not read again here. */
  listed(dir: string, entries: readonly Dirent[]): void {
    this.namesByFolder.set(dir, namesOf(entries));
  }

  /** What a folder holds, listed once: asking the listing is cheaper than failing to open files that are not there. */
  private namesIn(dir: string): Map<string, EntryKind> {
    let names = this.namesByFolder.get(dir);
    if (names === undefined) {
      try {
        names = namesOf(readdirSync(dir, { withFileTypes: true }));
      } catch {
        names = new Map();
      }
      this.namesByFolder.set(dir, names);
    }
    return names;
  }

  /**
   * Whether a folder holds an entry of this name: from its listing when one
   * was read, else by asking for the name alone. A folder above the inputs
   * (the walk up to the repository's root) is asked for the few names a
   * patch lookup needs, not listed: /tmp or a home folder may hold thousands.
   */
  private holds(dir: string, name: string): boolean {
    const names = this.namesByFolder.get(dir);
    if (names !== undefined) return names.has(name);
    // Every input below such a folder asks again (is the repository's root here?): answered once.
    const file = path.join(dir, name);
    let found = this.entries.get(file);
    if (found === undefined) {
      found = entryExists(file);
      this.entries.set(file, found);
    }
    return found;
  }

  /** Patch files (absolute) the kustomization file of `dir` lists, with their format; empty when it has none. */
  private patchesIn(dir: string): Map<string, PatchReference['format']> {
    const cached = this.patchesByFolder.get(dir);
    if (cached !== undefined) return cached;
    const patches = new Map<string, PatchReference['format']>();
    this.patchesByFolder.set(dir, patches);
    for (const name of KUSTOMIZATION_FILE_NAMES.filter((n) => this.holds(dir, n))) {
      const file = path.join(dir, name);
      // A named pipe would block the read for good (inputFiles.ts skips them too).
      if (!isFile(file)) continue;
      const read = readTextFile(file, file);
      if ('problem' in read) continue;
      // Problems in the kustomization itself are reported when it is validated; here it only says what it patches.
      // Read as validate reads it: one that is not UTF-8, as one that does not parse, patches nothing (Kustomize reads neither).
      const value = 'text' in read ? readDocuments(read.text, file).documents.find((d) => isMapping(d.value))?.value : undefined;
      if (isMapping(value)) {
        for (const reference of patchReferences(value)) patches.set(path.resolve(dir, reference.path), reference.format);
      }
      break;
    }
    return patches;
  }
}

function namesOf(entries: readonly Dirent[]): Map<string, EntryKind> {
  return new Map(entries.map((e) => [e.name, e.isSymbolicLink() ? 'link' : e.isDirectory() ? 'folder' : e.isFile() ? 'file' : 'other']));
}

/** Whether there is an entry at the path, as a listing would show it: a link that leads nowhere is one. */
function entryExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
