/**
 * Orders strings by UTF-16 code units: the same on every machine and in every locale
 * (localeCompare is neither), so output listed in this order is deterministic.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Folder entries and tree nodes, by name. */
export function byName(a: { name: string }, b: { name: string }): number {
  return compareCodeUnits(a.name, b.name);
}

/** Kinds as schema lists show them: by apiVersion, then kind. */
export function byApiVersionAndKind(a: { apiVersion: string; kind: string }, b: { apiVersion: string; kind: string }): number {
  return compareCodeUnits(a.apiVersion, b.apiVersion) || compareCodeUnits(a.kind, b.kind);
}

/** Issues (or anything with a position) in the order of the file: by line, then column; those without one first. */
export function byPosition(a: { line?: number; column?: number }, b: { line?: number; column?: number }): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
