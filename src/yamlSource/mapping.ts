/** A YAML mapping read as plain data: an object, not null and not a list. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at a path of mapping keys and list indexes, or undefined where the path leaves the data. */
export function valueAt(document: unknown, path: readonly (string | number)[]): unknown {
  let current = document;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
