/**
 * GitHub Actions workflow commands: each finding becomes an annotation on its
 * file and line in the pull request (`::error file=...,line=...,col=...,title=...::message`).
 * The log shows them too, and renders terminal escapes: what comes from the
 * user's files is printable first, then escaped as workflow commands want.
 */
import type { Issue } from '../../../vocabulary/issue.ts';
import type { ResourceResult } from '../../../validate/manifests.ts';
import { printable } from '../printable.ts';
import { subjectOf, type ReporterOptions, type ValidateReporter } from './reporter.ts';

export function githubReporter(options: ReporterOptions): ValidateReporter {
  return {
    write(result: ResourceResult) {
      for (const issue of result.issues) options.out.write(`${annotation(issue, subjectOf(result))}\n`);
    },
    flush(tally) {
      if (options.summary) options.out.write(`${tally.line()}\n`);
    },
  };
}

export function annotation(issue: Issue, subject: string): string {
  const properties = [
    ['file', issue.file === undefined ? undefined : printable(issue.file)],
    ['line', issue.line],
    ['col', issue.column],
    ['title', `scaffold validate: ${subject === '' ? issue.rule : `${printable(subject)} (${issue.rule})`}`],
  ]
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${String(key)}=${escapeProperty(String(value))}`)
    .join(',');
  const document = issue.documentLine !== undefined && issue.documentLine !== issue.line ? ` (document at line ${issue.documentLine})` : '';
  const message = printable(`${issue.path ? `${issue.path}: ` : ''}${issue.message}${document}`);
  return `::${issue.severity === 'error' ? 'error' : 'warning'} ${properties}::${escapeData(message)}`;
}

/** As @actions/core escapes a command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a command's property values: also `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
