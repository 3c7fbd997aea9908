/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `1.5`, `2e3`), following
 * k8s.io/apimachinery/pkg/api/resource: a signed decimal number followed by a
 * binary-SI suffix, a decimal-SI suffix, or a decimal exponent.
 */
const QUANTITY_PATTERN = '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$';

const QUANTITY_RE = new RegExp(QUANTITY_PATTERN);

const SUFFIX_MULTIPLIER: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function isQuantity(value: string): boolean {
  return QUANTITY_RE.test(value);
}

/** The quantity's value in base units (cores, bytes), or undefined when it is not a quantity. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (!QUANTITY_RE.test(value)) return undefined;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE]([+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/.exec(value);
  if (!m) return undefined;
  const mantissa = Number(m[1]);
  if (m[2] !== undefined) return mantissa * 10 ** Number(m[2]);
  return mantissa * (SUFFIX_MULTIPLIER[m[3] ?? ''] ?? 1);
}

/**
 * Whether two quantities denote the same amount. Compared in integer milli-units
 * (Kubernetes' smallest cpu step) so `0.5` and `500m`, or `1Gi` and `1024Mi`, are equal.
 */
export function sameQuantity(a: string | number, b: string | number): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return false;
  return Math.round(x * 1000) === Math.round(y * 1000);
}

/**
 * Whether a quantity of bytes is a whole number of them. `512m` is half a
 * byte (m is milli), which the API server rounds up, with a warning; compared
 * in milli-units, as sameQuantity compares.
 */
export function isWholeBytes(value: string | number): boolean {
  const bytes = parseQuantity(value);
  return bytes !== undefined && Math.round(bytes * 1000) % 1000 === 0;
}
