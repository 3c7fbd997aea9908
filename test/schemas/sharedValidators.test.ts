/**
 * Validators that call shared modules (scripts/validators) decide exactly
 * as the schema compiled whole does: the plan shares only what two users
 * hold alike, and the built modules report the same errors, at the same
 * instance paths, as ajv compiling the stored schema at run time.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planValidators, SHARED_VALIDATOR_KEYWORD } from '../../scripts/validators/sharedDefinitions.ts';
import type { JsonSchema } from '../../src/schemas/strict.ts';
import { compileSchema, type CompiledSchema } from '../../src/schemas/compiler.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { bundledIndex, bundledSchemas } from './bundledVersions.ts';

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const big = { type: 'object', properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, { type: 'string' }])), additionalProperties: false };
const kind = (extra: Record<string, JsonSchema>) => ({
  type: 'object',
  properties: { spec: ref('Spec'), ...Object.fromEntries(Object.keys(extra).map((n) => [n.toLowerCase(), ref(n)])) },
  definitions: { Spec: { type: 'object', properties: { big: ref('Big'), tree: ref('Tree') } }, Big: big, Tree: { type: 'object', properties: { children: { type: 'array', items: ref('Tree') } } }, ...extra },
});

describe('planValidators', () => {
  const plan = planValidators(new Map([['a.json', kind({})], ['b.json', kind({ Own: big })]]), 500);

  it('shares a definition two schemas hold alike, largest first, and calls it from both', () => {
    expect([...plan.shared.values()].map((s) => s['$ref'])).toEqual(['#/definitions/Spec']);
    const [id] = [...plan.shared.keys()];
    expect(plan.roots.get('a.json')).toEqual({ type: 'object', properties: { spec: { [SHARED_VALIDATOR_KEYWORD]: id } } });
  });

  it('keeps whole in a shared module what only it uses, and never shares a definition on a cycle', () => {
    const spec = [...plan.shared.values()][0]!;
    expect(Object.keys(spec['definitions'] as object).sort()).toEqual(['Big', 'Spec', 'Tree']);
    expect(JSON.stringify(plan.roots.get('b.json'))).toContain('"Own"');
  });

  it('shares nothing held once or smaller than the threshold', () => {
    expect(planValidators(new Map([['a.json', kind({})]]), 500).shared.size).toBe(0);
    expect(planValidators(new Map([['a.json', kind({})], ['b.json', kind({})]]), 1_000_000).shared.size).toBe(0);
  });
});

describe('the built validators with shared modules', () => {
  const load = createRequire(import.meta.url);
  const precompiled = (file: string) => load(path.join(PROJECT_ROOT, 'dist/validators', file.replace(/\.json$/, '.cjs'))) as CompiledSchema;
  const errorsOf = (validate: CompiledSchema, document: unknown) =>
    validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();

  it('report what the stored schema compiled whole reports, for kinds with and without pod templates', () => {
    const container = { name: 'c', image: 'x', ports: [{ containerPort: '80' }], resources: { limits: { cpu: '1x' } }, livenessProbe: { httpGet: { port: 1.5 } }, envv: [] };
    const podSpec = { containers: [container], volumes: [{ name: 'v', emptyDir: { sizeLimit: '1 GiB' } }], resources: { limits: { cpu: '1' } } };
    const template = { metadata: { labels: { a: 'b' }, lables: {} }, spec: podSpec };
    const documents: Record<string, unknown> = {
      'apps/v1/Deployment': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { replicas: '2', selector: { matchLabels: { a: 'b' } }, template } },
      'batch/v1/CronJob': { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } },
      'v1/Pod': { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec, status: { phase: 3 } },
      'v1/Service': { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 1.5 }] } },
    };
    for (const version of ['1.30', '1.34', '1.36']) {
      const index = bundledIndex(version);
      const schemas = bundledSchemas(version);
      for (const [key, document] of Object.entries(documents)) {
        const expected = errorsOf(compileSchema(schemas.get(key)!), document);
        expect(expected.length, `${version} ${key}`).toBeGreaterThan(0);
        expect(errorsOf(precompiled(index[key]!), document), `${version} ${key}`).toEqual(expected);
      }
    }
  });
});
