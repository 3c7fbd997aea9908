/**
 * What the workload and production features render, read from the plan of the
 * golden examples (no disk written): the autoscaled app writes no replica count
 * anywhere, the Istio sidecar keeps the pod QoS Guaranteed, and the three
 * workload templates print the same container.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkAppSpec } from '../../src/appSpec/check.ts';
import { loadSkeletons, skeletonDirs } from '../../src/io/skeletonFolders.ts';
import { planSpecTexts } from '../../src/pipeline/appPlans.ts';
import { checkSkeletons } from '../../src/pipeline/skeletons.ts';
import { skeletonSamples } from '../../src/render/skeletonSamples.ts';
import type { AppPlan } from '../../src/render/plan.ts';
import { sameQuantity } from '../../src/vocabulary/quantity.ts';
import { EXAMPLES, PROJECT_ROOT } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';

function plan(app: string, edit: (text: string) => string = (t) => t): AppPlan {
  const specPath = `apps/${app}/app.yaml`;
  const text = edit(readFileSync(join(EXAMPLES, specPath), 'utf8'));
  const planned = planSpecTexts(EXAMPLES, [{ specPath, text }], skeletonDirs([]));
  expect(planned.issues).toEqual([]);
  return planned.plans[0]!;
}

/** The generated files of a plan under a folder of the app (`base`, `overlays/production`), by file name. */
function filesIn(planned: AppPlan, folder: string): Record<string, string> {
  const prefix = `${planned.appDir}/${folder}/`;
  return Object.fromEntries(planned.files.filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('/')).map((f) => [f.path.slice(prefix.length), f.content]));
}

const document = (content: string) => parse(content) as Record<string, any>;

describe('an autoscaled app', () => {
  const storefront = plan('storefront');

  it('writes no replica count in the base or the autoscaled overlay: the HorizontalPodAutoscaler owns it', () => {
    const written = { ...filesIn(storefront, 'base'), ...filesIn(storefront, 'overlays/production') };
    expect(Object.keys(written)).toContain('horizontalpodautoscaler.yaml');
    for (const [file, content] of Object.entries(written)) {
      expect(content, file).not.toMatch(/^\s*replicas:/m);
      expect(content, file).not.toMatch(/^\s*count:/m);
    }
    const hpa = document(filesIn(storefront, 'overlays/production')['horizontalpodautoscaler.yaml']!);
    expect(hpa.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: 'storefront' }, minReplicas: 3, maxReplicas: 20 });
  });

  it('sets replicas in an environment that turns autoscaling off', () => {
    // The same check on alpha finds the count, so the one above can fail.
    const alpha = filesIn(storefront, 'overlays/alpha');
    expect(alpha['kustomization.yaml']).toMatch(/^replicas:\n {2}- name: storefront\n {4}count: 1$/m);
    expect(alpha['horizontalpodautoscaler.yaml']).toBeUndefined();
  });
});

describe('the Istio sidecar', () => {
  const podTemplate = (planned: AppPlan, file: string, path: string[]) => path.reduce((node: any, key) => node[key], document(filesIn(planned, 'base')[file]!));

  it('labels the pod for injection and gives the proxy equal requests and limits', () => {
    const metadata = podTemplate(plan('storefront'), 'deployment.yaml', ['spec', 'template', 'metadata']);
    expect(metadata.labels['sidecar.istio.io/inject']).toBe('true');
    const a = metadata.annotations;
    expect([a['sidecar.istio.io/proxyCPU'], a['sidecar.istio.io/proxyMemory']]).toEqual(['200m', '256Mi']);
    expect(sameQuantity(a['sidecar.istio.io/proxyCPU'], a['sidecar.istio.io/proxyCPULimit'])).toBe(true);
    expect(sameQuantity(a['sidecar.istio.io/proxyMemory'], a['sidecar.istio.io/proxyMemoryLimit'])).toBe(true);
  });

  it('uses the documented default, 100m and 128Mi, when the spec gives no proxy resources', () => {
    const metadata = podTemplate(plan('report-mailer'), 'cronjob.yaml', ['spec', 'jobTemplate', 'spec', 'template', 'metadata']);
    expect(metadata.labels['sidecar.istio.io/inject']).toBe('true');
    const a = metadata.annotations;
    expect([a['sidecar.istio.io/proxyCPU'], a['sidecar.istio.io/proxyCPULimit'], a['sidecar.istio.io/proxyMemory'], a['sidecar.istio.io/proxyMemoryLimit']]).toEqual(['100m', '100m', '128Mi', '128Mi']);
  });

  it('labels a pod that must not be injected, and leaves an app without spec.istio as it was', () => {
    const off = podTemplate(plan('storefront', (t) => t.replace('istio: {sidecar: true, proxy: {cpu: 200m, memory: 256Mi}}', 'istio: {sidecar: false}')), 'deployment.yaml', ['spec', 'template', 'metadata']);
    expect(off.labels['sidecar.istio.io/inject']).toBe('false');
    expect(off.annotations).toBeUndefined();
    const none = podTemplate(plan('checkout'), 'deployment.yaml', ['spec', 'template', 'metadata']);
    expect(Object.keys(none.labels)).toEqual(['app.kubernetes.io/name', 'app.kubernetes.io/managed-by']);
  });
});

describe('the web Service', () => {
  it('listens on port 80 unless spec.servicePort says, always targeting the container port by its name', () => {
    const service = (edit?: (t: string) => string) => document(filesIn(plan('storefront', edit), 'base')['service.yaml']!).spec.ports;
    expect(service()).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(service((t) => t.replace('  port: 8080\n', '  port: 8080\n  servicePort: 9555\n'))).toEqual([{ name: 'http', port: 9555, targetPort: 'http', protocol: 'TCP' }]);
  });

  it('is a field of skeletons with a Service only', () => {
    const spec = (skeleton: string) => ({ apiVersion: 'scaffold/v1alpha1' as const, kind: 'App' as const, metadata: { name: 'a' }, spec: { skeleton, namespace: 'n', image: 'r/a', port: 8080, servicePort: 81, resources: { cpu: 1, memory: '1Gi' }, environments: { production: { imageTag: 'v1' } } } });
    const skeletons = loadSkeletons(skeletonDirs([])).skeletons.map((s) => ({ name: s.name, fields: s.fields, workload: s.workload }));
    expect(checkAppSpec(spec('web'), { skeletons })).toEqual([]);
    expect(checkAppSpec(spec('daemonset'), { skeletons }).map((i) => `${i.path}: ${i.message}`)).toEqual(['spec.servicePort: not used by the daemonset skeleton; remove it']);
  });
});

describe('the workload templates', () => {
  it('print the same container for a Deployment, a DaemonSet and a CronJob', () => {
    // One spec through the three skeletons; what only one workload has is left out.
    const spec = readFileSync(join(EXAMPLES, 'apps/report-mailer/app.yaml'), 'utf8');
    const asWorkload = (skeleton: string) =>
      spec
        .replace('skeleton: cronjob', `skeleton: ${skeleton}`)
        .replace(skeleton === 'cronjob' ? /^$/ : /^ {2}(schedule|timeZone|concurrencyPolicy|activeDeadlineSeconds|backoffLimit):.*\n/gm, '')
        .replace(skeleton === 'cronjob' ? /^$/ : /^ {6}(schedule|suspend):.*\n/gm, '');
    const containerOf = (skeleton: string, file: string, path: string[]) =>
      path.reduce((node: any, key) => node[key], document(filesIn(plan('report-mailer', () => asWorkload(skeleton)), 'base')[file]!)).containers[0];
    const deployment = containerOf('worker', 'deployment.yaml', ['spec', 'template', 'spec']);
    expect(containerOf('daemonset', 'daemonset.yaml', ['spec', 'template', 'spec'])).toEqual(deployment);
    expect(containerOf('cronjob', 'cronjob.yaml', ['spec', 'jobTemplate', 'spec', 'template', 'spec'])).toEqual(deployment);
    expect(deployment).toMatchObject({ name: 'report-mailer', envFrom: [{ secretRef: { name: 'report-mailer' } }], resources: { limits: { cpu: '1', memory: '2Gi' } } });
  });
});

describe('a node agent', () => {
  const annotationsOf = (planned: AppPlan) => document(filesIn(planned, 'base')['daemonset.yaml']!).metadata.annotations ?? {};

  it('exempts its DaemonSet from pod-security-restricted, naming spec.hostPaths, only when it mounts host paths', () => {
    const annotations = annotationsOf(plan('log-agent'));
    expect(Object.keys(annotations)).toEqual(['ignore-check.scaffold.dev/pod-security-restricted']);
    expect(annotations['ignore-check.scaffold.dev/pod-security-restricted']).toMatch(/^spec\.hostPaths mounts host folders as hostPath volumes, which Pod Security baseline and restricted forbid/);
    expect(annotationsOf(plan('log-agent', (t) => t.replace(/^ {2}hostPaths:\n(?: {4}.*\n)+/m, '')))).toEqual({});
  });
});

describe('the samples of scaffold skeletons check', () => {
  const { skeletons } = loadSkeletons([join(PROJECT_ROOT, 'skeletons')]);
  const contracts = skeletons.map((s) => ({ name: s.name, fields: s.fields, workload: s.workload }));

  it('are valid apps of each built-in skeleton, with the features of its workload set', () => {
    for (const skeleton of contracts) {
      for (const { label, loaded } of skeletonSamples(skeleton)) {
        expect(checkAppSpec(loaded.spec, { skeletons: contracts }).filter((i) => i.severity === 'error'), `${skeleton.name}, ${label}`).toEqual([]);
      }
    }
  });

  it('render and validate for every built-in skeleton', () => {
    const checked = checkSkeletons({ root: tempDir('scaffold-samples-'), cwd: PROJECT_ROOT, skeletonDirs: [], dir: join(PROJECT_ROOT, 'skeletons'), schemaDirs: [], ignoreMissingSchemas: false });
    expect(checked.issues).toEqual([]);
    expect(checked.result?.skeletons).toEqual(['cronjob', 'daemonset', 'web', 'worker']);
  });
});
