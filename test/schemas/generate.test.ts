/**
 * Generating the built-in schemas is deterministic, and the committed
 * schemas/ is exactly what the generator writes (so nobody edits it by hand
 * and nobody forgets to regenerate). Needs the oracle in ../shared, and the
 * npm registry the first time, to fetch the pinned External Secrets tarball
 * into node_modules/.cache.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedFiles, readInputs, writeSchemas } from '../../scripts/schemas/generate.ts';
import { MissingOracleError, readKubernetesOracle } from '../../scripts/schemas/kubernetesOracle.ts';
import { builtinKubernetesIndex, versionIndexPath } from '../../src/schemas/kubernetesBundle.ts';
import type { SchemaIndex } from '../../src/schemas/layout.ts';
import type { ServedTable } from '../../src/schemas/servedTable.ts';
import { PROJECT_ROOT, SHARED, available } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';

const schemasDir = path.join(PROJECT_ROOT, 'schemas');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as T;

function snapshot(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

describe.skipIf(!available(path.join(SHARED, 'oracle/kubernetes'), 'regenerating the built-in schemas'))('npm run schemas', () => {
  const scratch = tempDir('scaffold-schemas-');
  const cache = path.join(PROJECT_ROOT, 'node_modules/.cache/scaffold-schemas');
  let first: Map<string, string>;
  beforeAll(() => {
    first = generatedFiles(readInputs(SHARED, cache));
  }, 120_000);

  it('makes the same bytes twice, and writes exactly the committed schemas/', { timeout: 120_000 }, () => {
    const second = generatedFiles(readInputs(SHARED, cache));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, text] of first) expect(second.get(file), file).toBe(text);
    writeSchemas(path.join(scratch, 'out'), first);
    const written = snapshot(path.join(scratch, 'out'));
    const committed = snapshot(schemasDir);
    expect([...committed.keys()]).toEqual([...written.keys()]);
    for (const [file, text] of written) expect(committed.get(file), `${file} differs from what npm run schemas writes`).toBe(text);
  });

  it('deletes what a regeneration no longer writes, and nothing hand-written', () => {
    const out = path.join(scratch, 'stale');
    mkdirSync(path.join(out, 'kubernetes/v1.29'), { recursive: true });
    writeSchemas(out, new Map([['kubernetes/v1.29/index.json', '{}\n']]));
    writeSchemas(out, first);
    expect(readdirSync(path.join(out, 'kubernetes'))).not.toContain('v1.29');
  });
});

describe('the committed Kubernetes bundle', () => {
  const served = readJson<ServedTable>('kubernetes/served.json');
  const indexes = new Map(served.versions.map((v) => [v, readJson<SchemaIndex>(versionIndexPath(v))]));
  const stored = readdirSync(path.join(schemasDir, 'kubernetes/store')).sort();

  it('bundles every minor from 1.30 to 1.36, each with an index of every kind it serves', () => {
    expect(served.versions).toEqual(['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    for (const [version, index] of indexes) {
      const servedKinds = Object.keys(served.kinds).filter((key) => served.kinds[key]!.includes(version));
      expect(Object.keys(index).sort(), version).toEqual(servedKinds.sort());
    }
    expect(Object.keys(indexes.get('1.30')!)).toEqual(expect.arrayContaining(['v1/Service', 'apps/v1/Deployment', 'apiregistration.k8s.io/v1/APIService']));
  });

  it('stores each distinct schema once, and only schemas some minor uses', () => {
    const used = new Set([...indexes.values()].flatMap((index) => Object.values(index).map((file) => path.posix.basename(file))));
    expect(stored).toEqual([...used].sort());
    const contents = stored.map((file) => readFileSync(path.join(schemasDir, 'kubernetes/store', file), 'utf8'));
    expect(new Set(contents).size).toBe(contents.length);
    const references = [...indexes.values()].reduce((n, index) => n + Object.keys(index).length, 0);
    expect(stored.length).toBeLessThan(references / 2);
  });

  it('resolves a minor to files under schemas/ for the validator registry', () => {
    const index = builtinKubernetesIndex('1.34', indexes.get('1.34')!);
    expect(index['apps/v1/Deployment']).toMatch(/^kubernetes\/store\/deployment-apps-v1\.[0-9a-f]{12}\.json$/);
    for (const file of Object.values(index)) expect(stored).toContain(path.posix.basename(file));
  });

  it('has External Secrets v1, the ACK PodIdentityAssociation and Argo CD in folders of their own, and no merged index beside them', () => {
    expect(Object.keys(readJson<SchemaIndex>('external-secrets/v1/index.json')).sort()).toEqual([
      'external-secrets.io/v1/ClusterExternalSecret',
      'external-secrets.io/v1/ClusterSecretStore',
      'external-secrets.io/v1/ExternalSecret',
      'external-secrets.io/v1/SecretStore',
    ]);
    expect(Object.keys(readJson<SchemaIndex>('ack-eks/v1alpha1/index.json'))).toEqual(['eks.services.k8s.aws/v1alpha1/PodIdentityAssociation']);
    expect(Object.keys(readJson<SchemaIndex>('argo-cd/v1alpha1/index.json'))).toEqual([
      'argoproj.io/v1alpha1/AppProject',
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/ApplicationSet',
    ]);
    expect(readdirSync(schemasDir)).not.toContain('index.json');
  });

  it('records the sha256 of every input it was made from', () => {
    const provenance = readJson<{ kubernetes: Record<string, { format: string; sources: { path: string; sha256: string }[] }> }>('kubernetes/provenance.json');
    expect(Object.keys(provenance.kubernetes)).toEqual(served.versions);
    expect(provenance.kubernetes['1.30']!.format).toBe('OpenAPI v3');
    expect(provenance.kubernetes['1.36']!.sources).toEqual([{ path: 'oracle/kubernetes/swagger-v1.36.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(provenance.kubernetes['1.35']!.sources.map((s) => s.path)).toContain('oracle/kubernetes/openapi-v3/1.35/apis/apps/v1.json');
  });
});

describe('reading the oracle', () => {
  it('fails, saying what it expects where, when the reference data is absent', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'scaffold-no-oracle-'));
    try {
      expect(() => readKubernetesOracle(empty)).toThrow(MissingOracleError);
      expect(() => readKubernetesOracle(empty)).toThrow(/no official Kubernetes OpenAPI documents in .*oracle\/kubernetes: expected openapi-v3\/<minor>\//);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
