/**
 * The library's requests checked as the CLI's parser checks its flags. A program in JavaScript is held
 * to the declarations by no compiler: `validateFiles({})` failed deep inside with a TypeError, where a
 * bad argument is to be an issue of rule `usage` that names the field.
 */
import { closestMatch } from '../vocabulary/didYouMean.ts';

type FieldKind = 'string' | 'strings' | 'boolean' | 'number' | 'patterns';

type KindOf<V> = V extends string
  ? 'string'
  : V extends boolean
    ? 'boolean'
    : V extends number
      ? 'number'
      : V extends readonly string[]
        ? 'strings'
        : V extends readonly RegExp[]
          ? 'patterns'
          : never;

/** A request's every field with its kind, and whether it must be given: the compiler keeps it to the request's declaration. */
export type ShapeOf<T> = { readonly [K in keyof T]-?: { kind: KindOf<NonNullable<T[K]>>; required: object extends Pick<T, K> ? false : true } };

const DESCRIBED: Record<FieldKind, string> = {
  string: 'a string',
  strings: 'an array of strings',
  boolean: 'true or false',
  number: 'a finite number',
  patterns: 'an array of regular expressions',
};

const FITS: Record<FieldKind, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  strings: (value) => Array.isArray(value) && value.every((item) => typeof item === 'string'),
  boolean: (value) => typeof value === 'boolean',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  patterns: (value) => Array.isArray(value) && value.every((item) => item instanceof RegExp),
};

export const required = <K extends FieldKind>(kind: K) => ({ kind, required: true as const });
export const optional = <K extends FieldKind>(kind: K) => ({ kind, required: false as const });

/** What is wrong with `request` as `fn` takes it (the first thing), or undefined. */
export function misshapen<T>(fn: string, request: unknown, shape: ShapeOf<T>): string | undefined {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return `${fn} takes one object of options, not ${described(request)}`;
  const fields = shape as Record<string, { kind: FieldKind; required: boolean }>;
  const names = Object.keys(fields);
  for (const [name, value] of Object.entries(request)) {
    const field = fields[name];
    if (field === undefined) {
      const guess = closestMatch(name, names);
      return `${fn}: unknown option "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; options: ${names.join(', ')}`;
    }
    if (value !== undefined && !FITS[field.kind](value)) return `${fn}: ${name} must be ${DESCRIBED[field.kind]}, not ${described(value)}`;
  }
  const missing = names.find((name) => fields[name]!.required && (request as Record<string, unknown>)[name] === undefined);
  return missing === undefined ? undefined : `${fn}: ${missing} is required (${DESCRIBED[fields[missing]!.kind]})`;
}

function described(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const odd = value.find((item) => typeof item !== 'string');
    return odd === undefined ? 'an array of strings' : `an array holding ${described(odd)}`;
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (value instanceof RegExp) return `the regular expression ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}
