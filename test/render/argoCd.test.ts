/**
 * The Argo CD objects built from the argocd section: what each setting puts
 * where, every object valid against the bundled Argo CD schemas, and the
 * mode switch that would take the apps down.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ResolvedApp } from '../../src/orgConfig/resolve.ts';
import type { ArgoCdConfig } from '../../src/orgConfig/types.ts';
import { application, applicationSet, argoCdSettings, finalizingModeSwitches, objectYaml, rootApplication } from '../../src/render/argoCd.ts';
import { validatePlannedFiles } from '../../src/validate/plannedFiles.ts';
import { targetSchemas } from '../support/schemas.ts';

const CONFIG: ArgoCdConfig = {
  repoURL: 'https://github.com/example/gitops.git',
  environments: { production: { destination: { name: 'prod-apne2' } }, alpha: { destination: { server: 'https://alpha.example.com' }, project: 'sandbox' } },
};
const APP = { metadata: { name: 'checkout' }, spec: { namespace: 'shop' } } as ResolvedApp;

/** The object as it is written, read back, after validating it against the bundled Argo CD schema. */
function written(object: object): Record<string, any> {
  const text = objectYaml(object);
  expect(validatePlannedFiles([{ path: 'argocd.yaml', content: text, role: 'resource' }], { ...targetSchemas(), ignoreMissingSchemas: false })).toEqual([]);
  return parse(text) as Record<string, any>;
}

describe('an Application per app and environment', () => {
  it('syncs the overlay to the environment\'s cluster, in the app\'s namespace, manually by default, creating the namespace, with the foreground finalizer', () => {
    const app = written(application(APP, 'apps/checkout', 'production', argoCdSettings(CONFIG, '')));
    expect(app).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'checkout-production',
        namespace: 'argocd',
        labels: { 'app.kubernetes.io/name': 'checkout', 'app.kubernetes.io/managed-by': 'scaffold' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'default',
        source: { repoURL: CONFIG.repoURL, targetRevision: 'HEAD', path: 'apps/checkout/overlays/production' },
        destination: { name: 'prod-apne2', namespace: 'shop' },
        syncPolicy: { syncOptions: ['CreateNamespace=true'] },
      },
    });
  });

  it('takes every setting: revision, namespace, project (the environment\'s first), automated sync, no CreateNamespace, the background finalizer, a server', () => {
    const settings = argoCdSettings(
      { ...CONFIG, targetRevision: 'main', namespace: 'gitops', project: 'shop', finalizer: 'background', syncPolicy: { automated: { prune: true, selfHeal: true }, createNamespace: false } },
      '',
    );
    const app = written(application(APP, 'apps/checkout', 'alpha', settings));
    expect(app['metadata']).toMatchObject({ namespace: 'gitops', finalizers: ['resources-finalizer.argocd.argoproj.io/background'] });
    expect(app['spec']).toMatchObject({ project: 'sandbox', source: { targetRevision: 'main' }, destination: { server: 'https://alpha.example.com', namespace: 'shop' } });
    expect(app['spec'].syncPolicy).toEqual({ automated: { prune: true, selfHeal: true } });
    expect(written(application(APP, 'apps/checkout', 'production', settings))['spec'].project).toBe('shop');
    const bare = written(application(APP, 'apps/checkout', 'production', argoCdSettings({ ...CONFIG, finalizer: 'none', syncPolicy: { createNamespace: false } }, '')));
    expect(bare['metadata'].finalizers).toBeUndefined();
    expect(bare['spec'].syncPolicy).toBeUndefined();
  });

  it("starts its paths at the gitops root's folder in the repository", () => {
    const settings = argoCdSettings({ ...CONFIG, repositoryPath: 'deploy' }, 'gitops');
    expect(written(application(APP, 'apps/checkout', 'production', settings))['spec'].source.path).toBe('deploy/gitops/apps/checkout/overlays/production');
    expect(written(rootApplication('production', settings))['spec'].source.path).toBe('deploy/gitops/argocd/production/apps');
  });
});

describe('the root Application of an environment', () => {
  it("syncs the environment's folder of Applications into Argo CD's namespace on its own cluster, without a finalizer", () => {
    const root = written(rootApplication('production', argoCdSettings({ ...CONFIG, rootProject: 'platform', syncPolicy: { automated: { prune: true } } }, '')));
    expect(root).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'root.production', namespace: 'argocd', labels: { 'app.kubernetes.io/managed-by': 'scaffold' } },
      spec: {
        project: 'platform',
        source: { repoURL: CONFIG.repoURL, targetRevision: 'HEAD', path: 'argocd/production/apps' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        syncPolicy: { automated: { prune: true } },
      },
    });
    expect(written(rootApplication('production', argoCdSettings({ ...CONFIG, mode: 'applicationSets' }, '')))['spec'].source.path).toBe('argocd/production/applicationset');
  });
});

describe('an ApplicationSet per environment', () => {
  it("generates an Application per overlay kustomization of the environment, named and placed as in mode applications", () => {
    const set = written(applicationSet('production', argoCdSettings({ ...CONFIG, mode: 'applicationSets', targetRevision: 'main' }, '')));
    expect(set['spec'].generators).toEqual([{ git: { repoURL: CONFIG.repoURL, revision: 'main', files: [{ path: 'apps/*/overlays/production/kustomization.yaml' }] } }]);
    expect(set['spec'].goTemplate).toBe(true);
    expect(set['spec'].template.metadata).toEqual({
      name: '{{ index .path.segments 1 }}-production',
      labels: { 'app.kubernetes.io/name': '{{ index .path.segments 1 }}', 'app.kubernetes.io/managed-by': 'scaffold' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    });
    expect(set['spec'].template.spec).toMatchObject({ source: { path: '{{ .path.path }}' }, destination: { name: 'prod-apne2', namespace: '{{ .metadata.namespace }}' } });
    const nested = written(applicationSet('production', argoCdSettings({ ...CONFIG, mode: 'applicationSets', repositoryPath: 'deploy' }, 'gitops')));
    expect(nested['spec'].generators[0].git.files).toEqual([{ path: 'deploy/gitops/apps/*/overlays/production/kustomization.yaml' }]);
    expect(nested['spec'].template.metadata.name).toBe('{{ index .path.segments 3 }}-production');
  });
});

describe('a switch of argocd.mode', () => {
  const finalizing = '  finalizers:\n    - resources-finalizer.argocd.argoproj.io\n';
  it('is refused while the objects it deletes carry the resources finalizer', () => {
    const toSets = [{ path: 'argocd/production/apps/checkout.yaml', current: finalizing }];
    expect(finalizingModeSwitches(toSets, new Set(['argocd/production/applicationset/applicationset.yaml']))).toEqual(['production']);
    expect(finalizingModeSwitches(toSets, new Set(['argocd/production/root.yaml']))).toEqual([]);
    expect(finalizingModeSwitches([{ path: 'argocd/production/apps/checkout.yaml', current: 'no finalizer\n' }], new Set(['argocd/production/applicationset/applicationset.yaml']))).toEqual([]);
    const toApps = [{ path: 'argocd/alpha/applicationset/applicationset.yaml', current: finalizing }];
    expect(finalizingModeSwitches(toApps, new Set(['argocd/alpha/apps/checkout.yaml']))).toEqual(['alpha']);
    expect(finalizingModeSwitches(toApps, new Set())).toEqual([]);
  });
});
