import { githubReporter } from './github.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import { sarifReporter } from './sarif.ts';
import type { ReporterOptions, ValidateReporter } from './reporter.ts';
import { textReporter } from './text.ts';

export type { ReporterOptions, ValidateReporter } from './reporter.ts';

export const OUTPUT_FORMATS = ['text', 'json', 'junit', 'github', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function createReporter(format: OutputFormat, options: ReporterOptions): ValidateReporter {
  switch (format) {
    case 'text':
      return textReporter(options);
    case 'json':
      return jsonReporter(options);
    case 'junit':
      return junitReporter(options);
    case 'github':
      return githubReporter(options);
    case 'sarif':
      return sarifReporter(options);
  }
}
