/**
 * The one interface every `scaffold validate` output format implements, as
 * kubeconform's pkg/output does: results arrive one object at a time, in file
 * order, and the report is finished by flush().
 */
import type { ResourceResult } from '../../../validate/manifests.ts';
import type { Style } from '../issueText.ts';
import { plural } from '../../../text/plural.ts';

export interface ValidateReporter {
  write(result: ResourceResult): void;
  /** Writes whatever was held back (JSON, JUnit) and the summary. */
  flush(): void;
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
  /** The run's counts, kept by the caller (which also sets the exit code from them). */
  tally: Tally;
}

/** Counts of a run, by kubeconform's statuses, plus files and warnings. */
export class Tally {
  valid = 0;
  invalid = 0;
  errors = 0;
  skipped = 0;
  empty = 0;
  warnings = 0;
  private readonly files = new Set<string>();

  add(result: ResourceResult): void {
    this.files.add(result.file);
    this.warnings += result.issues.filter((i) => i.severity === 'warning').length;
    switch (result.status) {
      case 'valid':
        this.valid++;
        break;
      case 'invalid':
        this.invalid++;
        break;
      case 'error':
        this.errors++;
        break;
      case 'skipped':
        this.skipped++;
        break;
      case 'empty':
        this.empty++;
        break;
    }
  }

  /** Objects found (empty documents are not objects), as kubeconform counts them. */
  get resources(): number {
    return this.valid + this.invalid + this.errors + this.skipped;
  }

  get fileCount(): number {
    return this.files.size;
  }

  get failed(): boolean {
    return this.invalid + this.errors > 0;
  }

  /** `Summary: 3 resources found in 2 files - Valid: 2, Invalid: 1, Errors: 0, Skipped: 0, Warnings: 0` */
  line(): string {
    return `Summary: ${plural(this.resources, 'resource')} found in ${plural(this.fileCount, 'file')} - Valid: ${this.valid}, Invalid: ${this.invalid}, Errors: ${this.errors}, Skipped: ${this.skipped}, Warnings: ${this.warnings}`;
  }
}

/** Whether a result is worth listing: anything with a finding always, the rest (valid, skipped, empty) only when verbose. */
export function listed(result: ResourceResult, verbose: boolean): boolean {
  return verbose || result.issues.length > 0 || result.status === 'invalid' || result.status === 'error';
}

/** `Deployment/web`, `Deployment`, or `` when the object says nothing about itself. */
export function subjectOf(result: Pick<ResourceResult, 'kind' | 'name'>): string {
  return result.kind === undefined ? '' : result.name === undefined ? result.kind : `${result.kind}/${result.name}`;
}
