import type { Issue } from '../vocabulary/issue.ts';

/**
 * What a use case returns: its result when it got that far, and every finding
 * on the way (warnings beside a result, errors instead of one). Expected
 * failures are issues, never exceptions; an exception is a bug.
 */
export interface Outcome<T> {
  result?: T;
  issues: Issue[];
}
