import type { Issue } from '../../vocabulary/issue.ts';
import { PLAIN, type Style } from '../../vocabulary/style.ts';

/**
 * `file:line:col: error: kind/name: path: message (rule)` — the form editors and CI logs link.
 * When the finding is not on the line its object starts on, the subject says where that is:
 * `Deployment/web (document at line 40)`.
 */
export function formatIssue(issue: Issue, style: Style = PLAIN): string {
  // A wrong command line is about no file: `error: --root: x is not a folder`, as command-line tools say it.
  if (issue.rule === 'usage' && issue.file === undefined) return `${style.red('error')}: ${issue.message}`;
  const where = [issue.file ?? '<input>', issue.line, issue.column].filter((x) => x !== undefined).join(':');
  const severity = issue.severity === 'error' ? style.red('error') : style.yellow('warning');
  const document = issue.documentLine !== undefined && issue.documentLine !== issue.line ? ` (document at line ${issue.documentLine})` : '';
  const subject = issue.kind ? `${issue.kind}${issue.name ? `/${issue.name}` : ''}${document}: ` : '';
  const path = issue.path ? `${style.bold(issue.path)}: ` : '';
  return `${where}: ${severity}: ${subject}${path}${issue.message} ${style.dim(`(${issue.rule})`)}`;
}
