/**
 * The fixture corpus (test/validate/corpus/): valid documents of many kinds,
 * and invalid ones with exactly one defect each. verdicts.yaml says what each
 * must get; one run of the built CLI over the whole corpus must agree, object
 * by object, and a defect must produce exactly one finding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonResource } from '../../src/cli/output/validate/json.ts';
import { runCli } from '../support/cli.ts';
import { PROJECT_ROOT } from '../support/paths.ts';

type Verdict = 'valid' | 'empty' | { status: string; rule: string; path?: string; severity?: 'warning' };

const CORPUS = path.join(PROJECT_ROOT, 'test/validate/corpus');
const verdicts = parse(readFileSync(path.join(CORPUS, 'verdicts.yaml'), 'utf8')) as Record<string, Verdict | Verdict[]>;

const STATUS: Record<string, string> = { valid: 'statusValid', invalid: 'statusInvalid', error: 'statusError', skipped: 'statusSkipped', empty: 'statusEmpty' };

describe('fixture corpus', () => {
  let byFile: Map<string, JsonResource[]>;
  let code: number | null;
  beforeAll(() => {
    const result = runCli(['validate', '-o', 'json', '--verbose', '--summary', '.'], { cwd: CORPUS });
    code = result.code;
    const report = JSON.parse(result.stdout) as { resources: JsonResource[] };
    byFile = new Map();
    for (const resource of report.resources) {
      const file = resource.filename.replace(/^\.\//, '');
      byFile.set(file, [...(byFile.get(file) ?? []), resource]);
    }
  });

  it('has at least 60 documents, valid and invalid, and a verdict for every file', () => {
    const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f) && f !== 'verdicts.yaml')
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    expect(files).toEqual(Object.keys(verdicts).sort());
    const all = Object.values(verdicts).flat();
    expect(all.filter((v) => v !== 'empty').length).toBeGreaterThanOrEqual(60);
    expect(all.filter((v) => v === 'valid').length).toBeGreaterThanOrEqual(30);
    expect(all.filter((v) => typeof v === 'object' && v.severity !== 'warning').length).toBeGreaterThanOrEqual(30);
    expect(code).toBe(1);
  });

  for (const [file, expected] of Object.entries(verdicts)) {
    it(`${file}: ${JSON.stringify(expected)}`, () => {
      const got = byFile.get(file) ?? [];
      const wanted = Array.isArray(expected) ? expected : [expected];
      expect(got.map((r) => r.status), JSON.stringify(got, null, 2)).toEqual(wanted.map((v) => STATUS[typeof v === 'string' ? v : v.status]));
      got.forEach((resource, i) => {
        const verdict = wanted[i]!;
        if (typeof verdict === 'string') {
          expect(resource.validationErrors ?? []).toEqual([]);
          return;
        }
        // One defect, one finding: the rule it comes from and the field it is about.
        expect(resource.validationErrors, resource.msg).toHaveLength(1);
        const finding = resource.validationErrors![0]!;
        expect(finding.rule).toBe(verdict.rule);
        expect(finding.severity).toBe(verdict.severity ?? 'error');
        if (verdict.path !== undefined) expect(finding.path).toBe(verdict.path);
        expect(finding.line, 'every finding has a line').toBeGreaterThan(0);
        expect(resource.line, 'every object has the line it starts on').toBeGreaterThan(0);
      });
    });
  }
});
