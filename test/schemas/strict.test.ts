import { describe, expect, it } from 'vitest';
import {
  stableStringify,
  toStrictSchemas,
  type Definition,
  type JsonSchema,
} from '../../src/schemas/strict.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

const definitions: Record<string, Definition> = {
  'example.v1.Widget': {
    description: 'A widget.',
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: ref('example.v1.Meta'),
      spec: ref('example.v1.WidgetSpec'),
    },
    'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
  },
  'example.v1.Meta': {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Name.' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      creationTimestamp: ref('example.v1.Time'),
    },
  },
  'example.v1.Time': { type: 'string', format: 'date-time' },
  'example.v1.WidgetSpec': {
    type: 'object',
    required: ['replicas'],
    properties: {
      replicas: { type: 'integer', format: 'int32' },
      size: { type: 'integer', format: 'int64' },
      ratio: { type: 'number', format: 'double' },
      port: ref(INT_OR_STRING),
      altPort: { type: 'string', format: 'int-or-string' },
      cpu: ref(QUANTITY),
      data: { type: 'string', format: 'byte' },
      mode: { type: 'string', enum: ['Fast', 'Slow'] },
      extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'string' } } },
      raw: { type: 'object' },
      schema: ref('example.v1.Props'),
    },
  },
  'example.v1.Props': {
    type: 'object',
    properties: {
      type: { type: 'string' },
      properties: { type: 'object', additionalProperties: ref('example.v1.Props') },
      items: ref('example.v1.Props'),
    },
  },
  'example.v1.Unused': { type: 'object', properties: { x: { type: 'string' } } },
  [QUANTITY]: { type: 'string' },
  [INT_OR_STRING]: { type: 'string', format: 'int-or-string' },
};

const [widget] = toStrictSchemas(definitions);
const validate = compileSchema(widget!.schema);

function errorsFor(spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const doc = { apiVersion: 'example.com/v1', kind: 'Widget', spec: { replicas: 1, ...spec }, ...extra };
  return validate(doc) ? [] : (validate.errors ?? []).filter((e) => e.keyword !== 'if');
}

describe('toStrictSchemas', () => {
  it('emits one schema per kind, rooted at the kind with apiVersion and kind pinned', () => {
    expect(toStrictSchemas(definitions).map((s) => s.gvk)).toEqual([{ group: 'example.com', version: 'v1', kind: 'Widget' }]);
    const schema = widget!.schema;
    expect(schema['x-kubernetes-group-version-kind']).toEqual({ group: 'example.com', version: 'v1', kind: 'Widget' });
    expect(schema['required']).toEqual(['apiVersion', 'kind', 'spec']);
    const properties = schema['properties'] as Record<string, JsonSchema>;
    expect(properties['apiVersion']).toEqual({ const: 'example.com/v1', type: 'string' });
    expect(properties['kind']).toEqual({ const: 'Widget', type: 'string' });
    expect(validate({ apiVersion: 'example.com/v2', kind: 'Widget', spec: { replicas: 1 } })).toBe(false);
    expect(validate({ kind: 'Widget', spec: { replicas: 1 } })).toBe(false);
  });

  it('keeps only the reachable definitions, and drops descriptions', () => {
    const names = Object.keys(widget!.schema['definitions'] as object).sort();
    expect(names).toEqual([
      'example.v1.Meta',
      'example.v1.Props',
      'example.v1.Time',
      'example.v1.WidgetSpec',
      QUANTITY,
      INT_OR_STRING,
    ]);
    expect(JSON.stringify(widget!.schema)).not.toContain('description');
  });

  it('accepts a valid document', () => {
    expect(errorsFor({ port: 8080, cpu: '500m', data: 'aGVsbG8=', mode: 'Fast' })).toEqual([]);
  });

  it('rejects unknown fields, except under x-kubernetes-preserve-unknown-fields or a schemaless object', () => {
    expect(errorsFor({ replicass: 2 }).map((e) => e.params)).toEqual([{ additionalProperty: 'replicass' }]);
    expect(errorsFor({ extra: { known: 'a', anything: { goes: 1 } }, raw: { free: true } })).toEqual([]);
    expect(errorsFor({ extra: { known: 5 } })).toHaveLength(1);
  });

  it('keeps a map value schema', () => {
    expect(errorsFor({}, { metadata: { labels: { app: 'x' } } })).toEqual([]);
    expect(errorsFor({}, { metadata: { labels: { app: 1 } } })).toHaveLength(1);
  });

  it('lets optional fields be null but not required ones', () => {
    expect(errorsFor({ size: null, port: null, cpu: null, mode: null, schema: null }, { metadata: { creationTimestamp: null } })).toEqual([]);
    expect(errorsFor({ replicas: null })).toHaveLength(1);
    expect(errorsFor({ mode: 'Medium' }).map((e) => e.keyword)).toEqual(['enum']);
  });

  it('range-checks int32, keeps int64 exact, and takes any number for doubles', () => {
    expect(errorsFor({ replicas: 2147483647, size: 2 ** 40, ratio: 0.25 })).toEqual([]);
    expect(errorsFor({ replicas: 2147483648 }).map((e) => e.keyword)).toEqual(['maximum']);
    expect(errorsFor({ replicas: 2.5 }).map((e) => e.keyword)).toEqual(['type']);
    expect(errorsFor({ replicas: '3' }).map((e) => e.keyword)).toEqual(['type']);
    expect(errorsFor({ size: 2 ** 53 }).map((e) => e.keyword)).toEqual(['maximum']);
  });

  it('takes integers or strings for int-or-string, whichever way it is declared', () => {
    for (const value of [8080, 'http', '25%']) expect(errorsFor({ port: value, altPort: value })).toEqual([]);
    for (const value of [1.5, true, {}]) expect(errorsFor({ port: value, altPort: value })).toHaveLength(2);
  });

  it('checks quantities against the Kubernetes grammar', () => {
    for (const cpu of ['500m', '1Gi', '2', '+1.5', '.5', '1e3', '1E-2', '10Ki', '-3k', 2, 0.5]) {
      expect(errorsFor({ cpu }), String(cpu)).toEqual([]);
    }
    for (const cpu of ['512mb', '1.5.3', '', 'Gi', '1 Gi', '1gi', true]) {
      expect(errorsFor({ cpu }), String(cpu)).toHaveLength(1);
    }
  });

  it('checks base64 for format byte', () => {
    for (const data of ['', 'aGVsbG8=', 'aGVsbG8h', 'aGVs\nbG8=']) expect(errorsFor({ data }), data).toEqual([]);
    for (const data of ['not base64!', 'aGVsbG8', 'aGVsbG8===']) expect(errorsFor({ data }), data).toHaveLength(1);
  });

  it('validates recursive definitions through $ref', () => {
    const schema = { type: 'object', properties: { a: { type: 'array', items: { type: 'string' } } } };
    expect(errorsFor({ schema })).toEqual([]);
    const deep = { properties: { a: { items: { properties: { b: { typo: 1 } } } } } };
    expect(errorsFor({ schema: deep }).map((e) => e.instancePath)).toEqual([
      '/spec/schema/properties/a/items/properties/b',
    ]);
  });

  it('writes sorted, indented JSON with a trailing newline', () => {
    expect(stableStringify({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      2,\n      1\n    ]\n  },\n  "b": 1\n}\n',
    );
    expect(stableStringify(toStrictSchemas(definitions))).toBe(stableStringify(toStrictSchemas(definitions)));
  });
});

describe('CRD (OpenAPI v3) forms', () => {
  const crd = (spec: Definition): Record<string, Definition> => ({
    'example.v1.Thing': {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, spec },
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Thing' }],
    },
  });
  const validateSpec = (spec: Definition) => {
    const v = compileSchema(toStrictSchemas(crd(spec))[0]!.schema);
    return (value: unknown) => v({ apiVersion: 'example.com/v1', kind: 'Thing', spec: value });
  };

  it('reads x-kubernetes-int-or-string with the quantity pattern as a quantity', () => {
    const quantity = validateSpec({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
      'x-kubernetes-int-or-string': true,
    });
    expect([quantity('1Gi'), quantity(3), quantity('512mb')]).toEqual([true, true, false]);
    const intOrString = validateSpec({ anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });
    expect([intOrString('1h'), intOrString(3), intOrString(1.5)]).toEqual([true, true, false]);
  });

  it('keeps value constraints in anyOf/oneOf branches without closing the object', () => {
    const v = validateSpec({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      oneOf: [{ required: ['a'] }, { required: ['b'], properties: { b: { minLength: 2 } } }],
    });
    expect([v({ a: 'x' }), v({ b: 'xy' }), v({ a: 'x', b: 'xy' }), v({ b: 'x' }), v({ c: 'x' })]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('turns boolean exclusive bounds into draft-07 numbers and honours nullable', () => {
    const v = validateSpec({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 10, nullable: true });
    expect([v(0), v(1), v(10), v(11), v(null)]).toEqual([false, true, true, false, true]);
  });
});
