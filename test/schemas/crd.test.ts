/**
 * schemasFromCrd on small hand-written CustomResourceDefinitions: served
 * versions, x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string,
 * nullable, enums, empty objects (pruned by the API server), metadata checked
 * as ObjectMeta, Lists of CRDs; and a clear error for what is not a usable CRD.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { problemOf, schemasOf } from '../support/conversion.ts';
import { customResourceDefinitionsIn, objectMetaDefinitions, OBJECT_META, schemasFromCrd } from '../../src/schemas/crd.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';
import { targetSchemas } from '../support/schemas.ts';

const objectMeta = objectMetaDefinitions(targetSchemas().registry.lookup('v1', 'ConfigMap')!.schema());

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.example.com
spec:
  group: example.com
  names: {kind: Backup, plural: backups}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
          spec:
            type: object
            required: [schedule]
            properties:
              schedule: {type: string}
              keep: {type: integer, format: int32, minimum: 1}
              port:
                x-kubernetes-int-or-string: true
                anyOf: [{type: integer}, {type: string}]
              size:
                x-kubernetes-int-or-string: true
                anyOf: [{type: integer}, {type: string}]
                pattern: ^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$
              mode: {type: string, enum: [Full, Incremental]}
              note: {type: string, nullable: true}
              values:
                type: object
                x-kubernetes-preserve-unknown-fields: true
              target:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                properties:
                  bucket: {type: string}
              options: {type: object}
              labels:
                type: object
                additionalProperties: {type: string}
          status:
            type: object
            properties:
              phase: {type: string}
  - name: v1beta1
    served: false
    storage: false
    schema:
      openAPIV3Schema: {type: object}
  - name: v2
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cron: {type: string}
`;

describe('schemasFromCrd', () => {
  const schemas = schemasOf(schemasFromCrd(parse(CRD), objectMeta));
  const v1 = compileSchema(schemas[0]!.schema);
  const backup = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    v1({ apiVersion: 'example.com/v1', kind: 'Backup', metadata: { name: 'nightly' }, spec: { schedule: '@daily', ...spec }, ...extra });

  it('emits a schema per served version', () => {
    expect(schemas.map((s) => s.gvk)).toEqual([
      { group: 'example.com', version: 'v1', kind: 'Backup' },
      { group: 'example.com', version: 'v2', kind: 'Backup' },
    ]);
    const v2 = compileSchema(schemas[1]!.schema);
    expect(v2({ apiVersion: 'example.com/v2', kind: 'Backup', spec: { cron: '* * * * *' } })).toBe(true);
    expect(v2({ apiVersion: 'example.com/v1', kind: 'Backup', spec: { cron: '* * * * *' } })).toBe(false);
  });

  it('rejects unknown fields, missing required fields and wrong types', () => {
    expect(backup({})).toBe(true);
    expect([backup({ shedule: 'x' }), backup({ keep: 0 }), backup({ keep: 2 ** 31 }), backup({ keep: '3' })]).toEqual([false, false, false, false]);
    expect(v1({ apiVersion: 'example.com/v1', kind: 'Backup', spec: {} })).toBe(false);
    expect(v1({ apiVersion: 'example.com/v1', kind: 'Backup', spec: { schedule: null } })).toBe(false);
    expect(v1({ apiVersion: 'example.com/v1', kind: 'Backup', spec: { schedule: 'x' }, extra: 1 })).toBe(false);
  });

  it('honours x-kubernetes-int-or-string, as a quantity where the pattern says so', () => {
    expect([backup({ port: 80 }), backup({ port: 'http' }), backup({ port: 1.5 })]).toEqual([true, true, false]);
    expect([backup({ size: '10Gi' }), backup({ size: 3 }), backup({ size: '10GB' })]).toEqual([true, true, false]);
  });

  it('honours enum and nullable', () => {
    expect([backup({ mode: 'Full' }), backup({ mode: 'full' }), backup({ mode: null })]).toEqual([true, false, true]);
    expect([backup({ note: null }), backup({ note: 'x' }), backup({ note: 1 })]).toEqual([true, true, false]);
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields, typing the known ones', () => {
    expect(backup({ values: { any: { thing: [1, 'two'] } } })).toBe(true);
    expect(backup({ target: { bucket: 'b', region: 'eu-west-1' } })).toBe(true);
    expect(backup({ target: { bucket: 7 } })).toBe(false);
  });

  it('closes an object that declares no fields, as the API server prunes (or strictly rejects) any', () => {
    expect(backup({ options: {} })).toBe(true);
    expect(backup({ options: { verbose: true } })).toBe(false);
    expect(backup({ labels: { team: 'a' } })).toBe(true);
  });

  it('checks metadata as ObjectMeta, which the CRD leaves a bare object', () => {
    expect(backup({}, { metadata: { name: 'n', labels: { a: 'b' }, annotations: { c: 'd' } } })).toBe(true);
    expect(backup({}, { metadata: { name: 'n', lables: { a: 'b' } } })).toBe(false);
    expect(backup({}, { metadata: { name: 'n', labels: { a: 1 } } })).toBe(false);
    expect(backup({}, { metadata: null })).toBe(true);
    expect(Object.keys(schemas[0]!.schema['definitions'] as object)).toContain(OBJECT_META);
  });

  it('explains a document that is not a usable CRD', () => {
    const crd = parse(CRD) as { apiVersion: string; spec: { versions: { served: boolean }[] } };
    expect(problemOf(schemasFromCrd({ ...crd, apiVersion: 'apiextensions.k8s.io/v1beta1' }, objectMeta))).toMatch(/v1beta1 CRDs are not supported/);
    expect(problemOf(schemasFromCrd({ kind: 'CustomResourceDefinition', spec: {} }, objectMeta))).toMatch(/spec\.group, spec\.names\.kind or spec\.versions is missing/);
    const unserved = structuredClone(crd);
    for (const version of unserved.spec.versions) version.served = false;
    expect(problemOf(schemasFromCrd(unserved, objectMeta))).toMatch(/no served version with a schema/);
  });
});

describe('customResourceDefinitionsIn', () => {
  it('finds a CRD, the CRDs of a List (kubectl get crd -o yaml), and nothing in other documents', () => {
    const crd = parse(CRD) as unknown;
    expect(customResourceDefinitionsIn(crd)).toEqual([crd]);
    expect(customResourceDefinitionsIn({ apiVersion: 'v1', kind: 'List', items: [crd, { kind: 'ConfigMap' }, crd] })).toEqual([crd, crd]);
    expect(customResourceDefinitionsIn({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual([]);
    expect(customResourceDefinitionsIn('text')).toEqual([]);
  });
});

describe('objectMetaDefinitions', () => {
  it('takes ObjectMeta and everything it references from a built-in schema', () => {
    expect(Object.keys(objectMeta).sort()).toEqual([
      'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry',
      OBJECT_META,
      'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    ]);
    expect(() => objectMetaDefinitions({ type: 'object' })).toThrow(/no io\.k8s\.apimachinery\.pkg\.apis\.meta\.v1\.ObjectMeta definition/);
  });
});
