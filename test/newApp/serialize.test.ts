import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { serializeAppSpec } from '../../src/appSpec/serialize.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';

const spec: AppSpec = {
  apiVersion: 'scaffold/v1alpha1',
  kind: 'App',
  metadata: { name: 'checkout' },
  spec: {
    skeleton: 'web',
    namespace: 'shop',
    image: 'ghcr.io/acme/checkout',
    port: 8080,
    probes: { readiness: '/healthz', liveness: '/livez' },
    resources: { cpu: '500m', memory: '1Gi' },
    env: { LOG_LEVEL: 'info', DEBUG: 'yes', RETRIES: '3' },
    irsa: { roleName: 'checkout' },
    secrets: { store: { kind: 'ClusterSecretStore', name: 'aws-parameter-store' }, refreshInterval: '1h', keys: { DB_PASSWORD: 'db-password' } },
    environments: {
      production: { awsAccountId: '022222222222', secretsPath: '/production/checkout', imageTag: '1.0', replicas: 3, resources: { cpu: '1' } },
      alpha: { awsAccountId: '111111111111', secretsPath: '/alpha/checkout', imageTag: 'latest', replicas: 1 },
    },
  },
};

/** The same spec with the schema's fields in reverse order (user-named keys keep theirs). */
function reversed(value: unknown, userNamed = false): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, reversed(v, ['env', 'keys', 'environments'].includes(k))] as const);
  return Object.fromEntries(userNamed ? entries : entries.reverse());
}

describe('serializeAppSpec', () => {
  test('starts with a comment saying what the file is and how to regenerate', () => {
    const text = serializeAppSpec(spec);
    expect(text.split('\n').slice(0, 2)).toEqual([
      '# checkout: app spec for scaffold (fields: schemas/app-spec.schema.json).',
      '# After editing, run `scaffold render` at the gitops root to regenerate base/ and overlays/.',
    ]);
  });

  test('writes schema fields in the documented order whatever order the object has', () => {
    const text = serializeAppSpec(spec);
    expect(serializeAppSpec(reversed(spec) as AppSpec)).toBe(text);
    const keys = [...text.slice(text.indexOf('\nspec:')).matchAll(/^ {2}([a-z]+):/gm)].map((m) => m[1]);
    expect(keys).toEqual(['skeleton', 'namespace', 'image', 'port', 'probes', 'resources', 'env', 'irsa', 'secrets', 'environments']);
    const production = parse(text).spec.environments.production as object;
    expect(Object.keys(production)).toEqual(['awsAccountId', 'secretsPath', 'imageTag', 'replicas', 'resources']);
  });

  test('keeps the order the user gave environments and variables in', () => {
    const text = serializeAppSpec(spec);
    expect(text.indexOf('production:')).toBeLessThan(text.indexOf('alpha:'));
    expect(Object.keys(parse(text).spec.env)).toEqual(['LOG_LEVEL', 'DEBUG', 'RETRIES']);
  });

  test('quotes strings a YAML 1.1 reader would take for booleans or numbers', () => {
    const text = serializeAppSpec(spec);
    expect(text).toContain('DEBUG: "yes"');
    expect(text).toContain('RETRIES: "3"');
    expect(text).toContain('awsAccountId: "022222222222"');
    expect(text).toContain('imageTag: "1.0"');
    expect(parse(text, { version: '1.1' })).toEqual(parse(text));
  });

  test('leaves absent optional fields out rather than writing null', () => {
    const { probes: _p, env: _e, irsa: _i, secrets: _s, ...rest } = spec.spec;
    const text = serializeAppSpec({ ...spec, spec: { ...rest, environments: { alpha: { imageTag: 'latest' } } } });
    expect(text).not.toMatch(/null|probes|irsa|secrets|env:/);
  });
});
