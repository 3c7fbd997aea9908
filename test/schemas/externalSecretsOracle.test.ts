/**
 * The bundled External Secrets v1 schemas. ExternalSecret, SecretStore and
 * ClusterSecretStore are generated from the External Secrets Operator 2.9
 * CRDs vendored in scripts/schemas/external-secrets/, which must be the
 * CRDs in ../shared; each is the CRD's own schema, made strict by the same
 * converter, once every reference is written out in place (the bundled ones
 * write each repeated subtree once, and two kinds that hold the same spec
 * refer to one definition of it): no field, type, enum, pattern, bound or
 * required-ness differs. CRDs do not describe `metadata` (the API server
 * checks it, as ObjectMeta, which the bundled schemas do too), so it is not
 * compared. ClusterExternalSecret has no CRD: its spec.externalSecretSpec must
 * be ExternalSecret's spec. And they judge documents as the imported CRDs do.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_SECRETS_CRDS } from '../../scripts/schemas/externalSecrets.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';
import { definitionsFromCrd, objectMetaDefinitions, schemasFromCrd } from '../../src/schemas/crd.ts';
import { nullable, toStrictSchemas, type JsonSchema } from '../../src/schemas/strict.ts';
import { validatePlannedFiles } from '../../src/validate/plannedFiles.ts';
import { schemasOf } from '../support/conversion.ts';
import { CRD_DIR, PROJECT_ROOT, available } from '../support/paths.ts';
import { targetSchemas } from '../support/schemas.ts';
import { compareKind, emptyComparison } from './schemaComparison.ts';

const BUNDLED_DIR = path.join(PROJECT_ROOT, 'schemas/external-secrets/v1');
const CRD_KINDS = { ExternalSecret: 'externalsecrets', SecretStore: 'secretstores', ClusterSecretStore: 'clustersecretstores' } as const;
type CrdKind = keyof typeof CRD_KINDS;

const bundled = (kind: string) => JSON.parse(readFileSync(path.join(BUNDLED_DIR, `${kind.toLowerCase()}-external-secrets.io-v1.json`), 'utf8')) as JsonSchema;

/** The CRD of `kind`: the one in ../shared, else the vendored copy (the same bytes, as the first test checks). */
function crdFile(kind: CrdKind): string {
  const file = `external-secrets.io_${CRD_KINDS[kind]}.yaml`;
  const shared = path.join(CRD_DIR, file);
  return existsSync(shared) ? shared : EXTERNAL_SECRETS_CRDS.find((f) => path.basename(f) === file)!;
}

/** The CRD's external-secrets.io/v1 schema as the converter makes it, `metadata` left as the CRD says. */
function fromCrd(kind: CrdKind): JsonSchema {
  const schemas = toStrictSchemas(definitionsFromCrd(parse(readFileSync(crdFile(kind), 'utf8'))), (gvk) => gvk.version === 'v1');
  expect(schemas.map((s) => s.gvk.kind)).toEqual([kind]);
  return schemas[0]!.schema;
}

/**
 * The schema with every reference written out in place, and `definitions`
 * dropped. A reference the converter guarded for null (`if: {type: null},
 * else: {$ref}`) becomes what it writes for a nullable schema in place
 * (nullable()), so a schema that refers to its subtrees and one that spells
 * them out come out alike. No definition here refers to itself.
 */
function inlined(schema: JsonSchema): JsonSchema {
  const definitions = (schema['definitions'] ?? {}) as Record<string, JsonSchema>;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as JsonSchema)['$ref'];
    if (typeof ref === 'string') return walk(definitions[ref.replace('#/definitions/', '')]);
    const { if: condition, else: otherwise, ...rest } = node as JsonSchema;
    if (Object.keys(rest).length === 0 && isDeepStrictEqual(condition, { type: 'null' }) && otherwise !== undefined) return nullable(walk(otherwise) as JsonSchema);
    return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'definitions').map(([key, value]) => [key, walk(value)]));
  };
  return walk(schema) as JsonSchema;
}

const withoutMetadata = (schema: JsonSchema): JsonSchema => {
  const { metadata: _, ...properties } = schema['properties'] as Record<string, JsonSchema>;
  return { ...schema, properties };
};

describe('bundled External Secrets v1 schemas', () => {
  it.skipIf(!available(CRD_DIR, 'the External Secrets CRD provenance check'))('are generated from the CRDs in ../shared, byte for byte', () => {
    expect(EXTERNAL_SECRETS_CRDS.map((f) => path.basename(f)).sort()).toEqual(Object.values(CRD_KINDS).map((plural) => `external-secrets.io_${plural}.yaml`).sort());
    for (const vendored of EXTERNAL_SECRETS_CRDS) {
      expect(readFileSync(vendored, 'utf8'), vendored).toBe(readFileSync(path.join(CRD_DIR, path.basename(vendored)), 'utf8'));
    }
  });

  it('differ from the CRDs in no field, type, integer range, grammar, enum, openness or required-ness', () => {
    const comparison = emptyComparison();
    for (const kind of Object.keys(CRD_KINDS) as CrdKind[]) {
      compareKind(`external-secrets.io/v1/${kind}`, bundled(kind), fromCrd(kind), { bounds: true, patterns: true, enums: true, additionalProperties: true }, comparison, ['metadata']);
    }
    expect({
      fieldsOnlyInBuiltin: [...comparison.onlyLeft],
      fieldsOnlyInCrd: [...comparison.onlyRight],
      requiredInBuiltinVsCrd: [...comparison.requiredDiffers],
      shapeInBuiltinVsCrd: [...comparison.mismatches],
    }).toEqual({ fieldsOnlyInBuiltin: [], fieldsOnlyInCrd: [], requiredInBuiltinVsCrd: [], shapeInBuiltinVsCrd: [] });
  });

  it('are the CRDs’ schemas exactly, every keyword, once references are written out in place', () => {
    for (const kind of Object.keys(CRD_KINDS) as CrdKind[]) {
      expect(withoutMetadata(inlined(bundled(kind))), kind).toEqual(withoutMetadata(inlined(fromCrd(kind))));
      expect((bundled(kind)['properties'] as Record<string, JsonSchema>)['metadata'], kind).toEqual(nullable({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }));
    }
  });

  it("give ClusterExternalSecret the ExternalSecret CRD's spec as its spec.externalSecretSpec", () => {
    const spec = (schema: JsonSchema) => (schema['properties'] as Record<string, JsonSchema>)['spec']!;
    const clusterSpec = spec(inlined(bundled('ClusterExternalSecret')));
    const fields = clusterSpec['properties'] as Record<string, JsonSchema>;
    // Required there, so never null; optional in ExternalSecret, so also null there.
    expect(clusterSpec['required']).toEqual(['externalSecretSpec']);
    expect(nullable(fields['externalSecretSpec']!)).toEqual(spec(inlined(bundled('ExternalSecret'))));
    expect(nullable(fields['externalSecretSpec']!)).toEqual(spec(inlined(fromCrd('ExternalSecret'))));
    // The rest is ClusterExternalSecret's own layer, from @kubernetes-models/external-secrets 2.0.0.
    expect(Object.keys(fields).sort()).toEqual(['externalSecretMetadata', 'externalSecretName', 'externalSecretSpec', 'namespaceSelector', 'namespaceSelectors', 'namespaces', 'refreshTime']);
  });

  it('hold the stores’ spec, and ExternalSecret’s, as definitions alike in every kind that has them, so their precompiled validators share them', () => {
    const definitions = (kind: string) => bundled(kind)['definitions'] as Record<string, JsonSchema>;
    expect(definitions('ClusterSecretStore')).toEqual(definitions('SecretStore'));
    expect(Object.keys(definitions('SecretStore'))).toContain('external-secrets.io.v1.SecretStoreSpec');
    const clusterExternalSecret = definitions('ClusterExternalSecret');
    for (const [name, definition] of Object.entries(definitions('ExternalSecret'))) expect(clusterExternalSecret[name], name).toEqual(definition);
    expect(Object.keys(definitions('ExternalSecret'))).toContain('external-secrets.io.v1.ExternalSecretSpec');
  });
});

/** An ExternalSecret using what External Secrets 2.9 serves and @kubernetes-models 2.0.0 did not know. */
const EXTERNAL_SECRET = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: {
    refreshInterval: '1h',
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-parameter-store' },
    target: { name: 'checkout', creationPolicy: 'CreateOrMerge', template: { metadata: { finalizers: ['example.com/keep'] } } },
    data: [{ secretKey: 'password', remoteRef: { key: '/production/checkout/db-password', nullBytePolicy: 'Fail' } }],
    dataFrom: [{ extract: { key: '/production/checkout/extra', nullBytePolicy: 'Ignore' } }],
  },
};

const SECRET_STORE = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'SecretStore',
  metadata: { name: 'aws', namespace: 'shop' },
  spec: {
    refreshInterval: '5m',
    provider: {
      aws: {
        service: 'ParameterStore',
        region: 'eu-central-1',
        sessionTagsPolicy: 'Custom',
        customSessionTags: { team: 'shop' },
        auth: { jwt: { serviceAccountRef: { name: 'external-secrets' } } },
      },
    },
  },
};

const CLUSTER_EXTERNAL_SECRET = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterExternalSecret',
  metadata: { name: 'checkout' },
  spec: { externalSecretName: 'checkout', namespaces: ['shop'], refreshTime: '1m', externalSecretSpec: EXTERNAL_SECRET.spec },
};

const withSpec = <T extends { spec: object }>(document: T, spec: Record<string, unknown>) => ({ ...document, spec: { ...document.spec, ...spec } });

const CASES: [string, CrdKind | 'ClusterExternalSecret', unknown, boolean][] = [
  ['an ExternalSecret with External Secrets 2.9 fields', 'ExternalSecret', EXTERNAL_SECRET, true],
  ['a misspelt field', 'ExternalSecret', withSpec(EXTERNAL_SECRET, { refreshIntervall: '1h' }), false],
  ['a secretKey with a space, which the CRD pattern refuses', 'ExternalSecret', withSpec(EXTERNAL_SECRET, { data: [{ secretKey: 'db password', remoteRef: { key: '/a' } }] }), false],
  ['an unknown nullBytePolicy', 'ExternalSecret', withSpec(EXTERNAL_SECRET, { data: [{ secretKey: 'a', remoteRef: { key: '/a', nullBytePolicy: 'Drop' } }] }), false],
  ['a SecretStore with session tags and a duration refresh interval', 'SecretStore', SECRET_STORE, true],
  ['a ClusterSecretStore alike', 'ClusterSecretStore', { ...SECRET_STORE, kind: 'ClusterSecretStore' }, true],
  ['a store with an AWS region as a number', 'SecretStore', withSpec(SECRET_STORE, { provider: { aws: { service: 'ParameterStore', region: 1 } } }), false],
  ['a store with a session tags policy that is not one of the allowed values', 'SecretStore', withSpec(SECRET_STORE, { provider: { aws: { ...SECRET_STORE.spec.provider.aws, sessionTagsPolicy: 'Allow' } } }), false],
  ['a store with two providers', 'ClusterSecretStore', { ...withSpec(SECRET_STORE, { provider: { aws: { service: 'ParameterStore' }, fake: { data: [] } } }), kind: 'ClusterSecretStore' }, false],
  ['a ClusterExternalSecret whose spec is such an ExternalSecret spec', 'ClusterExternalSecret', CLUSTER_EXTERNAL_SECRET, true],
  ['a ClusterExternalSecret whose externalSecretSpec has a misspelt field', 'ClusterExternalSecret', withSpec(CLUSTER_EXTERNAL_SECRET, { externalSecretSpec: { ...EXTERNAL_SECRET.spec, dataForm: [] } }), false],
];

describe('bundled External Secrets v1 schemas judge documents', () => {
  it('as the imported CRDs do', () => {
    const objectMeta = objectMetaDefinitions(targetSchemas().registry.lookup('v1', 'ConfigMap')!.schema());
    const imported = new Map((Object.keys(CRD_KINDS) as CrdKind[]).map((kind) => [kind, compileSchema(schemasOf(schemasFromCrd(parse(readFileSync(crdFile(kind), 'utf8')), objectMeta))[0]!.schema)]));
    for (const [name, kind, document, valid] of CASES) {
      expect(compileSchema(bundled(kind))(document), `bundled: ${name}`).toBe(valid);
      if (kind !== 'ClusterExternalSecret') expect(imported.get(kind)!(document), `imported: ${name}`).toBe(valid);
    }
  });

  it('in render and validate, naming the field', () => {
    const check = (document: unknown) =>
      validatePlannedFiles([{ path: 'es.yaml', content: JSON.stringify(document), role: 'resource' }], { ...targetSchemas(), ignoreMissingSchemas: false }).map((i) => `${i.path}: ${i.message}`);
    expect(check(EXTERNAL_SECRET)).toEqual([]);
    expect(check(SECRET_STORE)).toEqual([]);
    expect(check(CLUSTER_EXTERNAL_SECRET)).toEqual([]);
    const document = (name: string) => CASES.find(([title]) => title.startsWith(name))![2];
    expect(check(document('a misspelt field'))).toEqual(['spec.refreshIntervall: unknown field "refreshIntervall" (did you mean "refreshInterval"?)']);
    expect(check(document('a secretKey with a space'))).toEqual(['spec.data[0].secretKey: must match /^[-._a-zA-Z0-9]+$/, got string "db password"']);
    expect(check(document('a store with an AWS region as a number'))).toEqual(['spec.provider.aws.region: expected string, got integer 1; quote it: "1"']);
    expect(check(document('a store with a session tags policy'))).toEqual(['spec.provider.aws.sessionTagsPolicy: must be one of "None", "Simple", "Custom", got string "Allow"']);
    expect(check(document('a ClusterExternalSecret whose externalSecretSpec has a misspelt field'))).toEqual(['spec.externalSecretSpec.dataForm: unknown field "dataForm" (did you mean "dataFrom"?)']);
  });
});
