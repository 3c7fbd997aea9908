/**
 * The bundled Argo CD schemas (Application, ApplicationSet, AppProject):
 * generated from the vendored CRDs, which must be the CRDs in ../shared; each
 * judging documents as the same CRD imported with `scaffold schemas import
 * --crd` judges them, although the bundled ones write each repeated subtree
 * once; and small enough to ship.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ARGO_CD_CRDS } from '../../scripts/schemas/argoCd.ts';
import { targetSchemas } from '../support/schemas.ts';
import { objectMetaDefinitions, schemasFromCrd } from '../../src/schemas/crd.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';
import type { JsonSchema } from '../../src/schemas/strict.ts';
import { validatePlannedFiles } from '../../src/validate/plannedFiles.ts';
import { schemasOf } from '../support/conversion.ts';
import { available, PROJECT_ROOT, SHARED } from '../support/paths.ts';

const SHARED_DIR = path.join(SHARED, 'oracle/argo-cd');
const BUNDLED_DIR = path.join(PROJECT_ROOT, 'schemas/argo-cd/v1alpha1');

const APPLICATION = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'checkout-production', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
  spec: {
    project: 'shop',
    source: { repoURL: 'https://github.com/example/gitops.git', targetRevision: 'main', path: 'apps/checkout/overlays/production' },
    destination: { name: 'prod-apne2', namespace: 'shop' },
    syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
  },
};

const APPLICATION_SET = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 'production', namespace: 'argocd' },
  spec: {
    goTemplate: true,
    goTemplateOptions: ['missingkey=error'],
    generators: [{ git: { repoURL: 'https://github.com/example/gitops.git', revision: 'main', files: [{ path: 'apps/*/overlays/production/kustomization.yaml' }] } }],
    template: {
      metadata: { name: '{{ .metadata.name }}', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: {
        project: 'shop',
        source: { repoURL: 'https://github.com/example/gitops.git', targetRevision: 'main', path: '{{ .path.path }}' },
        destination: { name: 'prod-apne2', namespace: '{{ .metadata.namespace }}' },
      },
    },
  },
};

const nested = (generators: unknown[]) => ({ ...APPLICATION_SET, spec: { ...APPLICATION_SET.spec, generators } });
const git = APPLICATION_SET.spec.generators[0]!;
const template = APPLICATION_SET.spec.template;

const APP_PROJECT = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'shop', namespace: 'argocd' },
  spec: { sourceRepos: ['https://github.com/example/gitops.git'], destinations: [{ name: 'prod-apne2', namespace: 'shop' }] },
};

const CASES: [string, 'application' | 'applicationset' | 'appproject', unknown, boolean][] = [
  ['an Application as render writes it', 'application', APPLICATION, true],
  ['prune as a string', 'application', { ...APPLICATION, spec: { ...APPLICATION.spec, syncPolicy: { automated: { prune: 'yes' } } } }, false],
  ['no project', 'application', { ...APPLICATION, spec: { ...APPLICATION.spec, project: undefined } }, false],
  ['a source without repoURL', 'application', { ...APPLICATION, spec: { ...APPLICATION.spec, source: { path: 'x' } } }, false],
  ['an unknown field in the source', 'application', { ...APPLICATION, spec: { ...APPLICATION.spec, source: { ...APPLICATION.spec.source, paht: 'x' } } }, false],
  ['an unknown field in sources[] (a shared subtree)', 'application', { ...APPLICATION, spec: { ...APPLICATION.spec, source: undefined, sources: [{ repoURL: 'r', paht: 'x' }] } }, false],
  ['kustomize images in sources[]', 'application', { ...APPLICATION, spec: { ...APPLICATION.spec, source: undefined, sources: [{ repoURL: 'r', kustomize: { images: ['a:b'] } }] } }, true],
  ['an ApplicationSet as render writes it', 'applicationset', APPLICATION_SET, true],
  ['an ApplicationSet without template', 'applicationset', { ...APPLICATION_SET, spec: { ...APPLICATION_SET.spec, template: undefined } }, false],
  ['a git generator without revision', 'applicationset', nested([{ git: { repoURL: 'r', directories: [{ path: 'apps/*' }] } }]), false],
  ['a matrix of git and list generators', 'applicationset', nested([{ matrix: { generators: [git, { list: { elements: [{ a: 1 }] } }] } }]), true],
  ['a matrix generator with a template lacking project', 'applicationset', nested([{ matrix: { generators: [git], template: { metadata: {}, spec: { destination: {} } } } }]), false],
  ['a merge generator whose git generator has a bad field', 'applicationset', nested([{ merge: { mergeKeys: ['x'], generators: [{ git: { repoURL: 'r', revision: 'main', directorys: [] } }] } }]), false],
  ['a git generator template with an unknown field in its spec', 'applicationset', nested([{ git: { ...git.git, template: { metadata: {}, spec: { ...template.spec, sourc: {} } } } }]), false],
  ['an AppProject', 'appproject', APP_PROJECT, true],
  ['an AppProject with a destination as a string', 'appproject', { ...APP_PROJECT, spec: { ...APP_PROJECT.spec, destinations: ['prod'] } }, false],
];

function withoutUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const crdOf = (kind: string) => `${kind}-crd.yaml`;
const bundledFile = (kind: string) => path.join(BUNDLED_DIR, `${kind}-argoproj.io-v1alpha1.json`);

describe('bundled Argo CD schemas', () => {
  it.skipIf(!available(SHARED_DIR, 'the Argo CD CRD provenance check'))('are generated from the CRDs in ../shared, byte for byte', () => {
    for (const vendored of ARGO_CD_CRDS) {
      expect(readFileSync(vendored, 'utf8'), vendored).toBe(readFileSync(path.join(SHARED_DIR, path.basename(vendored)), 'utf8'));
    }
  });

  it('judge documents as the imported CRDs do', () => {
    const objectMeta = objectMetaDefinitions(targetSchemas().registry.lookup('v1', 'ConfigMap')!.schema());
    const compiled = new Map<string, { imported: (d: unknown) => boolean; bundled: (d: unknown) => boolean }>();
    for (const kind of ['application', 'applicationset', 'appproject']) {
      const shared = path.join(SHARED_DIR, crdOf(kind));
      const crd = existsSync(shared) ? shared : ARGO_CD_CRDS.find((f) => f.endsWith(crdOf(kind)))!;
      compiled.set(kind, {
        imported: compileSchema(schemasOf(schemasFromCrd(parse(readFileSync(crd, 'utf8')), objectMeta))[0]!.schema),
        bundled: compileSchema(JSON.parse(readFileSync(bundledFile(kind), 'utf8')) as JsonSchema),
      });
    }
    for (const [name, kind, document, valid] of CASES) {
      const doc = withoutUndefined(document);
      expect(compiled.get(kind)!.bundled(doc), `bundled: ${name}`).toBe(valid);
      expect(compiled.get(kind)!.imported(doc), `imported: ${name}`).toBe(valid);
    }
  });

  it('write each repeated subtree once: the ApplicationSet schema is under 100 kB, not 2.9 MB', () => {
    expect(statSync(bundledFile('applicationset')).size).toBeLessThan(100_000);
    expect(statSync(bundledFile('application')).size).toBeLessThan(100_000);
  });

  it('are what render and validate use, with the field and a did-you-mean through a shared subtree', () => {
    const check = (document: unknown) =>
      validatePlannedFiles([{ path: 'app.yaml', content: JSON.stringify(withoutUndefined(document)), role: 'resource' }], { ...targetSchemas(), ignoreMissingSchemas: false }).map(
        (i) => `${i.path}: ${i.message}`,
      );
    expect(check(APPLICATION)).toEqual([]);
    expect(check(CASES[1]![2])).toEqual(['spec.syncPolicy.automated.prune: expected boolean, got string "yes"']);
    expect(check(CASES[5]![2])).toEqual(['spec.sources[0].paht: unknown field "paht" (did you mean "path"?)']);
  });
});
