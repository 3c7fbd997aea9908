/**
 * How Kubernetes reads an unquoted YAML scalar. kubectl, Kustomize and the API
 * server read YAML with go-yaml v2 (through sigs.k8s.io/yaml), a YAML 1.1
 * reader with its own rules, which differ from the YAML 1.1 spec that YAML
 * libraries implement:
 *
 * - booleans are exactly y, yes, true, on / n, no, false, off in the
 *   capitalisations Y, Yes, YES (so `enabled: on` is `true`, `DEBUG: yes` too);
 * - integers are Go literals (0x1F, 0o17, 0b101, and 0777 octal), with `_`
 *   ignored anywhere; a decimal too large for int64 becomes a float;
 * - timestamps (2024-01-01) stay strings, since they are decoded into
 *   interface{}, and there are no base-60 numbers (`10:30` is a string);
 * - ~, null, Null, NULL and nothing at all are null.
 *
 * One function holds the rules; the YAML readers (parse.ts, quickLoad.ts) both
 * use it, so a document means the same whichever reader reads it.
 */
import type { CollectionTag, ScalarTag, TagId, Tags } from 'yaml';

export type ScalarKind = 'null' | 'bool' | 'int' | 'float' | 'str';

export interface ResolvedScalar {
  kind: ScalarKind;
  value: unknown;
}

const WORDS: ReadonlyMap<string, ResolvedScalar> = new Map<string, ResolvedScalar>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w): [string, ResolvedScalar] => [w, { kind: 'bool', value: true }]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w): [string, ResolvedScalar] => [w, { kind: 'bool', value: false }]),
  ...['', '~', 'null', 'Null', 'NULL'].map((w): [string, ResolvedScalar] => [w, { kind: 'null', value: null }]),
  ...['.nan', '.NaN', '.NAN'].map((w): [string, ResolvedScalar] => [w, { kind: 'float', value: Number.NaN }]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((w): [string, ResolvedScalar] => [w, { kind: 'float', value: Number.POSITIVE_INFINITY }]),
  ...['-.inf', '-.Inf', '-.INF'].map((w): [string, ResolvedScalar] => [w, { kind: 'float', value: Number.NEGATIVE_INFINITY }]),
]);

// strconv.ParseInt(s, 0, 64): sign, then a 0x / 0b / 0o prefix, a leading 0 (octal), or decimal.
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|0([0-7]*)|([1-9][0-9]*))$/;
// go-yaml's yamlStyleFloat, tried after the integer forms.
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

const STRING: ResolvedScalar = { kind: 'str', value: undefined };

let lastSource: string | undefined;
let lastResult: ResolvedScalar = STRING;

/** What go-yaml v2 makes of a plain (unquoted, untagged) scalar: `value` is undefined for a string (the source itself). */
export function resolvePlainScalar(source: string): ResolvedScalar {
  // The YAML library asks once per candidate tag; answer repeats from the last call.
  if (source === lastSource) return lastResult;
  lastSource = source;
  lastResult = resolve(source);
  return lastResult;
}

// A decimal integer of this many digits at most is exact as a number: no need for the general parse.
const SAFE_DIGITS = 15;

function resolve(source: string): ResolvedScalar {
  // The words are five characters at most; most scalars are longer.
  const word = source.length <= 5 ? WORDS.get(source) : undefined;
  if (word !== undefined) return word;
  const first = source.charCodeAt(0);
  if (first >= 0x31 && first <= 0x39 && source.length <= SAFE_DIGITS && isDigits(source)) return { kind: 'int', value: Number(source) };
  if (first === 0x2e /* . */) return DOT_FLOAT.test(source) ? { kind: 'float', value: Number(source) } : STRING;
  const numeric = (first >= 0x30 && first <= 0x39) || first === 0x2b /* + */ || first === 0x2d; /* - */
  if (!numeric) return STRING;
  const plain = source.replace(/_/g, '');
  const int = GO_INT.exec(plain);
  if (int !== null) {
    const [, sign, hex, bin, oct, legacyOct, dec] = int;
    const digits = hex ?? bin ?? oct ?? legacyOct ?? dec ?? '';
    const prefix = hex !== undefined ? '0x' : bin !== undefined ? '0b' : oct !== undefined || legacyOct !== undefined ? '0o' : '';
    const magnitude = digits === '' ? 0n : BigInt(prefix + digits);
    const value = sign === '-' ? -magnitude : magnitude;
    if ((value >= INT64_MIN && value <= INT64_MAX) || (sign !== '-' && value <= UINT64_MAX)) return { kind: 'int', value: Number(value) };
    // Too large for int64 and uint64: a decimal still reads as a float, any other form as a string.
    if (dec === undefined) return STRING;
  }
  return YAML_FLOAT.test(plain) ? { kind: 'float', value: Number(plain) } : STRING;
}

function isDigits(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const IDENTIFY: Readonly<Record<Exclude<ScalarKind, 'str'>, (value: unknown) => boolean>> = {
  null: (value) => value === null,
  bool: (value) => typeof value === 'boolean',
  int: (value) => typeof value === 'number' && Number.isInteger(value),
  float: (value) => typeof value === 'number',
};

function scalarTag(kind: Exclude<ScalarKind, 'str'>): ScalarTag {
  return {
    tag: `tag:yaml.org,2002:${kind}`,
    default: true,
    // The library writes YAML when it turns a collection used as a mapping key into a string.
    identify: IDENTIFY[kind],
    stringify: ({ value }) => String(value),
    // The library only calls test(); one function decides every kind.
    test: { test: (source: string) => resolvePlainScalar(source).kind === kind } as unknown as RegExp,
    resolve(source, onError) {
      const resolved = resolvePlainScalar(source);
      if (resolved.kind !== kind) onError(`"${source}" is not a !!${kind}`);
      return resolved.value;
    },
  };
}

/** go-yaml's plain scalars other than strings; as a writer's `compat`, they make it quote any string go-yaml would misread. */
export const KUBERNETES_SCALAR_TAGS: readonly ScalarTag[] = [scalarTag('null'), scalarTag('bool'), scalarTag('int'), scalarTag('float')];
// Scalar tags of the library's YAML 1.1 schema that go-yaml reads differently; replaced by the ones above.
const REPLACED = new Set(['tag:yaml.org,2002:null', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);
const REPLACED_IDS = new Set<TagId>(['null', 'bool', 'int', 'float', 'floatExp', 'floatNaN', 'floatTime', 'intHex', 'intOct', 'intTime', 'timestamp']);

/**
 * go-yaml gives the explicit tags !!omap, !!pairs and !!set no meaning of their own (a sequence, a
 * sequence, a mapping whose keys have null values), and reads !!binary as the text its base64 holds.
 * The library's own made a Map, a Set or bytes, which a schema sees as an empty object: an app.yaml's
 * `env: !!omap [{A: a}]` rendered no variable, without a word.
 */
const GO_YAML_EXPLICIT_TAGS: readonly (CollectionTag | ScalarTag)[] = [
  { tag: 'tag:yaml.org,2002:omap', collection: 'seq', default: false, resolve: (seq) => seq },
  { tag: 'tag:yaml.org,2002:pairs', collection: 'seq', default: false, resolve: (seq) => seq },
  { tag: 'tag:yaml.org,2002:set', collection: 'map', default: false, resolve: (map) => map },
  {
    tag: 'tag:yaml.org,2002:binary',
    default: false,
    resolve(source, onError) {
      const base64 = source.replace(/\s/g, '');
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) onError('!!binary value contains invalid base64 data');
      return Buffer.from(base64, 'base64').toString('utf8');
    },
  },
];
const EXPLICIT = new Set(GO_YAML_EXPLICIT_TAGS.map((t) => t.tag));
const EXPLICIT_IDS = new Set<TagId>(['binary', 'omap', 'pairs', 'set']);

/**
 * The `customTags` for the `yaml` library's YAML 1.1 schema: its scalar tags
 * swapped for go-yaml's rules, and its explicit-only tags for go-yaml's
 * reading of them; collections, strings and merge keys kept.
 */
export function kubernetesTags(tags: Tags): Tags {
  const kept = tags.filter((t) => (typeof t === 'string' ? !REPLACED_IDS.has(t) && !EXPLICIT_IDS.has(t) : !REPLACED.has(t.tag) && !EXPLICIT.has(t.tag)));
  return [...kept, ...KUBERNETES_SCALAR_TAGS, ...GO_YAML_EXPLICIT_TAGS];
}
