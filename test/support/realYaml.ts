import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import path from 'node:path';
import { available, EXAMPLES, PROJECT_ROOT, REALWORLD_DIR } from './paths.ts';

/** The text of every YAML file below `dir`; none where the folder is absent (the reference data may be). */
export function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  } catch {
    return [];
  }
}

const withRealWorld = available(REALWORLD_DIR, "the readers' tests over ../shared/realworld's manifests (they run on the project's own files alone)");

/** Real manifests for the readers' tests: the valid corpus, the examples, and ../shared/realworld where present. */
export const REAL_YAML: readonly string[] = [...yamlFiles(path.join(PROJECT_ROOT, 'test/validate/corpus/valid')), ...yamlFiles(EXAMPLES), ...(withRealWorld ? yamlFiles(REALWORLD_DIR) : [])];

/**
 * The least count a test over REAL_YAML must reach, given as it is with ../shared/realworld: without it
 * the project's own files hold about half as many fields, so two fifths of it.
 */
export function atLeast(withRealWorldCount: number): number {
  return withRealWorld ? withRealWorldCount : withRealWorldCount * 0.4;
}

/** The text with CR LF line breaks. */
export function withCrLf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The text with `tail` (white space holding a tab) at the end of every line with content. */
export function withTabsAtLineEnds(text: string, tail = ' \t'): string {
  return text.replace(/(?<=[^\n])\n/g, `${tail}\n`);
}

/** Up to three edits of a text, each inserting one of `inserts` at some place, in place of up to two characters. */
export function textEdits(inserts: readonly string[]): fc.Arbitrary<[number, string, number][]> {
  return fc.array(fc.tuple(fc.nat(), fc.constantFrom(...inserts), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 3 });
}

/** The text with the edits made one after the other (a place past the end wraps round). */
export function applyEdits(text: string, edits: readonly [number, string, number][]): string {
  let edited = text;
  for (const [at, insert, removed] of edits) {
    const i = at % (edited.length + 1);
    edited = edited.slice(0, i) + insert + edited.slice(i + removed);
  }
  return edited;
}
