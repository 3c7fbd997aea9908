/**
 * Conformance with the official spec. `scaffold schemas import` (the built
 * CLI) converts the official Kubernetes 1.36 OpenAPI document and the
 * External Secrets CRDs; then every document of the corpus (corpus.ts) is
 * validated twice, with the built-in schemas and with the imported official
 * ones alone, and each verdict must be the one written above the document:
 * valid, or invalid at exactly the named field. Where the two really differ
 * (a field added after 1.30, a field no longer required, an enum that gained
 * a value), the document expects each verdict separately and names the
 * difference, which must be an entry of the committed difference lists
 * (test/schemas/*-differences.json, also listed in docs/schemas.md).
 *
 * The import times are logged, not asserted: a benchmark on a loaded CI
 * machine is no verdict.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SchemaRegistry } from '../../src/validate/registry.ts';
import { createSchemaRegistry } from '../../src/io/schemaFolders.ts';
import { validateDocument } from '../../src/validate/documents.ts';
import type { Issue } from '../../src/vocabulary/issue.ts';
import { parseYamlStream, type SourceDocument } from '../../src/yamlSource/parse.ts';
import { runCli } from '../support/cli.ts';
import { CRD_DIR, PROJECT_ROOT, SWAGGER_FILE, available } from '../support/paths.ts';
import { describeVerdict, readCorpus, type CorpusDocument, type Verdict } from './corpus.ts';

const haveOracle = available(SWAGGER_FILE, 'conformance with the official spec') && available(CRD_DIR, 'conformance with the official spec');
const corpus = readCorpus();

function committedDifferences(): string[] {
  return ['version-differences.json', 'external-secrets-differences.json'].flatMap((file) =>
    Object.values(JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test/schemas', file), 'utf8')) as Record<string, string[]>).flat(),
  );
}

/** Imports with the CLI, timed; returns the folder's schema count from the JSON report. */
function timedImport(args: string[]): { seconds: number; schemas: number } {
  const start = performance.now();
  const result = runCli(['schemas', 'import', ...args, '-o', 'json']);
  const seconds = (performance.now() - start) / 1000;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { seconds, schemas: (JSON.parse(result.stdout) as { schemas: unknown[] }).schemas.length };
}

function verdictOf(registry: SchemaRegistry, doc: SourceDocument, file: string): { verdict: Verdict | 'mixed'; issues: Issue[] } {
  const issues = validateDocument(doc, file, { registry });
  if (issues.length === 0) return { verdict: { valid: true }, issues };
  const paths = [...new Set(issues.map((i) => i.path ?? ''))];
  return { verdict: paths.length === 1 && issues.every((i) => i.rule === 'schema') ? { valid: false, path: paths[0]! } : 'mixed', issues };
}

const show = (issues: Issue[]) => issues.map((i) => `${i.path ?? '(document)'}: ${i.message} (${i.rule})`).join('; ') || 'no issues';

describe.skipIf(!haveOracle)('conformance with the official Kubernetes 1.36 OpenAPI and the External Secrets CRDs', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'scaffold-conformance-'));
  const kubernetesDir = path.join(scratch, 'kubernetes-v1.36');
  const externalSecretsDir = path.join(scratch, 'external-secrets');
  const parsed = new Map<string, SourceDocument[]>();
  let builtin: SchemaRegistry;
  let official: SchemaRegistry;
  let openApiImport: { seconds: number; schemas: number };
  let crdImport: { seconds: number; schemas: number };

  beforeAll(() => {
    openApiImport = timedImport(['--openapi', SWAGGER_FILE, '--out', kubernetesDir]);
    crdImport = timedImport(['--crd', CRD_DIR, '--out', externalSecretsDir]);
    console.log(
      `imported the official OpenAPI document (${openApiImport.schemas} schemas) in ${openApiImport.seconds.toFixed(2)} s ` +
        `and the External Secrets CRDs (${crdImport.schemas} schemas) in ${crdImport.seconds.toFixed(2)} s`,
    );
    // The official registry must not fall back to the built-ins: give it an empty built-in root.
    const noBuiltins = path.join(scratch, 'no-builtins');
    mkdirSync(noBuiltins);
    writeFileSync(path.join(noBuiltins, 'index.json'), '{}\n');
    builtin = createSchemaRegistry({ schemaDirs: [], builtinRoot: path.join(PROJECT_ROOT, 'schemas') });
    official = createSchemaRegistry({ schemaDirs: [kubernetesDir, externalSecretsDir], builtinRoot: noBuiltins });
    for (const [file, text] of corpus.text) {
      const stream = parseYamlStream(text, file);
      expect(stream.issues, file).toEqual([]);
      parsed.set(file, stream.documents);
    }
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('imports every kind of both, the same bytes whether imported apart or together', () => {
    expect(openApiImport.schemas).toBeGreaterThan(90);
    expect(crdImport.schemas).toBe(3);
    const together = path.join(scratch, 'together');
    timedImport(['--openapi', SWAGGER_FILE, '--crd', CRD_DIR, '--out', together]);
    const files = readdirSync(together).filter((f) => f !== 'index.json');
    expect(files).toHaveLength(openApiImport.schemas + crdImport.schemas);
    for (const file of files) {
      const apart = readdirSync(kubernetesDir).includes(file) ? kubernetesDir : externalSecretsDir;
      expect(readFileSync(path.join(together, file), 'utf8'), file).toBe(readFileSync(path.join(apart, file), 'utf8'));
    }
  });

  it('has a corpus of valid and single-defect documents across many kinds', () => {
    const kinds = new Set(corpus.documents.map((d) => (corpus.text.get(d.file)!.split(/^---\s*$/m)[d.index]!.match(/^kind: (\w+)$/m) ?? [])[1]));
    expect(corpus.documents.length).toBeGreaterThanOrEqual(60);
    expect(kinds.size).toBeGreaterThanOrEqual(25);
    expect(corpus.documents.filter((d) => d.builtin.valid && d.official.valid).length).toBeGreaterThanOrEqual(20);
    expect(corpus.documents.filter((d) => !d.builtin.valid && !d.official.valid).length).toBeGreaterThanOrEqual(40);
  });

  it('names a committed difference for every document whose verdicts differ, and only for those', () => {
    const committed = committedDifferences();
    for (const doc of corpus.documents) {
      const differs = describeVerdict(doc.builtin) !== describeVerdict(doc.official);
      const where = `${doc.file} document ${doc.index} (${doc.title})`;
      expect(doc.difference !== undefined, `${where}: a difference line is needed exactly when the verdicts differ`).toBe(differs);
      if (doc.difference !== undefined) {
        expect(committed.filter((entry) => entry.startsWith(doc.difference!)), `${where}: "${doc.difference}" must start one committed difference`).toHaveLength(1);
      }
    }
  });

  describe.each(corpus.documents.map((doc) => [`${doc.file} #${doc.index}: ${doc.title}`, doc] as [string, CorpusDocument]))('%s', (_, doc) => {
    it(`built-in 1.30: ${describeVerdict(doc.builtin)}; official: ${describeVerdict(doc.official)}`, () => {
      const source = parsed.get(doc.file)![doc.index]!;
      expect(source.index).toBe(doc.index);
      const mine = verdictOf(builtin, source, doc.file);
      const theirs = verdictOf(official, source, doc.file);
      expect(mine.verdict, `built-in: ${show(mine.issues)}`).toEqual(doc.builtin);
      expect(theirs.verdict, `official: ${show(theirs.issues)}`).toEqual(doc.official);
    });
  });

  afterAll(() => {
    const differing = corpus.documents.filter((d) => d.difference !== undefined);
    console.log(
      `conformance corpus: ${corpus.documents.length} documents; verdicts agree on ${corpus.documents.length - differing.length}, ` +
        `differ as expected on ${differing.length}: ${differing.map((d) => d.difference).join('; ')}`,
    );
  });
});
