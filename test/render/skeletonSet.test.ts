import { describe, expect, it } from 'vitest';
import { resolveSkeletons, type SkeletonFolder } from '../../src/render/skeletonSet.ts';

const BUILTIN = '/builtin';
const ORG = '/org';

function folder(dir: string, name: string, manifest: string | undefined, outputs: string[]): SkeletonFolder {
  return {
    dir,
    name,
    ...(manifest === undefined ? {} : { manifest: { file: `${dir}/${name}/skeleton.yaml`, text: manifest } }),
    templates: outputs.map((output) => ({ output, origin: `${name}/${output}.hbs`, file: `${dir}/${name}/${output}.hbs`, text: `# ${dir}/${name}/${output}\n` })),
  };
}

/** The built-in set: _common with the kustomizations, web extending it. */
const COMMON = folder(BUILTIN, '_common', undefined, ['base/deployment.yaml', 'base/kustomization.yaml', 'overlay/kustomization.yaml', 'overlay/resources/podidentityassociation.yaml']);
const WEB = folder(BUILTIN, 'web', 'description: web\nextends: _common\nfields: {port: required, probes: optional}\n', ['base/service.yaml']);

function resolve(...org: SkeletonFolder[]) {
  return resolveSkeletons([...org, COMMON, WEB], [ORG, BUILTIN]);
}

describe('skeleton sets: extends down the whole chain', () => {
  it('inherits the templates of every ancestor, overrides some and adds others, and the fields', () => {
    const internal = folder(ORG, 'web-internal', 'description: internal\nextends: web\nfields: {probes: required}\n', ['base/service.yaml', 'base/networkpolicy.yaml']);
    const { skeletons, issues } = resolve(internal);
    expect(issues).toEqual([]);
    const found = skeletons.find((s) => s.name === 'web-internal')!;
    expect(found.chain).toEqual(['web', '_common']);
    expect(found.description).toBe('internal');
    expect(found.fields).toEqual({ port: 'required', probes: 'required' });
    expect(found.templates.map((t) => `${t.output} <- ${t.origin}`)).toEqual([
      'base/deployment.yaml <- _common/base/deployment.yaml.hbs',
      'base/kustomization.yaml <- _common/base/kustomization.yaml.hbs',
      'base/networkpolicy.yaml <- web-internal/base/networkpolicy.yaml.hbs',
      'base/service.yaml <- web-internal/base/service.yaml.hbs',
      'overlay/kustomization.yaml <- _common/overlay/kustomization.yaml.hbs',
      'overlay/resources/podidentityassociation.yaml <- _common/overlay/resources/podidentityassociation.yaml.hbs',
    ]);
  });

  it('a skeleton extending its own name builds on the one it hides', () => {
    const web = folder(ORG, 'web', 'description: our web\nextends: web\n', ['base/pdb.yaml']);
    const { skeletons, issues } = resolve(web);
    expect(issues).toEqual([]);
    const found = skeletons.filter((s) => s.name === 'web');
    expect(found).toHaveLength(1);
    expect(found[0]!.dir).toBe(ORG);
    expect(found[0]!.chain).toEqual(['web', '_common']);
    expect(found[0]!.templates.map((t) => t.output)).toContain('base/service.yaml');
    expect(found[0]!.fields).toEqual({ port: 'required', probes: 'optional' });
  });

  it('refuses a cycle, an unknown parent and two templates writing one overlay file, naming the skeleton.yaml', () => {
    const a = folder(ORG, 'a', 'description: a\nextends: b\n', []);
    const b = folder(ORG, 'b', 'description: b\nextends: a\n', []);
    const lost = folder(ORG, 'lost', 'description: lost\nextends: webb\n', []);
    const clash = folder(ORG, 'clash', 'description: clash\nextends: web\n', ['overlay/podidentityassociation.yaml']);
    const { skeletons, issues } = resolve(a, b, lost, clash);
    expect(skeletons.map((s) => s.name)).toEqual(['web']);
    expect(issues.map((i) => `${i.file}: ${i.path ?? ''}: ${i.message}`)).toEqual([
      '/org/a/skeleton.yaml: extends: extends a cycle: a → b → a',
      '/org/b/skeleton.yaml: extends: extends a cycle: b → a → b',
      '/org/lost/skeleton.yaml: extends: extends "webb", which is in none of /org, /builtin',
      '/org/clash/skeleton.yaml: : _common/overlay/resources/podidentityassociation.yaml.hbs and clash/overlay/podidentityassociation.yaml.hbs both write overlays/<env>/podidentityassociation.yaml; rename one',
    ]);
  });
});
