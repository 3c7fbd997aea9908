/**
 * What the paths under a gitops root are, links not followed. render follows no
 * symbolic link below the root: one would let an app write another app's files
 * (an app folder linked to another's), replace a link it took for a missing file,
 * or hand Kustomize a file it refuses ("is not in or below").
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Issue } from '../vocabulary/issue.ts';
import { brokenLink, isFolder } from './files.ts';

export type PathKind = 'missing' | 'folder' | 'file' | 'link' | 'other';

/** A path that is not a folder, on the way down from the root to another path (or that path itself). */
export interface NotAFolder {
  /** Relative to the root, with forward slashes. */
  path: string;
  kind: Exclude<PathKind, 'folder'>;
}

/**
 * Each path is looked at once (lstat): a render of a large repository writes thousands
 * of files into few folders, and below a missing folder nothing needs looking at.
 */
export class PathKinds {
  private readonly kinds = new Map<string, PathKind>();

  constructor(readonly root: string) {}

  /** What `path` (relative to the root, forward slashes) is; a path below anything but a folder is missing. */
  kindOf(path: string): PathKind {
    let kind = this.kinds.get(path);
    if (kind !== undefined) return kind;
    const slash = path.lastIndexOf('/');
    if (slash > 0 && this.kindOf(path.slice(0, slash)) !== 'folder') kind = 'missing';
    else kind = lstatKind(join(this.root, path));
    this.kinds.set(path, kind);
    return kind;
  }

  /**
   * The first path from the root down to `path` that is not a folder: `path` itself when
   * every folder above it is one (undefined when it is a folder too).
   */
  firstNotFolder(path: string): NotAFolder | undefined {
    let end = path.indexOf('/');
    for (;;) {
      const prefix = end < 0 ? path : path.slice(0, end);
      const kind = this.kindOf(prefix);
      if (kind !== 'folder') return { path: prefix, kind };
      if (end < 0) return undefined;
      end = path.indexOf('/', end + 1);
    }
  }

  /** The first symbolic link on the way from the root down to `path`, `path` itself included. */
  linkOnTheWay(path: string): string | undefined {
    const found = this.firstNotFolder(path);
    return found?.kind === 'link' ? found.path : undefined;
  }

  /** Where a link points: its target as written, and whether the real place is inside the root. */
  linkTarget(path: string): { target: string; real: string; inside: boolean } {
    const abs = join(this.root, path);
    const target = readlinkSync(abs);
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch {
      // A dangling link has no real path; where it points is where a write would go.
      real = resolve(realpathSync.native(dirname(abs)), target);
    }
    const rel = relative(realpathSync.native(this.root), real);
    return { target, real, inside: !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) };
  }
}

/**
 * A link render refuses, named by its path, with where it points and what to do:
 * `remedy`, or else replacing the link with the folder or file it points to. `context`
 * says why scaffold looked there, when the path alone does not. A link leading out of
 * the root is the graver case: writes would land in another checkout.
 */
export function linkIssue(kinds: PathKinds, path: string, options: { remedy?: string; context?: string } = {}): Issue {
  const { target, real, inside } = kinds.linkTarget(path);
  const broken = brokenLink(join(kinds.root, path));
  const remedy = options.remedy ?? `replace the link with ${broken !== undefined ? 'a real file' : isFolder(real) ? 'a real folder' : 'a copy of the file'}`;
  const context = `${broken === undefined ? '' : `, ${broken.problem}`}${options.context === undefined ? '' : ` (${options.context})`}`;
  if (!inside) {
    return {
      severity: 'error',
      rule: 'outside-root',
      file: path,
      message: `is a symbolic link to ${real}${context}, outside the gitops root ${realpathSync.native(kinds.root)}; scaffold writes only inside --root and follows no link below it: ${remedy}, or run with --root where the files really are`,
    };
  }
  return {
    severity: 'error',
    rule: 'link',
    file: path,
    message: `is a symbolic link to ${target}${context}; scaffold follows no link below --root, so that no app reads or writes another's files: ${remedy}`,
  };
}

function lstatKind(abs: string): PathKind {
  try {
    const stat = lstatSync(abs);
    if (stat.isSymbolicLink()) return 'link';
    if (stat.isDirectory()) return 'folder';
    return stat.isFile() ? 'file' : 'other';
  } catch {
    // ENOENT, or ENOTDIR below a file: either way nothing is there.
    return 'missing';
  }
}
