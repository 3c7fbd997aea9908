// Holds the block-style reader's words for broken YAML to the positioned reader's, on more cases than
// the test suite's property tests run (see docs/performance.md, "Files the reader left to the other readers"):
//
//   npx tsx bench/fuzzYamlWords.ts [SEEDS] [FIRST_SEED]
//
// Each seed makes 12,000 cases from every real file of the suite (test/support/realYaml.ts), as written,
// with CR LF line breaks and with tabs at its lines' ends: the mistakes people make (a tab for spaces, a
// lost colon, a quote left open) on one or two `key: value` lines, alone or with random edits after them.
// Wherever the reader claims to know the words (readBlockStyle's `broken`), the positioned reader's first
// error must be them, in the same place. It prints the counts and exits 1 on any wrong claim.
// `extra` counts claims where the positioned reader also lists later errors (a second, unrelated mistake).
import fc from 'fast-check';
import { readBlockStyle } from '../src/yamlSource/blockStyleReader.ts';
import { parseYamlStream } from '../src/yamlSource/parse.ts';
import { applyEdits, REAL_YAML, textEdits, withCrLf, withTabsAtLineEnds } from '../test/support/realYaml.ts';

const small = REAL_YAML.filter((t) => t.length < 20_000);
const texts = [...small, ...small.map(withCrLf), ...small.map((t) => withTabsAtLineEnds(t))];
const MISTAKES = [
  (line: string) => line.replace(/^ +/, '\t'),
  (line: string) => line.replace(/^ +/, '\t\t'),
  (line: string) => line.replace(/^ +/, (s) => `\t${s.slice(2)}`),
  (line: string) => line.replace(/^ +/, (s) => `${s}\t`),
  (line: string) => line.replace(': ', ' '),
  (line: string) => line.replace(': ', ' ').replace(/^ +/, (s) => s.slice(1)),
  (line: string) => line.replace(':', ''),
  (line: string) => line.replace(': ', ': "'),
];
const EDITS = [' ', '  ', '\n', '\t', '\n\t', '\t\n', '\r\n', ':', ': ', '- ', '-', '#', ' #', '"', "'", '\\', '|', '|-', '>', '[', ']', '{}', ',', '?', '*', '&', '!', 'x', '0', 'yes', '---\n', '\u00e9'];

const counts = { claimed: 0, wrong: 0, extra: 0 };
function check(text: string): void {
  const read = readBlockStyle(text);
  if (read === undefined || Array.isArray(read) || read.broken === undefined) return;
  counts.claimed++;
  const issues = parseYamlStream(text, 'f.yaml').issues.map(({ message, line, column }) => ({ message, line, column }));
  if (issues.length > 1) counts.extra++;
  if (JSON.stringify(issues[0]) !== JSON.stringify(read.broken)) {
    counts.wrong++;
    if (counts.wrong <= 5) console.log('wrong:', JSON.stringify(read.broken), 'positioned reader:', JSON.stringify(issues), JSON.stringify(text));
  }
}

/** The lines of a text that hold a `key: value` entry below the first line: where the mistakes go. */
function entryLines(lines: readonly string[]): number[] {
  return lines.flatMap((line, i) => (i > 0 && /^ +[A-Za-z][\w.-]*:( \S|$)/.test(line) ? [i] : []));
}

const seeds = Number(process.argv[2] ?? 10);
const first = Number(process.argv[3] ?? 1);
for (let seed = first; seed < first + seeds; seed++) {
  fc.assert(
    fc.property(fc.constantFrom(...texts), fc.nat(), fc.nat(), fc.nat(MISTAKES.length - 1), fc.nat(MISTAKES.length - 1), (original, pick, pick2, m, m2) => {
      const lines = original.split('\n');
      const candidates = entryLines(lines);
      if (candidates.length === 0) return;
      const at = candidates[pick % candidates.length]!;
      lines[at] = MISTAKES[m]!(lines[at]!);
      check(lines.join('\n'));
      const at2 = candidates[pick2 % candidates.length]!;
      if (at2 === at) return;
      lines[at2] = MISTAKES[m2]!(lines[at2]!);
      check(lines.join('\n'));
    }),
    { numRuns: 6000, seed },
  );
  fc.assert(
    fc.property(fc.constantFrom(...texts), fc.nat(), fc.nat(MISTAKES.length - 1), textEdits(EDITS), (original, pick, m, changes) => {
      const lines = original.split('\n');
      const candidates = entryLines(lines);
      if (candidates.length === 0) return;
      const at = candidates[pick % candidates.length]!;
      lines[at] = MISTAKES[m]!(lines[at]!);
      check(applyEdits(lines.join('\n'), changes));
    }),
    { numRuns: 6000, seed: seed + 100_000 },
  );
}
console.log({ seeds, first, ...counts });
process.exitCode = counts.wrong === 0 ? 0 : 1;
