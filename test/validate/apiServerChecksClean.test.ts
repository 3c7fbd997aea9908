/**
 * No check of the API server's rules may refuse what the server accepts:
 * every check runs over real manifests (../shared/realworld), the valid
 * documents of the conformance corpus and everything `render` wrote under
 * examples/apps, and finds nothing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_SERVER_CHECKS } from '../../src/validate/checks/index.ts';
import { checkManifestText, type FileRole } from '../../src/validate/manifests.ts';
import { createSchemaRegistry } from '../../src/validate/registry.ts';
import { readCorpus } from '../conformance/corpus.ts';
import { manifestTree } from '../support/manifestTree.ts';
import { EXAMPLES, PROJECT_ROOT, REALWORLD_DIR, available } from '../support/paths.ts';

const registry = createSchemaRegistry({ schemaDirs: [], builtinRoot: path.join(PROJECT_ROOT, 'schemas') });
const CHECK_IDS = new Set(API_SERVER_CHECKS.map((c) => c.id));

/** Findings of the checks (not of the schema: the trees hold CRDs and deliberate schema errors elsewhere). */
function checkFindings(text: string, file: string, role: FileRole): string[] {
  return checkManifestText(text, file, role, { registry, policies: API_SERVER_CHECKS, ignoreMissingSchemas: true, skipKinds: new Set() })
    .flatMap((r) => r.issues)
    .filter((i) => CHECK_IDS.has(i.rule))
    .map((i) => `${file}:${i.line ?? '?'} ${i.rule} ${i.path ?? ''}: ${i.message}`);
}

function treeFindings(root: string): { files: number; findings: string[] } {
  const tree = manifestTree(root);
  return { files: tree.length, findings: tree.flatMap(({ file, text, role }) => checkFindings(text, file, role)) };
}

describe.skipIf(!available(REALWORLD_DIR, 'API server checks on real-world manifests'))('API server checks on ../shared/realworld', () => {
  it('find nothing', () => {
    const { files, findings } = treeFindings(REALWORLD_DIR);
    expect(files).toBeGreaterThan(90);
    expect(findings).toEqual([]);
  });
});

describe('API server checks on what scaffold writes and on valid documents', () => {
  it('find nothing in the generated examples (examples/apps)', () => {
    const { files, findings } = treeFindings(path.join(EXAMPLES, 'apps'));
    expect(files).toBeGreaterThan(15);
    expect(findings).toEqual([]);
  });

  it('find nothing in the valid documents of the conformance corpus', () => {
    const { text, documents } = readCorpus();
    const valid = documents.filter((d) => d.builtin.valid && d.official.valid);
    expect(valid.length).toBeGreaterThan(20);
    const findings = valid.flatMap((d) => {
      const chunk = text.get(d.file)!.split(/^---\s*$/m)[d.index]!;
      return checkFindings(chunk, `${d.file}#${d.index}`, { kustomizationFile: false, discovered: false });
    });
    expect(findings).toEqual([]);
  });
});
