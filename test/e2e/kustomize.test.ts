import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateInputs } from '../../src/pipeline/validate.ts';
import { POLICIES } from '../../src/validate/policies/index.ts';
import type { ResourceResult } from '../../src/validate/manifests.ts';
import { sameQuantity } from '../../src/vocabulary/quantity.ts';
import { effectiveAutoscaling, proxyResources } from '../../src/appSpec/effective.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES, PROJECT_ROOT } from '../support/paths.ts';

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** The workload each built-in skeleton runs, and where its pod template is. */
const WORKLOADS: Record<string, { kind: string; template: string[] }> = {
  web: { kind: 'Deployment', template: ['spec', 'template'] },
  worker: { kind: 'Deployment', template: ['spec', 'template'] },
  daemonset: { kind: 'DaemonSet', template: ['spec', 'template'] },
  cronjob: { kind: 'CronJob', template: ['spec', 'jobTemplate', 'spec', 'template'] },
};

/** scaffold validate's verdicts on a build: every issue of every object, schemas and policies. */
function validateBuild(yaml: string): ResourceResult[] {
  const results: ResourceResult[] = [];
  const outcome = validateInputs(
    { paths: ['-'], cwd: PROJECT_ROOT, stdin: new TextEncoder().encode(yaml), ignore: [], schemaDirs: [], policies: POLICIES, ignoreMissingSchemas: false, skipKinds: new Set() },
    (r) => results.push(r),
  );
  expect(outcome.issues).toEqual([]);
  return results;
}

const ROOTS = [EXAMPLES, join(PROJECT_ROOT, 'test/scenarios/hostile-values-golden/expected')];

const overlays = ROOTS.flatMap((root) =>
  readdirSync(join(root, 'apps')).flatMap((app) =>
    readdirSync(join(root, 'apps', app, 'overlays')).map((env) => ({ root, app, env })),
  ),
);

describe.skipIf(!HAS_KUBECTL)('kubectl kustomize builds every generated overlay', () => {
  for (const { root, app, env } of overlays) {
    it(`${app}/overlays/${env} (${root === EXAMPLES ? 'examples' : 'hostile values'})`, () => {
      const spec = parse(readFileSync(join(root, 'apps', app, 'app.yaml'), 'utf8')) as AppSpec;
      const result = kustomize(join(root, 'apps', app, 'overlays', env));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(validateBuild(result.stdout).flatMap((r) => r.issues)).toEqual([]);
      const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as Record<string, any>);
      const { kind, template: templatePath } = WORKLOADS[spec.spec.skeleton]!;
      const workloads = docs.filter((d) => ['Deployment', 'DaemonSet', 'CronJob'].includes(d.kind));
      expect(workloads.map((w) => w.kind)).toEqual([kind]);
      const workload = workloads[0]!;
      const environment = spec.spec.environments[env]!;

      const autoscaling = kind === 'Deployment' ? effectiveAutoscaling(spec.spec, environment) : null;
      const hpa = docs.find((d) => d.kind === 'HorizontalPodAutoscaler');
      if (kind !== 'Deployment' || autoscaling) {
        // The autoscaler owns the count (or there is none to own): nothing sets replicas.
        expect(workload.spec).not.toHaveProperty('replicas');
      } else {
        expect(workload.spec.replicas).toBe(environment.replicas ?? 1);
      }
      if (autoscaling) {
        expect(hpa!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
        expect([hpa!.spec.minReplicas, hpa!.spec.maxReplicas]).toEqual([autoscaling.minReplicas, autoscaling.maxReplicas]);
      } else {
        expect(hpa).toBeUndefined();
      }
      expect(workload.metadata.labels['app.kubernetes.io/instance']).toBe(`${app}-${env}`);
      const template = templatePath.reduce((node: any, key) => node[key], workload);
      expect(template.metadata.labels['app.kubernetes.io/instance']).toBe(`${app}-${env}`);
      const istio = spec.spec.istio;
      expect(template.metadata.labels['sidecar.istio.io/inject']).toBe(istio ? String(istio.sidecar) : undefined);
      if (istio?.sidecar) {
        const proxy = proxyResources(spec.spec);
        const annotations = template.metadata.annotations;
        expect(sameQuantity(annotations['sidecar.istio.io/proxyCPU'], annotations['sidecar.istio.io/proxyCPULimit'])).toBe(true);
        expect(sameQuantity(annotations['sidecar.istio.io/proxyMemory'], annotations['sidecar.istio.io/proxyMemoryLimit'])).toBe(true);
        expect(sameQuantity(annotations['sidecar.istio.io/proxyCPU'], proxy.cpu)).toBe(true);
        expect(sameQuantity(annotations['sidecar.istio.io/proxyMemory'], proxy.memory)).toBe(true);
      }
      const podSpec = template.spec;
      expect(podSpec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });

      const expectedResources = { ...spec.spec.resources, ...environment.resources };
      for (const c of [...(podSpec.initContainers ?? []), ...podSpec.containers] as Container[]) {
        for (const resource of ['cpu', 'memory'] as const) {
          const limit = c.resources?.limits?.[resource];
          expect(limit, `${c.name} ${resource} limit`).toBeDefined();
          expect(sameQuantity(c.resources!.requests![resource]!, limit!), `${c.name} ${resource}: requests == limits`).toBe(true);
          expect(sameQuantity(limit!, expectedResources[resource]!)).toBe(true);
        }
        const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
        expect(env).toEqual({ ...spec.spec.env, ...environment.env });
      }

      const image = podSpec.containers[0].image as string;
      expect(image).toBe(environment.imageTag.startsWith('sha256:') ? `${spec.spec.image}@${environment.imageTag}` : `${spec.spec.image}:${environment.imageTag}`);

      const serviceAccount = docs.find((d) => d.kind === 'ServiceAccount')!;
      expect(podSpec.serviceAccountName).toBe(serviceAccount.metadata.name);
      const roleArn = serviceAccount.metadata.annotations?.['eks.amazonaws.com/role-arn'];
      expect(roleArn).toBe(spec.spec.irsa ? `arn:aws:iam::${environment.awsAccountId}:role/${spec.spec.irsa.roleName}` : undefined);

      const externalSecret = docs.find((d) => d.kind === 'ExternalSecret');
      if (spec.spec.secrets) {
        expect(externalSecret!.apiVersion).toBe('external-secrets.io/v1');
        expect(externalSecret!.spec.target).toEqual({ name: app, creationPolicy: 'Owner' });
        expect(externalSecret!.spec.refreshInterval).toBe(spec.spec.secrets.refreshInterval ?? '1h');
        const keys = Object.fromEntries(externalSecret!.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key]));
        expect(keys).toEqual(
          Object.fromEntries(Object.entries(spec.spec.secrets.keys ?? {}).map(([k, v]) => [k, v.startsWith('/') ? v : `${environment.secretsPath}/${v}`])),
        );
        expect(podSpec.containers[0].envFrom).toEqual([{ secretRef: { name: app } }]);
        // A CronJob's runs read the Secret afresh; the others restart on a change.
        expect(workload.metadata.annotations?.['secret.reloader.stakater.com/reload']).toBe(kind === 'CronJob' ? undefined : app);
      } else {
        expect(externalSecret).toBeUndefined();
      }
    });
  }
});
