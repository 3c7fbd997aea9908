/**
 * No check of the API server's rules may refuse what the server accepts:
 * every check runs over real manifests (../shared/realworld, each tree read
 * as one input, as `scaffold validate DIR` reads it), the valid documents of
 * the conformance corpus and everything `render` wrote under examples/apps,
 * and finds nothing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateInputs } from '../../src/pipeline/validate.ts';
import { API_SERVER_CHECKS } from '../../src/validate/checks/index.ts';
import type { ResourceResult } from '../../src/validate/manifests.ts';
import { CHECK_IDS } from '../../src/vocabulary/issue.ts';
import { checkInputText } from '../support/inputText.ts';
import { readCorpus } from '../conformance/corpus.ts';
import { EXAMPLES, PROJECT_ROOT, REALWORLD_DIR, available } from '../support/paths.ts';
import { BUNDLED, targetSchemas } from '../support/schemas.ts';

const schemas = targetSchemas();
const CHECKS: ReadonlySet<string> = new Set(CHECK_IDS);

/** Findings of the checks (not of the schema: the trees hold CRDs and deliberate schema errors elsewhere). */
function checkFindings(results: readonly ResourceResult[]): string[] {
  return results.flatMap((r) => r.issues).filter((i) => CHECKS.has(i.rule)).map((i) => `${i.file}:${i.line ?? '?'} ${i.rule} ${i.path ?? ''}: ${i.message}`);
}

/** A folder validated as `scaffold validate DIR --ignore-missing-schemas` does, with the checks alone. */
function treeFindings(root: string): { objects: number; findings: string[] } {
  const results: ResourceResult[] = [];
  const outcome = validateInputs(
    { paths: [root], cwd: PROJECT_ROOT, ignore: [], schemaDirs: [], policies: API_SERVER_CHECKS, ignoreMissingSchemas: true, skipKinds: new Set() },
    (result) => results.push(result),
  );
  expect(outcome.issues).toEqual([]);
  return { objects: results.filter((r) => r.kind !== undefined).length, findings: checkFindings(results) };
}

describe.skipIf(!available(REALWORLD_DIR, 'API server checks on real-world manifests'))('API server checks on ../shared/realworld', () => {
  it('find nothing', () => {
    const { objects, findings } = treeFindings(REALWORLD_DIR);
    expect(objects).toBeGreaterThan(100);
    expect(findings).toEqual([]);
  });
});

describe('API server checks on what scaffold writes and on valid documents', () => {
  it('find nothing in the generated examples (examples/apps)', () => {
    const { objects, findings } = treeFindings(path.join(EXAMPLES, 'apps'));
    expect(objects).toBeGreaterThan(15);
    expect(findings).toEqual([]);
  });

  it('find nothing in the valid documents of the conformance corpus', () => {
    const { text, documents } = readCorpus(BUNDLED);
    const valid = documents.filter((d) => [...d.expected.values()].every((verdict) => verdict.valid));
    expect(valid.length).toBeGreaterThan(20);
    const findings = valid.flatMap((d) => {
      const chunk = text.get(d.file)!.split(/^---\s*$/m)[d.index]!;
      return checkFindings(checkInputText(chunk, `${d.file}#${d.index}`, { kustomizationFile: false, discovered: false }, { ...schemas, policies: API_SERVER_CHECKS, ignoreMissingSchemas: false, skipKinds: new Set() }));
    });
    expect(findings).toEqual([]);
  });
});
