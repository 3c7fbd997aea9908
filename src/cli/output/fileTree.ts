/** One file of a tree listing, with an optional note after its name. */
export interface TreeEntry {
  path: string;
  note?: string;
}

interface Folder {
  folders: Map<string, Folder>;
  files: Map<string, string | undefined>;
}

/**
 * Lays out slash-separated paths as a tree, sorted by name at each level like
 * `tree`, so a person can see at a glance what lands where.
 */
import { byName } from '../../vocabulary/order.ts';
export function formatTree(entries: readonly TreeEntry[]): string[] {
  const top: Folder = { folders: new Map(), files: new Map() };
  for (const { path, note } of entries) {
    const parts = path.split('/');
    let folder = top;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) {
        next = { folders: new Map(), files: new Map() };
        folder.folders.set(part, next);
      }
      folder = next;
    }
    folder.files.set(parts[parts.length - 1]!, note);
  }
  const lines: string[] = [];
  const walk = (folder: Folder, indent: string) => {
    const children: { name: string; folder?: Folder; note?: string | undefined }[] = [
      ...[...folder.folders].map(([name, sub]) => ({ name, folder: sub })),
      ...[...folder.files].map(([name, note]) => ({ name, note })),
    ].sort(byName);
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      const note = child.note ? `  (${child.note})` : '';
      lines.push(`${indent}${last ? '└── ' : '├── '}${child.name}${child.folder ? '/' : ''}${note}`);
      if (child.folder) walk(child.folder, `${indent}${last ? '    ' : '│   '}`);
    });
  };
  // A single top folder chain (apps/demo/) is printed as one line, as `tree apps/demo` would.
  let prefix = '';
  let start = top;
  while (start.files.size === 0 && start.folders.size === 1) {
    const [name, only] = [...start.folders][0]!;
    prefix += `${name}/`;
    start = only;
  }
  if (prefix !== '') lines.push(prefix);
  walk(start, '');
  return lines;
}
