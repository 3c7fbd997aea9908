/**
 * The organisation config end to end, through the built CLI: a gitops root
 * whose .scaffold.yaml has three environments (production on EKS Pod Identity
 * for the app that asks for it); `new-app NAME --yes` with no other flag; render;
 * every overlay built by the real Kustomize and validated; `scaffold iam` giving
 * JSON trust policies; an ExternalSecret by path valid against the External
 * Secrets v1 CRD; and a config change reported by `render --check` in exactly
 * the overlays it reaches.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectMetaDefinitions, schemasFromCrd } from '../../src/schemas/crd.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';
import { runCli } from '../support/cli.ts';
import { schemasOf } from '../support/conversion.ts';
import { targetSchemas } from '../support/schemas.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { available, CRD_DIR, EXAMPLES } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';
import { tempCopy } from '../support/tree.ts';

const ALPHA_OIDC = 'oidc.eks.ap-northeast-2.amazonaws.com/id/A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6';
const STAGING_OIDC = 'oidc.eks.ap-northeast-2.amazonaws.com/id/B1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6';

const CONFIG = `apiVersion: scaffold/v1alpha1
kind: Config
environments:
  alpha:
    awsAccountId: "111111111111"
    kubernetesVersion: "1.30"
    cluster: alpha-apne2
    secretsPathPrefix: /alpha
    oidcProvider: ${ALPHA_OIDC}
  staging:
    awsAccountId: "111111111111"
    kubernetesVersion: "1.30"
    cluster: staging-apne2
    secretsPathPrefix: /staging
    oidcProvider: https://${STAGING_OIDC}/
  production:
    awsAccountId: "222222222222"
    kubernetesVersion: "1.30"
    cluster: prod-apne2
    secretsPathPrefix: /production
defaults:
  imageRegistry: 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com
  resources: {cpu: 250m, memory: 256Mi}
  secretStore: {kind: ClusterSecretStore, name: aws-parameter-store}
`;

/** IRSA where the clusters have it, Pod Identity in production; secrets by path and by name. */
const CHECKOUT = `apiVersion: scaffold/v1alpha1
kind: App
metadata:
  name: checkout
spec:
  skeleton: web
  namespace: shop
  port: 8080
  irsa: {roleName: checkout}
  secrets:
    fromPath: true
    keys: {SHARED_TOKEN: /shared/token}
  environments:
    alpha: {imageTag: latest}
    staging: {imageTag: v1.5.0-rc1}
    production:
      imageTag: v1.4.2
      replicas: 3
      podIdentity: {roleName: checkout}
`;

const APPS = ['checkout', 'demo', 'pay'];
const ENVIRONMENTS = ['alpha', 'staging', 'production'];

describe('a gitops root with .scaffold.yaml', () => {
  const root = tempDir('scaffold-org-');
  const cli = (...args: string[]) => runCli(args, { cwd: root });

  beforeAll(() => {
    mkdirSync(path.join(root, '.git'));
    writeFileSync(path.join(root, '.scaffold.yaml'), CONFIG);
    mkdirSync(path.join(root, 'apps', 'checkout'), { recursive: true });
    writeFileSync(path.join(root, 'apps', 'checkout', 'app.yaml'), CHECKOUT);
  });

  it('new-app NAME --yes asks for nothing and gives the app an overlay per environment of the config', () => {
    const run = cli('new-app', 'demo', '--yes');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(path.join(root, 'apps', 'demo', 'overlays')).sort()).toEqual(['alpha', 'production', 'staging']);
    const spec = parse(readFileSync(path.join(root, 'apps', 'demo', 'app.yaml'), 'utf8'));
    // What the config gives is left out, so a change of the config reaches the app.
    expect(spec.spec).not.toHaveProperty('image');
    expect(spec.spec).not.toHaveProperty('resources');
    expect(Object.keys(spec.spec.environments)).toEqual(ENVIRONMENTS);
    const deployment = readFileSync(path.join(root, 'apps', 'demo', 'base', 'deployment.yaml'), 'utf8');
    expect(deployment).toContain('image: "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/demo"');

    const pay = cli('new-app', 'pay', '--yes', '--pod-identity', '--secrets-from-path');
    expect(pay.code).toBe(0);
    expect(parse(readFileSync(path.join(root, 'apps', 'pay', 'app.yaml'), 'utf8')).spec).toMatchObject({ podIdentity: { roleName: 'pay' }, secrets: { fromPath: true } });
  });

  it('render resolves the rest and names the config in the header', () => {
    const run = cli('render', '-o', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, apps: 3, config: '.scaffold.yaml' });
    const kustomization = readFileSync(path.join(root, 'apps', 'checkout', 'overlays', 'production', 'kustomization.yaml'), 'utf8');
    expect(kustomization.split('\n')[2]).toMatch(
      /^# scaffold-config: \.scaffold\.yaml \(defaults: imageRegistry, resources\.cpu, resources\.memory, secretStore; environments\.production: awsAccountId, cluster, kubernetesVersion 1\.30, secretsPathPrefix\)$/,
    );
    const base = readFileSync(path.join(root, 'apps', 'checkout', 'base', 'deployment.yaml'), 'utf8');
    expect(base.split('\n')[2]).toBe(
      '# scaffold-config: .scaffold.yaml (defaults: imageRegistry, resources.cpu, resources.memory, secretStore; environments.alpha: kubernetesVersion 1.30; environments.production: kubernetesVersion 1.30; environments.staging: kubernetesVersion 1.30)',
    );
    expect(cli('render', '--check').code).toBe(0);
  });

  describe.skipIf(!HAS_KUBECTL)('every overlay', () => {
    for (const app of APPS) {
      for (const env of ENVIRONMENTS) {
        it(`${app}/overlays/${env} builds with kubectl kustomize and validates`, () => {
          const built = kustomize(path.join(root, 'apps', app, 'overlays', env));
          expect(built.stderr).toBe('');
          expect(built.code).toBe(0);
          const validated = runCli(['validate', '-'], { cwd: root, input: built.stdout });
          expect(validated.stdout + validated.stderr).toBe('');
          expect(validated.code).toBe(0);
        });
      }
    }

    it('Pod Identity: a PodIdentityAssociation and no role annotation; IRSA: the annotation and no association', () => {
      const docs = (env: string) => parseAllDocuments(kustomize(path.join(root, 'apps', 'checkout', 'overlays', env)).stdout).map((d) => d.toJS());
      const production = docs('production');
      expect(production.find((d) => d.kind === 'PodIdentityAssociation')).toEqual({
        apiVersion: 'eks.services.k8s.aws/v1alpha1',
        kind: 'PodIdentityAssociation',
        metadata: {
          name: 'checkout',
          namespace: 'shop',
          labels: { 'app.kubernetes.io/name': 'checkout', 'app.kubernetes.io/managed-by': 'scaffold', 'app.kubernetes.io/instance': 'checkout-production' },
        },
        spec: { clusterName: 'prod-apne2', namespace: 'shop', serviceAccount: 'checkout', roleARN: 'arn:aws:iam::222222222222:role/checkout' },
      });
      expect(production.find((d) => d.kind === 'ServiceAccount').metadata.annotations).toBeUndefined();
      const alpha = docs('alpha');
      expect(alpha.find((d) => d.kind === 'PodIdentityAssociation')).toBeUndefined();
      expect(alpha.find((d) => d.kind === 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/checkout' });
    });

    it.skipIf(!available(CRD_DIR, 'validating fromPath against the External Secrets CRD'))(
      'fromPath: the built ExternalSecret is valid against the External Secrets v1 CRD, keys beside the path',
      () => {
        const built = parseAllDocuments(kustomize(path.join(root, 'apps', 'checkout', 'overlays', 'production')).stdout).map((d) => d.toJS());
        const externalSecret = built.find((d) => d.kind === 'ExternalSecret');
        expect(externalSecret.spec.data).toEqual([{ secretKey: 'SHARED_TOKEN', remoteRef: { key: '/shared/token' } }]);
        expect(externalSecret.spec.dataFrom).toEqual([
          {
            find: { path: '/production/checkout', name: { regexp: '^/production/checkout/[^/]+$' } },
            rewrite: [{ regexp: { source: '^/production/checkout/', target: '' } }, { transform: { template: '{{ .value | upper | replace "-" "_" | replace "." "_" }}' } }],
          },
        ]);
        const objectMeta = objectMetaDefinitions(targetSchemas().registry.lookup('v1', 'ConfigMap')!.schema());
        const crd = parse(readFileSync(path.join(CRD_DIR, 'external-secrets.io_externalsecrets.yaml'), 'utf8'));
        const v1 = schemasOf(schemasFromCrd(crd, objectMeta)).find((s) => s.gvk.version === 'v1')!;
        const validate = compileSchema(v1.schema);
        expect(validate(externalSecret), JSON.stringify(validate.errors)).toBe(true);
        // Each rewrite does one thing: the CRD allows one operation per item.
        const combined = structuredClone(externalSecret);
        combined.spec.dataFrom[0].rewrite = [{ ...combined.spec.dataFrom[0].rewrite[0], ...combined.spec.dataFrom[0].rewrite[1] }];
        expect(validate(combined)).toBe(false);
      },
    );
  });

  it('scaffold iam prints the trust policy as JSON: IRSA for the environments sharing the role, Pod Identity in production', () => {
    const irsa = cli('iam', 'checkout', '--env', 'staging');
    expect(irsa.code).toBe(0);
    expect(irsa.stderr).toContain('Trust policy of arn:aws:iam::111111111111:role/checkout (checkout in staging, IRSA; the role also serves alpha');
    const policy = JSON.parse(irsa.stdout);
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toEqual(
      [ALPHA_OIDC, STAGING_OIDC].map((provider) => ({
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::111111111111:oidc-provider/${provider}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${provider}:aud`]: 'sts.amazonaws.com', [`${provider}:sub`]: 'system:serviceaccount:shop:checkout' } },
      })),
    );
    const pods = JSON.parse(cli('iam', 'checkout', '--env', 'production', '-o', 'json').stdout);
    expect(pods).toMatchObject({ ok: true, kind: 'podIdentity', roleArn: 'arn:aws:iam::222222222222:role/checkout', environments: ['production'] });
    expect(pods.policy.Statement).toEqual([
      {
        Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-name': 'prod-apne2',
            'aws:RequestTag/kubernetes-namespace': 'shop',
            'aws:RequestTag/kubernetes-service-account': 'checkout',
          },
        },
      },
    ]);
  });

  it('scaffold iam says what is missing, where', () => {
    const none = cli('iam', 'demo', '--env', 'alpha');
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^apps\/demo\/app\.yaml:\d+:\d+: error: App\/demo: spec\.environments\.alpha: demo has no AWS role in alpha: set spec\.irsa or spec\.podIdentity \(spec\)/);
    const unknown = cli('iam', 'checkout', '--env', 'prodution', '-o', 'json');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).issues[0].message).toBe('--env: checkout has no environment "prodution" (did you mean "production"?); its environments: alpha, staging, production');
  });

  it('scaffold iam holds --oidc-provider to the rule of the config\'s oidcProvider: anything else is a usage error', () => {
    for (const issuer of ['', 'http://evil', 'a"b']) {
      const r = cli('iam', 'checkout', '--env', 'staging', '--oidc-provider', issuer, '-o', 'json');
      expect(r.code, issuer).toBe(2);
      expect(JSON.parse(r.stdout).issues).toEqual([
        { severity: 'error', rule: 'usage', message: `--oidc-provider: must be an OIDC issuer such as oidc.eks.ap-northeast-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E, got string ${JSON.stringify(issuer)}` },
      ]);
    }
    const given = JSON.parse(cli('iam', 'checkout', '--env', 'staging', '--oidc-provider', `https://${ALPHA_OIDC}/`, '-o', 'json').stdout);
    expect(given.policy.Statement.map((s: { Principal: { Federated: string } }) => s.Principal.Federated)).toEqual([`arn:aws:iam::111111111111:oidc-provider/${ALPHA_OIDC}`]);
  });

  it('a config change reaches exactly the files whose content (or Kubernetes version) it changes: render --check reports them, render rewrites them', () => {
    const overlayFiles = (env: string) => APPS.flatMap((app) => readdirSync(path.join(root, 'apps', app, 'overlays', env)).map((file) => `apps/${app}/overlays/${env}/${file}`)).sort();
    writeFileSync(path.join(root, '.scaffold.yaml'), CONFIG.replace('cluster: prod-apne2', 'cluster: prod-apne2-b'));
    const cluster = JSON.parse(cli('render', '--check', '-o', 'json').stdout);
    // Only the associations of the apps on Pod Identity in production name the cluster; the files beside them stay.
    expect(cluster.changed).toEqual(['apps/checkout/overlays/production/podidentityassociation.yaml', 'apps/pay/overlays/production/podidentityassociation.yaml']);
    const rendered = cli('render').stdout.split('\n');
    expect(rendered.slice(0, 2)).toEqual(['updated apps/checkout/overlays/production/podidentityassociation.yaml', 'updated apps/pay/overlays/production/podidentityassociation.yaml']);
    expect(rendered[2]).toMatch(/^rendered 3 apps: 0 created, 2 updated, 0 deleted, \d+ unchanged$/);

    writeFileSync(path.join(root, '.scaffold.yaml'), CONFIG);
    expect(cli('render').code).toBe(0);

    // A Kubernetes version changes no field, but the files validated against it (the environment's overlays, and
    // the bases, validated against every environment's) must be rendered, and validated, again.
    writeFileSync(path.join(root, '.scaffold.yaml'), CONFIG.replace('kubernetesVersion: "1.30"\n    cluster: staging', 'kubernetesVersion: "1.31"\n    cluster: staging'));
    const version = JSON.parse(cli('render', '--check', '-o', 'json').stdout);
    const bases = APPS.flatMap((app) => readdirSync(path.join(root, 'apps', app, 'base')).map((file) => `apps/${app}/base/${file}`));
    expect([...version.changed].sort()).toEqual([...bases, ...overlayFiles('staging')].sort());
    writeFileSync(path.join(root, '.scaffold.yaml'), CONFIG);
    expect(cli('render').code).toBe(0);
    expect(cli('render', '--check').code).toBe(0);
  });

  it("a kubernetesVersion in app.yaml wins over the config's and is written out the same way: moving it reaches that app's base and that environment's overlay", () => {
    const files = (folder: string) => readdirSync(path.join(root, 'apps', 'checkout', folder)).map((file) => `apps/checkout/${folder}/${file}`);
    const line = (file: string, index: number) => readFileSync(path.join(root, file), 'utf8').split('\n')[index];
    const atVersion = (version: string) => CHECKOUT.replace('alpha: {imageTag: latest}', `alpha: {imageTag: latest, kubernetesVersion: "${version}"}`);
    writeFileSync(path.join(root, 'apps', 'checkout', 'app.yaml'), atVersion('1.31'));
    expect(cli('render').code).toBe(0);
    expect(line('apps/checkout/base/deployment.yaml', 2)).toBe(
      '# scaffold-config: .scaffold.yaml (defaults: imageRegistry, resources.cpu, resources.memory, secretStore; environments.production: kubernetesVersion 1.30; environments.staging: kubernetesVersion 1.30)',
    );
    expect(line('apps/checkout/base/deployment.yaml', 3)).toBe('# scaffold-spec: app.yaml (spec.environments.alpha: kubernetesVersion 1.31)');
    expect(line('apps/checkout/overlays/alpha/kustomization.yaml', 2)).toBe('# scaffold-config: .scaffold.yaml (defaults: imageRegistry, resources.cpu, resources.memory, secretStore; environments.alpha: awsAccountId, secretsPathPrefix)');
    expect(line('apps/checkout/overlays/alpha/kustomization.yaml', 3)).toBe('# scaffold-spec: app.yaml (spec.environments.alpha: kubernetesVersion 1.31)');
    expect(line('apps/checkout/overlays/staging/kustomization.yaml', 3)).toMatch(/^# scaffold-image: /);

    writeFileSync(path.join(root, 'apps', 'checkout', 'app.yaml'), atVersion('1.32'));
    const version = JSON.parse(cli('render', '--check', '-o', 'json').stdout);
    expect([...version.changed].sort()).toEqual([...files('base'), ...files('overlays/alpha')].sort());
    writeFileSync(path.join(root, 'apps', 'checkout', 'app.yaml'), CHECKOUT);
    expect(cli('render').code).toBe(0);
    expect(cli('render', '--check').code).toBe(0);
  });

  it('the PodIdentityAssociation is a generated file like the others: pruned with its environment', () => {
    const association = path.join(root, 'apps', 'checkout', 'overlays', 'production', 'podidentityassociation.yaml');
    expect(readFileSync(association, 'utf8')).toMatch(/^# Generated by scaffold from apps\/checkout\/app\.yaml/);
    writeFileSync(path.join(root, 'apps', 'checkout', 'app.yaml'), CHECKOUT.replace(/ {4}production:\n[\s\S]*$/, ''));
    const run = cli('render', '-o', 'json');
    expect(JSON.parse(run.stdout).deleted).toContain('apps/checkout/overlays/production/podidentityassociation.yaml');
    writeFileSync(path.join(root, 'apps', 'checkout', 'app.yaml'), CHECKOUT);
    expect(cli('render').code).toBe(0);
  });

  it('a config with a problem stops every command, naming .scaffold.yaml with line and column', () => {
    writeFileSync(path.join(root, '.scaffold.yaml'), CONFIG.replace('  imageRegistry:', '  imageRegistery:'));
    for (const args of [['render'], ['render', '--check'], ['iam', 'checkout', '--env', 'alpha'], ['new-app', 'other', '--yes']]) {
      const run = cli(...args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toContain('.scaffold.yaml:22:3: error: Config: defaults.imageRegistery: unknown field "imageRegistery" (did you mean "imageRegistry"?) (config)');
    }
    writeFileSync(path.join(root, '.scaffold.yaml'), CONFIG);
  });
});

describe('scaffold iam: IRSA without an OIDC provider', () => {
  it("names .scaffold.yaml's environment with line and column (exit 1); with no .scaffold.yaml, the flag is the one place left: a usage error (exit 2)", () => {
    const root = tempCopy(EXAMPLES, 'scaffold-iam-oidc-');
    const iam = () => runCli(['iam', 'storefront', '--env', 'production'], { cwd: root });
    const missing = "IRSA in production needs the cluster's OIDC provider: set environments.production.oidcProvider in .scaffold.yaml, or pass --oidc-provider";
    const bare = iam();
    expect(bare.stderr).toBe(`error: ${missing}\n`);
    expect(bare.code).toBe(2);
    writeFileSync(path.join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nenvironments:\n  alpha: {}\n  production:\n    awsAccountId: "222222222222"\n');
    const configured = iam();
    expect(configured.stderr).toBe(`.scaffold.yaml:5:3: error: Config: environments.production.oidcProvider: ${missing} (config)\n1 problem; no policy printed\n`);
    expect(configured.code).toBe(1);
    expect(configured.stdout).toBe('');
  });
});

describe('scaffold iam: a role two apps share', () => {
  it("trusts both apps' ServiceAccounts, whichever app it is asked for, and names the other; a broken app is reported, not skipped", () => {
    const root = tempDir('scaffold-iam-shared-');
    writeFileSync(path.join(root, '.scaffold.yaml'), CONFIG);
    const app = (name: string, namespace: string) => `apiVersion: scaffold/v1alpha1\nkind: App\nmetadata:\n  name: ${name}\nspec:\n  skeleton: worker\n  namespace: ${namespace}\n  irsa: {roleName: shop}\n  environments:\n    alpha: {imageTag: v1}\n`;
    for (const [name, namespace] of [['cart', 'shop'], ['billing', 'money']] as const) {
      mkdirSync(path.join(root, 'apps', name), { recursive: true });
      writeFileSync(path.join(root, 'apps', name, 'app.yaml'), app(name, namespace));
    }
    const subjects = ['system:serviceaccount:money:billing', 'system:serviceaccount:shop:cart'];
    for (const [asked, other] of [['cart', 'billing'], ['billing', 'cart']]) {
      const text = runCli(['iam', asked!, '--env', 'alpha'], { cwd: root });
      expect(text.code).toBe(0);
      expect(text.stderr).toContain(`(${asked} in alpha, IRSA; the role also serves app ${other}, so the policy covers them too)`);
      expect(JSON.parse(text.stdout).Statement[0].Condition.StringEquals[`${ALPHA_OIDC}:sub`]).toEqual(subjects);
      expect(JSON.parse(runCli(['iam', asked!, '--env', 'alpha', '-o', 'json'], { cwd: root }).stdout)).toMatchObject({ ok: true, sharedWith: [other] });
    }
    writeFileSync(path.join(root, 'apps', 'billing', 'app.yaml'), app('billing', 'money').replace('namespace: money', 'namespace: [money]'));
    const broken = runCli(['iam', 'cart', '--env', 'alpha'], { cwd: root });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toContain('apps/billing/app.yaml:7:');

    // A warning of another app's (an env reference Kubernetes leaves as written) is said beside the policy, and stops nothing.
    writeFileSync(path.join(root, 'apps', 'billing', 'app.yaml'), app('billing', 'money').replace('  irsa:', '  env: {A: "$(NOPE)"}\n  irsa:'));
    const warned = runCli(['iam', 'cart', '--env', 'alpha'], { cwd: root });
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout).Statement[0].Condition.StringEquals[`${ALPHA_OIDC}:sub`]).toEqual(subjects);
    expect(warned.stderr).toContain('apps/billing/app.yaml:8:12: warning: App: spec.env.A: $(NOPE) names no variable of the container');
  });
});
