/**
 * The conformance corpus: YAML files in corpus/, each document preceded by
 * comment lines saying what it is and the verdict expected of it:
 *
 *   # Deployment whose replicas overflow int32
 *   # expect: invalid at spec.replicas
 *
 * or, where the built-in schemas and the official ones really differ:
 *
 *   # expect builtin: invalid at spec.resources
 *   # expect official: valid
 *   # difference: io.k8s.api.core.v1.PodSpec resources
 *
 * `invalid at P` means every issue found is at field path P.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('corpus', import.meta.url));

export type Verdict = { valid: true } | { valid: false; path: string };

export interface CorpusDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  title: string;
  builtin: Verdict;
  official: Verdict;
  /** The committed difference entry (or its start) that explains different verdicts. */
  difference?: string;
}

export function readCorpus(): { text: Map<string, string>; documents: CorpusDocument[] } {
  const text = new Map<string, string>();
  const documents: CorpusDocument[] = [];
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const content = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    text.set(file, content);
    content.split(/^---\s*$/m).forEach((chunk, index) => documents.push(expectationOf(file, index, chunk)));
  }
  return { text, documents };
}

function expectationOf(file: string, index: number, chunk: string): CorpusDocument {
  const where = `${file} document ${index}`;
  const comments = chunk
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.replace(/^#\s?/, ''));
  const [title, ...lines] = comments;
  if (title === undefined || title.startsWith('expect')) throw new Error(`${where}: first comment line must say what the document is`);
  const verdicts: Partial<Record<'builtin' | 'official', Verdict>> = {};
  let difference: string | undefined;
  for (const line of lines) {
    const expect = /^expect(?: (builtin|official))?: (valid|invalid at (\S+))$/.exec(line);
    const named = /^difference: (.+)$/.exec(line);
    if (expect !== null) {
      const verdict: Verdict = expect[2] === 'valid' ? { valid: true } : { valid: false, path: expect[3]! };
      for (const side of expect[1] === undefined ? (['builtin', 'official'] as const) : [expect[1] as 'builtin' | 'official']) verdicts[side] = verdict;
    } else if (named !== null) {
      difference = named[1];
    } else {
      throw new Error(`${where}: cannot read "# ${line}"`);
    }
  }
  if (verdicts.builtin === undefined || verdicts.official === undefined) throw new Error(`${where}: needs an expected verdict for both schema sets`);
  return { file, index, title, builtin: verdicts.builtin, official: verdicts.official, ...(difference === undefined ? {} : { difference }) };
}

export function describeVerdict(verdict: Verdict): string {
  return verdict.valid ? 'valid' : `invalid at ${verdict.path}`;
}
