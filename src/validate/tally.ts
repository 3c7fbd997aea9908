import { plural } from '../vocabulary/plural.ts';
import type { ResourceResult } from './manifests.ts';

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
