/**
 * The policies, judged through the same path the CLI takes (schema first,
 * then policies), on the edges of each rule.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifestText, type FileRole } from '../../src/validate/manifests.ts';
import { GITOPS_POLICIES, POLICIES } from '../../src/validate/policies/index.ts';
import { CHECK_IDS, POLICY_IDS } from '../../src/vocabulary/issue.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { targetSchemas } from '../support/schemas.ts';

const { registry, kubernetes } = targetSchemas();
const RESOURCE: FileRole = { kustomizationFile: false, discovered: false };
const PATCH: FileRole = { kustomizationFile: false, discovered: false, patch: 'either' };

function findings(text: string, role: FileRole = RESOURCE): string[] {
  return checkManifestText(text, 'm.yaml', role, { registry, kubernetes, policies: POLICIES, ignoreMissingSchemas: false, skipKinds: new Set() })
    .flatMap((r) => r.issues)
    .map((i) => `${i.rule} ${i.path ?? ''}`.trim());
}

/** A workload whose pod meets Pod Security "restricted", so that each policy's tests see that policy's findings alone. */
function deployment(container: string, kind = 'Deployment'): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: web
          image: nginx
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
${container.replace(/^/gm, '          ')}
`;
}

describe('qos-guaranteed', () => {
  it('accepts limits without requests (the API server copies limits to requests) and equal quantities written differently', () => {
    expect(findings(deployment('resources: {limits: {cpu: 500m, memory: 1Gi}}'))).toEqual([]);
    expect(findings(deployment('resources:\n  requests: {cpu: "0.5", memory: 1024Mi}\n  limits: {cpu: 500m, memory: 1Gi}'))).toEqual([]);
    expect(findings(deployment('resources:\n  requests: {cpu: 2}\n  limits: {cpu: "2", memory: 1Gi}'))).toEqual([]);
  });

  it('names each container without a limit, and each request that differs from its limit', () => {
    expect(findings(deployment('resources: {limits: {cpu: 500m}}'))).toEqual(['qos-guaranteed spec.template.spec.containers[0].resources.limits']);
    expect(findings(deployment('resources:\n  requests: {cpu: 100m, memory: 512Mi}\n  limits: {cpu: 500m, memory: 1Gi}'))).toEqual([
      'qos-guaranteed spec.template.spec.containers[0].resources.requests.cpu',
      'qos-guaranteed spec.template.spec.containers[0].resources.requests.memory',
    ]);
  });

  it('judges the pod template of every workload kind, and not other kinds', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n';
    const qos = (text: string) => findings(text).filter((f) => f.startsWith('qos-guaranteed'));
    expect(qos(pod)).toEqual(['qos-guaranteed spec.containers[0]']);
    const template = 'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    containers: [{name: a, image: a}]\n';
    expect(qos(template)).toEqual(['qos-guaranteed template.spec.containers[0]']);
    for (const kind of ['StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      const text = deployment('resources: {limits: {memory: 1Gi}}', kind).replace('spec:\n  selector', kind === 'StatefulSet' ? 'spec:\n  serviceName: web\n  selector' : 'spec:\n  selector');
      expect(findings(text), kind).toEqual(['qos-guaranteed spec.template.spec.containers[0].resources.limits']);
    }
    expect(findings('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n')).toEqual([]);
  });

  it('leaves patches alone: their resources merge into the resource they patch', () => {
    expect(findings(deployment('env: [{name: A, value: b}]'), PATCH)).toEqual([]);
  });
});

describe('irsa-role-arn', () => {
  const sa = (arn: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: ${JSON.stringify(arn)}\n`;

  it('accepts role ARNs of every AWS partition, with or without an IAM path', () => {
    for (const arn of ['arn:aws:iam::111122223333:role/app', 'arn:aws-cn:iam::111122223333:role/app', 'arn:aws-us-gov:iam::111122223333:role/a/b/app', 'arn:aws:iam::111122223333:role/app+=,.@-_1']) {
      expect(findings(sa(arn)), arn).toEqual([]);
    }
  });

  it('rejects anything else, in ServiceAccounts and their patches alike', () => {
    for (const arn of ['arn:aws:iam::1111222233334:role/app', 'arn:aws:iam::111122223333:role/', 'arn:aws:iam:ap-northeast-2:111122223333:role/app', ' arn:aws:iam::111122223333:role/app', 'arn:aws:iam::111122223333:user/app', 'arn:aws:iam::111122223333:role/app name', `arn:aws:iam::111122223333:role/${'a'.repeat(65)}`, '']) {
      expect(findings(sa(arn)), arn).toEqual(['irsa-role-arn metadata.annotations["eks.amazonaws.com/role-arn"]']);
      expect(findings(sa(arn), PATCH), arn).toEqual(['irsa-role-arn metadata.annotations["eks.amazonaws.com/role-arn"]']);
    }
  });

  it('says what is wrong with the usual mistakes', () => {
    const message = (arn: string) => checkManifestText(sa(arn), 'sa.yaml', RESOURCE, { registry, kubernetes, policies: POLICIES, ignoreMissingSchemas: false, skipKinds: new Set() })[0]!.issues[0]!.message;
    expect(message('arn:aws:iam::11112222333:role/app')).toContain('the account id "11112222333" is not 12 digits');
    expect(message('arn:aws:iam::111122223333:user/app')).toContain('pods assume a role, not a user');
    expect(message('arn:aws:iam:us-east-1:111122223333:role/app')).toContain('IAM ARNs have no region');
    expect(message('arn:aws:iam::111122223333:role/app ')).toContain('leading or trailing spaces');
  });

  it("judges a PodIdentityAssociation's spec.roleARN the same way", () => {
    const association = (arn: string) =>
      `apiVersion: eks.services.k8s.aws/v1alpha1\nkind: PodIdentityAssociation\nmetadata: {name: app}\nspec:\n  clusterName: prod\n  namespace: shop\n  serviceAccount: app\n  roleARN: ${JSON.stringify(arn)}\n`;
    expect(findings(association('arn:aws:iam::111122223333:role/app'))).toEqual([]);
    expect(findings(association('arn:aws:iam::111122223333:user/app'))).toEqual(['irsa-role-arn spec.roleARN']);
  });
});

describe('no-plain-secret', () => {
  it('allows a Secret without values (a service account token, a placeholder)', () => {
    expect(findings('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/service-account-token\n')).toEqual([]);
    expect(findings('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {}\n')).toEqual([]);
  });

  it('refuses values in data or stringData, in resources and patches', () => {
    expect(findings('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==}\nstringData: {b: c}\n')).toEqual(['no-plain-secret data', 'no-plain-secret stringData']);
    expect(findings('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {b: c}\n', PATCH)).toEqual(['no-plain-secret stringData']);
  });

  it('refuses kustomize secretGenerators reading the repository, not configMapGenerators', () => {
    const role: FileRole = { kustomizationFile: true, discovered: false };
    expect(findings('secretGenerator:\n  - {name: a, files: [key.pem]}\n  - {name: b, envs: [.env]}\n', role)).toEqual(['no-plain-secret secretGenerator[0].files', 'no-plain-secret secretGenerator[1].envs']);
    expect(findings('configMapGenerator:\n  - {name: a, literals: [A=b]}\n', role)).toEqual([]);
  });
});

describe('externalsecret-refresh', () => {
  const es = (spec: string) => `apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: e}\nspec:\n  secretStoreRef: {kind: ClusterSecretStore, name: ssm}\n${spec}`;

  it('accepts Go durations, and no interval when the policy says when to read', () => {
    for (const interval of ['1h', '15m', '1h30m', '90s', '1.5h', '500ms']) expect(findings(es(`  refreshInterval: ${interval}\n`)), interval).toEqual([]);
    expect(findings(es('  refreshPolicy: CreatedOnce\n'))).toEqual([]);
    expect(findings(es('  refreshPolicy: OnChange\n'))).toEqual([]);
  });

  it('refuses a missing, malformed, zero or negative interval', () => {
    for (const spec of ['', '  refreshInterval: 1 hour\n', '  refreshInterval: 1d\n', '  refreshInterval: 0s\n', '  refreshInterval: "0"\n', '  refreshInterval: -1h\n', '  refreshPolicy: Periodic\n']) {
      expect(findings(es(spec)), spec).toEqual(['externalsecret-refresh spec.refreshInterval']);
    }
  });

  it('lets a patch leave the interval to the ExternalSecret it patches', () => {
    expect(findings(es(''), PATCH)).toEqual([]);
    expect(findings(es('  refreshInterval: soon\n'), PATCH)).toEqual(['externalsecret-refresh spec.refreshInterval']);
  });
});

describe('istio-proxy-guaranteed', () => {
  const sidecar = (metadata: string, kind = 'Deployment') => deployment('resources: {limits: {cpu: 500m, memory: 1Gi}}', kind).replace('    metadata: {labels: {app: web}}', `    metadata:\n${metadata.replace(/^/gm, '      ')}`);
  const equal = 'sidecar.istio.io/proxyCPU: 200m\nsidecar.istio.io/proxyCPULimit: "0.2"\nsidecar.istio.io/proxyMemory: 256Mi\nsidecar.istio.io/proxyMemoryLimit: 256Mi';
  const annotations = (text: string) => `annotations:\n${text.replace(/^/gm, '  ')}`;
  const ids = (text: string) => findings(text).filter((f) => f.startsWith('istio-proxy-guaranteed'));

  it('accepts proxy requests equal to their limits, written either way', () => {
    expect(findings(sidecar(`labels: {app: web, sidecar.istio.io/inject: "true"}\n${annotations(equal)}`))).toEqual([]);
  });

  it('finds a missing annotation and a request that differs from its limit', () => {
    expect(ids(sidecar('labels: {app: web, sidecar.istio.io/inject: "true"}'))).toEqual([
      'istio-proxy-guaranteed spec.template.metadata.annotations',
      'istio-proxy-guaranteed spec.template.metadata.annotations',
    ]);
    expect(ids(sidecar(`labels: {app: web, sidecar.istio.io/inject: "true"}\n${annotations(equal.replace('proxyMemory: 256Mi', 'proxyMemory: 128Mi'))}`))).toEqual([
      'istio-proxy-guaranteed spec.template.metadata.annotations["sidecar.istio.io/proxyMemory"]',
    ]);
    expect(ids(sidecar(`labels: {app: web, sidecar.istio.io/inject: "true"}\n${annotations(equal.replace('proxyCPULimit: "0.2"', 'proxyCPULimit: lots'))}`))).toEqual([
      'istio-proxy-guaranteed spec.template.metadata.annotations["sidecar.istio.io/proxyCPULimit"]',
    ]);
  });

  it('judges what asks for the sidecar: the label first, else the annotation, in every workload kind', () => {
    expect(ids(sidecar('labels: {app: web, sidecar.istio.io/inject: "false"}\nannotations: {sidecar.istio.io/inject: "true"}'))).toEqual([]);
    expect(ids(sidecar('labels: {app: web}\nannotations: {sidecar.istio.io/inject: "true"}'))).toHaveLength(2);
    expect(ids(sidecar('labels: {app: web}'))).toEqual([]);
    expect(ids(sidecar('labels: {app: web, sidecar.istio.io/inject: "true"}', 'DaemonSet'))).toHaveLength(2);
  });

  it('leaves patches to the resource they patch', () => {
    expect(findings(sidecar('labels: {app: web, sidecar.istio.io/inject: "true"}'), PATCH)).toEqual([]);
  });
});

describe('policies', () => {
  it('each have a distinct id and a summary; the gitops policies first, then the checks, as POLICY_IDS lists them', () => {
    const ids = POLICIES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(POLICY_IDS);
    expect(GITOPS_POLICIES.map((p) => p.id)).toEqual(['qos-guaranteed', 'istio-proxy-guaranteed', 'irsa-role-arn', 'no-plain-secret', 'externalsecret-refresh', 'pod-security-restricted']);
    expect(ids.slice(GITOPS_POLICIES.length)).toEqual(CHECK_IDS);
    for (const policy of POLICIES) expect(policy.summary.length).toBeGreaterThan(20);
  });

  it('are each listed in the README and in docs/validate.md', () => {
    for (const doc of ['README.md', 'docs/validate.md']) {
      const text = readFileSync(path.join(PROJECT_ROOT, doc), 'utf8');
      for (const id of POLICY_IDS) expect(text, `${doc} names ${id}`).toContain(`\`${id}\``);
    }
  });

  it("see a patch's fields, not its merge directives: a selector replaced whole is no label named $patch", () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels:\n      $patch: replace\n      app: web\n';
    expect(findings(patch, PATCH)).toEqual([]);
    expect(findings(patch.replace('app: web', 'app: My App'), PATCH)).toEqual(['label-syntax spec.selector.matchLabels.app']);
  });

  it('judge only what the schema accepts: one defect, one finding', () => {
    expect(findings(deployment('resources: {limits: {cpu: 500m, memory: [1Gi]}}'))).toEqual(['schema spec.template.spec.containers[0].resources.limits.memory']);
  });
});
