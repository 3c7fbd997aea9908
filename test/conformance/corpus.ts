/**
 * The conformance corpus: YAML files in corpus/, each document preceded by
 * comment lines saying what it is and the verdict expected of it:
 *
 *   # Deployment whose replicas overflow int32
 *   # expect: invalid at spec.replicas
 *
 * The verdict is expected of every bundled Kubernetes minor and of the
 * official schemas (`official`: the 1.36 OpenAPI document and the External
 * Secrets CRDs, imported). Where they really differ, later lines override
 * the verdict for some of them, and name the difference that explains it:
 *
 *   # expect: invalid at spec.resources
 *   # expect 1.32+: valid
 *   # difference: io.k8s.api.core.v1.PodSpec resources
 *
 * Selectors: `1.32` (one minor), `1.30-1.31`, `1.32+`, `builtin` (every
 * bundled minor), `official`. Unless told otherwise, `official` expects what
 * 1.36 does (it is read from the same document). `invalid at P` means every
 * issue found is at field path P.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareMinors } from '../../src/schemas/servedTable.ts';

export const CORPUS_DIR = fileURLToPath(new URL('corpus', import.meta.url));
export const OFFICIAL = 'official';

export type Verdict = { valid: true } | { valid: false; path: string };

export interface CorpusDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  title: string;
  /** Bundled minor (`1.30`, ...) or `official` → the verdict expected there. */
  expected: Map<string, Verdict>;
  /** Committed difference entries (or their starts) that explain different verdicts. */
  differences: string[];
}

/** The corpus, with expectations for each of `versions` (the bundled minors, oldest first) and `official`. */
export function readCorpus(versions: readonly string[]): { text: Map<string, string>; documents: CorpusDocument[] } {
  const text = new Map<string, string>();
  const documents: CorpusDocument[] = [];
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const content = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    text.set(file, content);
    content.split(/^---\s*$/m).forEach((chunk, index) => documents.push(expectationOf(file, index, chunk, versions)));
  }
  return { text, documents };
}

function expectationOf(file: string, index: number, chunk: string, versions: readonly string[]): CorpusDocument {
  const where = `${file} document ${index}`;
  const comments = chunk
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.replace(/^#\s?/, ''));
  const [title, ...lines] = comments;
  if (title === undefined || title.startsWith('expect')) throw new Error(`${where}: first comment line must say what the document is`);
  const expected = new Map<string, Verdict>();
  let officialTold = false;
  const differences: string[] = [];
  for (const line of lines) {
    const expect = /^expect(?: (\S+))?: (valid|invalid at (\S+))$/.exec(line);
    const named = /^difference: (.+)$/.exec(line);
    if (expect !== null) {
      const verdict: Verdict = expect[2] === 'valid' ? { valid: true } : { valid: false, path: expect[3]! };
      const slots = selected(expect[1], versions, where);
      for (const slot of slots) expected.set(slot, verdict);
      officialTold ||= expect[1] === OFFICIAL;
    } else if (named !== null) {
      differences.push(named[1]!);
    } else {
      throw new Error(`${where}: cannot read "# ${line}"`);
    }
  }
  const newest = versions.at(-1)!;
  if (!officialTold && expected.has(newest)) expected.set(OFFICIAL, expected.get(newest)!);
  const missing = [...versions, OFFICIAL].filter((slot) => !expected.has(slot));
  if (missing.length > 0) throw new Error(`${where}: no expected verdict for ${missing.join(', ')}`);
  return { file, index, title, expected, differences };
}

function selected(selector: string | undefined, versions: readonly string[], where: string): string[] {
  if (selector === undefined) return [...versions, OFFICIAL];
  if (selector === OFFICIAL) return [OFFICIAL];
  if (selector === 'builtin') return [...versions];
  const range = /^(\d+\.\d+)(?:(\+)|-(\d+\.\d+))?$/.exec(selector);
  if (range === null) throw new Error(`${where}: "${selector}" is not a minor (1.32), a range (1.30-1.31, 1.32+), builtin or official`);
  const [, from, plus, to] = range;
  const last = plus !== undefined ? versions.at(-1)! : (to ?? from!);
  const out = versions.filter((v) => compareMinors(v, from!) >= 0 && compareMinors(v, last) <= 0);
  if (out.length === 0) throw new Error(`${where}: "${selector}" selects no bundled minor`);
  return out;
}

export function describeVerdict(verdict: Verdict): string {
  return verdict.valid ? 'valid' : `invalid at ${verdict.path}`;
}
