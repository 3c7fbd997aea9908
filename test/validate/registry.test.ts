import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { stableStringify, toStrictSchemas } from '../../src/schemas/strict.ts';
import { packageRoot } from '../../src/io/packageRoot.ts';
import { createSchemaRegistry, defaultBuiltinRoot, readSchemaFolders } from '../../src/io/schemaFolders.ts';
import { schemaRegistry, type SchemaEntry } from '../../src/validate/registry.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { NEWEST } from '../support/schemas.ts';
import { tempDir } from '../support/tempDir.ts';

const builtin = { root: path.join(PROJECT_ROOT, 'schemas'), kubernetesVersion: NEWEST };
const validatorsRoot = path.join(PROJECT_ROOT, 'dist/validators');

const deployment = (replicas: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
});

/** A user schema for a made-up kind, through the same converter. */
function widgetSchema() {
  const [widget] = toStrictSchemas({
    'example.v1.Widget': {
      type: 'object',
      required: ['size'],
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, size: { type: 'integer', format: 'int32' } },
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
    },
  });
  return widget!.schema;
}

describe('createSchemaRegistry', () => {
  const scratch = tempDir('scaffold-registry-');

  it('finds the package root and its schemas from the module location', () => {
    expect(packageRoot()).toBe(path.resolve(PROJECT_ROOT));
    expect(defaultBuiltinRoot()).toBe(path.join(path.resolve(PROJECT_ROOT), 'schemas'));
  });

  it('looks up built-in kinds, once per kind', () => {
    const registry = createSchemaRegistry({ schemaDirs: [], builtin });
    const validator = registry.lookup('apps/v1', 'Deployment');
    expect(validator).toBeDefined();
    expect(validator!.source).toBe(`builtin:kubernetes/v${NEWEST}`);
    expect(validator!(deployment(2))).toBeNull();
    expect(validator!(deployment('2'))?.map((e) => [e.instancePath, e.keyword])).toEqual([
      ['/spec/replicas', 'type'],
      ['/spec', 'if'],
    ]);
    expect(registry.lookup('apps/v1', 'Deployment')).toBe(validator);
    expect(registry.lookup('apps/v1', 'Nonsense')).toBeUndefined();
    expect(registry.lookup('external-secrets.io/v1', 'ExternalSecret')!.source).toBe('builtin:external-secrets/v1');
    expect(validator!.schema()['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
  });

  it('guesses the kind a kind without schema is a typo of, from the kinds it has', () => {
    const registry = createSchemaRegistry({ schemaDirs: [], builtin });
    expect(registry.closestKind('apps/v1', 'Deplyoment')).toBe('apps/v1/Deployment');
    expect(registry.closestKind('external-secrets.io/v1', 'ExternalSecrets')).toBe('external-secrets.io/v1/ExternalSecret');
    expect(registry.closestKind('monitoring.coreos.com/v1', 'ServiceMonitor')).toBeUndefined();
  });

  it('lists every kind with its source', () => {
    const list = createSchemaRegistry({ schemaDirs: [], builtin }).list();
    expect(list).toContainEqual({ apiVersion: 'apps/v1', kind: 'Deployment', source: `builtin:kubernetes/v${NEWEST}` });
    expect(list).toContainEqual({ apiVersion: 'v1', kind: 'Service', source: `builtin:kubernetes/v${NEWEST}` });
    // 98 Kubernetes 1.36 kinds, 4 External Secrets kinds, the ACK PodIdentityAssociation, 3 Argo CD kinds, and the hand-written kustomization schema for Kustomization and Component.
    expect(list).toContainEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', source: 'builtin:kustomization.schema.json' });
    expect(list).toContainEqual({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', source: 'builtin:kustomization.schema.json' });
    expect(list).toHaveLength(108);
    expect(createSchemaRegistry({ schemaDirs: [], builtin: { ...builtin, kubernetesVersion: '1.30' } }).list()).toHaveLength(93);
  });

  it('searches user schema folders first, with or without an index.json', () => {
    const indexed = path.join(scratch, 'indexed');
    const plain = path.join(scratch, 'plain');
    for (const dir of [indexed, plain]) rmSync(dir, { recursive: true, force: true });
    mkdirSync(indexed);
    mkdirSync(plain);
    // A stricter Deployment: replicas required.
    writeFileSync(
      path.join(indexed, 'my-deployment.json'),
      stableStringify({ type: 'object', required: ['apiVersion', 'kind', 'spec'], properties: { spec: { type: 'object', required: ['replicas'] } } }),
    );
    writeFileSync(path.join(indexed, 'index.json'), stableStringify({ 'apps/v1/Deployment': 'my-deployment.json' }));
    writeFileSync(path.join(plain, 'widget.json'), stableStringify(widgetSchema()));

    const registry = createSchemaRegistry({ schemaDirs: [indexed, plain], builtin });
    const mine = registry.lookup('apps/v1', 'Deployment')!;
    expect(mine.source).toBe(indexed);
    expect(mine({ apiVersion: 'apps/v1', kind: 'Deployment', spec: {} })).toHaveLength(1);
    const widget = registry.lookup('example.com/v1', 'Widget')!;
    expect(widget.source).toBe(plain);
    expect(widget({ apiVersion: 'example.com/v1', kind: 'Widget', size: 3 })).toBeNull();
    expect(widget({ apiVersion: 'example.com/v1', kind: 'Widget', size: 2 ** 31 })).toHaveLength(1);
    expect(registry.list()).toContainEqual({ apiVersion: 'apps/v1', kind: 'Deployment', source: indexed });
  });

  it('opens a catalog only for a kind the ones before it lack, or to list them all, and once', () => {
    const entry = (source: string): SchemaEntry => ({ source, compile: () => () => true, schema: () => ({}) });
    const opened: string[] = [];
    const catalog = (name: string, keys: string[]) => () => {
      opened.push(name);
      return new Map(keys.map((key) => [key, entry(name)]));
    };
    const registry = schemaRegistry([catalog('mine', ['apps/v1/Deployment']), catalog('builtin', ['apps/v1/Deployment', 'v1/Service'])]);
    expect(registry.lookup('apps/v1', 'Deployment')!.source).toBe('mine');
    expect(opened).toEqual(['mine']);
    expect(registry.lookup('v1', 'Service')!.source).toBe('builtin');
    expect(registry.list().map((k) => k.source)).toEqual(['mine', 'builtin']);
    expect(opened).toEqual(['mine', 'builtin']);
  });

  it("reads the user's folders once, at once, for every minor", () => {
    const broken = path.join(scratch, 'broken-index');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'index.json'), '{"apps/v1/Deployment": ');
    expect(() => readSchemaFolders([broken])).toThrow(SyntaxError);
    const folder = path.join(scratch, 'read-once');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'widget.json'), stableStringify(widgetSchema()));
    const schemasFor = readSchemaFolders([folder]);
    rmSync(path.join(folder, 'widget.json'));
    for (const version of [NEWEST, '1.30']) expect(schemasFor(version).registry.list()).toContainEqual({ apiVersion: 'example.com/v1', kind: 'Widget', source: folder });
  });

  it("makes the path of a kind's schema file only when the kind is met", () => {
    const folder = path.join(scratch, 'paths-on-first-use');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'widget.json'), stableStringify(widgetSchema()));
    writeFileSync(path.join(folder, 'index.json'), stableStringify({ 'example.com/v1/Widget': 'widget.json', 'example.com/v1/Gadget': 'gadget.json' }));
    const calls = [vi.spyOn(path, 'resolve'), vi.spyOn(path, 'join'), vi.spyOn(path.posix, 'join')];
    try {
      const registry = readSchemaFolders([folder], builtin.root)(NEWEST).registry;
      expect(registry.lookup('example.com/v1', 'Widget')!({ apiVersion: 'example.com/v1', kind: 'Widget', size: 3 })).toBeNull();
      expect(registry.lookup('apps/v1', 'Deployment')!(deployment(2))).toBeNull();
      const schemaFiles = new Set(calls.flatMap((spy) => spy.mock.calls.map((args) => path.basename(String(args.at(-1))))).filter((file) => file.endsWith('.json') && file !== 'index.json'));
      expect([...schemaFiles].map((file) => file.replace(/\.[0-9a-f]{12}\.json$/, '.json'))).toEqual(['widget.json', 'deployment-apps-v1.json']);
    } finally {
      for (const spy of calls) spy.mockRestore();
    }
  });

  describe.skipIf(!existsSync(validatorsRoot))('precompiled validators (dist/validators, from `npm run bundle`)', () => {
    it('give exactly the errors of validators compiled at run time', () => {
      const precompiled = createSchemaRegistry({ schemaDirs: [], builtin: { ...builtin, validatorsRoot } });
      const runtime = createSchemaRegistry({ schemaDirs: [], builtin: { ...builtin, validatorsRoot: path.join(scratch, 'none') } });
      const documents = [deployment(2), deployment('2'), deployment(2.5), { ...deployment(1), extra: true }, { apiVersion: 'apps/v1' }, null, 'text'];
      for (const document of documents) {
        expect(precompiled.lookup('apps/v1', 'Deployment')!(document)).toEqual(runtime.lookup('apps/v1', 'Deployment')!(document));
      }
    });
  });
});
