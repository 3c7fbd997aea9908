/**
 * Generating the built-in schemas is deterministic, and the committed
 * schemas/ is exactly what the generator writes (so nobody edits it by hand
 * and nobody forgets to regenerate). Needs the npm registry the first time,
 * to fetch the pinned External Secrets tarball into node_modules/.cache.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinSources, writeSchemas } from '../../scripts/schemas/generate.ts';
import { PROJECT_ROOT } from '../support/paths.ts';

function snapshot(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

describe('npm run schemas', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'scaffold-schemas-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes the same bytes twice, and the same as the committed schemas/', { timeout: 120_000 }, () => {
    const cache = path.join(PROJECT_ROOT, 'node_modules/.cache/scaffold-schemas');
    writeSchemas(path.join(scratch, 'first'), builtinSources(cache));
    writeSchemas(path.join(scratch, 'second'), builtinSources(cache));
    const first = snapshot(path.join(scratch, 'first'));
    expect(snapshot(path.join(scratch, 'second'))).toEqual(first);
    // *.schema.json are scaffold's own hand-written formats (app spec, kustomization), not generated.
    const committed = new Map([...snapshot(path.join(PROJECT_ROOT, 'schemas'))].filter(([file]) => !file.endsWith('.schema.json')));
    expect([...committed.keys()]).toEqual([...first.keys()]);
    for (const [file, text] of first) expect(committed.get(file), file).toBe(text);
  });

  it('covers every kind of kubernetes-types 1.30 except List kinds, External Secrets v1 and the ACK PodIdentityAssociation', () => {
    const index = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'schemas/index.json'), 'utf8')) as Record<string, string>;
    const keys = Object.keys(index);
    expect(keys.filter((k) => index[k]!.startsWith('kubernetes/v1.30/'))).toHaveLength(84);
    expect(keys.filter((k) => k.startsWith('external-secrets.io/v1/')).sort()).toEqual([
      'external-secrets.io/v1/ClusterExternalSecret',
      'external-secrets.io/v1/ClusterSecretStore',
      'external-secrets.io/v1/ExternalSecret',
      'external-secrets.io/v1/SecretStore',
    ]);
    expect(keys).toEqual(expect.arrayContaining(['v1/Service', 'apps/v1/Deployment', 'apiextensions.k8s.io/v1/CustomResourceDefinition']));
    expect(keys.filter((k) => k.startsWith('eks.services.k8s.aws/'))).toEqual(['eks.services.k8s.aws/v1alpha1/PodIdentityAssociation']);
    expect(index['apps/v1/Deployment']).toBe('kubernetes/v1.30/deployment-apps-v1.json');
  });
});
