/**
 * Every document under ../shared/realworld gets the same verdict from the
 * built-in 1.30 schemas as from schemas converted (by the same strict.ts)
 * from the official Kubernetes 1.36 OpenAPI, and validating them never
 * throws; so do mutants of each document (every leaf turned to another JSON
 * type, an unknown field added beside it), which exercise integer, quantity,
 * int-or-string and closed-object rules on real shapes. Kinds neither knows
 * (CRDs, kustomize files) are listed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaIssues } from '../../src/schemas/ajvIssues.ts';
import { targetSchemas } from '../support/schemas.ts';
import { oracleValidators } from '../support/oracle.ts';
import { REALWORLD_DIR, SWAGGER_FILE, available } from '../support/paths.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Copies of `doc` each with one leaf changed to another JSON type or one unknown field added. */
function* mutants(doc: Json): Generator<[string, Json]> {
  const leaves: (string | number)[][] = [];
  const walk = (node: Json, path: (string | number)[]) => {
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
    else if (path.length > 1) leaves.push(path);
  };
  walk(doc, []);
  for (const path of leaves) {
    const parentPath = path.slice(0, -1);
    const swapped = structuredClone(doc);
    const parent = parentPath.reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, swapped) as Record<string | number, Json>;
    const last = path.at(-1)!;
    const value = parent[last]!;
    parent[last] = typeof value === 'string' ? 1.5 : typeof value === 'number' ? String(value) : typeof value === 'boolean' ? 'yes' : 7;
    yield [`${path.join('.')} retyped`, swapped];
    if (typeof last === 'string') {
      const extended = structuredClone(doc);
      (parentPath.reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, extended) as Record<string, Json>)['zzUnknown'] = 'x';
      yield [`${parentPath.join('.')} extended`, extended];
    }
  }
}

const haveData = available(REALWORLD_DIR, 'real-world manifests check') && available(SWAGGER_FILE, 'real-world manifests check');

function validateRealWorld() {
  const { registry } = targetSchemas();
  const oracle = oracleValidators();
  const files = readdirSync(REALWORLD_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

  const disagreements: string[] = [];
  const unparsable: string[] = [];
  const unknownToBoth = new Set<string>();
  const unknownToBuiltin = new Set<string>();
  const invalid: string[] = [];
  let compared = 0;
  let mutantsCompared = 0;

  for (const file of files) {
    for (const [n, document] of parseAllDocuments(readFileSync(path.join(REALWORLD_DIR, file), 'utf8')).entries()) {
      if (document.errors.length > 0) {
        unparsable.push(`${file}#${n}`);
        continue;
      }
      const doc = document.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
      if (typeof doc?.apiVersion !== 'string' || typeof doc.kind !== 'string') continue;
      const key = `${doc.apiVersion}/${doc.kind}`;
      const builtin = registry.lookup(doc.apiVersion, doc.kind);
      const official = oracle.get(key)?.();
      if (builtin === undefined) (official === undefined ? unknownToBoth : unknownToBuiltin).add(key);
      if (builtin === undefined || official === undefined) continue;
      compared++;
      const errors = builtin(doc);
      const issues = errors === null ? [] : schemaIssues(errors, { document: doc, schema: builtin.schema });
      if ((errors === null) !== official(doc)) disagreements.push(`${file}#${n} ${key}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      if (errors !== null) invalid.push(`${file}#${n} ${key}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      for (const [change, mutant] of mutants(doc as Json)) {
        mutantsCompared++;
        if ((builtin(mutant) === null) !== official(mutant)) disagreements.push(`${file}#${n} ${key} with ${change}`);
      }
    }
  }
  return { compared, mutantsCompared, disagreements, unparsable, unknownToBoth: [...unknownToBoth].sort(), unknownToBuiltin: [...unknownToBuiltin], invalid };
}

describe.skipIf(!haveData)('real-world manifests', () => {
  let result: ReturnType<typeof validateRealWorld>;
  beforeAll(() => {
    result = validateRealWorld();
  });

  it('gives the official verdict for every document both know', () => {
    expect(result.compared).toBeGreaterThan(100);
    expect(result.mutantsCompared).toBeGreaterThan(2500);
    expect(result.disagreements).toEqual([]);
  });

  it('knows every Kubernetes kind used there; only CRDs are unknown (kustomization files have scaffold\'s own schema)', () => {
    expect(result.unknownToBuiltin).toEqual([]);
    expect(result.unknownToBoth).toEqual([
      'gateway.networking.k8s.io/v1beta1/Gateway',
      'gateway.networking.k8s.io/v1beta1/HTTPRoute',
      'networking.istio.io/v1alpha3/ServiceEntry',
      'networking.istio.io/v1alpha3/VirtualService',
    ]);
  });

  it('finds only the kustomize delete patch invalid (a `$patch: delete` stub, not a manifest), under both', () => {
    expect(result.unparsable).toEqual([]);
    expect(result.invalid).toEqual([
      'microservices-demo/kustomize/components/without-loadgenerator/delete-loadgenerator.patch.yaml#0 apps/v1/Deployment: ["$patch"] unknown field "$patch"',
    ]);
  });
});
