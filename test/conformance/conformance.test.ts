/**
 * Conformance with the official spec. Every document of the corpus
 * (corpus.ts) is validated with the bundled schemas of every Kubernetes minor
 * (1.30 to 1.36, each with the built-in External Secrets schemas, through the
 * registry of that minor as the CLI opens it, with the precompiled
 * validators), and with official schemas imported by `scaffold schemas
 * import` (the built CLI) from the Kubernetes 1.36 OpenAPI document and the
 * External Secrets CRDs alone. Each verdict must be the one written above the
 * document: valid, or invalid at exactly the named field. Where verdicts
 * differ from one minor to the next (a field added, a field no longer
 * required), the document expects each verdict separately and names the
 * difference, which must be an entry of the committed difference list for
 * exactly that step (test/schemas/version-differences.json, also listed in
 * docs/schemas.md). From the newest minor to the official schemas no verdict
 * may change: the bundled 1.36 is the official document's, and the built-in
 * External Secrets schemas are the CRDs' (test/schemas/externalSecretsOracle.test.ts).
 *
 * The import times are logged, not asserted: a benchmark on a loaded CI
 * machine is no verdict.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaRegistry } from '../../src/validate/registry.ts';
import { createSchemaRegistry } from '../../src/io/schemaFolders.ts';
import { validateDocument } from '../../src/validate/documents.ts';
import type { Issue } from '../../src/vocabulary/issue.ts';
import { parseYamlStream, type SourceDocument } from '../../src/yamlSource/parse.ts';
import { runCli } from '../support/cli.ts';
import { CRD_DIR, PROJECT_ROOT, SWAGGER_FILE, available } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';
import { bundledVersions } from '../schemas/bundledVersions.ts';
import type { VersionChange } from '../schemas/bundledVersions.ts';
import { describeVerdict, OFFICIAL, readCorpus, type CorpusDocument, type Verdict } from './corpus.ts';

const haveOracle = available(SWAGGER_FILE, 'conformance with the official spec') && available(CRD_DIR, 'conformance with the official spec');
const versions = bundledVersions();
const corpus = readCorpus(versions);
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(PROJECT_ROOT, file), 'utf8')) as T;
const versionChanges = readJson<Record<string, VersionChange>>('test/schemas/version-differences.json');

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

/** Where a document's expected verdict changes: between two consecutive minors, or from the newest minor to the official schemas. */
function verdictSteps(doc: CorpusDocument): { step: string; entries: string[] }[] {
  const steps: { step: string; entries: string[] }[] = [];
  const verdict = (slot: string) => describeVerdict(doc.expected.get(slot)!);
  for (let i = 1; i < versions.length; i++) {
    const step = `${versions[i - 1]} -> ${versions[i]}`;
    if (verdict(versions[i - 1]!) !== verdict(versions[i]!)) steps.push({ step, entries: Object.values(versionChanges[step]!).flat() });
  }
  // No committed difference explains a change there.
  if (verdict(versions.at(-1)!) !== verdict(OFFICIAL)) steps.push({ step: `${versions.at(-1)} -> official`, entries: [] });
  return steps;
}

describe('the corpus', () => {
  it('has valid and single-defect documents across many kinds', () => {
    const kinds = new Set(corpus.documents.map((d) => (corpus.text.get(d.file)!.split(/^---\s*$/m)[d.index]!.match(/^kind: (\w+)$/m) ?? [])[1]));
    const everywhere = (doc: CorpusDocument, valid: boolean) => [...doc.expected.values()].every((v) => v.valid === valid);
    expect(corpus.documents.length).toBeGreaterThanOrEqual(60);
    expect(kinds.size).toBeGreaterThanOrEqual(25);
    expect(corpus.documents.filter((d) => everywhere(d, true)).length).toBeGreaterThanOrEqual(20);
    expect(corpus.documents.filter((d) => everywhere(d, false)).length).toBeGreaterThanOrEqual(40);
  });

  it('names a committed difference of exactly the step where a verdict changes, and only there', () => {
    for (const doc of corpus.documents) {
      const where = `${doc.file} document ${doc.index} (${doc.title})`;
      const steps = verdictSteps(doc);
      for (const { step, entries } of steps) {
        const named = doc.differences.filter((d) => entries.filter((entry) => entry.startsWith(d)).length === 1);
        expect(named, `${where}: the verdict changes at ${step}; a "difference:" line must start exactly one committed entry of that step`).not.toEqual([]);
      }
      for (const difference of doc.differences) {
        const used = steps.some(({ entries }) => entries.filter((entry) => entry.startsWith(difference)).length === 1);
        expect(used, `${where}: "${difference}" names no change at a step where the verdict changes`).toBe(true);
      }
    }
  });
});

describe.skipIf(!haveOracle)('conformance of every bundled minor and of the official Kubernetes 1.36 OpenAPI and External Secrets CRDs', () => {
  const scratch = tempDir('scaffold-conformance-');
  const kubernetesDir = path.join(scratch, 'kubernetes-v1.36');
  const externalSecretsDir = path.join(scratch, 'external-secrets');
  const parsed = new Map<string, SourceDocument[]>();
  const registries = new Map<string, SchemaRegistry>();
  let openApiImport: { seconds: number; schemas: number };
  let crdImport: { seconds: number; schemas: number };

  beforeAll(() => {
    openApiImport = timedImport(['--openapi', SWAGGER_FILE, '--out', kubernetesDir]);
    crdImport = timedImport(['--crd', CRD_DIR, '--out', externalSecretsDir]);
    console.log(
      `imported the official OpenAPI document (${openApiImport.schemas} schemas) in ${openApiImport.seconds.toFixed(2)} s ` +
        `and the External Secrets CRDs (${crdImport.schemas} schemas) in ${crdImport.seconds.toFixed(2)} s`,
    );
    const validatorsRoot = path.join(PROJECT_ROOT, 'dist/validators');
    const root = path.join(PROJECT_ROOT, 'schemas');
    for (const version of versions) registries.set(version, createSchemaRegistry({ schemaDirs: [], builtin: { root, kubernetesVersion: version, validatorsRoot } }));
    // The official registry must not fall back to the built-ins.
    registries.set(OFFICIAL, createSchemaRegistry({ schemaDirs: [kubernetesDir, externalSecretsDir] }));
    for (const [file, text] of corpus.text) {
      const stream = parseYamlStream(text, file);
      expect(stream.issues, file).toEqual([]);
      parsed.set(file, stream.documents);
    }
  });

  it('imports every kind of both, the same bytes whether imported apart or together', () => {
    expect(openApiImport.schemas).toBeGreaterThan(90);
    expect(crdImport.schemas).toBe(3);
    const together = path.join(scratch, 'together');
    timedImport(['--openapi', SWAGGER_FILE, '--crd', CRD_DIR, '--out', together]);
    // The schemas alone: each folder's index and hashes list its own.
    const files = readdirSync(together).filter((f) => f !== 'index.json' && f !== 'index.sha256');
    expect(files).toHaveLength(openApiImport.schemas + crdImport.schemas);
    for (const file of files) {
      const apart = readdirSync(kubernetesDir).includes(file) ? kubernetesDir : externalSecretsDir;
      expect(readFileSync(path.join(together, file), 'utf8'), file).toBe(readFileSync(path.join(apart, file), 'utf8'));
    }
  });

  it('reads each minor through its precompiled validators', () => {
    const deployment = registries.get('1.34')!.lookup('apps/v1', 'Deployment')!;
    expect(deployment.source).toBe('builtin:kubernetes/v1.34');
    expect(registries.get('1.30')!.lookup('resource.k8s.io/v1', 'DeviceClass')).toBeUndefined();
    expect(registries.get('1.34')!.lookup('resource.k8s.io/v1', 'DeviceClass')).toBeDefined();
  });

  const expectations = (doc: CorpusDocument) =>
    [...versions, OFFICIAL]
      .map((slot) => [slot, describeVerdict(doc.expected.get(slot)!)] as const)
      .reduce<string[]>((out, [slot, verdict], i, all) => (i > 0 && all[i - 1]![1] === verdict ? out : [...out, `${slot}: ${verdict}`]), [])
      .join('; ');

  describe.each(corpus.documents.map((doc) => [`${doc.file} #${doc.index}: ${doc.title}`, doc] as [string, CorpusDocument]))('%s', (_, doc) => {
    it(expectations(doc), () => {
      const source = parsed.get(doc.file)![doc.index]!;
      expect(source.index).toBe(doc.index);
      for (const [slot, registry] of registries) {
        const { verdict, issues } = verdictOf(registry, source, doc.file);
        expect(verdict, `${slot}: ${show(issues)}`).toEqual(doc.expected.get(slot));
      }
    });
  });

  afterAll(() => {
    const differing = corpus.documents.filter((d) => d.differences.length > 0);
    console.log(
      `conformance corpus: ${corpus.documents.length} documents against ${versions.length} minors and the official schemas; ` +
        `the same verdict everywhere for ${corpus.documents.length - differing.length}, different as expected for ${differing.length}: ` +
        differing.map((d) => `${d.title} (${expectations(d)})`).join('; '),
    );
  });
});
