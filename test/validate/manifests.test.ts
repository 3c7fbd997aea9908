/**
 * Validating a file's text: reading it quickly (no positions) and again only
 * the documents with something to report gives what reading it whole with
 * positions gives; arbitrary bytes never throw; roles (patch, kustomization
 * file, found in a folder) change what is judged, as documented.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkManifestBytes, checkManifestText, fullResults, type FileRole, type ManifestCheckOptions, type ResourceResult } from '../../src/validate/manifests.ts';
import { quickLoad } from '../../src/yamlSource/quickLoad.ts';
import { POLICIES } from '../../src/validate/policies/index.ts';
import type { ObjectPolicy } from '../../src/validate/policies/policy.ts';
import { targetSchemas } from '../support/schemas.ts';
import { applyEdits, REAL_YAML, textEdits, withCrLf, withTabsAtLineEnds } from '../support/realYaml.ts';

const { registry, kubernetes } = targetSchemas();
const OPTIONS: ManifestCheckOptions = { registry, kubernetes, policies: POLICIES, ignoreMissingSchemas: true, skipKinds: new Set() };
const NAMED: FileRole = { kustomizationFile: false, discovered: false };

function verdicts(results: readonly ResourceResult[]) {
  return results
    .filter((r) => r.status !== 'empty')
    .map((r) => ({ status: r.status, apiVersion: r.apiVersion, kind: r.kind, name: r.name, line: r.line, issues: r.issues.map((i) => `${i.line}:${i.column} ${i.documentLine} ${i.rule} ${i.path}: ${i.message}`) }));
}

// Characters that make and break YAML structure, and scalars go-yaml reads specially.
const EDITS = [' ', '  ', '\t', '\n', ':', ': ', '- ', '#', '"', "'", '@', '`', '|', '>', '[', ']', '{', '}', ',', '?', '*', '!', '%', '&', 'x', '0', 'yes', '1:2', '0x1', '\\', '---\n', '...\n', '\u00a0', '\r', '\r\n', '\u2028', '\ufeff'];

/**
 * Differences between the two readers where the quick one (js-yaml) agrees
 * with go-yaml and the full one is stricter: a quoted string or a flow list
 * continued on a line indented less than its key. `kubectl kustomize` reads
 * both; only the full reader calls them errors.
 */
const KNOWN_STRICTER = /^(Missing closing .quote|Flow (map|sequence) in block collection must be sufficiently indented)/;

describe('the quick path', () => {
  it('is taken for most real files, and gives what a full read gives', () => {
    let taken = 0;
    for (const text of REAL_YAML) {
      if (quickLoad(text) !== undefined) taken++;
      expect(verdicts(checkManifestText(text, 'f.yaml', NAMED, OPTIONS))).toEqual(verdicts(fullResults(text, 'f.yaml', NAMED, OPTIONS)));
    }
    expect(taken).toBeGreaterThan(REAL_YAML.length / 2);
  });

  it('gives what a full read gives for real files written with CR LF line breaks or tabs at the ends of lines, findings and their places included', () => {
    let taken = 0;
    for (const text of REAL_YAML) {
      for (const variant of [withCrLf(text), withTabsAtLineEnds(text)]) {
        if (quickLoad(variant) !== undefined) taken++;
        expect(verdicts(checkManifestText(variant, 'f.yaml', NAMED, OPTIONS))).toEqual(verdicts(fullResults(variant, 'f.yaml', NAMED, OPTIONS)));
      }
    }
    expect(taken).toBeGreaterThan(REAL_YAML.length);
  });

  it('gives what a full read gives for any edit of a real file, findings and their lines included', { timeout: 120_000 }, () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...REAL_YAML),
        textEdits(EDITS),
        (original, edits) => {
          const text = applyEdits(original, edits);
          if (quickLoad(text) === undefined) return;
          const full = fullResults(text, 'f.yaml', NAMED, OPTIONS);
          const fullFindings = full.flatMap((r) => r.issues.map((i) => i.message));
          if (fullFindings.some((m) => KNOWN_STRICTER.test(m))) return;
          compared++;
          expect(verdicts(checkManifestText(text, 'f.yaml', NAMED, OPTIONS))).toEqual(verdicts(full));
        },
      ),
      { numRuns: 3000, seed: 8 },
    );
    // Most edits break the file (the quick reader declines it); enough survive to mean something.
    expect(compared).toBeGreaterThan(300);
  });

  it('judges a document with findings once: its place is read on demand, not by judging it again', () => {
    let judged = 0;
    const counting: ObjectPolicy = {
      id: 'qos-guaranteed',
      summary: 'counts the objects it judges',
      check: () => {
        judged++;
        return [{ path: ['metadata', 'name'], message: 'a finding' }];
      },
    };
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
    const [result] = checkManifestText(text, 'one.yaml', NAMED, { ...OPTIONS, policies: [counting] });
    expect(result!.issues.map((i) => [i.line, i.column, i.message])).toEqual([[4, 9, 'a finding']]);
    expect(judged).toBe(1);
  });

  it('says where a finding is in a document read again on its own', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# second\napiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  ports: [{port: "80"}]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    const results = checkManifestText(text, 'three.yaml', NAMED, OPTIONS);
    expect(results.map((r) => [r.line, r.status])).toEqual([[1, 'valid'], [6, 'invalid'], [12, 'valid']]);
    expect(results[1]!.issues.map((i) => [i.line, i.column, i.documentLine, i.path])).toEqual([[10, 18, 6, 'spec.ports[0].port']]);
  });
});

describe('checkManifestBytes', () => {
  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, discovered) => {
        const results = checkManifestBytes(bytes, 'any.yaml', { kustomizationFile: false, discovered }, OPTIONS);
        for (const r of results) expect(['valid', 'invalid', 'error', 'skipped', 'empty']).toContain(r.status);
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('never throws on text built from YAML punctuation', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EDITS, 'apiVersion: v1\n', 'kind: Pod\n', 'kind: List\n', 'items:\n', 'spec:\n', '<<: ', '&a ', '*a ', '!!str ', '$patch: delete\n'), { maxLength: 40 }), fc.constantFrom<FileRole['patch']>(undefined, 'either', 'json6902', 'strategic-merge'), (parts, patch) => {
        const role: FileRole = patch === undefined ? { kustomizationFile: false, discovered: false } : { kustomizationFile: false, discovered: false, patch };
        checkManifestText(parts.join(''), 'p.yaml', role, OPTIONS);
        checkManifestText(parts.join(''), 'kustomization.yaml', { kustomizationFile: true, discovered: true }, OPTIONS);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it('calls binary data and text that is not UTF-8 errors of the file', () => {
    expect(checkManifestBytes(new Uint8Array([0x61, 0x00, 0x62]), 'b.yaml', NAMED, OPTIONS)[0]!.issues[0]!.message).toContain('binary');
    expect(checkManifestBytes(new Uint8Array([0x61, 0x3a, 0x20, 0xff]), 'b.yaml', NAMED, OPTIONS)[0]!.issues[0]!.message).toContain('not UTF-8');
  });

  it('refuses an alias bomb without expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    const started = performance.now();
    const [result] = checkManifestText(`${bomb}\n`, 'bomb.yaml', NAMED, OPTIONS);
    expect(result!.status).toBe('error');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('file roles', () => {
  const notManifest = 'name: ci\non: [push]\njobs: {build: {runs-on: ubuntu-latest}}\n';

  it('skips a YAML file found in a folder that holds no Kubernetes object, but not one named on the command line', () => {
    expect(checkManifestText(notManifest, 'ci.yaml', { kustomizationFile: false, discovered: true }, OPTIONS).map((r) => r.status)).toEqual(['skipped']);
    expect(checkManifestText(notManifest, 'ci.yaml', NAMED, OPTIONS).map((r) => r.status)).toEqual(['error']);
    expect(checkManifestText('- a\n- b\n', 'list.yaml', { kustomizationFile: false, discovered: true }, OPTIONS).map((r) => r.status)).toEqual(['error']);
  });

  it('validates a patch without its required fields, and JSON patch files as lists of operations', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n';
    expect(checkManifestText(patch, 'p.yaml', NAMED, OPTIONS)[0]!.status).toBe('invalid');
    expect(checkManifestText(patch, 'p.yaml', { ...NAMED, patch: 'either' }, OPTIONS)[0]!.status).toBe('valid');
    expect(checkManifestText('- {op: add, path: /a, value: 1}\n', 'ops.yaml', { ...NAMED, patch: 'json6902' }, OPTIONS)[0]!.status).toBe('valid');
    const bad = checkManifestText('- {op: move, path: /a}\n- {op: add, path: a, value: 1}\n- {op: remove, path: /a, vaule: 1}\n', 'ops.yaml', { ...NAMED, patch: 'either' }, OPTIONS)[0]!;
    expect(bad.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      '[0].from: missing "from", which move needs',
      '[1].path: must be a JSON pointer such as /spec/replicas, got "a"',
      '[2].vaule: unknown field "vaule" (did you mean "value"?); an operation has op, path, from, value',
    ]);
    expect(checkManifestText(patch, 'ops.yaml', { ...NAMED, patch: 'json6902' }, OPTIONS)[0]!.status).toBe('error');
  });
});
