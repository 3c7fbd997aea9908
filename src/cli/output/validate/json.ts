/**
 * kubeconform's `-output json`: `{"resources": [...], "summary": {...}}` with
 * the same fields and status names (statusValid, statusInvalid, statusError,
 * statusSkipped, statusEmpty), plus where each object starts (`line`), the
 * field path of its first finding (`path`) and every finding
 * (`validationErrors`, as kubeconform 0.6 names them).
 */
import type { ResourceResult, ResourceStatus } from '../../../validate/manifests.ts';
import type { Issue } from '../../../vocabulary/issue.ts';
import { printableJson } from '../printable.ts';
import { listed, type ReporterOptions, type ValidateReporter } from './reporter.ts';

const JSON_STATUS: Readonly<Record<ResourceStatus, string>> = {
  valid: 'statusValid',
  invalid: 'statusInvalid',
  error: 'statusError',
  skipped: 'statusSkipped',
  empty: 'statusEmpty',
};

export interface JsonResource {
  filename: string;
  kind: string;
  name: string;
  version: string;
  status: string;
  msg: string;
  line?: number;
  path?: string;
  validationErrors?: JsonFinding[];
  /** The rules the object exempts itself from, with the reason and the findings each kept from failing it. */
  exemptions?: { rule: string; reason: string; validationErrors: JsonFinding[] }[];
}

interface JsonFinding {
  /** The file the finding is about, where that is not the object's own: a link on the way to a file an app.yaml lists. */
  file?: string;
  path: string;
  msg: string;
  line?: number;
  column?: number;
  severity: string;
  rule: string;
}

/**
 * Each listed object is written as it comes, in the layout printableJson gives the whole document, and
 * is not held to the end: held, the objects of a run with many findings lived long enough to be copied
 * out of V8's young generation (the invalid bench corpus, 10,000 objects listed: 134 MB at its peak when
 * held, 104 MB written as they come).
 */
export function jsonReporter(options: ReporterOptions): ValidateReporter {
  let listedCount = 0;
  return {
    write(result: ResourceResult) {
      if (!listed(result, options.verbose)) return;
      options.out.write(`${listedCount === 0 ? '{\n  "resources": [\n' : ',\n'}    ${nestedJson(jsonResource(result), '    ')}`);
      listedCount++;
    },
    flush(tally) {
      const summary = { valid: tally.valid, invalid: tally.invalid, errors: tally.errors, skipped: tally.skipped, warnings: tally.warnings };
      options.out.write(`${listedCount === 0 ? '{\n  "resources": []' : '\n  ]'}${options.summary ? `,\n  "summary": ${nestedJson(summary, '  ')}` : ''}\n}\n`);
    },
  };
}

/** printableJson of a value that starts `indent` deep in the document: JSON writes a line break in a string as `\\n`, so each one in its text is layout. */
function nestedJson(value: unknown, indent: string): string {
  return printableJson(value).replaceAll('\n', `\n${indent}`);
}

function jsonResource(result: ResourceResult): JsonResource {
  const first = result.issues[0];
  const out: JsonResource = {
    filename: result.file,
    kind: result.kind ?? '',
    name: result.name ?? '',
    version: result.apiVersion ?? '',
    status: JSON_STATUS[result.status],
    // kubeconform joins several errors with " - ".
    msg: result.issues.length > 0 ? result.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(' - ') : (result.reason ?? ''),
  };
  if (result.line !== undefined) out.line = result.line;
  if (first?.path !== undefined) out.path = first.path;
  if (result.issues.length > 0) out.validationErrors = result.issues.map((i) => jsonFinding(i, result.file));
  if (result.exemptions !== undefined) {
    out.exemptions = result.exemptions.map((e) => ({ rule: e.rule, reason: e.reason, validationErrors: e.findings.map((i) => jsonFinding(i, result.file)) }));
  }
  return out;
}

function jsonFinding(i: Issue, objectFile: string): JsonFinding {
  return {
    ...(i.file === undefined || i.file === objectFile ? {} : { file: i.file }),
    path: i.path ?? '',
    msg: i.message,
    ...(i.line === undefined ? {} : { line: i.line }),
    ...(i.column === undefined ? {} : { column: i.column }),
    severity: i.severity,
    rule: i.rule,
  };
}
