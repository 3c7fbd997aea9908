/**
 * Whether two values read from YAML are the same data, mapping keys in the
 * same order (the order findings of equal place are listed in): what the two
 * readers (quickLoad, parseYamlStream) must agree on for a verdict reached on
 * one to stand with positions from the other.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return keysA.every((key, i) => key === keysB[i] && sameData(x[key], y[key]));
}
