/**
 * The `pattern` keyword: the two patterns scaffold writes into schemas, and
 * how every pattern is compiled and matched.
 *
 * The API server compiles a CRD's patterns with Go's regexp: RE2 syntax,
 * matched in time linear in the value. JavaScript's RegExp reads another
 * syntax (`(?i)` and `\p{Greek}` do not compile) and backtracks (`^(a+)+$`
 * takes seconds on thirty characters), so patterns run on re2js, a port of
 * Go's regexp. This module is also bundled into the precompiled validators
 * (scripts/build-validators.ts), so it imports nothing at run time: re2js
 * comes from the caller, loaded on the first pattern that needs it.
 */
import type { RE2JS } from 're2js';

/** The Kubernetes quantity grammar (resource.Quantity), as the API server itself publishes it for CRDs. */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/**
 * Standard base64 with padding. Go's decoder skips CR and LF, so line breaks
 * (a `|` block scalar in YAML) are allowed anywhere.
 */
export const BASE64_PATTERN =
  '^(?:(?:[A-Za-z0-9+/][\\r\\n]*){4})*(?:(?:[A-Za-z0-9+/][\\r\\n]*){2}==|(?:[A-Za-z0-9+/][\\r\\n]*){3}=)?[\\r\\n]*$';

/** A DNS subdomain (RFC 1123) as Kubernetes' own validation writes it: the pattern of most names in CRDs. */
export const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

/** Letters, digits, `-`, `.` and `_`: keys of Secrets and ConfigMaps, as CRDs such as External Secrets' write it. */
export const KEY_CHARACTERS_PATTERN = '^[-._a-zA-Z0-9]+$';

/**
 * Patterns RegExp runs with the verdict RE2 gives (test/schemas/patterns.test.ts
 * compares them) and in linear time: each step has one way on (digits, then
 * a dot; four base64 characters, then the padding; a label, then a dot), so
 * a failing value is given back a character at a time, never retried in
 * other splits. The two scaffold writes are the only patterns of the
 * built-in Kubernetes schemas, so a cold start that validates Kubernetes
 * kinds never loads re2js (loading it and compiling a first pattern costs
 * some 15 ms of CPU); the other two are the commonest of CRDs (External
 * Secrets' names and keys). A precompiled validator compiles any other
 * pattern, and loads re2js, only when a value meets it (compileOnFirstTest).
 */
const LINEAR_IN_REGEXP: ReadonlySet<string> = new Set([QUANTITY_PATTERN, BASE64_PATTERN, DNS_SUBDOMAIN_PATTERN, KEY_CHARACTERS_PATTERN]);

/** What ajv needs of a compiled pattern. */
export interface PatternMatcher {
  /** Whether the pattern matches anywhere in the value (unanchored, as Go's MatchString). */
  test(value: string): boolean;
  /** One string per pattern: ajv keys its compiled patterns by it. */
  toString(): string;
}

export interface Re2Module {
  RE2JS: typeof RE2JS;
}

/**
 * A pattern compiler as ajv's `code.regExp` option wants it. Throws re2js's
 * RE2JSSyntaxException for a pattern RE2 rejects, as the API server rejects a
 * CRD holding one (compiler.ts's patternProblems finds those first).
 * `compileOnFirstTest`, for code whose patterns all compiled when it was
 * made (a validator precompiled by the build or kept in the cache): an RE2 pattern is compiled, and
 * re2js loaded, only when a value meets it, and a validator whose patterns
 * no document reaches never loads re2js.
 */
export function patternEngine(loadRe2: () => Re2Module, { compileOnFirstTest = false } = {}): (pattern: string) => PatternMatcher {
  let re2: typeof RE2JS | undefined;
  const engine = () => (re2 ??= loadRe2().RE2JS);
  // Imported CRDs repeat their patterns (names, labels) across kinds, each kind compiled by its own ajv.
  const compiled = new Map<string, PatternMatcher>();
  return (pattern) => {
    let matcher = compiled.get(pattern);
    if (matcher === undefined) {
      matcher = LINEAR_IN_REGEXP.has(pattern) ? new RegExp(pattern, 'u') : compileOnFirstTest ? re2OnFirstTest(engine, pattern) : re2Matcher(engine(), pattern);
      compiled.set(pattern, matcher);
    }
    return matcher;
  };
}

function re2Matcher(re2: typeof RE2JS, pattern: string): PatternMatcher {
  const compiled = re2.compile(pattern);
  return { test: (value) => compiled.test(value), toString: () => `/${pattern}/ (RE2)` };
}

function re2OnFirstTest(engine: () => typeof RE2JS, pattern: string): PatternMatcher {
  let compiled: PatternMatcher | undefined;
  return { test: (value) => (compiled ??= re2Matcher(engine(), pattern)).test(value), toString: () => `/${pattern}/ (RE2)` };
}
