/**
 * A chart file says in its last line that scaffold wrote it, with a hash of the rest, so
 * that a later run replaces a chart of its own and refuses, as render does, a file it did
 * not write or one edited by hand since (without --force). A comment after the root
 * element: SVG (XML) and HTML both allow it, and nothing shows it.
 */
import { contentHash } from '../vocabulary/contentHash.ts';
import { toLf } from '../vocabulary/lineEndings.ts';

const MARK = '<!-- Written by scaffold capacity. scaffold-hash: ';
const MARK_END = ' -->\n';

/** The chart with its mark. */
export function markedChart(body: string): string {
  return `${body}${MARK}${contentHash(body)}${MARK_END}`;
}

/** Why a file holding `current` may not be replaced by a chart without --force; undefined when it is a chart scaffold wrote, as written. */
export function chartConflict(current: string): 'not-generated' | 'hand-edited' | undefined {
  // Line endings do not count, as for render's files: a checkout may have made them CRLF.
  const text = toLf(current);
  const at = text.lastIndexOf(MARK);
  if (at < 0 || !text.endsWith(MARK_END)) return 'not-generated';
  return text.slice(at + MARK.length, -MARK_END.length) === contentHash(text.slice(0, at)) ? undefined : 'hand-edited';
}
