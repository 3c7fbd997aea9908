/**
 * The built-in External Secrets v1 schemas (from @kubernetes-models 2.0.0)
 * against External Secrets' own CRDs, both made strict by the same converter,
 * compared on type, enum values, grammar, openness and required-ness. The
 * CRDs come from a newer External Secrets release, so the two differ in real
 * ways (new providers and fields, enums that gained values, refreshInterval
 * turned int-or-string); those are kept in external-secrets-differences.json
 * (UPDATE_VERSION_DIFFERENCES=1 rewrites it) so any other change shows up in
 * review. CRDs do not describe `metadata` (the API server checks it), so it is
 * not compared.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { definitionsFromCrd } from '../../src/schemas/crd.ts';
import { toStrictSchemas, type JsonSchema } from '../../src/schemas/strict.ts';
import { CRD_DIR, PROJECT_ROOT, available } from '../support/paths.ts';
import { compareKind, emptyComparison } from './schemaComparison.ts';

const builtinDir = path.join(PROJECT_ROOT, 'schemas/external-secrets/v1');
const differencesFile = path.join(PROJECT_ROOT, 'test/schemas/external-secrets-differences.json');

function compareWithCrds() {
  const index = JSON.parse(readFileSync(path.join(builtinDir, 'index.json'), 'utf8')) as Record<string, string>;
  const oracle = new Map<string, JsonSchema>();
  for (const file of readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(path.join(CRD_DIR, file), 'utf8'))) {
      for (const { gvk, schema } of toStrictSchemas(definitionsFromCrd(doc.toJS()))) {
        oracle.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, schema);
      }
    }
  }
  const comparison = emptyComparison();
  const compared: string[] = [];
  for (const [key, file] of Object.entries(index)) {
    const official = oracle.get(key);
    if (official === undefined) continue;
    compared.push(key);
    const builtin = JSON.parse(readFileSync(path.join(builtinDir, file), 'utf8')) as JsonSchema;
    compareKind(key, builtin, official, { bounds: false, patterns: true, enums: true, additionalProperties: true }, comparison, ['metadata']);
  }
  const sorted = (values: Iterable<string>) => [...values].sort();
  return {
    compared: sorted(compared),
    differences: {
      fieldsOnlyInBuiltin: sorted(comparison.onlyLeft),
      fieldsOnlyInCrd: sorted(comparison.onlyRight),
      requiredInBuiltinVsCrd: sorted(comparison.requiredDiffers),
      shapeInBuiltinVsCrd: sorted(comparison.mismatches),
    },
  };
}

describe.skipIf(!available(CRD_DIR, 'comparison with the External Secrets CRDs'))(
  'built-in External Secrets v1 schemas against the External Secrets CRDs',
  () => {
    let result: ReturnType<typeof compareWithCrds>;
    beforeAll(() => {
      result = compareWithCrds();
    });

    it('compares every kind the CRDs define', () => {
      expect(result.compared).toEqual([
        'external-secrets.io/v1/ClusterSecretStore',
        'external-secrets.io/v1/ExternalSecret',
        'external-secrets.io/v1/SecretStore',
      ]);
    });

    it('finds exactly the committed differences', () => {
      const text = `${JSON.stringify(result.differences, null, 2)}\n`;
      if (process.env['UPDATE_VERSION_DIFFERENCES'] === '1') writeFileSync(differencesFile, text);
      expect(text).toBe(readFileSync(differencesFile, 'utf8'));
    });
  },
);
