/**
 * `$(NAME)` and `$$` in env values, end to end: render orders the variables so that Kubernetes
 * expands each reference to another plain variable (in the base and in an overlay, through the
 * real Kustomize), warns of what Kubernetes will leave as written or unescape, refuses what no
 * order resolves, and validate says the same of the file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize, readAsKubernetes } from '../support/kubectl.ts';
import { containerEnv } from '../support/kubelet.ts';
import { readTree, tempCopy } from '../support/tree.ts';

const SPEC = `apiVersion: scaffold/v1alpha1
kind: App
metadata:
  name: shop
spec:
  skeleton: worker
  namespace: shop
  image: example/shop
  resources: {cpu: 100m, memory: 128Mi}
  env:
    API_URL: "https://$(API_HOST):$(API_PORT)/v1"
    DATABASE_URL: "postgres://shop:$(DB_PASSWORD)@$(DB_HOST)/shop"
    API_HOST: api.internal
    API_PORT: "8443"
    DB_HOST: db.alpha
    GREETING: "pa$$w"
    TOOLS: "$(HOME)/bin"
    LITERAL: "$$(API_HOST) stays as written"
  secrets:
    store: {kind: ClusterSecretStore, name: ssm}
    keys: {DB_PASSWORD: /shop/db-password}
  environments:
    alpha:
      imageTag: v1
    production:
      imageTag: v2
      env:
        DB_HOST: db.production
        REPLICA_URL: "postgres://shop:$(DB_PASSWORD)@replica.$(DB_HOST)/shop"
        API_PORT: "443"
        # Kustomize puts what a patch lists first: alone in it, this would come before API_HOST.
        API_URL: "https://$(API_HOST):$(API_PORT)/v2"
`;

function gitops(spec: string): string {
  const root = tempCopy(undefined);
  mkdirSync(join(root, 'apps/shop'), { recursive: true });
  writeFileSync(join(root, 'apps/shop/app.yaml'), spec);
  return root;
}

const WARNINGS = [
  'apps/shop/app.yaml:16:15: warning: App: spec.env.GREETING: Kubernetes reads $$ as one $: "pa$$w" becomes "pa$w". Write $$$$ for $$ (spec)',
  "apps/shop/app.yaml:17:12: warning: App: spec.env.TOOLS: $(HOME) names no variable of the container (spec.env, the environment's env or spec.secrets.keys; the image's own are not visible to Kubernetes), so Kubernetes leaves it as written. Write $$(HOME) to mean the text $(HOME) (spec)",
];

describe('env references', () => {
  it('render writes every app with its warnings on stderr, and validate says the same of app.yaml', () => {
    const root = gitops(SPEC);
    const rendered = runCli(['render', '--root', root]);
    expect(rendered.stderr.split('\n').filter(Boolean)).toEqual(WARNINGS);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toMatch(/rendered 1 app: 9 created/);

    const json = JSON.parse(runCli(['render', '--check', '--root', root, '-o', 'json']).stdout);
    expect(json).toMatchObject({ ok: true, issues: [{ severity: 'warning', path: 'spec.env.GREETING' }, { severity: 'warning', path: 'spec.env.TOOLS' }] });

    const validated = runCli(['validate', join(root, 'apps/shop/app.yaml')], { cwd: root });
    expect(validated.code).toBe(0);
    expect(validated.stdout.split('\n').filter((l) => l.includes('warning'))).toEqual(
      WARNINGS.map((w) => w.replace('apps/shop/app.yaml', join(root, 'apps/shop/app.yaml')).replace('App: ', 'App/shop (document at line 1): ')),
    );
  });

  it.skipIf(!HAS_KUBECTL)('every reference to a plain variable or a secret resolves in every overlay Kustomize builds', () => {
    const root = gitops(SPEC);
    expect(runCli(['render', '--root', root]).code).toBe(0);
    const secrets = { DB_PASSWORD: 's3cret' };
    const expected = {
      alpha: { API_URL: 'https://api.internal:8443/v1', DATABASE_URL: 'postgres://shop:s3cret@db.alpha/shop' },
      production: { API_URL: 'https://api.internal:443/v2', DATABASE_URL: 'postgres://shop:s3cret@db.production/shop', REPLICA_URL: 'postgres://shop:s3cret@replica.db.production/shop' },
    };
    for (const [environment, values] of Object.entries(expected)) {
      const built = kustomize(join(root, 'apps/shop/overlays', environment));
      expect(built.code).toBe(0);
      writeFileSync(join(root, `${environment}.yaml`), built.stdout);
      const deployment = readAsKubernetes(join(root, `${environment}.yaml`)).objects.find((o) => o.kind === 'Deployment')!;
      const container = deployment.spec.template.spec.containers[0];
      expect(container.envFrom).toEqual([{ secretRef: { name: 'shop' } }]);
      const env = containerEnv(container.env, secrets);
      expect(env).toMatchObject({ ...values, GREETING: 'pa$w', TOOLS: '$(HOME)/bin', LITERAL: '$(API_HOST) stays as written' });
    }
  });

  it('refuses a reference no order resolves, and a character Kubernetes garbles, writing nothing', () => {
    const root = gitops(SPEC.replace('API_HOST: api.internal', 'API_HOST: "$(API_URL)"').replace('DB_HOST: db.alpha', 'DB_HOST: "caf$é"'));
    const rendered = runCli(['render', '--root', root]);
    expect(rendered.code).toBe(1);
    expect(rendered.stderr).toContain(
      'apps/shop/app.yaml:11:14: error: App: spec.env.API_URL: $(API_HOST) cannot be expanded: API_URL and API_HOST refer to each other (API_URL -> API_HOST -> API_URL), and Kubernetes expands a reference only to a variable defined before it. Write $$(API_HOST) to mean the text $(API_HOST) (in environment alpha) (spec)',
    );
    expect(rendered.stderr).toContain('apps/shop/app.yaml:15:14: error: App: spec.env.DB_HOST: Kubernetes garbles "é" after a lone $ (it splits the character\'s bytes). Write $$ for the $ (spec)');
    expect(Object.keys(readTree(root))).toEqual(['apps/shop/app.yaml']);
  });
});
