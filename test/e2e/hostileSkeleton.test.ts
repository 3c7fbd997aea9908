/**
 * An organisation's skeleton (--skeletons) cannot be the hole a value gets through: a plain
 * `{{name}}: {{value}}` is YAML-safe like the built-in helpers, so an env value with a line
 * break, `: ` or `#` adds no key, and `{{app.name}}-env` is quoted as one value; a template
 * that puts a value inside quotes is refused when loaded, naming the template, line and column.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize, readAsKubernetes } from '../support/kubectl.ts';
import { readTree, tempCopy } from '../support/tree.ts';

const HOSTILE_ENV = {
  GREETING: 'hello\nevil: injected',
  COLON: 'a: b',
  HASH: '# not a comment',
  TRAILING: 'x #y',
  QUOTE: '"',
  LIST: '- item',
  FLOW: '{evil: 1}, other: 2',
};

function gitops(configmapTemplate: string): string {
  const root = tempCopy(undefined);
  mkdirSync(join(root, 'skeletons/hostile/base'), { recursive: true });
  writeFileSync(join(root, 'skeletons/hostile/skeleton.yaml'), 'description: a ConfigMap of the env beside the Deployment\nextends: _common\nfields: {port: unsupported, probes: unsupported}\n');
  writeFileSync(join(root, 'skeletons/hostile/base/configmap.yaml.hbs'), configmapTemplate);
  mkdirSync(join(root, 'apps/demo'), { recursive: true });
  writeFileSync(
    join(root, 'apps/demo/app.yaml'),
    JSON.stringify({
      apiVersion: 'scaffold/v1alpha1',
      kind: 'App',
      metadata: { name: 'demo' },
      spec: { skeleton: 'hostile', namespace: 'demo', image: 'example/demo', resources: { cpu: '100m', memory: '64Mi' }, env: HOSTILE_ENV, environments: { alpha: { imageTag: 'v1' } } },
    }),
  );
  return root;
}

// Written as an organisation might, without the helpers: plain {{ }} and triple-stash.
const PLAIN_TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{app.name}}-env
  namespace: {{{app.namespace}}}
data:
{{#each env}}
  {{name}}: {{value}}
{{/each}}
`;

describe('a hostile --skeletons template', () => {
  it('writes plain {{name}}: {{value}} YAML-safe: every value stays one value, no key is added', () => {
    const root = gitops(PLAIN_TEMPLATE);
    const result = runCli(['render', '--skeletons', 'skeletons'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const configmap = parse(readTree(root)['apps/demo/base/configmap.yaml']!, { version: '1.1' });
    expect(configmap.metadata).toEqual({ name: 'demo-env', namespace: 'demo' });
    expect(configmap.data).toEqual(HOSTILE_ENV);
    if (!HAS_KUBECTL) return;
    const built = kustomize(join(root, 'apps/demo/overlays/alpha'));
    expect(built.code).toBe(0);
    writeFileSync(join(root, 'built.yaml'), built.stdout);
    expect(readAsKubernetes(join(root, 'built.yaml')).objects.find((o) => o.kind === 'ConfigMap')!.data).toEqual(HOSTILE_ENV);
  });

  it('is refused when a value is inside quotes, naming the template, line and column, and nothing is written', () => {
    const root = gitops(PLAIN_TEMPLATE.replace('  {{name}}: {{value}}', '  {{name}}: "{{value}}"'));
    const result = runCli(['render', '--skeletons', 'skeletons'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${join(root, 'skeletons/hostile/base/configmap.yaml.hbs')}:8:14: error: {{value}} must be a value of its own on its line, or part of one made of plain text`,
    );
    expect(Object.keys(readTree(root)).filter((p) => p.startsWith('apps/'))).toEqual(['apps/demo/app.yaml']);
  });

  it('is refused when a template or its skeleton.yaml is not UTF-8, rather than writing U+FFFD into every app; nothing is written', () => {
    const latin1 = Buffer.from('# caf\xe9\n', 'latin1');
    const template = gitops(PLAIN_TEMPLATE);
    writeFileSync(join(template, 'skeletons/hostile/base/configmap.yaml.hbs'), Buffer.concat([latin1, Buffer.from(PLAIN_TEMPLATE)]));
    const refused = runCli(['render', '--skeletons', 'skeletons'], { cwd: template });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${join(template, 'skeletons/hostile/base/configmap.yaml.hbs')}:1:1: error: cannot read template: it is not UTF-8 text`);
    expect(Object.keys(readTree(template)).filter((p) => p.startsWith('apps/'))).toEqual(['apps/demo/app.yaml']);

    const manifest = gitops(PLAIN_TEMPLATE);
    writeFileSync(join(manifest, 'skeletons/hostile/skeleton.yaml'), Buffer.concat([latin1, Buffer.from('description: x\nextends: _common\n')]));
    const unread = runCli(['render', '--skeletons', 'skeletons'], { cwd: manifest });
    expect(unread.code).toBe(1);
    expect(unread.stderr).toContain('cannot read skeleton.yaml: not a YAML file: it is not UTF-8 text');
    expect(unread.stderr).not.toContain('\uFFFD');
    expect(Object.keys(readTree(manifest)).filter((p) => p.startsWith('apps/'))).toEqual(['apps/demo/app.yaml']);
  });
});
