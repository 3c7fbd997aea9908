import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envProblems, environmentEnv, orderEnv, scanEnvValue, unescapedEnvValue, type EnvEntry } from '../../src/appSpec/envReferences.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { containerEnv, expand } from '../support/kubelet.ts';
import { runs } from '../properties/settings.ts';

const entries = (env: Record<string, string>): EnvEntry[] => Object.entries(env).map(([name, value]) => ({ name, value, path: ['spec', 'env', name] }));
const names = (list: readonly EnvEntry[]) => list.map((e) => e.name);

function spec(env: Record<string, string>, environments: Record<string, Record<string, string> | undefined> = { alpha: undefined }, secrets: string[] = []): AppSpec['spec'] {
  return {
    skeleton: 'worker',
    namespace: 'shop',
    image: 'example/app',
    resources: { cpu: '1', memory: '1Gi' },
    env,
    ...(secrets.length > 0 ? { secrets: { store: { kind: 'ClusterSecretStore', name: 'ssm' }, keys: Object.fromEntries(secrets.map((s) => [s, `/p/${s}`])) } } : {}),
    environments: Object.fromEntries(Object.entries(environments).map(([name, e]) => [name, { imageTag: 'v1', ...(e ? { env: e } : {}) }])),
  };
}

const said = (problems: ReturnType<typeof envProblems>) => problems.map((p) => `${p.severity} ${p.path.join('.')}: ${p.message}`);

describe('an env value as the kubelet reads it', () => {
  it('finds $(NAME) references, the $$ that becomes $, and a character garbled after $', () => {
    expect(scanEnvValue('postgres://$(USER):$(PASSWORD)@$(HOST)/$(USER)')).toEqual({ references: ['USER', 'PASSWORD', 'HOST'], bareEscape: false, garbled: [] });
    expect(scanEnvValue('$$(USER) $(unclosed $(A)')).toEqual({ references: ['unclosed $(A'], bareEscape: false, garbled: [] });
    expect(scanEnvValue('$(date +%s)').references).toEqual(['date +%s']);
    expect(scanEnvValue('pa$$w').bareEscape).toBe(true);
    expect(scanEnvValue('pa$$').bareEscape).toBe(true);
    // Escapes with a purpose: of a reference, of a character, or written three or more in a row.
    for (const value of ['$$(A)', '$$é', '$$$(A)', 'pa$$$$w', '$', '$a', 'a$', '${A}']) expect(scanEnvValue(value).bareEscape, value).toBe(false);
    expect(scanEnvValue('$é and $😀 and $$ü').garbled).toEqual(['é', '😀']);
  });

  it('agrees with the kubelet model on what each value turns into when nothing resolves', () => {
    for (const value of ['pa$$w', '$$(A)', '$$$$', '$$$', 'a$b$', '$(A)$$(B)']) {
      expect(unescapedEnvValue(value), value).toBe(expand(value, () => undefined));
    }
  });

  it('is what the kubelet model finds, for any text', () => {
    const text = fc.string({ unit: fc.constantFrom('$', '(', ')', 'A', 'B', 'é', ' ', '😀'), maxLength: 16 });
    fc.assert(
      fc.property(text, (value) => {
        const seen: string[] = [];
        expand(value, (name) => {
          if (!seen.includes(name)) seen.push(name);
          return undefined;
        });
        const scan = scanEnvValue(value);
        expect(scan.references).toEqual(seen);
        // What the kubelet garbles is exactly where it does not give back what was written around a $.
        expect(scan.garbled.length > 0).toBe(expand(value.replace(/\$\$/g, '\u0000'), () => undefined) !== value.replace(/\$\$/g, '\u0000'));
      }),
      runs(500),
    );
  });
});

describe('ordering env so that references resolve', () => {
  it('keeps the written order when nothing refers forward', () => {
    const list = entries({ A: 'a', B: '$(A)', C: 'c' });
    expect(orderEnv(list)).toEqual({ order: list, cycles: [] });
  });

  it('puts a variable after the ones it refers to, moving as little as it can', () => {
    expect(names(orderEnv(entries({ URL: 'https://$(HOST):$(PORT)', X: 'x', HOST: 'h', PORT: '80' })).order)).toEqual(['X', 'HOST', 'PORT', 'URL']);
    expect(names(orderEnv(entries({ C: '$(B)', B: '$(A)', A: 'a' })).order)).toEqual(['A', 'B', 'C']);
  });

  it('ignores references to itself, to secrets and to unknown names, and finds cycles', () => {
    expect(names(orderEnv(entries({ A: '$(A) $(SECRET) $(NOPE)', B: 'b' })).order)).toEqual(['A', 'B']);
    const { order, cycles } = orderEnv(entries({ A: '$(B)', X: 'x', B: '$(C)', C: '$(A)', D: '$(A)' }));
    expect(names(order)).toEqual(['X', 'A', 'B', 'C', 'D']);
    expect(cycles.map(names)).toEqual([['A', 'B', 'C']]);
  });

  it('resolves every reference to a plain variable, as the kubelet expands them, for any acyclic env', () => {
    // Each variable may refer to those of lower rank only, whatever order they are written in.
    const env = fc
      .uniqueArray(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G'), fc.nat(100), fc.array(fc.nat(6), { maxLength: 3 })), { selector: ([name]) => name, maxLength: 7 })
      .map((list) =>
        list.map(([name, rank, refs]) => {
          const lower = list.filter(([, r]) => r < rank).map(([n]) => n);
          return { name, value: `${name}=${refs.map((i) => (lower.length > 0 ? `$(${lower[i % lower.length]})` : '$(SECRET)')).join(',')}`, path: [] };
        }),
      );
    fc.assert(
      fc.property(env, (list) => {
        const { order, cycles } = orderEnv(list);
        expect(cycles).toEqual([]);
        expect(names(order).sort()).toEqual(names(list).sort());
        const got = containerEnv(order, { SECRET: 's' });
        // The value each variable must have: every reference resolved, however deep.
        const byName = new Map<string, string>(list.map((e) => [e.name, e.value]));
        const resolved = (name: string): string => expand(byName.get(name)!, (ref) => (ref === 'SECRET' ? 's' : byName.has(ref) ? resolved(ref) : undefined));
        for (const { name } of list) expect(got[name], name).toBe(resolved(name));
      }),
      runs(500),
    );
  });
});

describe('what the spec check says of env values', () => {
  it('warns of a reference to a name the container does not have, and of $$', () => {
    expect(said(envProblems(spec({ A: '$(HOME)/bin', B: 'pa$$w', C: '$(KUBERNETES_SERVICE_HOST) $$(X) $(S)' }, undefined, ['S'])))).toEqual([
      "warning spec.env.A: $(HOME) names no variable of the container (spec.env, the environment's env or spec.secrets.keys; the image's own are not visible to Kubernetes), so Kubernetes leaves it as written. Write $$(HOME) to mean the text $(HOME)",
      'warning spec.env.B: Kubernetes reads $$ as one $: "pa$$w" becomes "pa$w". Write $$$$ for $$',
    ]);
  });

  it('refuses a reference no order can resolve, and a character Kubernetes garbles', () => {
    expect(said(envProblems(spec({ A: '$(A):x', B: '$(C)', C: '$(B)', D: 'caf$é' })))).toEqual([
      'error spec.env.A: $(A) refers to A itself, which Kubernetes never expands: a variable sees only those defined before it. Write $$(A) to mean the text $(A)',
      'error spec.env.B: $(C) cannot be expanded: B and C refer to each other (B -> C -> B), and Kubernetes expands a reference only to a variable defined before it. Write $$(C) to mean the text $(C)',
      'error spec.env.D: Kubernetes garbles "é" after a lone $ (it splits the character\'s bytes). Write $$ for the $',
    ]);
  });

  it('judges each environment: its overrides, what it adds, and which environments a base value misbehaves in', () => {
    const app = spec({ URL: 'https://$(HOST)/', HOST: 'base' }, { alpha: { HOST: '$(URL)' }, beta: { URL: '$(REGION).example.com' }, gamma: undefined });
    expect(said(envProblems(app))).toEqual([
      'error spec.env.URL: $(HOST) cannot be expanded: URL and HOST refer to each other (URL -> HOST -> URL), and Kubernetes expands a reference only to a variable defined before it. Write $$(HOST) to mean the text $(HOST) (in environment alpha)',
      "warning spec.environments.beta.env.URL: $(REGION) names no variable of the container (spec.env, the environment's env or spec.secrets.keys; the image's own are not visible to Kubernetes), so Kubernetes leaves it as written. Write $$(REGION) to mean the text $(REGION)",
    ]);
    expect(names(environmentEnv(spec({ A: 'a', B: 'b' }, { alpha: { C: 'c', A: 'override' } }), 'alpha'))).toEqual(['A', 'B', 'C']);
    expect(environmentEnv(spec({ A: 'a' }, { alpha: { A: 'override' } }), 'alpha')[0]).toEqual({ name: 'A', value: 'override', path: ['spec', 'environments', 'alpha', 'env', 'A'] });
  });
});
