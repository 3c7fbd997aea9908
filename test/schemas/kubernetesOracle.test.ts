/**
 * The bundled Kubernetes schemas against independent makers of the same
 * schemas:
 * - `scaffold schemas import --openapi` (fromOpenApi.ts, every kind a
 *   definition claims) on the official 1.36 OpenAPI v2 document must give
 *   the bundled 1.36 byte for byte;
 * - the OpenAPI v3 path (1.35) and the OpenAPI v2 path (1.36) must agree on
 *   the shape of every field both minors have;
 * - the `kubernetes-types` 1.30 package (TypeScript types completed from
 *   client-node's models, what scaffold bundled before) must agree with the
 *   bundled 1.30 on the shape of every field, and differ only where listed.
 * What changes from one bundled minor to the next is committed in
 * version-differences.json, so a change shows up in review
 * (UPDATE_VERSION_DIFFERENCES=1 rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemasOf } from '../support/conversion.ts';
import { readKubernetesTypes } from '../../scripts/schemas/kubernetesTypes.ts';
import { isManifestKind, schemasFromOpenApi } from '../../src/schemas/fromOpenApi.ts';
import { gvkKey } from '../../src/schemas/servedKinds.ts';
import { stableStringify, toStrictSchemas, type JsonSchema } from '../../src/schemas/strict.ts';
import { PROJECT_ROOT, SWAGGER_FILE, available } from '../support/paths.ts';
import { bundledSchemas, compareVersions, versionChanges } from './bundledVersions.ts';

const differencesFile = path.join(PROJECT_ROOT, 'test/schemas/version-differences.json');

describe.skipIf(!available(SWAGGER_FILE, 'comparison with the Kubernetes 1.36 OpenAPI document'))('bundled 1.36 against `schemas import --openapi` of the official document', () => {
  it('is the same schema, byte for byte, for the same kinds', () => {
    const imported = new Map(schemasOf(schemasFromOpenApi(JSON.parse(readFileSync(SWAGGER_FILE, 'utf8')))).map((s) => [gvkKey(s.gvk), stableStringify(s.schema)]));
    const bundled = bundledSchemas('1.36');
    expect([...bundled.keys()].sort()).toEqual([...imported.keys()].sort());
    for (const [key, schema] of bundled) expect(stableStringify(schema), key).toBe(imported.get(key));
  });
});

describe('the OpenAPI v3 path (1.35) against the OpenAPI v2 path (1.36)', () => {
  it('agrees on the shape of every field both have, and gives identical bytes for most kinds', () => {
    const v3 = bundledSchemas('1.35');
    const v2 = bundledSchemas('1.36');
    expect(compareVersions(v3, v2).shapeChanged).toEqual([]);
    const identical = [...v3].filter(([key, schema]) => v2.get(key) === schema);
    expect(identical.length).toBeGreaterThan(60);
  });
});

describe('bundled 1.30 against the kubernetes-types 1.30 package', () => {
  let change: ReturnType<typeof compareVersions>;
  beforeAll(() => {
    const types = new Map(toStrictSchemas(readKubernetesTypes(), isManifestKind).map((s) => [gvkKey(s.gvk), s.schema as JsonSchema]));
    change = compareVersions(types, bundledSchemas('1.30'));
  }, 60_000);

  it('agrees on the shape of every field both have', () => {
    expect(change.shapeChanged).toEqual([]);
  });

  it('differs only in the kinds served and in three fields the official 1.30 documents require', () => {
    // APIGroup and APIVersions are discovery responses that no operation accepts; kubernetes-types leaves out
    // kube-aggregator's APIService. The official documents, and client-node's 1.30.1 models made from the v2
    // document, require `ip` where kubernetes-types 1.30.0 has it optional.
    expect(change).toEqual({
      kindsAdded: ['apiregistration.k8s.io/v1/APIService'],
      kindsRemoved: ['v1/APIGroup', 'v1/APIVersions'],
      fieldsAdded: [],
      fieldsRemoved: [],
      requiredChanged: [
        'io.k8s.api.core.v1.HostAlias ip: required false vs true',
        'io.k8s.api.core.v1.HostIP ip: required false vs true',
        'io.k8s.api.core.v1.PodIP ip: required false vs true',
      ],
      shapeChanged: [],
    });
  });
});

describe('changes between consecutive bundled minors', () => {
  it('are exactly the committed version differences', () => {
    const text = `${JSON.stringify(versionChanges(), null, 2)}\n`;
    if (process.env['UPDATE_VERSION_DIFFERENCES'] === '1') writeFileSync(differencesFile, text);
    expect(text).toBe(readFileSync(differencesFile, 'utf8'));
  });
});
