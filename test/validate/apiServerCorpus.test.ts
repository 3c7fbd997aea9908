/**
 * The corpus of objects the API server refuses (or stores with a warning)
 * though their schema accepts them: one file per case in apiserver-corpus/,
 * whose first comment names the server's function and file that says so and
 * whose second says what must be found:
 *
 *   # rejected by: ValidateServiceName = NameIsDNS1035Label, pkg/apis/core/validation/validation.go
 *   # expect: error object-name at metadata.name
 *
 * Each is schema-valid, and found by the expected check, at the expected
 * path and severity, and by no other check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkInputText } from '../support/inputText.ts';
import { API_SERVER_CHECKS } from '../../src/validate/checks/index.ts';
import { checkManifestText } from '../../src/validate/manifests.ts';
import { CHECK_IDS } from '../../src/vocabulary/issue.ts';
import { targetSchemas } from '../support/schemas.ts';

const CORPUS = fileURLToPath(new URL('apiserver-corpus', import.meta.url));
const schemas = targetSchemas();

interface Case {
  file: string;
  text: string;
  source: string;
  severity: string;
  rule: string;
  path: string;
}

function readCases(): Case[] {
  return readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort().map((file) => {
    const text = readFileSync(path.join(CORPUS, file), 'utf8');
    const [first = '', second = ''] = text.split('\n');
    const source = /^# (?:rejected by|warned by|not checked by the API server): (.+)$/.exec(first)?.[1];
    const expected = /^# expect: (error|warning) (\S+) at (.+)$/.exec(second);
    if (source === undefined || expected === null) throw new Error(`${file}: starts with "# rejected by: <function, file>" (or "warned by") and "# expect: <severity> <rule> at <path>"`);
    return { file, text, source, severity: expected[1]!, rule: expected[2]!, path: expected[3]! };
  });
}

/** What the checks find in a case, the input as a whole (a Service and the pods it selects are judged together). */
function found(c: Case): string[] {
  return checkInputText(c.text, c.file, { kustomizationFile: false, discovered: false }, { ...schemas, policies: API_SERVER_CHECKS, ignoreMissingSchemas: false, skipKinds: new Set() })
    .flatMap((r) => r.issues)
    .map((i) => `${i.severity} ${i.rule} at ${i.path ?? ''}`);
}

const cases = readCases();

describe('API server corpus', () => {
  it('has a case for every check, and a source for every case', () => {
    const ruled = new Set(cases.map((c) => c.rule));
    for (const id of CHECK_IDS) expect(ruled, id).toContain(id);
    for (const c of cases) expect(c.source, c.file).toMatch(/\.go\b/);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s is reported by the expected check alone', (_file, c) => {
    const findings = found(c);
    expect(findings).toContain(`${c.severity} ${c.rule} at ${c.path}`);
    expect(findings.filter((f) => !f.includes(` ${c.rule} at `))).toEqual([]);
  });

  it('the schemas alone accept every case: what is found is the check\'s', () => {
    for (const c of cases) {
      const withoutChecks = checkManifestText(c.text, c.file, { kustomizationFile: false, discovered: false }, { ...schemas, policies: [], ignoreMissingSchemas: false, skipKinds: new Set() }).flatMap((r) => r.issues);
      expect(withoutChecks, c.file).toEqual([]);
    }
  });
});
