/**
 * The one printer for a command's outcome, in the format the user chose:
 * `text` puts findings on stderr, one line each, and the result on stdout;
 * `json` prints one JSON document on stdout, `{ok, ...result, issues}`,
 * whether the command succeeded or not. It also decides the exit code.
 */
import type { Outcome } from '../../pipeline/outcome.ts';
import { hasErrors, type Issue } from '../../vocabulary/issue.ts';
import { plural } from '../../vocabulary/plural.ts';
import { exitCodeOf, type ExitCode } from '../exit.ts';
import { formatIssue } from './issueText.ts';
import { printableJson } from './printable.ts';
import { styled, type Streams, type Styled } from './streams.ts';

export type Format = 'text' | 'json';

/** How a command shows its result. */
export interface ResultView<T> {
  /** The result's fields in the JSON document. */
  json(result: T): object;
  /** The result for a person: `out` is stdout, `err` stderr. */
  text(result: T, out: Styled, err: Styled): void;
  /** Whether the result itself is a success (drift is a failure without an issue); true when absent. */
  ok?(result: T): boolean;
}

/** Prints an outcome and returns the exit code. `undone` says what did not happen on failure. */
export function printOutcome<T>(outcome: Outcome<T>, format: Format, streams: Streams, view: ResultView<T>, undone = 'nothing was written'): ExitCode {
  const { result, issues } = outcome;
  const failed = result === undefined || hasErrors(issues);
  const ok = !failed && (view.ok?.(result) ?? true);
  if (format === 'json') {
    const fields = result === undefined ? {} : view.json(result);
    streams.stdout.write(`${printableJson({ ok, ...fields, ...(issues.length > 0 || failed ? { issues } : {}) })}\n`);
  } else {
    const err = styled(streams.stderr, streams.env);
    printIssueLines(issues, err);
    if (failed) {
      // What stopped the command: its errors, or the warnings a command treats as blocking (render's output check).
      const counted = issues.filter((i) => i.rule !== 'usage');
      const errors = counted.filter((i) => i.severity === 'error').length;
      const problems = errors > 0 ? errors : counted.length;
      if (problems > 0) err.write(`${plural(problems, 'problem')}; ${undone}\n`);
    } else {
      view.text(result, styled(streams.stdout, streams.env), err);
    }
  }
  return exitCodeOf(issues, ok);
}

/** Prints issues alone: a failure before any result (a usage error, a bug). */
export function printIssues(issues: readonly Issue[], format: Format, streams: Streams, undone?: string): ExitCode {
  return printOutcome({ issues: [...issues] }, format, streams, NO_RESULT, undone);
}

const NO_RESULT: ResultView<never> = { json: () => ({}), text: () => {} };

export function printIssueLines(issues: readonly Issue[], err: Styled): void {
  for (const issue of issues) err.write(`${formatIssue(issue, err.style)}\n`);
}
