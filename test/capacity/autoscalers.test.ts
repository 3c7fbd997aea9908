import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAutoscalers } from '../../src/capacity/autoscalers.ts';
import { capacityReport } from '../../src/capacity/capacityReport.ts';
import { buildOverlay } from '../../src/validate/overlayBuild.ts';
import { workloadsFromDocuments, type ManifestDocument } from '../../src/capacity/workloads.ts';
import { skeletonDirs } from '../../src/io/skeletonFolders.ts';
import { planApps } from '../../src/pipeline/appPlans.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { HAS_KUBECTL } from '../support/kubectl.ts';
import { EXAMPLES } from '../support/paths.ts';
import { targetSchemas } from '../support/schemas.ts';
import { shippedInstanceType } from './instanceTypesData.ts';

const kubernetes = targetSchemas().kubernetes;
const MI = 2 ** 20;
const template = { spec: { containers: [{ name: 'app', resources: { limits: { cpu: '500m', memory: '1Gi' } } }] } };
const doc = (value: unknown): ManifestDocument => ({ file: 'rendered.yaml', value });
const deployment = (name: string, namespace?: string) => doc({ kind: 'Deployment', metadata: { name, ...(namespace ? { namespace } : {}) }, spec: { template } });
const hpa = (target: string, spec: Record<string, unknown>, namespace?: string) =>
  doc({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: target, ...(namespace ? { namespace } : {}) }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, ...spec } });

function scaled(documents: ManifestDocument[]) {
  const found = workloadsFromDocuments(documents, kubernetes);
  expect(found.issues).toEqual([]);
  return applyAutoscalers(found.workloads, documents);
}

describe('autoscaled workloads', () => {
  it('count maxReplicas pods, with minReplicas (default 1) as the floor; others are left as they are', () => {
    const { workloads, issues } = scaled([deployment('web', 'shop'), deployment('api'), hpa('web', { minReplicas: 3, maxReplicas: 20 }, 'shop'), hpa('api', { maxReplicas: 4 })]);
    expect(issues).toEqual([]);
    expect(workloads.map((w) => [w.name, w.replicas, w.minReplicas])).toEqual([
      ['web', 20, 3],
      ['api', 4, 1],
    ]);
    expect(scaled([deployment('web')]).workloads[0]).not.toHaveProperty('minReplicas');
  });

  it('match their target by kind, name and namespace, and say when it is not there', () => {
    const { workloads, issues } = scaled([deployment('web', 'shop'), hpa('web', { minReplicas: 2, maxReplicas: 5 }, 'other')]);
    expect(workloads[0]!.replicas).toBe(1);
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'HorizontalPodAutoscaler', name: 'web', path: 'spec.scaleTargetRef', message: 'scales Deployment/web, which is not among the manifests; not counted' }),
    ]);
  });

  it('refuse bounds that are not whole numbers', () => {
    const { issues } = scaled([deployment('web'), hpa('web', { minReplicas: 2, maxReplicas: '5' })]);
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', path: 'spec.maxReplicas', message: 'must be a whole number of pods, not "5"' })]);
  });

  it('are sized at the worst case, and the floor is reported beside it', () => {
    const { workloads } = scaled([deployment('web'), hpa('web', { minReplicas: 2, maxReplicas: 12 })]);
    const report = capacityReport('production', workloads, { instanceTypes: [shippedInstanceType('m5.xlarge')], headroomBasisPoints: 0, prices: { microDollarsPerHour: { 'm5.xlarge': 192000 } }, centiHours: 73000 });
    expect([report.total.cluster.pods, report.total.floor.pods]).toEqual([12, 2]);
    expect(report.total.floor.limits).toEqual({ cpuMillis: 1000, memoryBytes: 2048 * MI });
    const [m5] = report.instanceTypes;
    // 7 pods of 500m fit a node's 3.92 cpu: 12 pods need 2 nodes, 2 pods need 1.
    expect([m5!.nodes, m5!.nodesAtFloor]).toEqual([2, 1]);
    expect(m5!.monthlyCostCentsAtFloor! * 2).toBe(m5!.monthlyCostCents);
  });
});

describe('capacity of the golden storefront (autoscaled, with an Istio sidecar)', () => {
  const rendered = planApps(EXAMPLES, ['apps/storefront/app.yaml'], skeletonDirs([]));
  const plan = rendered.plans[0]!;
  const overlay = `${plan.appDir}/overlays/production`;
  const built = buildOverlay(plan.files, overlay);
  const extracted = workloadsFromDocuments(built.documents, kubernetes, () => plan.app);
  const ours = applyAutoscalers(extracted.workloads, built.documents);

  it('counts maxReplicas pods, each with the proxy added: 500m + 200m cpu, 1Gi + 256Mi', () => {
    expect([rendered.issues, built.issues, extracted.issues, ours.issues]).toEqual([[], [], [], []]);
    expect(ours.workloads).toEqual([
      {
        app: 'storefront',
        kind: 'Deployment',
        name: 'storefront',
        namespace: 'shop',
        replicas: 20,
        minReplicas: 3,
        perNode: false,
        pod: { requests: { cpuMillis: 700, memoryBytes: 1280 * MI }, limits: { cpuMillis: 700, memoryBytes: 1280 * MI } },
      },
    ]);
  });

  it.skipIf(!HAS_KUBECTL)('counts what kubectl kustomize builds the same way', () => {
    const text = execFileSync('kubectl', ['kustomize', join(EXAMPLES, overlay)], { encoding: 'utf8' });
    const documents = parseYamlStream(text, 'kubectl-kustomize.yaml').documents.map((d) => ({ file: 'kubectl', value: d.value }));
    const fromKustomize = applyAutoscalers(workloadsFromDocuments(documents, kubernetes, () => plan.app).workloads, documents);
    expect(fromKustomize).toEqual(ours);
  });
});
