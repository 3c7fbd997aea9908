/**
 * The one interface every `scaffold validate` output format implements, as
 * kubeconform's pkg/output does: results arrive one object at a time, in file
 * order, and the report is finished by flush().
 */
import type { ResourceResult } from '../../../validate/manifests.ts';
import type { Style } from '../../../vocabulary/style.ts';
import type { Tally } from '../../../validate/tally.ts';

export interface ValidateReporter {
  write(result: ResourceResult): void;
  /** Writes whatever was held back (JSON, JUnit) and the summary, from the run's counts. */
  flush(tally: Tally): void;
}

export interface ReporterOptions {
  /** Where the report goes (stdout). */
  out: { write(text: string): unknown };
  /** Add the summary: counts by status (kubeconform's -summary). */
  summary: boolean;
  /** Also list valid, skipped and empty objects (kubeconform's -verbose). */
  verbose: boolean;
  /** Colour for text output; plain unless the output is a terminal. */
  style: Style;
}

/** Whether a result is worth listing: anything with a finding always, the rest (valid, skipped, empty) only when verbose. */
export function listed(result: ResourceResult, verbose: boolean): boolean {
  return verbose || result.issues.length > 0 || result.status === 'invalid' || result.status === 'error';
}

/** `Deployment/web`, `Deployment`, or `` when the object says nothing about itself. */
export function subjectOf(result: Pick<ResourceResult, 'kind' | 'name'>): string {
  return result.kind === undefined ? '' : result.name === undefined ? result.kind : `${result.kind}/${result.name}`;
}
