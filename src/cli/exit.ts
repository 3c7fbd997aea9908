import { hasErrors, type Issue } from '../vocabulary/issue.ts';

/** The one place exit codes are defined. */
export const ExitCode = {
  /** Everything valid, current and written. */
  Ok: 0,
  /** Invalid input or output, drift, a refused overwrite, or an unreadable file. */
  Failure: 1,
  /** The command line itself is wrong. */
  Usage: 2,
  /** Interrupted by the user (Ctrl-C). */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A usage error wins over every other failure; an error, or a result that is no success, fails. */
export function exitCodeOf(issues: readonly Issue[], ok = true): ExitCode {
  if (issues.some((i) => i.rule === 'usage' && i.severity === 'error')) return ExitCode.Usage;
  return hasErrors(issues) || !ok ? ExitCode.Failure : ExitCode.Ok;
}

/** Thrown for a wrong command line that commander cannot see (conflicting flags, bad values). */
export class UsageError extends Error {}

/**
 * Runs a command's action and sets the process exit code from its result (see
 * main.ts); `format` is the output format the command was asked for, so a
 * usage error or a bug is reported in it too.
 */
export type Runner = (action: () => number | Promise<number>, format?: 'text' | 'json' | string) => Promise<void>;
