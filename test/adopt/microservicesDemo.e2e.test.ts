/**
 * Done means (issue 20): every service of Google's microservices-demo (../shared/realworld)
 * adopts into one gitops root, renders current, builds with `kubectl kustomize` with
 * nothing on stderr, validates with every policy on, and its diff report names only
 * intended changes. Independently of that report, the built objects are checked to keep
 * what the originals said: selectors, Service ports, probes, env, volumes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { available, REALWORLD_DIR } from '../support/paths.ts';
import { tempCopy } from '../support/tree.ts';

const MANIFESTS = path.join(REALWORLD_DIR, 'microservices-demo/kubernetes-manifests');
const KUSTOMIZE_ROOT = path.join(REALWORLD_DIR, 'microservices-demo/kustomize');
const haveDemo = available(MANIFESTS, 'adopting microservices-demo');

/** Each workload and the file it is in (cartservice.yaml holds redis-cart too). */
const WORKLOADS: [string, string][] = [
  ['adservice', 'adservice.yaml'],
  ['cartservice', 'cartservice.yaml'],
  ['redis-cart', 'cartservice.yaml'],
  ['checkoutservice', 'checkoutservice.yaml'],
  ['currencyservice', 'currencyservice.yaml'],
  ['emailservice', 'emailservice.yaml'],
  ['frontend', 'frontend.yaml'],
  ['loadgenerator', 'loadgenerator.yaml'],
  ['paymentservice', 'paymentservice.yaml'],
  ['productcatalogservice', 'productcatalogservice.yaml'],
  ['recommendationservice', 'recommendationservice.yaml'],
  ['shippingservice', 'shippingservice.yaml'],
];

/** What adopting these may change, and nothing else. */
const INTENDED = new Set([
  'container-named-after-app',
  'labels-added',
  'namespace-set',
  'pod-security-restricted-default',
  'image-tag-made-explicit',
  'container-port-named',
  'qos-requests-raised-to-limits',
  'qos-init-container-resources',
  'replicas-made-explicit',
  'own-serviceaccount',
  'default-made-explicit',
]);

type K8s = Record<string, any>;
const objectsOf = (text: string): K8s[] => parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o !== null);
const find = (objects: K8s[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const byName = (list: K8s[] = []) => Object.fromEntries(list.map((e) => [e.name, e]));
/** A probe as the kubelet runs it: a port name resolved to its number. */
const resolved = (probe: K8s | undefined, ports: K8s[] = []) => {
  if (!probe) return probe;
  const copy = structuredClone(probe);
  for (const handler of ['httpGet', 'tcpSocket']) {
    if (typeof copy[handler]?.port === 'string') copy[handler].port = ports.find((p) => p.name === copy[handler].port)?.containerPort;
  }
  return copy;
};

describe.skipIf(!haveDemo || !HAS_KUBECTL)('adopting every service of microservices-demo', () => {
  const root = tempCopy(undefined, 'scaffold-adopt-demo-');
  const reports = new Map<string, K8s>();

  it.each(WORKLOADS)('%s adopts with only intended differences', (name, file) => {
    const r = runCli(['adopt', path.join(MANIFESTS, file), '--name', name, '--namespace', 'boutique', '--root', root, '-o', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.issues ?? []).toEqual([]);
    expect(r.code).toBe(0);
    const rules = new Set<string>(report.environments[0].objects.flatMap((o: K8s) => o.differences.map((d: K8s) => d.rule)));
    expect([...rules].filter((rule) => !INTENDED.has(rule))).toEqual([]);
    expect(rules.has('namespace-set') && rules.has('labels-added')).toBe(true);
    reports.set(name, report);
  });

  it('leaves the other workload of a file out, with the command that adopts it', () => {
    expect(reports.get('cartservice')!.leftOut.map((l: K8s) => [l.kind, l.name, l.adoptWith.replace(MANIFESTS, 'M')])).toEqual([
      ['Deployment', 'redis-cart', 'scaffold adopt M/cartservice.yaml --name redis-cart --namespace boutique'],
      ['Service', 'redis-cart', 'scaffold adopt M/cartservice.yaml --name redis-cart --namespace boutique'],
    ]);
  });

  it('every app renders current and validates, overlays included, with every policy on', () => {
    const check = runCli(['render', '--check', '--root', root]);
    expect(check.stdout).toContain('12 apps checked: every generated file is current');
    expect(check.code).toBe(0);
    const validated = runCli(['validate', '--summary', 'apps'], { cwd: root });
    expect(validated.stdout).toMatch(/Invalid: 0, Errors: 0/);
    expect(validated.code).toBe(0);
  });

  it.each(WORKLOADS)('%s: kubectl kustomize builds it, silently, keeping what the original objects said', (name, file) => {
    const built = kustomize(path.join(root, 'apps', name, 'overlays/production'));
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const objects = objectsOf(built.stdout);
    const builtFile = path.join(root, `${name}-built.yaml`);
    writeFileSync(builtFile, built.stdout);
    const validated = runCli(['validate', builtFile]);
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);

    const originals = objectsOf(readFileSync(path.join(MANIFESTS, file), 'utf8'));
    const deployment = find(originals, 'Deployment', name)!;
    const after = find(objects, 'Deployment', name)!;
    expect(after.metadata.namespace).toBe('boutique');
    // A selector never changes (the API server refuses it), nor do the labels it selects on.
    expect(after.spec.selector).toEqual(deployment.spec.selector);
    expect(after.spec.template.metadata.labels).toMatchObject(deployment.spec.template.metadata.labels);
    expect(after.spec.template.metadata.annotations).toEqual(deployment.spec.template.metadata.annotations);
    const pod = deployment.spec.template.spec;
    const builtPod = after.spec.template.spec;
    for (const field of ['terminationGracePeriodSeconds', 'volumes']) expect(builtPod[field]).toEqual(pod[field]);
    // Always is what Kubernetes gives a pod that says nothing: an explicit default may go.
    expect(builtPod.restartPolicy ?? 'Always').toBe(pod.restartPolicy ?? 'Always');
    expect(builtPod.securityContext).toEqual({ ...pod.securityContext, seccompProfile: { type: 'RuntimeDefault' } });
    expect(builtPod.serviceAccountName).toBe(pod.serviceAccountName ?? name);
    const [container] = pod.containers;
    const [app] = builtPod.containers;
    expect(builtPod.containers).toHaveLength(1);
    expect(app.name).toBe(name);
    expect(byName(app.env)).toEqual(byName(container.env));
    expect(app.volumeMounts).toEqual(container.volumeMounts);
    expect(app.securityContext).toEqual(container.securityContext);
    for (const probe of ['readinessProbe', 'livenessProbe']) expect(resolved(app[probe], app.ports)).toEqual(resolved(container[probe], container.ports));
    expect(app.ports?.map((p: K8s) => p.containerPort)).toEqual(container.ports?.map((p: K8s) => p.containerPort));
    expect(app.resources.limits).toEqual(container.resources.limits);
    expect(app.resources.requests).toEqual(container.resources.limits);
    for (const init of builtPod.initContainers ?? []) expect(init.resources.requests).toEqual(init.resources.limits);

    for (const service of originals.filter((o) => o.kind === 'Service' && Object.entries(o.spec.selector).every(([k, v]) => deployment.spec.template.metadata.labels[k] === v))) {
      const builtService = find(objects, 'Service', service.metadata.name)!;
      expect(builtService.spec.selector).toEqual(service.spec.selector);
      expect(builtService.spec.type ?? 'ClusterIP').toBe(service.spec.type ?? 'ClusterIP');
      const ports = (s: K8s, containerPorts: K8s[]) => s.spec.ports.map((p: K8s) => ({ name: p.name, port: p.port, target: typeof p.targetPort === 'string' ? containerPorts.find((c) => c.name === p.targetPort)?.containerPort : (p.targetPort ?? p.port) }));
      expect(ports(builtService, app.ports)).toEqual(ports(service, container.ports));
    }
  });

  it.skipIf(!available(KUSTOMIZE_ROOT, 'adopting from the microservices-demo Kustomize root'))('adopts from the Kustomize root as Kustomize builds it: the registry image and its tag', () => {
    const other = tempCopy(undefined, 'scaffold-adopt-kroot-');
    const r = runCli(['adopt', KUSTOMIZE_ROOT, '--name', 'adservice', '--namespace', 'boutique', '--root', other, '-o', 'json']);
    expect(JSON.parse(r.stdout).issues ?? []).toEqual([]);
    expect(r.code).toBe(0);
    const app = readFileSync(path.join(other, 'apps/adservice/app.yaml'), 'utf8');
    expect(app).toContain('image: us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/adservice\n');
    expect(app).toMatch(/production:\n\s+imageTag: v\d+\.\d+\.\d+\n/);
    // The other eleven workloads, with their Services and ServiceAccounts, are left out.
    // Read from what Kustomize built, not from the files below the root.
    expect(new Set(JSON.parse(r.stdout).leftOut.map((l: K8s) => l.file))).toEqual(new Set([`${KUSTOMIZE_ROOT} (built)`]));
    const leftOut = JSON.parse(r.stdout).leftOut.map((l: K8s) => `${l.kind}/${l.name}`);
    expect(leftOut).toHaveLength(32);
    expect(leftOut).toEqual(expect.arrayContaining(['Deployment/frontend', 'Service/frontend', 'Service/frontend-external', 'ServiceAccount/frontend']));
    expect(leftOut.filter((l: string) => l.endsWith('/adservice'))).toEqual([]);
  });
});
