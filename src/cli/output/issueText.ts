import type { Issue } from '../../validate/issue.ts';
import { ExitCode } from '../exit.ts';
import { plural } from '../../text/plural.ts';

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const plain = (s: string) => s;
const PLAIN: Style = { red: plain, yellow: plain, green: plain, dim: plain, bold: plain };
const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const COLOR: Style = { red: ansi(31), yellow: ansi(33), green: ansi(32), dim: ansi(2), bold: ansi(1) };

/** Colour only for a person at a terminal, and never when NO_COLOR is set. */
export function styleFor(stream: NodeJS.WriteStream): Style {
  return stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb' ? COLOR : PLAIN;
}

/**
 * `file:line:col: error: kind/name: path: message (rule)` — the form editors and CI logs link.
 * When the finding is not on the line its object starts on, the subject says where that is:
 * `Deployment/web (document at line 40)`.
 */
export function formatIssue(issue: Issue, style: Style = PLAIN): string {
  const where = [issue.file ?? '<input>', issue.line, issue.column].filter((x) => x !== undefined).join(':');
  const severity = issue.severity === 'error' ? style.red('error') : style.yellow('warning');
  const document = issue.documentLine !== undefined && issue.documentLine !== issue.line ? ` (document at line ${issue.documentLine})` : '';
  const subject = issue.kind ? `${issue.kind}${issue.name ? `/${issue.name}` : ''}${document}: ` : '';
  const path = issue.path ? `${style.bold(issue.path)}: ` : '';
  return `${where}: ${severity}: ${subject}${path}${issue.message} ${style.dim(`(${issue.rule})`)}`;
}

/**
 * Reports the issues that stopped a command, as `{ok: false, issues}` on stdout with
 * `-o json`, else one line each on stderr and what did not happen; returns the exit code.
 */
export function failWithIssues(issues: readonly Issue[], json: boolean, outcome = 'nothing was written'): number {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: false, issues }, null, 2)}\n`);
  } else {
    const style = styleFor(process.stderr);
    for (const issue of issues) process.stderr.write(`${formatIssue(issue, style)}\n`);
    process.stderr.write(`${plural(issues.length, 'problem')}; ${outcome}\n`);
  }
  return ExitCode.Failure;
}
