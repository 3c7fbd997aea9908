/**
 * `schemas import` on schemas with random JSON in keyword positions (`enum: 5`,
 * `required: {}`, `allOf: "x"`, `items: [..]`, a type that is none, a `$ref` to
 * nothing), at any depth, as a CRD's openAPIV3Schema and as OpenAPI v2
 * definitions: no exception escapes the conversion. It either names what is
 * wrong, with a field path, or gives schemas that ajv compiles as validation
 * will.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/schemas/compiler.ts';
import { objectMetaDefinitions, schemasFromCrd } from '../../src/schemas/crd.ts';
import { schemasFromOpenApi } from '../../src/schemas/fromOpenApi.ts';
import type { SchemaConversion } from '../../src/schemas/strict.ts';
import { targetSchemas } from '../support/schemas.ts';
import { runs, timeLimit } from './settings.ts';

const objectMeta = objectMetaDefinitions(targetSchemas().registry.lookup('v1', 'ConfigMap')!.schema());

/** Any JSON value, where a keyword expects something else. */
const junk = fc.jsonValue({ maxDepth: 2 });
/** Mostly what a keyword expects, so that some schemas convert and get compiled; sometimes anything. */
const or = <T,>(expected: fc.Arbitrary<T>) => fc.oneof({ arbitrary: expected, weight: 8 }, { arbitrary: junk, weight: 1 });

const { schema } = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'schema' },
    // First, so that the depth limit ends in a node without children.
    fc.record({ type: or(fc.constantFrom('string', 'integer', 'number', 'boolean', 'object', 'array')) }, { requiredKeys: [] }),
    fc.record(
      {
        type: or(fc.constantFrom('string', 'integer', 'number', 'boolean', 'object', 'array', 'null')),
        format: or(fc.constantFrom('int32', 'int64', 'byte', 'quantity', 'int-or-string', 'date-time')),
        enum: or(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })),
        required: or(fc.array(fc.constantFrom('a', 'b', 'metadata'), { maxLength: 3 })),
        pattern: or(fc.constantFrom('^[a-z]+$', '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))', '(a)\\1')),
        $ref: or(fc.constantFrom('#/definitions/A', '#/definitions/Nowhere', 'other.json#/A')),
        properties: or(fc.dictionary(fc.constantFrom('a', 'b', 'metadata', 'spec'), tie('schema'), { maxKeys: 3 })),
        additionalProperties: or(fc.oneof(fc.boolean(), tie('schema'))),
        items: or(fc.oneof(tie('schema'), fc.array(tie('schema'), { maxLength: 2 }))),
        allOf: or(fc.array(tie('schema'), { maxLength: 2 })),
        anyOf: or(fc.array(tie('schema'), { maxLength: 2 })),
        oneOf: or(fc.array(tie('schema'), { maxLength: 2 })),
        not: or(tie('schema')),
        nullable: or(fc.boolean()),
        minimum: or(fc.integer({ min: -5, max: 5 })),
        maximum: or(fc.integer({ min: -5, max: 5 })),
        exclusiveMinimum: or(fc.boolean()),
        exclusiveMaximum: or(fc.boolean()),
        minLength: or(fc.nat(5)),
        maxItems: or(fc.nat(5)),
        multipleOf: or(fc.constantFrom(1, 2, 0.5)),
        uniqueItems: or(fc.boolean()),
        'x-kubernetes-preserve-unknown-fields': or(fc.boolean()),
        'x-kubernetes-int-or-string': or(fc.boolean()),
        'x-kubernetes-embedded-resource': or(fc.boolean()),
      },
      { requiredKeys: [] },
    ),
  ),
}));

function crdOf(openAPIV3Schema: unknown): unknown {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.example.com' },
    spec: { group: 'example.com', names: { kind: 'Gadget', plural: 'gadgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }] },
  };
}

function openApiOf(kind: unknown, other: unknown): unknown {
  const gvk = [{ group: 'example.com', version: 'v1', kind: 'Gadget' }];
  return { swagger: '2.0', definitions: { A: other, 'com.example.v1.Gadget': typeof kind === 'object' && kind !== null && !Array.isArray(kind) ? { ...kind, 'x-kubernetes-group-version-kind': gvk } : kind } };
}

/** A conversion either names its problems or gives schemas ajv compiles; it never throws. */
function expectAnswered(conversion: SchemaConversion): void {
  if ('problems' in conversion) {
    expect(conversion.problems.length).toBeGreaterThan(0);
    for (const problem of conversion.problems) {
      expect(typeof problem.message).toBe('string');
      expect(problem.path === undefined || typeof problem.path === 'string').toBe(true);
    }
    return;
  }
  // As validation compiles an imported schema (io/schemaFolders.ts), where a failure would leave the kind unusable.
  for (const { schema: converted } of conversion.schemas) compileSchema(converted, { lenient: true });
}

describe('schemas import on malformed schemas', () => {
  it(
    "a CRD's openAPIV3Schema: problems with their path, or schemas that compile",
    () => {
      fc.assert(
        fc.property(schema, (root) => expectAnswered(schemasFromCrd(crdOf(root), objectMeta))),
        runs(100),
      );
    },
    timeLimit(120_000),
  );

  it(
    'OpenAPI v2 definitions: problems with their path, or schemas that compile',
    () => {
      fc.assert(
        fc.property(schema, schema, (kind, other) => expectAnswered(schemasFromOpenApi(openApiOf(kind, other)))),
        runs(200),
      );
    },
    timeLimit(120_000),
  );

  it('finds the wrong keywords the audit found, each at its path', () => {
    const problems = (conversion: SchemaConversion) => ('problems' in conversion ? conversion.problems.map((p) => `${p.path}: ${p.message}`) : []);
    const at = 'spec.versions[0].schema.openAPIV3Schema';
    expect(problems(schemasFromCrd(crdOf({ type: 'object', properties: { a: { enum: 5 } }, required: 7, allOf: 5 }), objectMeta))).toEqual([
      `${at}.required: expected a list of distinct field names, got number 7`,
      `${at}.properties.a.enum: expected a list of values, got number 5`,
      `${at}.allOf: expected a list of schemas, got number 5`,
    ]);
    expect(problems(schemasFromOpenApi(openApiOf({ type: 'object', required: 7 }, { type: 'object' })))).toEqual([
      'definitions["com.example.v1.Gadget"].required: expected a list of distinct field names, got number 7',
    ]);
  });
});
