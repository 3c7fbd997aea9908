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

/** Thrown for a wrong command line that commander cannot see (conflicting flags, bad values). */
export class UsageError extends Error {}

/** Runs a command's action and sets the process exit code from its result (see main.ts). */
export type Runner = (action: () => number | Promise<number>) => Promise<void>;
