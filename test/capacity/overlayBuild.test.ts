import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOverlay } from '../../src/validate/overlayBuild.ts';
import { workloadsFromDocuments } from '../../src/capacity/workloads.ts';
import { listAppSpecs } from '../../src/io/appSpecs.ts';
import { planApps } from '../../src/pipeline/appPlans.ts';
import { skeletonDirs } from '../../src/io/skeletonFolders.ts';
import type { PlannedFile } from '../../src/render/plan.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { targetSchemas } from '../support/schemas.ts';
import { tempDir } from '../support/tempDir.ts';

const { kubernetes } = targetSchemas();

const fixture = join(import.meta.dirname, 'fixtures/shop');
const rendered = planApps(fixture, listAppSpecs(fixture), skeletonDirs([]));
const cases = rendered.plans.flatMap((plan) => {
  const spec = rendered.specs.find((s) => s.specPath === plan.specPath)!;
  return Object.keys(spec.spec.spec.environments).map((env) => ({ app: plan.app, env, plan }));
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;
if (!haveKubectl) console.warn('kubectl not found: skipping the comparisons with `kubectl kustomize` (install kubectl to run them)');

describe('overlay built in memory from the render plan', () => {
  const out = tempDir('scaffold-capacity-');
  for (const plan of rendered.plans) {
    for (const f of plan.files) {
      mkdirSync(dirname(join(out, f.path)), { recursive: true });
      writeFileSync(join(out, f.path), f.content);
    }
  }

  it('renders the fixture without problems', () => {
    expect(rendered.issues).toEqual([]);
    expect(cases.map((c) => `${c.app}/${c.env}`)).toEqual(['checkout/alpha', 'checkout/production', 'mailer/alpha', 'mailer/production', 'mailer/staging']);
  });

  it.skipIf(!haveKubectl).each(cases)('$app/$env gives the same workloads as kubectl kustomize', ({ app, env, plan }) => {
    const overlay = `${plan.appDir}/overlays/${env}`;
    const ours = buildOverlay(plan.files, overlay);
    expect(ours.issues).toEqual([]);
    const text = execFileSync('kubectl', ['kustomize', join(out, overlay)], { encoding: 'utf8' });
    const judged = parseYamlStream(text, 'kubectl-kustomize.yaml').documents.map((d) => ({ file: 'kubectl', value: d.value }));
    const expected = workloadsFromDocuments(judged, kubernetes, () => app);
    const actual = workloadsFromDocuments(ours.documents, kubernetes, () => app);
    expect(expected.workloads.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });

  it('applies the environment resources and replicas', () => {
    const byCase = (app: string, env: string) => {
      const plan = rendered.plans.find((p) => p.app === app)!;
      return workloadsFromDocuments(buildOverlay(plan.files, `${plan.appDir}/overlays/${env}`).documents, kubernetes, () => app).workloads;
    };
    expect(byCase('mailer', 'alpha').map((w) => [w.replicas, w.pod.limits])).toEqual([[1, { cpuMillis: 1000, memoryBytes: 2 ** 30 }]]);
    expect(byCase('mailer', 'staging').map((w) => [w.replicas, w.pod.limits])).toEqual([[2, { cpuMillis: 1500, memoryBytes: 3 * 2 ** 30 }]]);
    expect(byCase('checkout', 'production').map((w) => [w.replicas, w.pod.limits])).toEqual([[3, { cpuMillis: 500, memoryBytes: 2 ** 30 }]]);
  });
});

describe('an overlay that does not build', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          resources: {limits: {cpu: "1", memory: 1Gi}}\n';
  const base: PlannedFile[] = [
    { path: 'apps/web/base/kustomization.yaml', content: 'resources: [deployment.yaml]\n', role: 'kustomization' },
    { path: 'apps/web/base/deployment.yaml', content: deployment, role: 'resource' },
  ];
  const overlay = (kustomization: string, extra: PlannedFile[] = []) => [...base, { path: 'apps/web/overlays/alpha/kustomization.yaml', content: kustomization, role: 'kustomization' as const }, ...extra];

  it('names a missing resource', () => {
    const { issues } = buildOverlay(overlay('resources: [../../base, ../../extra]\n'), 'apps/web/overlays/alpha');
    expect(issues).toEqual([
      {
        severity: 'error',
        rule: 'overlay',
        file: 'apps/web/overlays/alpha/kustomization.yaml',
        path: 'resources[1]',
        message: 'overlay does not build: resource "../../extra" (apps/web/extra) is neither a rendered file nor a folder with a kustomization.yaml',
      },
    ]);
  });

  it('names a patch whose target is not there', () => {
    const patch: PlannedFile = { path: 'apps/web/overlays/alpha/patch.yaml', content: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: webb\nspec: {}\n', role: 'patch' };
    const { issues } = buildOverlay(overlay('resources: [../../base]\npatches: [{path: patch.yaml}]\n', [patch]), 'apps/web/overlays/alpha');
    expect(issues[0]).toMatchObject({ file: 'apps/web/overlays/alpha/patch.yaml', message: 'overlay does not build: the patch targets Deployment/webb, which is not among the overlay\'s resources' });
  });

  it('names replicas for a workload that is not there', () => {
    const { issues } = buildOverlay(overlay('resources: [../../base]\nreplicas: [{name: wbe, count: 2}]\n'), 'apps/web/overlays/alpha');
    expect(issues[0]).toMatchObject({ path: 'replicas[0].name', message: 'overlay does not build: replicas names "wbe", but no Deployment, StatefulSet or ReplicaSet has that name' });
  });

  it('names a missing kustomization', () => {
    expect(buildOverlay(base, 'apps/web/overlays/prod').issues[0]).toMatchObject({ file: 'apps/web/overlays/prod/kustomization.yaml', message: 'overlay does not build: no kustomization.yaml in the rendered output' });
  });
});
