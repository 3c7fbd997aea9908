/**
 * apiLifecycle: served, deprecated, removed or not yet served, with the
 * removal minor and the replacement, on a small served table written here
 * and on the bundled one; and the typed List kinds of the bundled table.
 */
import { describe, expect, it } from 'vitest';
import { apiLifecycle, apiLifecycleMessage, compareVersionPriority, REMOVED_BEFORE_BUNDLED } from '../../src/validate/apiLifecycle.ts';
import { isServed, listItemKind, type ServedTable } from '../../src/schemas/servedTable.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';
import { bundledSchemas, servedTableOfBundle } from '../schemas/bundledVersions.ts';

const ALL = ['1.40', '1.41', '1.42', '1.43'];
const table: ServedTable = {
  versions: ALL,
  kinds: {
    'apps/v1/Deployment': ALL,
    'example.io/v1alpha1/Widget': ['1.40'],
    'example.io/v1beta1/Widget': ['1.40', '1.41'],
    'example.io/v1/Widget': ['1.41', '1.42', '1.43'],
    'example.io/v2beta1/Widget': ['1.42', '1.43'],
    'example.io/v1/Gauge': ['1.42', '1.43'],
    'v1/Legacy': ALL,
  },
  lists: { 'apps/v1/DeploymentList': { item: 'apps/v1/Deployment', versions: ALL } },
  deprecations: { 'v1/Legacy': { versions: ['1.42', '1.43'], note: 'Deprecated: This API is deprecated in v1.42+.' } },
};

describe('apiLifecycle on a served table', () => {
  it('says served for what the target serves and nothing later drops', () => {
    expect(apiLifecycle(table, 'apps/v1', 'Deployment', '1.43')).toEqual({ status: 'served' });
    expect(apiLifecycle(table, 'example.io/v1', 'Widget', '1.41')).toEqual({ status: 'served' });
  });

  it('says removed, in the minor after the last that served it, with the newest served version of the group', () => {
    expect(apiLifecycle(table, 'example.io/v1beta1', 'Widget', '1.42')).toEqual({ status: 'removed', removedIn: '1.42', source: 'bundled', replacement: 'example.io/v1' });
    expect(apiLifecycle(table, 'example.io/v1alpha1', 'Widget', '1.43')).toEqual({ status: 'removed', removedIn: '1.41', source: 'bundled', replacement: 'example.io/v1' });
  });

  it('says deprecated, naming the removal minor and the replacement, where the target serves a newer version and a later minor drops this one', () => {
    expect(apiLifecycle(table, 'example.io/v1beta1', 'Widget', '1.41')).toEqual({ status: 'deprecated', removedIn: '1.42', replacement: 'example.io/v1' });
    expect(apiLifecycle(table, 'example.io/v1alpha1', 'Widget', '1.40')).toEqual({ status: 'deprecated', removedIn: '1.41', replacement: 'example.io/v1beta1' });
  });

  it('does not call deprecated what a later minor drops while the target serves nothing newer of the kind', () => {
    expect(apiLifecycle(table, 'example.io/v1beta1', 'Widget', '1.40')).toEqual({ status: 'served' });
  });

  it('says deprecated, without a removal minor, where the kind\'s description says so', () => {
    expect(apiLifecycle(table, 'v1', 'Legacy', '1.41')).toEqual({ status: 'served' });
    expect(apiLifecycle(table, 'v1', 'Legacy', '1.42')).toEqual({ status: 'deprecated', note: 'Deprecated: This API is deprecated in v1.42+.' });
  });

  it('says not yet served where only a later minor serves it', () => {
    expect(apiLifecycle(table, 'example.io/v1', 'Gauge', '1.41')).toEqual({ status: 'not-yet-served', servedFrom: '1.42' });
  });

  it('knows nothing of other kinds, nor of a minor that is not bundled', () => {
    expect(apiLifecycle(table, 'example.io/v1', 'Nonsense', '1.41')).toEqual({ status: 'unknown' });
    expect(apiLifecycle(table, 'apps/v1', 'Deployment', '1.99')).toEqual({ status: 'unknown' });
  });

  it('answers removals older than the table from the hand table, with the replacement the target serves', () => {
    expect(apiLifecycle(table, 'extensions/v1beta1', 'Deployment', '1.41')).toEqual({ status: 'removed', removedIn: '1.16', source: 'before-bundled', note: 'apps/v1 requires spec.selector', replacement: 'apps/v1' });
    expect(apiLifecycle(table, 'extensions/v1beta1', 'NetworkPolicy', '1.41')).toEqual({ status: 'removed', removedIn: '1.16', source: 'before-bundled' });
    expect(apiLifecycle(table, 'policy/v1beta1', 'PodSecurityPolicy', '1.41')).toMatchObject({ status: 'removed', removedIn: '1.25', note: expect.stringContaining('Pod Security Admission') });
  });

  it('writes one line for each status that needs one', () => {
    const message = (apiVersion: string, kind: string, target: string) => apiLifecycleMessage(apiVersion, kind, apiLifecycle(table, apiVersion, kind, target), target);
    expect(message('example.io/v1beta1', 'Widget', '1.42')).toBe('example.io/v1beta1 Widget was removed in 1.42: use example.io/v1');
    expect(message('example.io/v1beta1', 'Widget', '1.41')).toBe('example.io/v1beta1 Widget is deprecated and removed in 1.42 (1.41 still serves it): use example.io/v1');
    expect(message('v1', 'Legacy', '1.43')).toBe('v1 Legacy is deprecated (This API is deprecated in v1.42+.)');
    expect(message('example.io/v1', 'Gauge', '1.40')).toBe('example.io/v1 Gauge is not served by Kubernetes 1.40: it is served from 1.42');
    expect(message('apps/v1', 'Deployment', '1.40')).toBeUndefined();
  });
});

describe('compareVersionPriority', () => {
  it('orders alpha before beta before GA, each by number', () => {
    const sorted = ['v1', 'v2beta1', 'v1alpha1', 'v1beta2', 'v2', 'v1beta1', 'v1alpha2', 'foo'].sort(compareVersionPriority);
    expect(sorted).toEqual(['foo', 'v1alpha1', 'v1alpha2', 'v1beta1', 'v1beta2', 'v2beta1', 'v1', 'v2']);
  });
});

describe('the bundled served table', () => {
  const served = servedTableOfBundle();
  const message = (apiVersion: string, kind: string, target: string) => apiLifecycleMessage(apiVersion, kind, apiLifecycle(served, apiVersion, kind, target), target);

  it('has flowcontrol v1beta3 FlowSchema deprecated in 1.30 and 1.31 and removed in 1.32, replaced by v1', () => {
    expect(message('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32')).toBe(
      'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in 1.32: use flowcontrol.apiserver.k8s.io/v1',
    );
    expect(message('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', '1.36')).toBe(
      'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration was removed in 1.32: use flowcontrol.apiserver.k8s.io/v1',
    );
    for (const target of ['1.30', '1.31']) {
      expect(apiLifecycle(served, 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', target)).toEqual({ status: 'deprecated', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' });
    }
  });

  it('reads deprecations from the descriptions: Endpoints from 1.33, ComponentStatus throughout', () => {
    expect(apiLifecycle(served, 'v1', 'Endpoints', '1.32')).toEqual({ status: 'served' });
    expect(message('v1', 'Endpoints', '1.33')).toBe('v1 Endpoints is deprecated (This API is deprecated in v1.33+. Use discoveryv1.EndpointSlice.)');
    expect(apiLifecycle(served, 'v1', 'ComponentStatus', '1.36')).toMatchObject({ status: 'deprecated', note: expect.stringContaining('v1.19+') });
  });

  it('calls an alpha that goes without a successor served by the target neither deprecated nor anything else', () => {
    expect(apiLifecycle(served, 'resource.k8s.io/v1alpha2', 'ResourceClass', '1.30')).toEqual({ status: 'served' });
    expect(apiLifecycle(served, 'storage.k8s.io/v1alpha1', 'VolumeAttributesClass', '1.30')).toEqual({ status: 'served' });
    expect(apiLifecycle(served, 'storage.k8s.io/v1alpha1', 'VolumeAttributesClass', '1.31')).toEqual({ status: 'deprecated', removedIn: '1.35', replacement: 'storage.k8s.io/v1beta1' });
  });

  it('answers alpha and beta versions the bundled minors dropped, and kinds that came later', () => {
    expect(message('resource.k8s.io/v1alpha2', 'ResourceClass', '1.31')).toBe('resource.k8s.io/v1alpha2 ResourceClass was removed in 1.31');
    expect(message('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy', '1.34')).toBe(
      'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy was removed in 1.34: use admissionregistration.k8s.io/v1',
    );
    expect(message('resource.k8s.io/v1', 'DeviceClass', '1.33')).toBe('resource.k8s.io/v1 DeviceClass is not served by Kubernetes 1.33: it is served from 1.34');
  });

  it('answers removals before 1.30 with a replacement the target serves, also from a successor group', () => {
    expect(message('extensions/v1beta1', 'Deployment', '1.30')).toBe('extensions/v1beta1 Deployment was removed in 1.16 (apps/v1 requires spec.selector): use apps/v1');
    expect(message('extensions/v1beta1', 'Ingress', '1.36')).toBe('extensions/v1beta1 Ingress was removed in 1.22 (backends are written service.name/service.port in v1): use networking.k8s.io/v1');
    expect(message('batch/v1beta1', 'CronJob', '1.34')).toBe('batch/v1beta1 CronJob was removed in 1.25: use batch/v1');
  });

  it('keeps by hand only what no bundled minor serves', () => {
    for (const entry of REMOVED_BEFORE_BUNDLED) {
      const served_ = Object.keys(served.kinds).filter((key) => key.startsWith(`${entry.apiVersion}/`) && (entry.kinds === undefined || entry.kinds.includes(key.slice(entry.apiVersion.length + 1))));
      expect(served_, entry.apiVersion).toEqual([]);
    }
  });

  it('finds the typed List kinds each minor serves, with their items', () => {
    for (const version of served.versions) {
      expect(listItemKind(served, 'rbac.authorization.k8s.io/v1', 'RoleList', version)).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' });
      expect(listItemKind(served, 'rbac.authorization.k8s.io/v1', 'RoleBindingList', version)).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' });
      expect(listItemKind(served, 'v1', 'ConfigMapList', version)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
      expect(listItemKind(served, 'apps/v1', 'DeploymentList', version)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    }
    expect(listItemKind(served, 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchemaList', '1.31')).toEqual({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema' });
    expect(listItemKind(served, 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchemaList', '1.32')).toBeUndefined();
    expect(listItemKind(served, 'v1', 'List', '1.30')).toBeUndefined();
    expect(listItemKind(served, 'apps/v1', 'Deployment', '1.30')).toBeUndefined();
    expect(Object.keys(served.lists).length).toBeGreaterThan(80);
  });

  it('serves pod-level resources from 1.32: an unknown field in 1.30 and 1.31, accepted from 1.32 on', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { resources: { limits: { cpu: '1', memory: '1Gi' } }, containers: [{ name: 'c', image: 'busybox' }] } };
    const verdicts = servedTableOfBundle().versions.map((version) => {
      expect(isServed(served, 'v1', 'Pod', version)).toBe(true);
      return [version, compileSchema(bundledSchemas(version).get('v1/Pod')!)(pod)];
    });
    expect(Object.fromEntries(verdicts)).toEqual({ '1.30': false, '1.31': false, '1.32': true, '1.33': true, '1.34': true, '1.35': true, '1.36': true });
  });
});
