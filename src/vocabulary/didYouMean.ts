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
    // Lengths that differ by `bound` or more are that many edits apart at least, and so are words whose letters do: no need to count.
    if (Math.abs(lower.length - target.length) >= bound || lettersApart(target, lower) >= bound) continue;
    const d = editDistance(target, lower, bound);
    if (d < bound) {
      best = c;
      bound = d;
    }
  }
  return best;
}

// Characters counted by their code's low byte: characters that share a count only make the bound lower.
const counts = new Int32Array(256);

/**
 * A lower bound of the edit distance from `target` to a word: the characters either has that the
 * other lacks, the larger count of the two. An edit takes away, adds or changes one character, so it
 * lessens each shortfall by one at most. It is one pass over the two words where the distance takes a
 * pass over the candidate per character of the word: a long name has a large limit (a kind's
 * `group/version/Kind`, measured against every kind known), and most candidates are ruled out by this.
 */
function lettersApart(target: string, word: string): number {
  for (let i = 0; i < target.length; i++) counts[target.charCodeAt(i) & 255]!++;
  let unmatchedInTarget = target.length;
  let unmatchedInWord = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) & 255;
    if (counts[c]! > 0) unmatchedInTarget--;
    else unmatchedInWord++;
    counts[c]!--;
  }
  counts.fill(0);
  return Math.max(unmatchedInTarget, unmatchedInWord);
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
