import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch } from '../../src/vocabulary/didYouMean.ts';

/** The plain definition: full Levenshtein against every candidate, the first of the closest within the limit. */
function closestByDefinition(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length]!;
  };
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

describe('closestMatch', () => {
  it('names a likely typo, and nothing for a word too far from every candidate', () => {
    const kinds = ['apps/v1/Deployment', 'apps/v1/DaemonSet', 'v1/Service', 'networking.k8s.io/v1/Ingress'];
    expect(closestMatch('apps/v1/Deplyoment', kinds)).toBe('apps/v1/Deployment');
    expect(closestMatch('v1/service', kinds)).toBe('v1/Service');
    expect(closestMatch('argoproj.io/v1alpha1/Rollout', kinds)).toBeUndefined();
  });

  it('gives what the full edit distance gives, ties to the earlier candidate, though it stops counting early', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '/', '.'), maxLength: 14 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (w, candidates) => {
        expect(closestMatch(w, candidates)).toBe(closestByDefinition(w, candidates));
      }),
      { numRuns: 3000 },
    );
  });

  it('measures words longer than any before it as the definition does (the rows it keeps grow)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 60, maxLength: 200 });
    // A few edits of the word: candidates within its limit, so that the distances decide.
    const edited = (w: string) =>
      fc.array(fc.tuple(fc.nat(w.length), fc.constantFrom('', 'a', 'b', 'c'), fc.boolean()), { maxLength: 8 }).map((edits) =>
        edits.reduce((s, [at, ch, insert]) => s.slice(0, at) + ch + s.slice(insert ? at : at + 1), w),
      );
    const wordAndCandidates = word.chain((w) => fc.tuple(fc.constant(w), fc.array(fc.oneof(edited(w), word), { minLength: 1, maxLength: 4 })));
    fc.assert(
      fc.property(wordAndCandidates, ([w, candidates]) => {
        expect(closestMatch(w, candidates)).toBe(closestByDefinition(w, candidates));
      }),
      { numRuns: 300 },
    );
  });
});
