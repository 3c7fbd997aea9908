/**
 * schemasFromOpenApi on small hand-written OpenAPI v2 documents shaped like
 * `kubectl get --raw /openapi/v2`: references, recursion, int-or-string,
 * quantities, preserve-unknown-fields, nullable, and what is not a manifest
 * kind; and a clear error for anything that is not such a document.
 */
import { describe, expect, it } from 'vitest';
import { problemOf, schemasOf } from '../support/conversion.ts';
import { isManifestKind, schemasFromOpenApi } from '../../src/schemas/fromOpenApi.ts';
import type { Definition } from '../../src/schemas/strict.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const gvk = (group: string, version: string, kind: string) => ({ 'x-kubernetes-group-version-kind': [{ group, version, kind }] });

const definitions: Record<string, Definition> = {
  'io.k8s.api.example.v1.Gadget': {
    type: 'object',
    required: ['spec'],
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), spec: ref('io.k8s.api.example.v1.GadgetSpec') },
    ...gvk('example.io', 'v1', 'Gadget'),
  },
  'io.k8s.api.example.v1.GadgetList': {
    type: 'object',
    properties: { items: { type: 'array', items: ref('io.k8s.api.example.v1.Gadget') } },
    ...gvk('example.io', 'v1', 'GadgetList'),
  },
  'io.k8s.api.example.v1.GadgetSpec': {
    type: 'object',
    required: ['size'],
    properties: {
      size: { type: 'integer', format: 'int32' },
      port: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
      memory: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
      tree: ref('io.k8s.api.example.v1.Node'),
      extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'string' } } },
      note: { type: 'string', nullable: true },
    },
  },
  // Recursive, as JSONSchemaProps is: through a map of itself and a list of itself.
  'io.k8s.api.example.v1.Node': {
    type: 'object',
    properties: {
      name: { type: 'string' },
      children: { type: 'array', items: ref('io.k8s.api.example.v1.Node') },
      byName: { type: 'object', additionalProperties: ref('io.k8s.api.example.v1.Node') },
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
    type: 'object',
    properties: { kind: { type: 'string' } },
    'x-kubernetes-group-version-kind': [
      { group: '', version: 'v1', kind: 'DeleteOptions' },
      { group: 'example.io', version: 'v1', kind: 'DeleteOptions' },
    ],
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
};

const openApi = (defs: Record<string, unknown>) => ({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.99.0' }, paths: {}, definitions: defs });

describe('schemasFromOpenApi', () => {
  const schemas = schemasOf(schemasFromOpenApi(openApi(definitions)));
  const validate = compileSchema(schemas[0]!.schema);
  const gadget = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    validate({ apiVersion: 'example.io/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size: 1, ...spec }, ...extra });

  it('emits one schema per manifest kind: no List kinds, no apimachinery envelopes', () => {
    expect(schemas.map((s) => s.gvk)).toEqual([{ group: 'example.io', version: 'v1', kind: 'Gadget' }]);
    expect(isManifestKind({ group: '', version: 'v1', kind: 'PodList' })).toBe(false);
  });

  it('resolves references and stays self-contained', () => {
    expect(Object.keys(schemas[0]!.schema['definitions'] as object).sort()).toEqual([
      'io.k8s.api.example.v1.GadgetSpec',
      'io.k8s.api.example.v1.Node',
      'io.k8s.apimachinery.pkg.api.resource.Quantity',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    ]);
    expect(gadget({})).toBe(true);
    expect(gadget({}, { metadata: { name: 'g', lables: {} } })).toBe(false);
    expect(validate({ apiVersion: 'example.io/v1', kind: 'Gadget' })).toBe(false);
  });

  it('validates recursive types at any depth', () => {
    const tree = { name: 'a', children: [{ name: 'b', byName: { c: { name: 'c', children: [{ name: 'd' }] } } }] };
    expect(gadget({ tree })).toBe(true);
    const typo = { name: 'a', children: [{ name: 'b', byName: { c: { name: 'c', children: [{ nmae: 'd' }] } } }] };
    expect(gadget({ tree: typo })).toBe(false);
    expect(validate.errors?.find((e) => e.keyword === 'additionalProperties')?.instancePath).toBe('/spec/tree/children/0/byName/c/children/0');
  });

  it('takes integers or strings for int-or-string and the quantity grammar for quantities', () => {
    expect([gadget({ port: 8080 }), gadget({ port: 'http' }), gadget({ port: 1.5 }), gadget({ port: true })]).toEqual([true, true, false, false]);
    expect([gadget({ memory: '1Gi' }), gadget({ memory: 2 }), gadget({ memory: '1GB' })]).toEqual([true, true, false]);
  });

  it('range-checks int32 and requires required fields', () => {
    expect([gadget({ size: 2147483647 }), gadget({ size: 2147483648 }), gadget({ size: '1' })]).toEqual([true, false, false]);
    expect(validate({ apiVersion: 'example.io/v1', kind: 'Gadget', spec: {} })).toBe(false);
    expect(validate({ apiVersion: 'example.io/v1', kind: 'Gadget', spec: { size: null } })).toBe(false);
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields, typing the known ones', () => {
    expect(gadget({ extra: { known: 'x', anything: { at: ['all'] } } })).toBe(true);
    expect(gadget({ extra: { known: 1 } })).toBe(false);
    expect(gadget({ extar: {} })).toBe(false);
  });

  it('honours nullable, and lets optional fields be null', () => {
    expect([gadget({ note: null }), gadget({ tree: null }), gadget({ note: 3 })]).toEqual([true, true, false]);
  });

  it('says what is wrong with anything that is not a Kubernetes OpenAPI v2 document', () => {
    const cases: [unknown, RegExp][] = [
      [[], /not an OpenAPI v2 document: expected a JSON object/],
      [{ openapi: '3.0.0', components: { schemas: {} } }, /an OpenAPI 3\.0\.0 document; scaffold reads OpenAPI v2/],
      [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }, /import it with --crd/],
      [{ swagger: '2.0' }, /expected "swagger": "2\.0" and a "definitions" object/],
      [openApi({ A: 'x' }), /^definitions\.A: expected a schema object, got string "x"$/],
      [openApi({ A: { type: 'object', 'x-kubernetes-group-version-kind': { kind: 'A' } } }), /^definitions\.A\.x-kubernetes-group-version-kind: expected a list of \{group, version, kind\} strings$/],
      [openApi({ A: { type: 'object' } }), /no kinds in it/],
      [openApi({ A: { type: 'object', properties: { b: ref('B') }, ...gvk('', 'v1', 'A') } }), /no definition named B/],
    ];
    for (const [document, message] of cases) expect(problemOf(schemasFromOpenApi(document)), message.source).toMatch(message);
  });
});
