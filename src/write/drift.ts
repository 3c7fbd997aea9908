import type { FileChange } from './changes.ts';

/** The files of a `render --check` that are not what the app specs produce. */
export interface Drift {
  /** Generated files whose content differs from what the spec produces now. */
  changed: string[];
  /** Files the spec produces that do not exist. */
  missing: string[];
  /** Generated files the spec no longer produces (for example a removed environment). */
  stale: string[];
  /** Generated files edited by hand since scaffold wrote them (also listed above). */
  handEdited: string[];
  /** Files where a generated file belongs that scaffold did not write (also in changed). */
  notGenerated: string[];
}

export function driftOf(changes: readonly FileChange[]): Drift {
  const pick = (f: (c: FileChange) => boolean) => changes.filter(f).map((c) => c.path);
  return {
    changed: pick((c) => c.action === 'update'),
    missing: pick((c) => c.action === 'create'),
    stale: pick((c) => c.action === 'delete'),
    handEdited: pick((c) => c.conflict === 'hand-edited'),
    notGenerated: pick((c) => c.conflict === 'not-generated'),
  };
}

export function driftCount(d: Drift): number {
  return d.changed.length + d.missing.length + d.stale.length;
}
