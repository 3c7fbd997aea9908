/** The residual patches, the choice of what belongs to an app, the spec of several environments. */
import { describe, expect, it } from 'vitest';
import { foldViews } from '../../src/adopt/fold.ts';
import type { SourceObject } from '../../src/adopt/objects.ts';
import { addResidual, type PatchDocuments } from '../../src/adopt/residual.ts';
import { selectApp } from '../../src/adopt/select.ts';
import type { Difference, Step } from '../../src/adopt/semanticDiff.ts';
import { splitImage, type SpecView } from '../../src/adopt/toSpec.ts';

const POD: Step[] = ['spec', 'template', 'spec'];
const APP: Step[] = [...POD, 'containers', { keys: { name: 'web' } }];
const object = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' };
const original = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      spec: {
        containers: [{ name: 'web', ports: [{ containerPort: 7000, name: 'grpc' }], resources: { limits: { cpu: '1', memory: '1Gi' } } }],
        initContainers: [{ name: 'wait', image: 'busybox' }],
      },
    },
  },
};
const residual = (diffs: Omit<Difference, 'object'>[]) => {
  const patches: PatchDocuments = new Map();
  const outcome = addResidual(diffs.map((d) => ({ object, ...d })), () => structuredClone(original), patches, { cpu: '1', memory: '1Gi' });
  return { outcome, patch: patches.get('Deployment/web') };
};

describe('residual patches', () => {
  it('set a removed or changed value back, naming list elements by every merge key', () => {
    const { patch, outcome } = residual([
      { path: ['metadata', 'labels', 'app'], op: 'removed', from: 'web' },
      { path: [...APP, 'ports', { keys: { containerPort: 7000, protocol: 'TCP' } }, 'name'], op: 'changed', from: 'grpc', to: 'http' },
    ]);
    expect(outcome).toEqual({ changed: true, missing: [], refused: [] });
    expect(patch).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: { template: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 7000, protocol: 'TCP', name: 'grpc' }] }] } } },
    });
  });

  it('take a map back whole where the skeleton added a key (a selector never changes)', () => {
    const { patch } = residual([{ path: ['spec', 'selector', 'matchLabels', 'app.kubernetes.io/name'], op: 'added', to: 'web' }]);
    expect(patch!.spec).toEqual({ selector: { matchLabels: { $patch: 'replace', app: 'web' } } });
  });

  it('take a keyed list back whole where the skeleton added an element', () => {
    const { patch } = residual([{ path: [...APP, 'ports', { keys: { containerPort: 80, protocol: 'TCP' } }], op: 'added', to: { containerPort: 80 } }]);
    expect(patch!.spec).toEqual({ template: { spec: { containers: [{ name: 'web', ports: [{ $patch: 'replace' }, { containerPort: 7000, name: 'grpc' }] }] } } });
  });

  it('give an init container without resources the app container\'s, requests equal to limits, and restricted\'s security settings', () => {
    const { patch } = residual([{ path: [...POD, 'initContainers'], op: 'removed', from: original.spec.template.spec.initContainers }]);
    expect((patch!.spec as any).template.spec.initContainers).toEqual([
      { name: 'wait', image: 'busybox', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ]);
  });

  it("keep what a container they add says of its security, restricted's settings only where it says nothing", () => {
    const init = { name: 'wait', image: 'busybox', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } };
    const { patch } = residual([{ path: [...POD, 'initContainers'], op: 'removed', from: [init] }]);
    expect((patch!.spec as any).template.spec.initContainers[0].securityContext).toEqual({ privileged: true, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } });
    const dropping = { ...init, securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['NET_RAW'] } } };
    const kept = residual([{ path: [...POD, 'initContainers'], op: 'removed', from: [dropping] }]);
    expect((kept.patch!.spec as any).template.spec.initContainers[0].securityContext).toEqual(dropping.securityContext);
  });

  it('refuse what no patch takes back: a field of the container, an object the overlay adds', () => {
    const { outcome } = residual([
      { path: [...APP, 'workingDir'], op: 'added', to: '/app' },
      { path: [], op: 'added', to: {} },
    ]);
    expect(outcome.refused.map((r) => r.reason)).toEqual([
      'the skeleton sets workingDir on the container, and a patch cannot take a field of it back',
      'the overlay adds this object, which the original set did not have, and a patch cannot remove an object',
    ]);
  });

  it('report an original the overlay lacks, to be added as a resource of the app', () => {
    const { outcome } = residual([{ path: [], op: 'removed', from: original }]);
    expect(outcome.missing).toEqual([original]);
  });
});

const source = (value: Record<string, unknown>, line: number): SourceObject => ({ value, file: 'in.yaml', line });
const workload = (name: string, labels: Record<string, string>, sa?: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { template: { metadata: { labels }, spec: { ...(sa ? { serviceAccountName: sa } : {}), containers: [{ name, image: name }] } } },
});

describe('selectApp', () => {
  const set = [
    source(workload('api', { app: 'api' }, 'api'), 1),
    source(workload('cache', { app: 'cache' }), 2),
    source({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api' } } }, 3),
    source({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'cache' }, spec: { selector: { app: 'cache' } } }, 4),
    source({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api' } }, 5),
    source({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, 6),
  ];

  it('takes the named workload and what belongs to it; the rest is left out, each with its workload', () => {
    const { selection, problems } = selectApp(set, 'api');
    expect(problems).toEqual([]);
    expect(selection!.related.map((o) => o.line)).toEqual([3, 5]);
    expect(selection!.leftOut.map((l) => [l.object.line, l.reason, l.workload])).toEqual([
      [2, 'another workload', 'cache'],
      [4, 'belongs to Deployment/cache', 'cache'],
      [6, 'not namespaced: no app owns it', undefined],
    ]);
  });

  it('refuses a name no workload has, a name two have, and a kind no skeleton runs', () => {
    expect(selectApp(set, 'web').problems[0]!.message).toMatch(/^no workload named web among the inputs, which hold Deployment\/api, Deployment\/cache/);
    expect(selectApp([...set, source({ ...workload('api', { app: 'x' }), kind: 'DaemonSet' }, 7)], 'api').problems).toHaveLength(2);
    expect(selectApp([source({ ...workload('db', { app: 'db' }), kind: 'StatefulSet' }, 1)], 'db').problems[0]!.message).toMatch(/^StatefulSet is not adopted: no skeleton runs one/);
  });
});

describe('splitImage', () => {
  it.each([
    ['web', 'web', 'latest'],
    ['registry:5000/team/web:1.2', 'registry:5000/team/web', '1.2'],
    [`web@sha256:${'a'.repeat(64)}`, 'web', `sha256:${'a'.repeat(64)}`],
    [`web:1@sha256:${'a'.repeat(64)}`, 'web', `sha256:${'a'.repeat(64)}`],
  ])('%s', (image, repository, tag) => {
    expect(splitImage(image)).toEqual({ repository, tag });
  });
});

describe('foldViews', () => {
  const view = (over: Partial<SpecView>): SpecView => ({ skeleton: 'worker', namespace: 'shop', image: 'r/web', imageTag: 'v1', resources: { cpu: '1', memory: '1Gi' }, env: { A: '1', B: '2' }, ...over });

  it('puts what every environment says alike in spec, and the rest in each environment', () => {
    const app = foldViews('web', [
      { env: 'alpha', view: view({ imageTag: 'v2', env: { A: '1', B: 'x' }, resources: { cpu: '500m', memory: '1Gi' }, secrets: { store: { kind: 'ClusterSecretStore', name: 's' }, refreshInterval: '1h', keys: { K: '/alpha/web/k' } } }) },
      { env: 'beta', view: view({ secrets: { store: { kind: 'ClusterSecretStore', name: 's' }, refreshInterval: '1h', keys: { K: '/beta/web/k' } } }) },
      { env: 'production', view: view({ replicas: 3, secrets: { store: { kind: 'ClusterSecretStore', name: 's' }, refreshInterval: '1h', keys: { K: '/production/web/k' } } }) },
    ]);
    expect(app.spec).toMatchObject({ resources: { cpu: '1', memory: '1Gi' }, env: { A: '1' }, secrets: { keys: { K: 'k' } } });
    expect(app.spec.environments).toEqual({
      alpha: { imageTag: 'v2', secretsPath: '/alpha/web', resources: { cpu: '500m' }, env: { B: 'x' } },
      beta: { imageTag: 'v1', secretsPath: '/beta/web', env: { B: '2' } },
      production: { imageTag: 'v1', secretsPath: '/production/web', replicas: 3, env: { B: '2' } },
    });
  });
});
