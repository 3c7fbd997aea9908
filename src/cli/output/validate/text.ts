/** Text output: one line per finding in the `file:line:col: severity: ...` form editors and CI logs link. */
import type { ResourceResult } from '../../../validate/manifests.ts';
import { plural } from '../../../vocabulary/plural.ts';
import { formatIssue } from '../issueText.ts';
import { printable } from '../printable.ts';
import { listed, subjectOf, type ReporterOptions, type ValidateReporter } from './reporter.ts';

export function textReporter(options: ReporterOptions): ValidateReporter {
  const { out, style } = options;
  return {
    write(result: ResourceResult) {
      for (const issue of result.issues) out.write(`${formatIssue(issue, style)}\n`);
      // An empty document is no object; kubeconform's text output leaves them out too.
      if (result.issues.length === 0 && result.status !== 'empty' && listed(result, options.verbose)) {
        const subject = printable(subjectOf(result));
        const where = `${printable(result.file)}${result.line === undefined ? '' : `:${result.line}`}`;
        const verdict = result.status === 'valid' ? style.green('valid') : result.status === 'skipped' ? `skipped (${printable(result.reason ?? 'skipped')})` : result.status;
        out.write(`${where}: ${subject === '' ? '' : `${subject}: `}${verdict}\n`);
      }
      // An exemption is reviewed where it is made; -v shows what each one keeps from failing the object.
      if (options.verbose) {
        const subject = printable(subjectOf(result));
        for (const { rule, reason, findings } of result.exemptions ?? []) {
          const where = `${printable(result.file)}${result.line === undefined ? '' : `:${result.line}`}`;
          out.write(`${where}: ${subject === '' ? '' : `${subject}: `}${style.dim(`exempted from ${rule} (${plural(findings.length, 'finding')}): ${printable(reason)}`)}\n`);
        }
      }
    },
    flush(tally) {
      if (options.summary) out.write(`${tally.failed ? style.red(tally.line()) : tally.line()}\n`);
    },
  };
}
