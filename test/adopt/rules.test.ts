/** The intended rules, one case each, and what none of them intends. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/paths.ts';
import { classify, INTENDED_RULES, MIGRATION_RULES, type RuleContext } from '../../src/adopt/rules.ts';
import type { Difference, Step } from '../../src/adopt/semanticDiff.ts';

const POD: Step[] = ['spec', 'template', 'spec'];
const APP: Step[] = [...POD, 'containers', { keys: { name: 'web' } }];
const object = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' };
const built = { spec: { template: { spec: { containers: [{ name: 'web', image: 'web:latest', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }], resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } }] } } } };
const original = { spec: { template: { spec: { containers: [{ name: 'web', image: 'web', resources: { requests: { cpu: '1', memory: '1Gi' } } }] } } } };
const ctx: RuleContext = { app: 'web', namespace: 'shop', built: () => built, original: () => original, migrationAdded: new Set(['SecretStore/aws-parameterstore-us-east-1']), istio: true, autoscaled: true, deadline: 600, ingress: true };

const rule = (d: Omit<Difference, 'object'> & { object?: Difference['object'] }) => {
  const classified = classify({ object, ...d }, ctx);
  return classified.length === 1 ? classified[0]!.rule : classified.map((c) => c.rule);
};

describe('intended rules', () => {
  it.each([
    ['namespace-set', { path: ['metadata', 'namespace'], op: 'added', to: 'shop' }],
    ['labels-added', { path: ['metadata', 'labels'], op: 'added', to: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/managed-by': 'scaffold' } }],
    ['server-set-field-dropped', { path: ['metadata', 'resourceVersion'], op: 'removed', from: '42' }],
    ['image-tag-made-explicit', { path: [...APP, 'image'], op: 'changed', from: 'web', to: 'web:latest' }],
    ['image-pinned-by-digest', { path: [...APP, 'image'], op: 'changed', from: `web:1@sha256:${'a'.repeat(64)}`, to: `web@sha256:${'a'.repeat(64)}` }],
    ['container-port-named', { path: [...APP, 'ports', { keys: { containerPort: 80, protocol: 'TCP' } }, 'name'], op: 'added', to: 'http' }],
    ['qos-requests-raised-to-limits', { path: [...APP, 'resources', 'requests', 'cpu'], op: 'changed', from: '500m', to: '1' }],
    ['qos-limits-set-to-requests', { path: [...APP, 'resources', 'limits', 'memory'], op: 'added', to: '1Gi' }],
    ['qos-init-container-resources', { path: [...POD, 'initContainers', { keys: { name: 'wait' } }, 'resources'], op: 'added', to: { limits: { cpu: '1' } } }],
    ['pod-security-restricted-default', { path: [...POD, 'securityContext'], op: 'added', to: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } }],
    ['pod-security-exempted', { path: ['metadata', 'annotations', 'ignore-check.scaffold.dev/pod-security-restricted'], op: 'added', to: 'adopted keeping what the app needs: hostNetwork' }],
    ['pod-security-exempted', { path: ['metadata', 'annotations'], op: 'added', to: { 'ignore-check.scaffold.dev/pod-security-restricted': 'adopted keeping what the app needs: hostNetwork' } }],
    ['reloader-annotation', { path: ['metadata', 'annotations', 'secret.reloader.stakater.com/reload'], op: 'added', to: 'web' }],
    ['istio-proxy-resources', { path: ['spec', 'template', 'metadata', 'annotations', 'sidecar.istio.io/proxyCPU'], op: 'added', to: '100m' }],
    ['own-serviceaccount', { path: [...POD, 'serviceAccountName'], op: 'changed', from: 'default', to: 'web' }],
    ['replicas-made-explicit', { path: ['spec', 'replicas'], op: 'added', to: 1 }],
    ['replicas-left-to-autoscaler', { path: ['spec', 'replicas'], op: 'removed', from: 3 }],
    ['graceful-shutdown', { path: [...APP, 'lifecycle'], op: 'added', to: { preStop: { sleep: { seconds: 15 } } } }],
    ['job-deadline-set', { object: { ...object, kind: 'CronJob' }, path: ['spec', 'jobTemplate', 'spec', 'activeDeadlineSeconds'], op: 'added', to: 600 }],
    ['pdb-unhealthy-pods-evictable', { object: { ...object, kind: 'PodDisruptionBudget' }, path: ['spec', 'unhealthyPodEvictionPolicy'], op: 'added', to: 'AlwaysAllow' }],
    ['secret-store-added', { object: { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', name: 'aws-parameterstore-us-east-1' }, path: [], op: 'added', to: {} }],
    ['default-made-explicit', { path: [...APP, 'ports', { keys: { containerPort: 80, protocol: 'TCP' } }, 'protocol'], op: 'added', to: 'TCP' }],
    ['default-made-explicit', { path: [...POD, 'restartPolicy'], op: 'removed', from: 'Always' }],
    ['default-made-explicit', { path: [...APP, 'resources', 'requests'], op: 'added', to: { cpu: '1', memory: '1Gi' } }],
  ] as [string, Omit<Difference, 'object'>][])('%s', (id, d) => {
    expect(rule(d)).toBe(id);
  });

  it('splits a map added at once when its leaves have rules of their own', () => {
    expect(rule({ path: ['metadata', 'annotations'], op: 'added', to: { 'secret.reloader.stakater.com/reload': 'web', 'sidecar.istio.io/proxyCPU': '100m' } })).toEqual(['reloader-annotation', 'istio-proxy-resources']);
  });

  it.each([
    ['a label that is not scaffold\'s', { path: ['metadata', 'labels', 'team'], op: 'added', to: 'a' }],
    ['a selector label, even scaffold\'s', { path: ['spec', 'selector', 'matchLabels', 'app.kubernetes.io/name'], op: 'added', to: 'web' }],
    ['a label removed', { path: ['metadata', 'labels', 'app'], op: 'removed', from: 'web' }],
    ['a tag changed', { path: [...APP, 'image'], op: 'changed', from: 'web:1', to: 'web:2' }],
    ['requests raised above the limit', { path: [...APP, 'resources', 'requests', 'cpu'], op: 'changed', from: '500m', to: '2' }],
    ['a security value the pod set, changed', { path: [...POD, 'securityContext', 'runAsNonRoot'], op: 'changed', from: false, to: true }],
    ['a probe removed', { path: [...APP, 'readinessProbe'], op: 'removed', from: { grpc: { port: 80 } } }],
    ['a port renamed', { path: [...APP, 'ports', { keys: { containerPort: 80, protocol: 'TCP' } }, 'name'], op: 'changed', from: 'grpc', to: 'http' }],
    ['an object the overlay adds', { object: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }, path: [], op: 'added', to: {} }],
    ['a map with one leaf no rule explains', { path: ['metadata', 'annotations'], op: 'added', to: { 'secret.reloader.stakater.com/reload': 'web', other: 'x' } }],
    ['an exemption from another rule', { path: ['metadata', 'annotations', 'ignore-check.scaffold.dev/qos-guaranteed'], op: 'added', to: 'burst' }],
    ['the exemption removed', { path: ['metadata', 'annotations', 'ignore-check.scaffold.dev/pod-security-restricted'], op: 'removed', from: 'reviewed' }],
  ] as [string, Omit<Difference, 'object'>][])('nothing intends %s', (_what, d) => {
    expect(rule(d)).toBeUndefined();
  });

  it('the README lists every rule in its table, and no other', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- adopt-rules -->'), readme.indexOf('### Worked example: microservices-demo'));
    const listed = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...INTENDED_RULES, ...MIGRATION_RULES].map((r) => r.id).sort());
  });

  it('each rule has an id, a summary, and is listed once', () => {
    const ids = [...INTENDED_RULES, ...MIGRATION_RULES].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of [...INTENDED_RULES, ...MIGRATION_RULES]) expect(r.summary.length).toBeGreaterThan(20);
  });
});
