/** The candidate closest to `word` by edit distance, if it is close enough to be a likely typo. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  // Two edits (a transposition) is a typo in a word of four letters or more, not in a shorter one.
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  const target = word.toLowerCase();
  let best: string | undefined;
  // Only a distance below this can still win: within the limit, and (on a tie) not after an earlier candidate.
  let bound = limit + 1;
  for (const c of candidates) {
    const lower = c.toLowerCase();
    // Lengths that differ by `bound` or more are that many edits apart at least: no need to count.
    if (Math.abs(lower.length - target.length) >= bound) continue;
    const d = editDistance(target, lower, bound);
    if (d < bound) {
      best = c;
      bound = d;
    }
  }
  return best;
}

/**
 * Levenshtein distance when it is below `bound`, else some number at least
 * `bound`: a row whose smallest cell reaches the bound cannot lead below it,
 * so most candidates stop after a few rows.
 */
function editDistance(a: string, b: string, bound: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const cell = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = cell;
      if (cell < rowMin) rowMin = cell;
    }
    if (rowMin >= bound) return bound;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}
