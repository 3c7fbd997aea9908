/**
 * kubernetesApiFromOpenApi on small hand-written OpenAPI v3 group-version
 * documents (and their OpenAPI v2 twin), shaped like what the API server
 * publishes: references wrapped in allOf, kinds served through `paths`,
 * typed List kinds, connect-only option kinds; the strictness of the output;
 * and bad input reported as problems, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { deprecationNote, kubernetesApiFromOpenApi, type NamedDocument } from '../../src/schemas/kubernetesApi.ts';
import { stableStringify, type JsonSchema } from '../../src/schemas/strict.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';

const v3ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const v2ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const gvk = (group: string, version: string, kind: string) => ({ group, version, kind });
const GADGET = gvk('example.io', 'v1', 'Gadget');
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The Gadget API's definitions, with references written by `ref` and wrapped in allOf the v3 way when `wrap`. */
function definitions(ref: (name: string) => object, wrap: boolean): Record<string, unknown> {
  const field = (name: string, extra: object = {}) => (wrap ? { allOf: [ref(name)], ...extra } : { ...ref(name), ...extra });
  return {
    'io.k8s.api.example.v1.Gadget': {
      description: 'A gadget.',
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: field(META, { default: {}, description: 'Standard metadata.' }),
        spec: field('io.k8s.api.example.v1.GadgetSpec', { default: {} }),
      },
      'x-kubernetes-group-version-kind': [GADGET],
    },
    'io.k8s.api.example.v1.GadgetList': {
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', items: wrap ? { allOf: [ref('io.k8s.api.example.v1.Gadget')], default: {} } : ref('io.k8s.api.example.v1.Gadget') } },
      'x-kubernetes-group-version-kind': [gvk('example.io', 'v1', 'GadgetList')],
    },
    'io.k8s.api.example.v1.GadgetExecOptions': {
      type: 'object',
      properties: { command: { type: 'string' } },
      'x-kubernetes-group-version-kind': [gvk('example.io', 'v1', 'GadgetExecOptions')],
    },
    'io.k8s.api.example.v1.GadgetSpec': {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'integer', format: 'int32', default: 0 },
        generation: { type: 'integer', format: 'int64' },
        ratio: { type: 'number', format: 'double' },
        port: field(INT_OR_STRING),
        memory: field(QUANTITY, { description: 'How much.' }),
        data: { type: 'string', format: 'byte' },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'string' } } },
        note: { type: 'string', nullable: true },
        labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
        parts: { type: 'array', items: field('io.k8s.api.example.v1.Part', { default: {} }), 'x-kubernetes-list-type': 'atomic' },
      },
    },
    'io.k8s.api.example.v1.Part': { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: ref('io.k8s.api.example.v1.Part') } } },
    [META]: { type: 'object', properties: { name: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
    // The v3 documents spell these out with oneOf; the converter knows them by name.
    [QUANTITY]: wrap ? { oneOf: [{ type: 'string' }, { type: 'number' }] } : { type: 'string' },
    [INT_OR_STRING]: wrap ? { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] } : { type: 'string', format: 'int-or-string' },
    'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
      type: 'object',
      properties: { kind: { type: 'string' } },
      'x-kubernetes-group-version-kind': [gvk('', 'v1', 'DeleteOptions'), gvk('example.io', 'v1', 'DeleteOptions')],
    },
  };
}

const operation = (action: string, kind: string, response?: object) => ({
  'x-kubernetes-action': action,
  'x-kubernetes-group-version-kind': gvk('example.io', 'v1', kind),
  responses: response === undefined ? { '401': { description: 'Unauthorized' } } : { '200': response },
});

function paths(responseOf: (name: string) => object): Record<string, unknown> {
  return {
    '/apis/example.io/v1/namespaces/{namespace}/gadgets': {
      get: operation('list', 'Gadget', responseOf('io.k8s.api.example.v1.GadgetList')),
      post: operation('post', 'Gadget', responseOf('io.k8s.api.example.v1.Gadget')),
      parameters: [{ name: 'namespace', in: 'path' }],
    },
    '/apis/example.io/v1/namespaces/{namespace}/gadgets/{name}/exec': { get: operation('connect', 'GadgetExecOptions') },
  };
}

const v3Document = () => ({
  openapi: '3.0.0',
  info: { title: 'Kubernetes', version: 'unversioned' },
  paths: paths((name) => ({ content: { 'application/json': { schema: v3ref(name) } } })),
  components: { schemas: definitions(v3ref, true) },
});

const v2Document = () => ({
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'unversioned' },
  paths: paths((name) => ({ schema: v2ref(name) })),
  definitions: definitions(v2ref, false),
});

const named = (document: unknown, name = 'apis/example.io/v1.json'): NamedDocument[] => [{ name, document }];

describe('kubernetesApiFromOpenApi on OpenAPI v3 group-version documents', () => {
  const api = kubernetesApiFromOpenApi(named(v3Document()));
  const schema = api.schemas[0]!.schema;
  const validate = compileSchema(schema);
  const gadget = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    validate({ apiVersion: 'example.io/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size: 1, ...spec }, ...extra });

  it('reports no problem for a well-formed document', () => {
    expect(api.problems).toEqual([]);
  });

  it('serves what the paths operate on: no List kind, no connect-only options, no envelope', () => {
    expect(api.served.kinds).toEqual([GADGET]);
    expect(api.schemas.map((s) => s.gvk)).toEqual([GADGET]);
  });

  it('finds the typed List kind a list operation answers with, and its items', () => {
    expect(api.served.lists).toEqual([{ list: gvk('example.io', 'v1', 'GadgetList'), item: GADGET }]);
  });

  it('unwraps allOf-wrapped references into plain references to definitions', () => {
    const properties = schema['properties'] as Record<string, JsonSchema>;
    expect(properties['spec']).toEqual({ $ref: '#/definitions/io.k8s.api.example.v1.GadgetSpec' });
    expect(properties['metadata']).toEqual({ else: { $ref: `#/definitions/${META}` }, if: { type: 'null' } });
    expect(JSON.stringify(schema)).not.toContain('allOf');
    expect(JSON.stringify(schema)).not.toContain('components');
    expect(Object.keys(schema['definitions'] as object).sort()).toEqual([
      'io.k8s.api.example.v1.GadgetSpec',
      'io.k8s.api.example.v1.Part',
      QUANTITY,
      META,
      INT_OR_STRING,
    ]);
  });

  it('pins apiVersion and kind and closes objects', () => {
    expect(gadget({})).toBe(true);
    expect(validate({ apiVersion: 'example.io/v2', kind: 'Gadget', spec: { size: 1 } })).toBe(false);
    expect(gadget({}, { metadata: { name: 'g', lables: {} } })).toBe(false);
    expect(gadget({ sise: 1 })).toBe(false);
    expect(gadget({ parts: [{ name: 'a', children: [{ name: 'b', nmae: 'c' }] }] })).toBe(false);
  });

  it('range-checks int32 and int64, and takes any number for a double', () => {
    expect([gadget({ size: 2147483647 }), gadget({ size: 2147483648 }), gadget({ size: 1.5 }), gadget({ size: '1' })]).toEqual([true, false, false, false]);
    expect([gadget({ generation: 2 ** 53 - 1 }), gadget({ generation: 2 ** 53 })]).toEqual([true, false]);
    expect(gadget({ ratio: 0.5 })).toBe(true);
  });

  it('knows quantities and int-or-string by name, whatever oneOf the document spells them with', () => {
    expect([gadget({ memory: '1Gi' }), gadget({ memory: 2 }), gadget({ memory: '1GB' }), gadget({ memory: true })]).toEqual([true, true, false, false]);
    expect([gadget({ port: 8080 }), gadget({ port: 'http' }), gadget({ port: 1.5 })]).toEqual([true, true, false]);
  });

  it('checks base64 for format byte', () => {
    expect([gadget({ data: 'aGVsbG8=' }), gadget({ data: 'not base64!' })]).toEqual([true, false]);
  });

  it('requires required fields, lets optional ones be null, honours nullable and preserve-unknown-fields', () => {
    expect(validate({ apiVersion: 'example.io/v1', kind: 'Gadget', spec: {} })).toBe(false);
    expect(gadget({ size: null })).toBe(false);
    expect([gadget({ note: null }), gadget({ parts: null }), gadget({ note: 3 })]).toEqual([true, true, false]);
    expect([gadget({ extra: { known: 'x', anything: [1] } }), gadget({ extra: { known: 1 } })]).toEqual([true, false]);
  });

  it('gives byte for byte the schema its OpenAPI v2 twin gives', () => {
    const v2 = kubernetesApiFromOpenApi(named(v2Document(), 'swagger.json'));
    expect(v2.problems).toEqual([]);
    expect(v2.served).toEqual(api.served);
    expect(stableStringify(v2.schemas[0]!.schema)).toBe(stableStringify(schema));
  });

  it('converts a kind served from two documents once, when both define it alike', () => {
    const twice = kubernetesApiFromOpenApi([...named(v3Document(), 'a.json'), ...named(v3Document(), 'b.json')]);
    expect(twice.problems).toEqual([]);
    expect(twice.schemas).toHaveLength(1);
  });
});

describe('kubernetesApiFromOpenApi on bad input', () => {
  const problemsOf = (document: unknown) => kubernetesApiFromOpenApi(named(document)).problems.map((p) => `${p.document}: ${p.path}: ${p.message}`);
  const withSchemas = (patch: Record<string, unknown>) => {
    const document = v3Document();
    Object.assign(document.components.schemas, patch);
    return document;
  };

  it('says what a document is not, without throwing', () => {
    expect(problemsOf([])).toEqual(['apis/example.io/v1.json: : expected an OpenAPI document (a JSON object)']);
    expect(problemsOf({ openapi: '2.5' })[0]).toMatch(/expected "swagger": "2\.0" .* or "openapi": "3\.x"/);
    expect(problemsOf({ openapi: '3.0.0', components: {} })).toEqual(['apis/example.io/v1.json: components.schemas: expected an object of schemas']);
    expect(problemsOf({ swagger: '2.0' })).toEqual(['apis/example.io/v1.json: definitions: expected an object of definitions']);
  });

  it('names the JSON path of a malformed schema node', () => {
    expect(problemsOf(withSchemas({ 'io.k8s.api.example.v1.Part': { type: 'object', properties: { name: 'string' } } }))).toEqual([
      'apis/example.io/v1.json: components.schemas["io.k8s.api.example.v1.Part"].properties.name: expected a schema object, got string "string"',
    ]);
    expect(problemsOf(withSchemas({ 'io.k8s.api.example.v1.Part': { type: 'object', required: 'name' } }))).toEqual([
      'apis/example.io/v1.json: components.schemas["io.k8s.api.example.v1.Part"].required: expected a list of distinct field names, got string "name"',
    ]);
  });

  it('finds references to nothing and references outside the document', () => {
    const document = withSchemas({ 'io.k8s.api.example.v1.Part': { type: 'object', properties: { a: v3ref('Nowhere'), b: { $ref: 'other.json#/X' } } } });
    expect(problemsOf(document)).toEqual([
      'apis/example.io/v1.json: components.schemas["io.k8s.api.example.v1.Part"].properties.a.$ref: $ref "#/components/schemas/Nowhere": no definition named Nowhere',
      'apis/example.io/v1.json: components.schemas["io.k8s.api.example.v1.Part"].properties.b.$ref: $ref "other.json#/X" does not point into the document\'s definitions',
    ]);
  });

  it('finds malformed kinds, kinds served without a definition, and two documents that disagree', () => {
    expect(problemsOf(withSchemas({ 'io.k8s.api.example.v1.Part': { type: 'object', 'x-kubernetes-group-version-kind': { kind: 'Part' } } }))).toEqual([
      'apis/example.io/v1.json: components.schemas["io.k8s.api.example.v1.Part"].x-kubernetes-group-version-kind: expected a list of {group, version, kind} strings',
    ]);
    const unserved = v3Document();
    delete (unserved.components.schemas['io.k8s.api.example.v1.Gadget'] as Record<string, unknown>)['x-kubernetes-group-version-kind'];
    expect(problemsOf(unserved)).toEqual(['apis/example.io/v1.json: paths: example.io/v1/Gadget is served but no definition carries its x-kubernetes-group-version-kind']);
    const other = v3Document();
    (other.components.schemas['io.k8s.api.example.v1.Part'] as Record<string, unknown>)['required'] = [];
    const disagreeing = kubernetesApiFromOpenApi([...named(v3Document(), 'a.json'), ...named(other, 'b.json')]);
    expect(disagreeing.problems).toEqual([{ document: 'b.json', path: 'definitions', message: 'example.io/v1/Gadget differs from its definition in a.json' }]);
  });
});

describe('deprecationNote', () => {
  it('takes the paragraph of a description from "Deprecated" on, and nothing from one without', () => {
    expect(deprecationNote('Endpoints is a collection.\n\nDeprecated: This API is deprecated in v1.33+. Use discoveryv1.EndpointSlice.')).toBe(
      'Deprecated: This API is deprecated in v1.33+. Use discoveryv1.EndpointSlice.',
    );
    expect(deprecationNote('ComponentStatus holds the cluster validation info. Deprecated: This API is deprecated in v1.19+')).toBe('Deprecated: This API is deprecated in v1.19+');
    expect(deprecationNote('Fields that are not deprecated.')).toBeUndefined();
    expect(deprecationNote(undefined)).toBeUndefined();
  });
});
