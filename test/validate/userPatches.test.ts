import { describe, expect, it } from 'vitest';
import type { AppPlan } from '../../src/render/plan.ts';
import { checkUserPatches } from '../../src/validate/userPatches.ts';

const deployment = (name: string, namespace?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec: {}\n`;

function plan(userFiles: AppPlan['userFiles']): AppPlan {
  return {
    app: 'web',
    specPath: 'apps/web/app.yaml',
    appDir: 'apps/web',
    files: [
      { path: 'apps/web/base/deployment.yaml', content: deployment('web', 'shop'), role: 'resource' },
      { path: 'apps/web/base/kustomization.yaml', content: 'resources: [deployment.yaml]\n', role: 'kustomization' },
      // A generated patch is not a target: Kustomize matches patches against resources only.
      { path: 'apps/web/overlays/prod/deployment-patch.yaml', content: deployment('patched-only', 'shop'), role: 'patch' },
    ],
    userFiles,
  };
}

const PATCH = { path: 'apps/web/overlays/prod/p.yaml', role: 'patch', field: 'spec.environments.prod.patches[0]' } as const;

function check(files: Record<string, string>, refs: AppPlan['userFiles'] = [PATCH]) {
  return checkUserPatches(plan(refs), (path) => files[path]).map((i) => `${i.line}:${i.column} ${i.path ?? ''}: ${i.message}`);
}

describe('user patches must find their target', () => {
  it('accepts a patch matching a resource by apiVersion, kind, name and namespace', () => {
    expect(check({ [PATCH.path]: deployment('web', 'shop') })).toEqual([]);
  });

  it('names the namespace to set when the patch has none', () => {
    expect(check({ [PATCH.path]: deployment('web') })).toEqual([
      '1:1 metadata.namespace: patches no resource of overlays/prod: Kustomize matches a patch by apiVersion, kind, name and namespace; Deployment web is in namespace "shop" and this patch has no namespace: set metadata.namespace: shop',
    ]);
  });

  it('names the resources of that kind when the name matches none', () => {
    expect(check({ [PATCH.path]: deployment('patched-only', 'shop') })).toEqual([
      '1:1 metadata.name: patches no resource of overlays/prod: Kustomize matches a patch by apiVersion, kind, name and namespace; overlays/prod has no Deployment named "patched-only" (it has Deployment "web")',
    ]);
    expect(check({ [PATCH.path]: 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n' })[0]).toContain('overlays/prod has no Service named "web" (it has no Service at all)');
  });

  it('names the apiVersion when only that differs', () => {
    expect(check({ [PATCH.path]: deployment('web', 'shop').replace('apps/v1', 'apps/v1beta2') })[0]).toContain('apiVersion: patches no resource of overlays/prod: Kustomize matches a patch by apiVersion, kind, name and namespace; Deployment web is apps/v1, this patch says apps/v1beta2');
  });

  it('finds targets among the user\'s extra resources, in the base and in the same overlay only', () => {
    const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec: {minAvailable: 1}\n';
    const pdbPatch = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec: {minAvailable: 2}\n';
    const inOverlay = { path: 'apps/web/overlays/prod/pdb.yaml', role: 'resource', field: 'spec.environments.prod.extraResources[0]' } as const;
    const inOtherOverlay = { path: 'apps/web/overlays/alpha/pdb.yaml', role: 'resource', field: 'spec.environments.alpha.extraResources[0]' } as const;
    const inBase = { path: 'apps/web/base/pdb.yaml', role: 'resource', field: 'spec.extraResources[0]' } as const;
    expect(check({ [PATCH.path]: pdbPatch, [inOverlay.path]: pdb }, [PATCH, inOverlay])).toEqual([]);
    expect(check({ [PATCH.path]: pdbPatch, [inBase.path]: pdb }, [PATCH, inBase])).toEqual([]);
    expect(check({ [PATCH.path]: pdbPatch, [inOtherOverlay.path]: pdb }, [PATCH, inOtherOverlay])).toHaveLength(1);
  });

  it('checks every document of a patch file, and a base patch against the base only', () => {
    const basePatch = { path: 'apps/web/base/p.yaml', role: 'patch', field: 'spec.patches[0]' } as const;
    const text = `${deployment('web', 'shop')}---\n${deployment('api', 'shop')}`;
    expect(check({ [basePatch.path]: text }, [basePatch])).toEqual([
      '8:1 metadata.name: patches no resource of base: Kustomize matches a patch by apiVersion, kind, name and namespace; base has no Deployment named "api" (it has Deployment "web")',
    ]);
  });

  it('explains that a JSON 6902 patch needs a target, and passes on a syntax error with its position', () => {
    expect(check({ [PATCH.path]: '- op: add\n  path: /spec/x\n  value: 1\n' })[0]).toContain('is a JSON 6902 patch');
    expect(check({ [PATCH.path]: 'a: "open\n' })[0]).toMatch(/^1:4 : /);
  });

  it('leaves resources, unreadable files and documents without an identity alone', () => {
    expect(check({})).toEqual([]);
    expect(check({ [PATCH.path]: 'just: data\n' })).toEqual([]);
    expect(checkUserPatches(plan([{ path: 'apps/web/base/x.yaml', role: 'resource', field: 'spec.extraResources[0]' }]), () => deployment('nope'))).toEqual([]);
  });
});

describe('user patches must leave their target within the policies', () => {
  const base = (resources: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
${resources}`;
  const overlayPatch = { path: 'apps/web/overlays/prod/p.yaml', role: 'patch', field: 'spec.environments.prod.patches[0]' } as const;
  function planWith(deployment: string): AppPlan {
    return {
      app: 'web',
      specPath: 'apps/web/app.yaml',
      appDir: 'apps/web',
      files: [
        { path: 'apps/web/base/deployment.yaml', content: deployment, role: 'resource' },
        { path: 'apps/web/base/kustomization.yaml', content: 'resources: [deployment.yaml]\n', role: 'kustomization' },
        { path: 'apps/web/overlays/prod/kustomization.yaml', content: 'resources: [../../base]\npatches: [{path: p.yaml}]\n', role: 'kustomization' },
      ],
      userFiles: [overlayPatch],
    };
  }
  const patch = (spec: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n${spec}`;
  const found = (deployment: string, patchText: string) =>
    checkUserPatches(planWith(deployment), (path) => (path === overlayPatch.path ? patchText : undefined)).map((i) => `${i.line}:${i.column} ${i.rule} ${i.path}: ${i.message}`);
  const GUARANTEED = '          resources: {limits: {cpu: 500m, memory: 1Gi}}\n';

  it('reports what the patch breaks at the field it sets', () => {
    expect(found(base(GUARANTEED), patch('  template:\n    metadata:\n      labels: {app: My App}\n'))).toEqual([
      '7:21 label-syntax spec.template.metadata.labels.app: with this patch, the Deployment breaks label-syntax: label value "My App" is invalid: a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\', \'my_value\' or \'12345\')',
      // The finding is about the labels as a whole, which the patch sets: it names them.
      '7:7 selector-match spec.template.metadata.labels: with this patch, the Deployment breaks selector-match: spec.selector {"matchLabels":{"app":"web"}} does not match the template\'s labels {"app":"My App"}: the workload would not own its own pods',
    ]);
  });

  it('does not blame a patch for what the resource broke before it', () => {
    expect(found(base(''), patch('  template:\n    spec:\n      terminationGracePeriodSeconds: 45\n'))).toEqual([]);
  });
});
