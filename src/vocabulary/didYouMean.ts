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

// The two rows of the distance table, kept between calls: closestMatch measures a word against every
// candidate, and for an unknown field or kind in every invalid document of a run.
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/**
 * Levenshtein distance when it is below `bound`, else some number at least
 * `bound`: a row whose smallest cell reaches the bound cannot lead below it,
 * so most candidates stop after a few rows.
 */
function editDistance(a: string, b: string, bound: number): number {
  const n = b.length;
  if (previousRow.length <= n) {
    previousRow = new Int32Array(n + 1);
    currentRow = new Int32Array(n + 1);
  }
  let prev = previousRow;
  let cur = currentRow;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const code = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      let cell = prev[j - 1]! + (code === b.charCodeAt(j - 1) ? 0 : 1);
      if (prev[j]! + 1 < cell) cell = prev[j]! + 1;
      if (cur[j - 1]! + 1 < cell) cell = cur[j - 1]! + 1;
      cur[j] = cell;
      if (cell < rowMin) rowMin = cell;
    }
    if (rowMin >= bound) return bound;
    const done = prev;
    prev = cur;
    cur = done;
  }
  return prev[n]!;
}
