/** The semantic diff: lists matched by their merge keys, quantities and named ports compared as Kubernetes reads them. */
import { describe, expect, it } from 'vitest';
import { formatSteps, semanticDiff } from '../../src/adopt/semanticDiff.ts';

const deployment = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { spec: { containers: [{ name: 'web', image: 'web:1', ...container }], ...extra } } },
});
const shown = (a: object, b: object) => semanticDiff([a as never], [b as never]).map((d) => `${d.op} ${formatSteps(d.path)}`);

describe('semanticDiff', () => {
  it('finds nothing between equal objects, whatever the order of keyed list elements', () => {
    const env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
    expect(shown(deployment({ env }), deployment({ env: [...env].reverse() }))).toEqual([]);
  });

  it('reports an env order change when a value refers to another variable', () => {
    const env = [{ name: 'A', value: '1' }, { name: 'B', value: '$(A)/x' }];
    expect(shown(deployment({ env }), deployment({ env: [...env].reverse() }))).toEqual(['changed spec.template.spec.containers[name=web].env']);
  });

  it('reports containers out of order: the kubelet starts them in order, kubectl defaults to the first', () => {
    const sidecar = { name: 'proxy', image: 'p:1' };
    const a = deployment({});
    (a.spec.template.spec.containers as unknown[]).push(sidecar);
    const b = deployment({});
    (b.spec.template.spec.containers as unknown[]).unshift(sidecar);
    expect(shown(a, b)).toEqual(['changed spec.template.spec.containers']);
  });

  it('matches container ports by number and protocol, TCP when not said', () => {
    expect(shown(deployment({ ports: [{ containerPort: 80 }] }), deployment({ ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }))).toEqual([
      'added spec.template.spec.containers[name=web].ports[containerPort=80,protocol=TCP].protocol',
      'added spec.template.spec.containers[name=web].ports[containerPort=80,protocol=TCP].name',
    ]);
    expect(shown(deployment({ ports: [{ containerPort: 53, protocol: 'UDP' }] }), deployment({ ports: [{ containerPort: 53 }] }))).toEqual([
      'removed spec.template.spec.containers[name=web].ports[containerPort=53,protocol=UDP]',
      'added spec.template.spec.containers[name=web].ports[containerPort=53,protocol=TCP]',
    ]);
  });

  it('compares quantities as numbers, and other values exactly', () => {
    expect(shown(deployment({ resources: { limits: { cpu: '0.5', memory: '1Gi' } } }), deployment({ resources: { limits: { cpu: '500m', memory: '1024Mi' } } }))).toEqual([]);
    expect(shown(deployment({ image: 'web:1' }), deployment({ image: 'web:2' }))).toEqual(['changed spec.template.spec.containers[name=web].image']);
    expect(shown(deployment({ args: ['a', 'b'] }), deployment({ args: ['b', 'a'] }))).toEqual(['changed spec.template.spec.containers[name=web].args']);
  });

  it('takes a port given by name for the number it names, on each side', () => {
    const probe = (port: unknown) => ({ readinessProbe: { httpGet: { path: '/', port } } });
    expect(shown(deployment({ ports: [{ containerPort: 8080 }], ...probe(8080) }), deployment({ ports: [{ containerPort: 8080, name: 'http' }], ...probe('http') }))).toEqual([
      'added spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP].name',
    ]);
    // A name the built pod does not have names nothing.
    expect(shown(deployment({ ports: [{ containerPort: 8080 }], ...probe(8080) }), deployment({ ports: [{ containerPort: 8080 }], ...probe('http') }))).toEqual([
      'changed spec.template.spec.containers[name=web].readinessProbe.httpGet.port',
    ]);
  });

  it('pairs objects by group, kind, namespace and name, an original without a namespace in the one it is applied to', () => {
    const original = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } };
    const built = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' } };
    expect(semanticDiff([original], [built], 'shop').map((d) => `${d.op} ${formatSteps(d.path)}`)).toEqual(['added metadata.namespace']);
    expect(semanticDiff([original], [built], 'other').map((d) => `${d.op} ${d.object.kind}/${d.object.namespace ?? '-'}`)).toEqual(['removed Service/-', 'added Service/shop']);
  });
});
