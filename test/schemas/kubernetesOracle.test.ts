/**
 * The built-in Kubernetes 1.30 schemas (from kubernetes-types + client-node)
 * against the official Kubernetes 1.36 OpenAPI document, both made strict by
 * the same converter. Where both versions have a field they must agree on its
 * type, integer width, grammar and openness. Kinds and fields that only one
 * version has, and fields whose required-ness changed, are the real version
 * differences (each required change was checked against client-node's
 * Kubernetes 1.30.1 models when this was written), kept in
 * version-differences.json so a change shows up in review
 * (UPDATE_VERSION_DIFFERENCES=1 rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemasOf } from '../support/conversion.ts';
import { schemasFromOpenApi } from '../../src/schemas/fromOpenApi.ts';
import type { JsonSchema } from '../../src/schemas/strict.ts';
import { PROJECT_ROOT, SWAGGER_FILE, available } from '../support/paths.ts';
import { compareKind, emptyComparison } from './schemaComparison.ts';

const builtinDir = path.join(PROJECT_ROOT, 'schemas/kubernetes/v1.30');
const differencesFile = path.join(PROJECT_ROOT, 'test/schemas/version-differences.json');

function builtinSchemas(): Map<string, JsonSchema> {
  const index = JSON.parse(readFileSync(path.join(builtinDir, 'index.json'), 'utf8')) as Record<string, string>;
  return new Map(
    Object.entries(index).map(([key, file]) => [key, JSON.parse(readFileSync(path.join(builtinDir, file), 'utf8')) as JsonSchema]),
  );
}

/** Kinds of the official document, as `scaffold schemas import --openapi` converts them. */
function oracleSchemas(): Map<string, JsonSchema> {
  const schemas = schemasOf(schemasFromOpenApi(JSON.parse(readFileSync(SWAGGER_FILE, 'utf8'))));
  return new Map(schemas.map(({ gvk, schema }) => [`${gvk.group === '' ? '' : `${gvk.group}/`}${gvk.version}/${gvk.kind}`, schema]));
}

function compareWithOracle() {
  const builtin = builtinSchemas();
  const oracle = oracleSchemas();
  const comparison = emptyComparison();
  for (const [key, schema] of builtin) {
    const official = oracle.get(key);
    if (official !== undefined) {
      compareKind(key, schema, official, { bounds: true, patterns: true, enums: true, additionalProperties: true }, comparison);
    }
  }
  const sorted = (values: Iterable<string>) => [...values].sort();
  const differences = {
    kindsOnlyIn130: sorted([...builtin.keys()].filter((k) => !oracle.has(k))),
    kindsOnlyIn136: sorted([...oracle.keys()].filter((k) => !builtin.has(k))),
    fieldsOnlyIn130: sorted(comparison.onlyLeft),
    fieldsOnlyIn136: sorted(comparison.onlyRight),
    requiredIn130VsIn136: sorted(comparison.requiredDiffers),
  };
  return { mismatches: sorted(comparison.mismatches), comparedKinds: builtin.size - differences.kindsOnlyIn130.length, differences };
}

describe.skipIf(!available(SWAGGER_FILE, 'comparison with the Kubernetes 1.36 OpenAPI document'))(
  'built-in Kubernetes 1.30 schemas against the official 1.36 OpenAPI',
  () => {
    let result: ReturnType<typeof compareWithOracle>;
    beforeAll(() => {
      result = compareWithOracle();
    });

    it('agrees on every field both versions have', () => {
      expect(result.mismatches).toEqual([]);
    });

    it('compares most kinds', () => {
      expect(result.comparedKinds).toBeGreaterThan(60);
    });

    it('finds exactly the committed version differences', () => {
      const text = `${JSON.stringify(result.differences, null, 2)}\n`;
      if (process.env['UPDATE_VERSION_DIFFERENCES'] === '1') writeFileSync(differencesFile, text);
      expect(text).toBe(readFileSync(differencesFile, 'utf8'));
    });
  },
);
