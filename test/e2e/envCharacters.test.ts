/**
 * The README's promise about env values, held against the real Kustomize: every character the
 * app spec accepts in an env value reaches the Deployment unchanged through `kubectl kustomize`
 * (read back as kubectl reads YAML), and every character it refuses would not have.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import appSpecSchema from '../../schemas/app-spec.schema.json' with { type: 'json' };
import { planSpecTexts } from '../../src/pipeline/appPlans.ts';
import { skeletonDirs } from '../../src/io/skeletonFolders.ts';
import { yamlString } from '../../src/render/yamlScalar.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { HAS_KUBECTL, kustomize, readAsKubernetes } from '../support/kubectl.ts';
import { tempDir, withTempDir } from '../support/tempDir.ts';

const ENV_VALUE = new RegExp(appSpecSchema.$defs.envMap.additionalProperties.pattern, 'u');

/** Every Latin-1 character, and the others YAML readers and Kustomize treat specially. */
const CANDIDATES = [
  ...Array.from({ length: 0x100 }, (_, i) => i),
  0x2028, 0x2029, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0xfdd0, 0xe000, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x1f600, 0x1fffe, 0x10ffff,
].map((code) => String.fromCodePoint(code));
const ACCEPTED = CANDIDATES.filter((c) => ENV_VALUE.test(c));
const REFUSED = CANDIDATES.filter((c) => !ENV_VALUE.test(c));
/** Whole values whose shape matters to a YAML writer: line ends, edge spaces, document markers. */
const SHAPES = ['', ' ', '\t', ' lead', 'trail ', '\r\n', 'a\r\nb', '\r', 'a\n b', '\n\n', 'x\n  y\n', '---', '...', '- a', '# x', 'a: b', '"', "'", '\\', 'x'.repeat(32768)];

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function spec(env: Record<string, string>): AppSpec {
  return {
    apiVersion: 'scaffold/v1alpha1',
    kind: 'App',
    metadata: { name: 'chars' },
    spec: {
      skeleton: 'worker',
      namespace: 'chars',
      image: 'example/chars',
      resources: { cpu: '100m', memory: '64Mi' },
      env,
      environments: { alpha: { imageTag: 'v1', env: Object.fromEntries(Object.entries(env).map(([k, v]) => [`ALPHA_${k}`, v])) } },
    },
  };
}

/** The spec as JSON text, with the characters a YAML 1.1 reader takes for line breaks escaped. */
function specText(app: AppSpec): string {
  return JSON.stringify(app, null, 2).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The env of the Deployment that `kubectl kustomize` builds from a folder, as kubectl reads it. */
function builtEnv(dir: string): { error?: string; env?: Record<string, string> } {
  const built = kustomize(dir);
  if (built.code !== 0) return { error: built.stderr };
  const file = join(dir, 'built.yaml');
  writeFileSync(file, built.stdout);
  const read = readAsKubernetes(file);
  if (read.code !== 0) return { error: read.stderr };
  const deployment = read.objects.find((o) => o.kind === 'Deployment')!;
  const env = deployment.spec.template.spec.containers[0].env as { name: string; value?: string }[];
  return { env: Object.fromEntries(env.map((e) => [e.name, e.value ?? ''])) };
}

describe('env value characters', () => {
  it('the spec refuses exactly U+007F to U+009F, U+FFFE, U+FFFF and unpaired surrogates', () => {
    const expected = [...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)), '\ufffe', '\uffff', '\ud800', '\udbff', '\udc00', '\udfff'];
    expect(REFUSED.map(hex)).toEqual(expected.map(hex));
    const result = planSpecTexts(tmpdir(), [{ specPath: 'apps/chars/app.yaml', text: specText(spec(Object.fromEntries(REFUSED.map((c, i) => [`V${i}`, `a${c}b`])))) }], skeletonDirs([]));
    expect(result.plans).toEqual([]);
    expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(REFUSED.map((_, i) => `spec.env.V${i}`)));
    for (const issue of result.issues) expect(issue.message).toMatch(/^must be text without the characters Kustomize cannot carry \(U\+007F to U\+009F/);
  });

  it.skipIf(!HAS_KUBECTL)('every character the spec accepts comes out of kubectl kustomize unchanged, in the base and in an overlay', () => {
    const values = [...ACCEPTED.flatMap((c) => [c, `a${c}b`]), ...SHAPES];
    const app = spec(Object.fromEntries(values.map((v, i) => [`V${i}`, v])));
    const root = tempDir('scaffold-env-characters-');
    const result = planSpecTexts(root, [{ specPath: 'apps/chars/app.yaml', text: specText(app) }], skeletonDirs([]));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const file of result.plans[0]!.files) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.content);
    }
    const built = builtEnv(join(root, 'apps/chars/overlays/alpha'));
    expect(built.error).toBeUndefined();
    const expected = { ...app.spec.env, ...app.spec.environments.alpha!.env };
    const changed = Object.keys(expected).filter((name) => built.env![name] !== expected[name]).map((name) => `${name} ${JSON.stringify(expected[name])} -> ${JSON.stringify(built.env![name])}`);
    expect(changed).toEqual([]);
    expect(Object.keys(built.env!).sort()).toEqual(Object.keys(expected).sort());
  });

  it.skipIf(!HAS_KUBECTL)('every character the spec refuses fails the kubectl kustomize build or comes out changed', () => {
    const survivors = REFUSED.filter((c) =>
      withTempDir('scaffold-env-refused-', (dir) => {
        writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - deployment.yaml\n');
        writeFileSync(
          join(dir, 'deployment.yaml'),
          [
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata: {name: x}',
            'spec:',
            '  selector: {matchLabels: {app: x}}',
            '  template:',
            '    metadata: {labels: {app: x}}',
            '    spec:',
            '      containers:',
            '        - name: x',
            '          image: x',
            '          env:',
            '            - name: V',
            // The same scalar the skeletons write for this value.
            `              value: ${yamlString(`a${c}b`)}`,
            '',
          ].join('\n'),
        );
        const built = builtEnv(dir);
        return built.error === undefined && built.env!['V'] === `a${c}b`;
      }),
    );
    expect(survivors.map(hex)).toEqual([]);
  });
});
