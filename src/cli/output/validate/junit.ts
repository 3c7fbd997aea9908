/**
 * JUnit XML as kubeconform writes it: one testsuite per file, one testcase
 * per object (named namespace/name, classname Kind@apiVersion), a failure for
 * an invalid object, an error for one that could not be judged, skipped for a
 * skipped one. GitLab and Jenkins show these as test reports.
 */
import type { ResourceResult } from '../../../validate/manifests.ts';
import { type ReporterOptions, type ValidateReporter } from './reporter.ts';

interface Suite {
  name: string;
  cases: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export function junitReporter(options: ReporterOptions, now: () => number = () => performance.now()): ValidateReporter {
  const started = now();
  const suites = new Map<string, Suite>();
  return {
    write(result: ResourceResult) {
      if (result.status === 'empty') return;
      let suite = suites.get(result.file);
      if (suite === undefined) {
        suite = { name: result.file, cases: [], tests: 0, failures: 0, errors: 0, skipped: 0 };
        suites.set(result.file, suite);
      }
      suite.tests++;
      suite.cases.push(testCase(result));
      if (result.status === 'invalid') suite.failures++;
      if (result.status === 'error') suite.errors++;
      if (result.status === 'skipped') suite.skipped++;
    },
    flush(tally) {
      const seconds = ((now() - started) / 1000).toFixed(3);
      const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="scaffold validate" time="${seconds}" tests="${tally.resources}" failures="${tally.invalid}" disabled="${tally.skipped}" errors="${tally.errors}">`,
      ];
      let id = 0;
      for (const suite of suites.values()) {
        id++;
        lines.push(
          `  <testsuite name="${attr(suite.name)}" id="${id}" tests="${suite.tests}" failures="${suite.failures}" errors="${suite.errors}" disabled="0" skipped="${suite.skipped}">`,
          ...suite.cases.map((c) => `    ${c}`),
          '  </testsuite>',
        );
      }
      lines.push('</testsuites>');
      options.out.write(`${lines.join('\n')}\n`);
    },
  };
}

function testCase(result: ResourceResult): string {
  const name = result.name === undefined ? `line ${result.line ?? 1}` : result.namespace ? `${result.namespace}/${result.name}` : result.name;
  const classname = result.kind === undefined ? result.file : `${result.kind}@${result.apiVersion ?? ''}`;
  const open = `<testcase name="${attr(name)}" classname="${attr(classname)}"`;
  const details = result.issues.map((i) => `${i.line ?? '?'}:${i.column ?? '?'} ${i.severity} ${i.path ? `${i.path}: ` : ''}${i.message} (${i.rule})`).join('\n');
  const summary = result.issues.filter((i) => i.severity === 'error').map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(' - ');
  switch (result.status) {
    case 'invalid':
      return `${open}><failure message="${attr(summary)}" type="${attr(result.issues[0]?.rule ?? 'invalid')}">${text(details)}</failure></testcase>`;
    case 'error':
      return `${open}><error message="${attr(summary)}" type="${attr(result.issues[0]?.rule ?? 'error')}">${text(details)}</error></testcase>`;
    case 'skipped':
      return `${open}><skipped message="${attr(result.reason ?? '')}"></skipped></testcase>`;
    default:
      // A valid object with warnings (deprecations) keeps them in its output.
      return details === '' ? `${open}></testcase>` : `${open}><system-out>${text(details)}</system-out></testcase>`;
  }
}

// XML 1.0 forbids most control characters even escaped, and discourages DEL and the C1 controls; a finding may quote a user's value holding one.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

function text(s: string): string {
  return s.replace(XML_INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
