/**
 * YAML scalars that can never escape their place in a template.
 *
 * Not `yaml`'s stringify: it emits block scalars (`|-`) for multi-line strings, which
 * only work at the right indentation, and leaves U+2028/U+2029/U+0085 raw, which
 * go-yaml (Kustomize, kubectl) reads as line breaks. Plain output is only used for
 * strings that read back as the same string under YAML 1.1 and 1.2 alike.
 */
// A leading '.' is only safe as a relative path (`../base`): `.inf`, `.nan` and `.5` are numbers.
const PLAIN_SAFE = /^(?:[A-Za-z_/]|\.\.?\/)[A-Za-z0-9_./-]*$/;
const RESERVED = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
// The yaml library's YAML 1.1 schema, which scaffold's own checks read output with, takes
// e5 or E-3 for a float (NaN): its exponent form has an optional mantissa, unlike YAML
// 1.1 itself and go-yaml. Quoted, they are strings to every reader.
const EXPONENT_ALONE = /^[eE]-?[0-9]+$/;

// JSON.stringify escapes quotes, backslashes, C0 controls and lone surrogates; YAML
// readers also treat these as breaks or forbid them raw. U+E000 and U+E001 mark values
// inside rendered templates (templateSafety.ts), so no value writes them raw.
// eslint-disable-next-line no-control-regex
const EXTRA_ESCAPES = /[\u007f-\u009f\u2028\u2029\ufeff\ue000\ue001]/g;

export function yamlString(value: string): string {
  if (PLAIN_SAFE.test(value) && !RESERVED.has(value.toLowerCase()) && !EXPONENT_ALONE.test(value)) return value;
  return JSON.stringify(value).replace(EXTRA_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function yamlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`expected an integer, got ${String(value)}`);
  return String(value);
}
