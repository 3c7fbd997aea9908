import type { Issue } from '../../vocabulary/issue.ts';
import { PLAIN, type Style } from '../../vocabulary/style.ts';
import { printable, printableContent } from './printable.ts';

/**
 * `file:line:col: error: kind/name: path: message (rule)` — the form editors and CI logs link.
 * When the finding is not on the line its object starts on, the subject says where that is:
 * `Deployment/web (document at line 40)`. What comes from the user's files is
 * printable: a control character in a name cannot act on the terminal.
 */
export function formatIssue(issue: Issue, style: Style = PLAIN): string {
  // A wrong command line is about no file: `error: --root: x is not a folder`, as command-line tools say it.
  // Its message may list what to pass, a line each.
  if (issue.rule === 'usage' && issue.file === undefined) return `${style.red('error')}: ${printableContent(issue.message)}`;
  const where = [issue.file === undefined ? '<input>' : printable(issue.file), issue.line, issue.column].filter((x) => x !== undefined).join(':');
  const severity = issue.severity === 'error' ? style.red('error') : style.yellow('warning');
  const document = issue.documentLine !== undefined && issue.documentLine !== issue.line ? ` (document at line ${issue.documentLine})` : '';
  const subject = issue.kind ? `${printable(issue.kind)}${issue.name ? `/${printable(issue.name)}` : ''}${document}: ` : '';
  const path = issue.path ? `${style.bold(printable(issue.path))}: ` : '';
  return `${where}: ${severity}: ${subject}${path}${printable(issue.message)} ${style.dim(`(${issue.rule})`)}`;
}
