/**
 * `scaffold adopt` on apps written for the purpose (test/adopt/fixtures/): two
 * environments folded into one spec (IRSA, an External Secrets v1beta1 object,
 * resources and env per environment); a kubernetes-external-secrets object, an
 * autoscaler, a disruption budget, an Istio pod and a sidecar; a CronJob; a
 * DaemonSet that keeps what Pod Security forbids, exempted with the reason; and the refusals, after which
 * nothing is written. Each adopted app builds with kubectl kustomize, silently.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { adoptApp, type AdoptRequest } from '../../src/pipeline/adopt.ts';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { readTree, tempCopy } from '../support/tree.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'test/adopt/fixtures');
type K8s = Record<string, any>;

function newRoot(): string {
  return tempCopy(undefined, 'scaffold-adopt-');
}

function adopt(root: string, name: string, environments: AdoptRequest['environments'], extra: Partial<AdoptRequest> = {}) {
  return adoptApp({ root, cwd: FIXTURES, name, environments, skeletonDirs: [], force: false, processEnv: process.env, ...extra });
}

const spec = (root: string, name: string) => parse(readFileSync(path.join(root, 'apps', name, 'app.yaml'), 'utf8')) as K8s;
const rulesOf = (result: K8s, env = 0) => new Set<string>(result.environments[env].objects.flatMap((o: K8s) => o.differences.map((d: K8s) => d.rule)));
const built = (root: string, name: string, env: string) => {
  const r = kustomize(path.join(root, 'apps', name, 'overlays', env));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as K8s);
};

describe.skipIf(!HAS_KUBECTL)('scaffold adopt', () => {
  it('folds two environments into one spec: tags, replicas, resources, env, the role per account, secrets under each path', () => {
    const root = newRoot();
    const outcome = adopt(root, 'checkout', [
      { env: 'alpha', paths: ['checkout/alpha'] },
      { env: 'production', paths: ['checkout/production'] },
    ]);
    expect(outcome.issues).toEqual([]);
    const app = spec(root, 'checkout').spec;
    expect(app).toMatchObject({
      skeleton: 'web',
      namespace: 'shop',
      image: '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout',
      port: 8080,
      probes: { readiness: '/healthz' },
      resources: { cpu: '250m', memory: '512Mi' },
      env: { REGION: 'ap-northeast-2' },
      irsa: { roleName: 'checkout' },
      secrets: { store: { kind: 'ClusterSecretStore', name: 'aws-parameter-store' }, keys: { DB_PASSWORD: 'db-password' } },
      environments: {
        alpha: { awsAccountId: '111111111111', secretsPath: '/alpha/checkout', imageTag: 'v1.5.0-rc1', replicas: 1, env: { LOG_LEVEL: 'debug' } },
        production: { awsAccountId: '222222222222', secretsPath: '/production/checkout', imageTag: 'v1.4.2', replicas: 3, resources: { cpu: '500m', memory: '1Gi' }, env: { LOG_LEVEL: 'warn' } },
      },
      // What every environment's patches say alike went to the base.
      patches: ['adopted-deployment-patch.yaml', 'adopted-service-patch.yaml'],
    });
    expect(app.environments.production.patches).toBeUndefined();
    for (const env of ['alpha', 'production']) expect(rulesOf(outcome.result!, env === 'alpha' ? 0 : 1)).toEqual(new Set(['container-named-after-app', 'labels-added', 'reloader-annotation', 'container-port-named', 'pod-security-restricted-default', 'eso-v1', 'default-made-explicit']));
    const production = built(root, 'checkout', 'production');
    const deployment = production.find((o) => o.kind === 'Deployment')!;
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'checkout' } });
    expect(deployment.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, { name: 'LOG_LEVEL', value: 'warn' }]));
    expect(production.find((o) => o.kind === 'ServiceAccount')!.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::222222222222:role/checkout' });
    expect(production.find((o) => o.kind === 'ExternalSecret')!.spec.data).toEqual([{ secretKey: 'DB_PASSWORD', remoteRef: { key: '/production/checkout/db-password' } }]);
  });

  it('migrates a KES object with its store; maps the autoscaler, the budget and Istio; keeps a sidecar QoS Guaranteed and an object that came along', () => {
    const root = newRoot();
    const outcome = adopt(root, 'billing', [{ paths: ['billing.yaml'] }]);
    expect(outcome.issues).toEqual([]);
    const app = spec(root, 'billing').spec;
    expect(app).toMatchObject({
      skeleton: 'worker',
      image: 'registry.example.com/billing',
      resources: { cpu: '1', memory: '256Mi' },
      secrets: { store: { kind: 'SecretStore', name: 'aws-parameterstore-eu-west-1' }, keys: { STRIPE_KEY: 'stripe-key' } },
      autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 },
      disruptionBudget: { maxUnavailable: 1 },
      istio: { sidecar: true },
      zoneSpread: 'None',
      environments: { production: { secretsPath: '/prod/billing', imageTag: `sha256:${'0123456789abcdef'.repeat(4)}` } },
      extraResources: ['adopted-configmap-billing-settings.yaml', 'adopted-secretstore-aws-parameterstore-eu-west-1.yaml'],
    });
    expect(rulesOf(outcome.result!)).toEqual(
      new Set(['kes-migrated', 'secret-store-added', 'labels-added', 'reloader-annotation', 'replicas-left-to-autoscaler', 'istio-proxy-resources', 'qos-requests-raised-to-limits', 'pod-security-restricted-default', 'own-serviceaccount', 'pdb-unhealthy-pods-evictable', 'default-made-explicit']),
    );
    const objects = built(root, 'billing', 'production');
    const pod = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.containers.map((c: K8s) => [c.name, c.resources.requests, c.resources.limits])).toEqual([
      ['billing', { cpu: '1', memory: '256Mi' }, { cpu: '1', memory: '256Mi' }],
      ['log-shipper', { cpu: '50m', memory: '64Mi' }, { cpu: '50m', memory: '64Mi' }],
    ]);
    // The sidecar, which said nothing of its security, gets restricted's settings as the app's container does: no exemption needed.
    expect(pod.containers[1].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(objects.find((o) => o.kind === 'Deployment')!.metadata.annotations).not.toHaveProperty(['ignore-check.scaffold.dev/pod-security-restricted']);
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'billing', effect: 'NoSchedule' }]);
    expect(objects.find((o) => o.kind === 'Deployment')!.spec.replicas).toBeUndefined();
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'ExternalSecret', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'SecretStore', 'ServiceAccount']);
  });

  it('an ALB Ingress as spec.ingress, its own annotations kept (no new load balancer), the pause before SIGTERM added', () => {
    const root = newRoot();
    const outcome = adopt(root, 'storefront', [{ paths: ['storefront.yaml'] }]);
    expect(outcome.issues).toEqual([]);
    expect(spec(root, 'storefront').spec).toMatchObject({
      port: 3000,
      ingress: { host: 'shop.example.com', scheme: 'internet-facing', group: 'shop-public' },
      zoneSpread: 'None',
      environments: { production: { imageTag: '3.2.1', replicas: 2, ingress: { certificateArn: 'arn:aws:acm:ap-northeast-2:222222222222:certificate/0f0e0d0c-0b0a' } } },
    });
    expect(rulesOf(outcome.result!).has('graceful-shutdown')).toBe(true);
    const objects = built(root, 'storefront', 'production');
    const original = parseAllDocuments(readFileSync(path.join(FIXTURES, 'storefront.yaml'), 'utf8')).map((d) => d.toJS() as K8s);
    const ingress = objects.find((o) => o.kind === 'Ingress')!;
    expect(ingress.metadata.annotations).toEqual(original[2]!.metadata.annotations);
    expect(ingress.spec.rules).toEqual([{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'storefront', port: { name: 'http' } } } }] } }]);
    const pod = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.topologySpreadConstraints).toEqual(original[0]!.spec.template.spec.topologySpreadConstraints);
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
  });

  it('a Service with one unnamed port: the patch replaces the skeleton\'s ports whole, and the built overlay has the original\'s', () => {
    const root = newRoot();
    const outcome = adopt(root, 'shop', [{ paths: ['unnamed-port.yaml'] }]);
    expect(outcome.issues).toEqual([]);
    const service = built(root, 'shop', 'production').find((o) => o.kind === 'Service')!;
    expect(service.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
  });

  it('a CronJob: its schedule, zone and run settings in the spec, Kubernetes\' Allow kept; a missing deadline is refused, or set with --active-deadline-seconds', () => {
    const root = newRoot();
    const outcome = adopt(root, 'report', [{ paths: ['report.yaml'] }]);
    expect(outcome.issues).toEqual([]);
    expect(spec(root, 'report').spec).toMatchObject({ skeleton: 'cronjob', schedule: '0 3 * * *', timeZone: 'Asia/Seoul', concurrencyPolicy: 'Allow', activeDeadlineSeconds: 1800, restartPolicy: 'OnFailure', environments: { production: { imageTag: '2.1' } } });
    expect(built(root, 'report', 'production')[1]!.spec).toMatchObject({ startingDeadlineSeconds: 300, concurrencyPolicy: 'Allow' });

    const noDeadline = path.join(newRoot(), 'report.yaml');
    writeFileSync(noDeadline, readFileSync(path.join(FIXTURES, 'report.yaml'), 'utf8').replace('      activeDeadlineSeconds: 1800\n', ''));
    const other = newRoot();
    const refused = adopt(other, 'report', [{ paths: [noDeadline] }]);
    expect(refused.issues.map((i) => [i.severity, i.line, i.path])).toEqual([['error', 11, 'spec.jobTemplate.spec']]);
    expect(readTree(other)).toEqual({});
    const given = adopt(other, 'report', [{ paths: [noDeadline] }], { activeDeadlineSeconds: 600 });
    expect(given.issues).toEqual([]);
    expect(rulesOf(given.result!).has('job-deadline-set')).toBe(true);
  });

  it('names its one environment after the only one of .scaffold.yaml, else production, unless --env-name says', () => {
    const root = newRoot();
    writeFileSync(path.join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nenvironments:\n  prod: {}\n');
    expect(adopt(root, 'report', [{ paths: ['report.yaml'] }]).issues).toEqual([]);
    expect(Object.keys(spec(root, 'report').spec.environments)).toEqual(['prod']);
    const refused = adopt(newRoot(), 'report', [{ env: 'prod', paths: ['report.yaml'] }]);
    expect(refused.issues).toEqual([]);
    const other = adopt(root, 'report', [{ env: 'staging', paths: ['report.yaml'] }], { force: true });
    expect(other.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^"staging" is not an environment of \.scaffold\.yaml.*\(in the app\.yaml adopt made of the inputs\)$/)]);
  });

  it('a DaemonSet keeps what Pod Security "restricted" forbids, and says so', () => {
    const root = newRoot();
    const outcome = adopt(root, 'node-agent', [{ paths: ['node-agent.yaml'] }]);
    expect(outcome.issues.map((i) => [i.severity, i.path])).toEqual([
      ['warning', 'spec.template.spec.hostNetwork'],
      ['warning', 'spec.template.spec.volumes[0].hostPath'],
      ['warning', 'spec.template.spec.containers[0].securityContext.runAsNonRoot'],
    ]);
    expect(outcome.issues[1]!.message).toBe(
      'volume "proc" mounts a path of the node: kept, as the app needs it; Pod Security "restricted" forbids it, so the DaemonSet carries ignore-check.scaffold.dev/pod-security-restricted with that reason, and its namespace must enforce a level that admits it',
    );
    expect(rulesOf(outcome.result!).has('pod-security-exempted')).toBe(true);
    expect(spec(root, 'node-agent').spec).toMatchObject({ skeleton: 'daemonset', port: 9100, probes: { readiness: '/metrics' }, updateStrategy: { maxUnavailable: 2 } });
    const daemonSet = built(root, 'node-agent', 'production')[1]!;
    expect(daemonSet.metadata.annotations).toEqual({
      'ignore-check.scaffold.dev/pod-security-restricted':
        'adopted keeping what the app needs and Pod Security "restricted" forbids: the pod shares the node\'s network namespace, volume "proc" mounts a path of the node, container "agent" sets runAsNonRoot: false',
    });
    const pod = daemonSet.spec.template.spec;
    expect(pod.hostNetwork).toBe(true);
    expect(pod.containers[0].securityContext.runAsNonRoot).toBe(false);
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: '/metrics', port: 'metrics' });
  });
});

describe.skipIf(!HAS_KUBECTL)('scaffold adopt refuses, writing nothing', () => {
  it('two workloads without --name of either; an object two workloads share; a Secret with data', () => {
    const root = newRoot();
    const none = adopt(root, 'shop', [{ paths: ['refusals.yaml'] }]);
    expect(none.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^no workload named shop among the inputs, which hold Deployment\/api, Deployment\/worker: name one of them with --name$/)]);
    const api = adopt(root, 'api', [{ paths: ['refusals.yaml'] }]);
    expect(api.issues.map((i) => [i.file, i.line, i.kind, i.name, i.message.slice(0, 40)])).toEqual([
      ['refusals.yaml', 28, 'Service', 'backend', 'belongs to Deployment/api and to Deploym'],
      ['refusals.yaml', 35, 'Secret', 'api-credentials', 'a Secret with data is not adopted: secre'],
    ]);
    expect(readTree(root)).toEqual({});
  });

  it('a folder that holds Kustomize roots: their files are resources and patches, not objects as they run', () => {
    const root = newRoot();
    const outcome = adopt(root, 'checkout', [{ paths: [path.join(PROJECT_ROOT, 'examples/apps/checkout')] }]);
    expect(outcome.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^holds Kustomize roots \(\S*examples\/apps\/checkout\/base, \S*overlays\/alpha, \S*overlays\/production\): give the root whose build runs/)]);
  });

  it('a field of the original that no schema knows, carried into a patch: the patch is validated before anything is written', () => {
    const typo = path.join(newRoot(), 'report.yaml');
    writeFileSync(typo, readFileSync(path.join(FIXTURES, 'report.yaml'), 'utf8').replace('              args: [--since, 24h]\n', '              args: [--since, 24h]\n              imagePullPolicyy: Always\n'));
    const root = newRoot();
    const outcome = adopt(root, 'report', [{ paths: [typo] }]);
    expect(outcome.issues.map((i) => [i.file, i.path, i.message.slice(0, 26)])).toEqual([
      ['apps/report/base/adopted-cronjob-patch.yaml', 'spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicyy', 'unknown field "imagePullPo'],
    ]);
    expect(readTree(root)).toEqual({});
  });

  it('a folder of the app that exists, unless --force; a workload of no namespace without --namespace', () => {
    const root = newRoot();
    mkdirSync(path.join(root, 'apps/report'), { recursive: true });
    expect(adopt(root, 'report', [{ paths: ['report.yaml'] }]).issues).toMatchObject([{ rule: 'conflict', file: 'apps/report' }]);
    expect(adopt(root, 'report', [{ paths: ['report.yaml'] }], { force: true }).issues).toEqual([]);
    const bare = path.join(newRoot(), 'x.yaml');
    writeFileSync(bare, readFileSync(path.join(FIXTURES, 'report.yaml'), 'utf8').replace('  namespace: ops\n', ''));
    const other = newRoot();
    expect(adopt(other, 'report', [{ paths: [bare] }]).issues.map((i) => i.message)).toEqual([expect.stringMatching(/name no namespace: give the one they run in with --namespace/)]);
    expect(adopt(other, 'report', [{ paths: [bare] }], { namespace: 'elsewhere' }).issues).toEqual([]);
    expect(readFileSync(path.join(other, 'apps/report/app.yaml'), 'utf8')).toContain('namespace: elsewhere');
  });

  it('--force replaces an app.yaml that is not UTF-8, though its text (each bad byte read as U+FFFD) is the one it writes', () => {
    const manifest = path.join(newRoot(), 'api.yaml');
    writeFileSync(
      manifest,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n' +
        '      containers:\n      - name: api\n        image: example/api:v1\n        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 100m, memory: 128Mi}}\n        env: [{name: A, value: "a\uFFFDb"}]\n',
    );
    const root = newRoot();
    expect(adopt(root, 'api', [{ paths: [manifest] }]).issues).toEqual([]);
    const file = path.join(root, 'apps/api/app.yaml');
    const written = readFileSync(file);
    const broken = Buffer.from(written.toString('utf8').replace('\uFFFD', '\xff'), 'latin1');
    expect(broken.toString('utf8')).toBe(written.toString('utf8'));
    writeFileSync(file, broken);
    const again = adopt(root, 'api', [{ paths: [manifest] }], { force: true });
    expect(again.issues).toEqual([]);
    expect(again.result!.written.updated).toEqual(['apps/api/app.yaml']);
    expect(readFileSync(file).equals(written)).toBe(true);
  });

  it('on the command line: -o json on success and on refusal, exit 1, nothing written', () => {
    const root = newRoot();
    const refused = runCli(['adopt', 'refusals.yaml', '--name', 'api', '--root', root, '-o', 'json'], { cwd: FIXTURES });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, issues: [{ rule: 'adopt' }, { rule: 'adopt' }] });
    expect(readTree(root)).toEqual({});
    const done = runCli(['adopt', 'report.yaml', '--name', 'report', '--root', root, '-o', 'json'], { cwd: FIXTURES });
    expect(done.code).toBe(0);
    const report = JSON.parse(done.stdout);
    expect(report).toMatchObject({ ok: true, app: 'report', skeleton: 'cronjob', namespace: 'ops', spec: 'apps/report/app.yaml', userFiles: [{ path: 'apps/report/base/adopted-cronjob-patch.yaml', role: 'patch', about: 'CronJob/report' }] });
    expect(report.environments[0].objects[0].differences[0]).toEqual({
      path: 'metadata.labels',
      op: 'added',
      to: { 'app.kubernetes.io/instance': 'report-production', 'app.kubernetes.io/managed-by': 'scaffold', 'app.kubernetes.io/name': 'report' },
      rule: 'labels-added',
    });
    expect(runCli(['adopt', '--name', 'x', '--env', 'alpha'], { cwd: FIXTURES }).code).toBe(2);
    const outside = runCli(['adopt', 'report.yaml', '--name', '../report', '--root', root], { cwd: FIXTURES });
    expect(outside.stderr).toMatch(/--name "\.\.\/report": an app name is a DNS-1123 label/);
    expect(outside.code).toBe(2);
  });
});

describe('scaffold adopt: flag values app.yaml would refuse', () => {
  it('are usage errors naming the flag (exit 2), as new-app gives them, not errors of an app.yaml never written', () => {
    const root = newRoot();
    const label = (value: string) => `must be a DNS-1123 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters), got string ${JSON.stringify(value)}`;
    const long = `a${'b'.repeat(62)}`;
    for (const [flags, message] of [
      [['report.yaml', '--env-name', 'Prod'], `--env-name: ${label('Prod')}`],
      [['report.yaml', '--env-name', long], `--env-name: app name and environment name together ("report-${long}") exceed the 63 characters of a Kubernetes label value`],
      [['--env', '1prod=report.yaml'], `--env 1prod=report.yaml: ${label('1prod')}`],
      [['report.yaml', '--namespace', 'Bad NS'], `--namespace: ${label('Bad NS')}`],
      [['report.yaml', '--region', 'US-EAST-1'], '--region: expected an AWS region name, such as us-east-1 (lower-case), got "US-EAST-1"'],
    ] as const) {
      const r = runCli(['adopt', ...flags, '--name', 'report', '--root', root, '-o', 'json'], { cwd: FIXTURES });
      expect(r.code, flags.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout).issues).toEqual([{ severity: 'error', rule: 'usage', message }]);
    }
    expect(readTree(root)).toEqual({});
  });
});
