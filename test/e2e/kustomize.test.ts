import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sameQuantity } from '../../src/vocabulary/quantity.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES, PROJECT_ROOT } from '../support/paths.ts';

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
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
      const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as Record<string, any>);
      const deployment = docs.find((d) => d.kind === 'Deployment')!;
      const environment = spec.spec.environments[env]!;

      expect(deployment.spec.replicas).toBe(environment.replicas ?? 1);
      expect(deployment.metadata.labels['app.kubernetes.io/instance']).toBe(`${app}-${env}`);
      const podSpec = deployment.spec.template.spec;
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
        expect(deployment.metadata.annotations['secret.reloader.stakater.com/reload']).toBe(app);
      } else {
        expect(externalSecret).toBeUndefined();
      }
    });
  }
});
