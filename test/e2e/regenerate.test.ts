import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { CHECKOUT_CPU_LIMIT_PATCH } from '../support/patches.ts';
import { CLI, EXAMPLES } from '../support/paths.ts';
import { mtimes, readTree, tempCopy } from '../support/tree.ts';

const PROD_KUSTOMIZATION = 'apps/checkout/overlays/production/kustomization.yaml';

function edit(root: string, path: string, change: (text: string) => string) {
  const file = join(root, path);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('README: running render twice changes nothing', () => {
  it('the second run writes nothing, touches no file, and says so', () => {
    const root = tempCopy(EXAMPLES);
    for (const app of readdirSync(join(root, 'apps'))) for (const folder of ['base', 'overlays']) rmSync(join(root, 'apps', app, folder), { recursive: true });
    const first = runCli(['render', '--root', root]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('rendered 5 apps: 57 created, 0 updated, 0 deleted, 0 unchanged');
    const tree = readTree(root);
    expect(tree).toEqual(readTree(EXAMPLES));
    const times = mtimes(root);
    const second = runCli(['render', '--root', root]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('rendered 5 apps: 0 created, 0 updated, 0 deleted, 57 unchanged\n');
    expect(readTree(root)).toEqual(tree);
    expect(mtimes(root)).toEqual(times);
  });
});

describe('regenerating in CI: render --check', () => {
  it('exits 0 and writes nothing when everything is current', () => {
    const root = tempCopy(EXAMPLES);
    const times = mtimes(root);
    const r = runCli(['render', '--check', '--root', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('5 apps checked: every generated file is current\n');
    expect(mtimes(root)).toEqual(times);
  });

  it('exits 1 with a unified diff when app.yaml changed, and writes nothing', () => {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('replicas: 3', 'replicas: 5'));
    const before = readTree(root);
    const r = runCli(['render', '--check', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`--- a/${PROD_KUSTOMIZATION}\n+++ b/${PROD_KUSTOMIZATION}\n`);
    expect(r.stdout).toContain('-    count: 3\n+    count: 5\n');
    expect(r.stderr).toContain('drift: 1 generated file not what the app specs produce (1 changed, 0 missing, 0 stale)');
    expect(readTree(root)).toEqual(before);

    const json = JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout);
    expect(json).toEqual({ ok: false, apps: 5, config: null, changed: [PROD_KUSTOMIZATION], missing: [], stale: [], handEdited: [], notGenerated: [] });
  });

  it('reports missing and stale files', () => {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/invoice-worker/app.yaml', (t) => t.replace('    alpha:', '    staging:'));
    const json = JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout);
    expect(json.missing).toEqual(['apps/invoice-worker/overlays/staging/deployment-patch.yaml', 'apps/invoice-worker/overlays/staging/kustomization.yaml']);
    expect(json.stale).toEqual(['apps/invoice-worker/overlays/alpha/deployment-patch.yaml', 'apps/invoice-worker/overlays/alpha/kustomization.yaml']);
  });
});

describe('render --check fails wherever render would refuse', () => {
  it("an environment's kubernetesVersion moving past a user file's API: both fail with the same issue", () => {
    const root = tempCopy(EXAMPLES);
    writeFileSync(
      join(root, 'apps/checkout/overlays/production/flowschema.yaml'),
      'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: checkout}\nspec:\n  priorityLevelConfiguration: {name: global-default}\n',
    );
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('      env: {LOG_LEVEL: warn}\n', '      env: {LOG_LEVEL: warn}\n      kubernetesVersion: "1.31"\n      extraResources: [flowschema.yaml]\n'));
    expect(runCli(['render', '--root', root]).code).toBe(0);
    expect(runCli(['render', '--check', '--root', root]).code).toBe(0);

    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('kubernetesVersion: "1.31"', 'kubernetesVersion: "1.32"'));
    const tree = readTree(root);
    const render = runCli(['render', '--root', root]);
    const check = runCli(['render', '--check', '--root', root]);
    const removed = 'apps/checkout/overlays/production/flowschema.yaml:1:13: error: FlowSchema/checkout: apiVersion: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in 1.32: use flowcontrol.apiserver.k8s.io/v1 (removed-api)\n';
    expect(render.code).toBe(1);
    expect(render.stderr).toContain(removed);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(removed);
    expect(check.stdout).toBe('');
    expect(readTree(root)).toEqual(tree);
  });
  // A version in app.yaml changes no field of a generated file, only what it is validated against; the files must
  // differ all the same, or render and render --check would go on trusting what was validated against the old one.
  // The API: coordination.k8s.io/v1alpha1 LeaseCandidate, which 1.31 serves with no newer version beside it (so
  // without a deprecation warning, which would keep a generated file from being written: a flowcontrol v1beta3
  // FlowSchema cannot be rendered on 1.31) and 1.32 removed.
  it.each([
    ['an overlay', 'overlay/resources/leasecandidate.yaml.hbs', 'apps/batch/overlays/production/leasecandidate.yaml'],
    ['the base', 'base/leasecandidate.yaml.hbs', 'apps/batch/base/leasecandidate.yaml'],
  ])("an environment's kubernetesVersion in app.yaml moving past the API of a file a skeleton renders in %s: both fail with the same issue", (_, template, rendered) => {
    const root = tempCopy(undefined);
    mkdirSync(join(root, 'skeletons/elected', dirname(template)), { recursive: true });
    writeFileSync(join(root, 'skeletons/elected/skeleton.yaml'), 'description: a worker that runs for leader of its own lease\nextends: worker\n');
    writeFileSync(
      join(root, 'skeletons/elected', template),
      'apiVersion: coordination.k8s.io/v1alpha1\nkind: LeaseCandidate\nmetadata:\n  name: {{app.name}}\n  namespace: {{app.namespace}}\nspec:\n  leaseName: {{app.name}}\n  preferredStrategies: [OldestEmulationVersion]\n',
    );
    mkdirSync(join(root, 'apps/batch'), { recursive: true });
    writeFileSync(
      join(root, 'apps/batch/app.yaml'),
      'apiVersion: scaffold/v1alpha1\nkind: App\nmetadata: {name: batch}\nspec:\n  skeleton: elected\n  namespace: jobs\n  image: example/batch\n  resources: {cpu: 100m, memory: 64Mi}\n  environments:\n    production: {imageTag: v1, kubernetesVersion: "1.31"}\n',
    );
    const run = (...args: string[]) => runCli(['render', '--skeletons', 'skeletons', ...args], { cwd: root });
    expect(run().code).toBe(0);
    expect(run('--check').code).toBe(0);

    edit(root, 'apps/batch/app.yaml', (t) => t.replace('kubernetesVersion: "1.31"', 'kubernetesVersion: "1.33"'));
    const tree = readTree(root);
    const render = run();
    const check = run('--check');
    const removed = `${rendered}:4:13: error: LeaseCandidate/batch: apiVersion: coordination.k8s.io/v1alpha1 LeaseCandidate was removed in 1.32: use coordination.k8s.io/v1beta1 (removed-api)\n`;
    expect(render.code).toBe(1);
    expect(render.stderr).toContain(removed);
    expect(render.stderr).toContain('nothing was written');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(removed);
    expect(check.stdout).toBe('');
    expect(readTree(root)).toEqual(tree);
    expect(runCli(['validate', rendered], { cwd: root }).stdout).toContain(removed);
  });
});

describe('hand-edit protection', () => {
  it('refuses to overwrite a hand-edited file, leaves it untouched, and --force restores it', () => {
    const root = tempCopy(EXAMPLES);
    const original = readFileSync(join(root, PROD_KUSTOMIZATION), 'utf8');
    edit(root, PROD_KUSTOMIZATION, (t) => t.replace('count: 3', 'count: 9'));
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('LOG_LEVEL: warn', 'LOG_LEVEL: error'));
    const edited = readTree(root);

    const refused = runCli(['render', '--root', root]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${PROD_KUSTOMIZATION}: error: edited by hand since scaffold generated it; refusing to overwrite it.`);
    expect(refused.stderr).toContain('nothing was written');
    expect(readTree(root)).toEqual(edited);

    const check = JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout);
    expect(check.handEdited).toEqual([PROD_KUSTOMIZATION]);

    const forced = runCli(['render', '--force', '--root', root]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(root, PROD_KUSTOMIZATION), 'utf8')).toBe(original);
    expect(readFileSync(join(root, 'apps/checkout/overlays/production/deployment-patch.yaml'), 'utf8')).toContain('value: error');
  });

  it('README: render never overwrites a file it did not generate (unless --force)', () => {
    const root = tempCopy(EXAMPLES);
    writeFileSync(join(root, 'apps/checkout/base/service.yaml'), 'kind: Service # my own\n');
    const before = readTree(root);
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apps/checkout/base/service.yaml: error: exists but was not generated by scaffold');
    expect(readTree(root)).toEqual(before);
    expect(JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout).notGenerated).toEqual(['apps/checkout/base/service.yaml']);
  });
});

describe('stale files', () => {
  it('deletes the overlay of a removed environment but keeps the user file beside it', () => {
    const root = tempCopy(EXAMPLES);
    writeFileSync(join(root, 'apps/invoice-worker/overlays/alpha/NOTES.md'), 'mine\n');
    edit(root, 'apps/invoice-worker/app.yaml', (t) => t.replace(/ {4}alpha:\n(?: {6}.*\n)+/, ''));
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deleted apps/invoice-worker/overlays/alpha/kustomization.yaml');
    expect(readdirSync(join(root, 'apps/invoice-worker/overlays/alpha'))).toEqual(['NOTES.md']);
    expect(existsSync(join(root, 'apps/invoice-worker/overlays/production/kustomization.yaml'))).toBe(true);
  });

  it('removes a folder left empty', () => {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/invoice-worker/app.yaml', (t) => t.replace(/ {4}alpha:\n(?: {6}.*\n)+/, ''));
    expect(runCli(['render', '--root', root]).code).toBe(0);
    expect(existsSync(join(root, 'apps/invoice-worker/overlays/alpha'))).toBe(false);
  });
});

describe('removed apps: the output of an app whose app.yaml was deleted is stale', () => {
  const WORKER_FILES = [
    'apps/invoice-worker/base/deployment.yaml',
    'apps/invoice-worker/base/kustomization.yaml',
    'apps/invoice-worker/base/serviceaccount.yaml',
    'apps/invoice-worker/overlays/alpha/deployment-patch.yaml',
    'apps/invoice-worker/overlays/alpha/kustomization.yaml',
    'apps/invoice-worker/overlays/production/deployment-patch.yaml',
    'apps/invoice-worker/overlays/production/kustomization.yaml',
  ];

  function withoutWorkerSpec(): string {
    const root = tempCopy(EXAMPLES);
    rmSync(join(root, 'apps/invoice-worker/app.yaml'));
    return root;
  }

  it('render --check reports its generated files as stale and exits 1', () => {
    const root = withoutWorkerSpec();
    const check = runCli(['render', '--check', '--root', root]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('drift: 7 generated files not what the app specs produce (0 changed, 0 missing, 7 stale)');
    expect(check.stdout).toContain('--- a/apps/invoice-worker/base/deployment.yaml\n+++ /dev/null\n');
    const json = JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout);
    expect(json).toMatchObject({ ok: false, apps: 4, stale: WORKER_FILES, handEdited: [] });
  });

  it('render deletes them, keeps the files of the user, and removes the folders left empty', () => {
    const root = withoutWorkerSpec();
    writeFileSync(join(root, 'apps/invoice-worker/overlays/production/pdb.yaml'), 'kind: PodDisruptionBudget # mine\n');
    const r = runCli(['render', '--root', root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const path of WORKER_FILES) expect(r.stdout).toContain(`deleted ${path}\n`);
    expect(r.stdout).toContain('rendered 4 apps: 0 created, 0 updated, 7 deleted, 50 unchanged');
    expect(Object.keys(readTree(join(root, 'apps/invoice-worker')))).toEqual(['overlays/production/pdb.yaml']);
    expect(readdirSync(join(root, 'apps/invoice-worker'))).toEqual(['overlays']);
    expect(runCli(['render', '--check', '--root', root]).code).toBe(0);
  });

  it('a hand-edited file of a removed app is refused as a conflict, and nothing is deleted; --force deletes it', () => {
    const root = withoutWorkerSpec();
    edit(root, 'apps/invoice-worker/overlays/production/kustomization.yaml', (t) => t.replace('count: 2', 'count: 5'));
    const before = readTree(root);
    const refused = runCli(['render', '--root', root]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('apps/invoice-worker/overlays/production/kustomization.yaml: error: edited by hand since scaffold generated it, and no longer generated');
    expect(refused.stderr).toContain('refusing to delete it');
    expect(readTree(root)).toEqual(before);
    expect(JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout).handEdited).toEqual(['apps/invoice-worker/overlays/production/kustomization.yaml']);

    expect(runCli(['render', '--force', '--root', root]).code).toBe(0);
    expect(existsSync(join(root, 'apps/invoice-worker'))).toBe(false);
  });

  it('render given app paths considers only those apps: the output of a removed app stays', () => {
    const root = withoutWorkerSpec();
    const before = readTree(root);
    const r = runCli(['render', 'apps/checkout'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rendered 1 app: 0 created, 0 updated, 0 deleted, 13 unchanged');
    expect(runCli(['render', '--check', 'apps/checkout'], { cwd: root }).code).toBe(0);
    expect(readTree(root)).toEqual(before);
    // A folder of app folders is every app in it, removed ones included.
    expect(JSON.parse(runCli(['render', '--check', '-o', 'json', 'apps'], { cwd: root }).stdout).stale).toEqual(WORKER_FILES);
  });

  it('when the last app is removed, render deletes its output instead of finding no apps', () => {
    const root = withoutWorkerSpec();
    for (const app of readdirSync(join(root, 'apps'))) rmSync(join(root, 'apps', app, 'app.yaml'), { force: true });
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rendered 0 apps: 0 created, 0 updated, 57 deleted, 0 unchanged');
    expect(readdirSync(join(root, 'apps'))).toEqual([]);
    expect(runCli(['render', '--root', root]).stderr).toContain('no apps found under apps/');
  });
});

describe('line endings: generated files checked out with CRLF (git core.autocrlf on Windows)', () => {
  function checkedOutWithCrlf(): string {
    const root = tempCopy(EXAMPLES);
    for (const [path, content] of Object.entries(readTree(root))) {
      if (/\/(base|overlays)\//.test(path)) writeFileSync(join(root, path), content.replace(/\n/g, '\r\n'));
    }
    return root;
  }

  it('are current: render --check exits 0, and render touches no file', () => {
    const root = checkedOutWithCrlf();
    expect(runCli(['render', '--check', '--root', root]).code).toBe(0);
    const times = mtimes(root);
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 created, 0 updated, 0 deleted, 57 unchanged');
    expect(mtimes(root)).toEqual(times);
  });

  it('are no hand edits: after a spec change render updates them, with LF', () => {
    const root = checkedOutWithCrlf();
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('replicas: 3', 'replicas: 4'));
    const r = runCli(['render', '--root', root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`updated ${PROD_KUSTOMIZATION}`);
    const written = readFileSync(join(root, PROD_KUSTOMIZATION), 'utf8');
    expect(written).toContain('    count: 4\n');
    expect(written).not.toContain('\r');
    expect(runCli(['render', '--check', '--root', root]).code).toBe(0);
  });

  it('a hand edit is still one', () => {
    const root = checkedOutWithCrlf();
    edit(root, PROD_KUSTOMIZATION, (t) => t.replace('count: 3', 'count: 9'));
    expect(JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout).handEdited).toEqual([PROD_KUSTOMIZATION]);
  });
});

describe('user-owned extensions', () => {
  const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 45
`;
  const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
  namespace: shop
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: checkout
`;

  function withExtensions() {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/checkout/app.yaml', (t) => `${t}      patches: [grace-patch.yaml]\n      extraResources: [pdb.yaml]\n`);
    return root;
  }

  it('fails naming each referenced file that does not exist, and writes nothing', () => {
    const root = withExtensions();
    const before = readTree(root);
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apps/checkout/app.yaml:31:17: error: App: spec.environments.production.patches[0]: overlays/production/grace-patch.yaml does not exist');
    expect(r.stderr).toContain('spec.environments.production.extraResources[0]: overlays/production/pdb.yaml does not exist');
    expect(readTree(root)).toEqual(before);
  });

  it('refuses a user file named like a generated one', () => {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/checkout/app.yaml', (t) => `${t}      patches: [deployment-patch.yaml]\n`);
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"deployment-patch.yaml" is a file scaffold generates in overlays/production/; give your file another name');
  });

  it("holds a user file to validate's policies and checks: render, render --check and the hook refuse it alike, and nothing is written", () => {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/checkout/app.yaml', (t) => `${t}      extraResources: [settings.yaml, credentials.yaml]\n`);
    writeFileSync(join(root, 'apps/checkout/overlays/production/settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Settings_1, namespace: shop}\ndata: {a: "1"}\n');
    writeFileSync(join(root, 'apps/checkout/overlays/production/credentials.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: credentials, namespace: shop}\nstringData: {password: hunter2}\n');
    const before = readTree(root);
    const render = runCli(['render', '--root', root]);
    const check = runCli(['render', '--check', '--root', root]);
    const hook = runCli(['validate', 'apps'], { cwd: root });
    // validate prints its findings on standard output, render on standard error.
    for (const r of [render, check, { code: hook.code, stderr: hook.stdout }]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('apps/checkout/overlays/production/settings.yaml:3:18: error: ConfigMap/Settings_1 (document at line 1): metadata.name: "Settings_1" is not a valid ConfigMap name');
      expect(r.stderr).toContain('apps/checkout/overlays/production/credentials.yaml:4:1: error: Secret/credentials (document at line 1): stringData: a Secret with stringData puts its values in git');
    }
    expect(readTree(root)).toEqual(before);

    // An exemption with its reason is honoured by render as by validate.
    writeFileSync(join(root, 'apps/checkout/overlays/production/settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: "1"}\n');
    writeFileSync(
      join(root, 'apps/checkout/overlays/production/credentials.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: credentials\n  namespace: shop\n  annotations: {ignore-check.scaffold.dev/no-plain-secret: "a sealed value, not a secret"}\nstringData: {password: sealed}\n',
    );
    expect(runCli(['render', '--root', root])).toMatchObject({ code: 0, stderr: '' });
    expect(runCli(['validate', 'apps'], { cwd: root }).code).toBe(0);
  });

  it('references the user files from the overlay, never writes or deletes them, and Kustomize applies them', () => {
    const root = withExtensions();
    writeFileSync(join(root, 'apps/checkout/overlays/production/grace-patch.yaml'), PATCH);
    writeFileSync(join(root, 'apps/checkout/overlays/production/pdb.yaml'), PDB);
    const r = runCli(['render', '--root', root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const kustomization = readFileSync(join(root, PROD_KUSTOMIZATION), 'utf8');
    expect(kustomization).toContain('resources:\n  - ../../base\n  - pdb.yaml\n');
    expect(kustomization).toContain('  - path: grace-patch.yaml\n');
    expect(readFileSync(join(root, 'apps/checkout/overlays/production/grace-patch.yaml'), 'utf8')).toBe(PATCH);
    expect(runCli(['render', '--check', '--root', root]).code).toBe(0);

    if (!HAS_KUBECTL) return;
    const built = kustomize(join(root, 'apps/checkout/overlays/production'));
    expect(built.stderr).toBe('');
    const docs = parseAllDocuments(built.stdout).map((d) => d.toJS());
    expect(docs.find((d) => d.kind === 'PodDisruptionBudget')?.metadata.labels['app.kubernetes.io/instance']).toBe('checkout-production');
    expect(docs.find((d) => d.kind === 'Deployment')?.spec.template.spec.terminationGracePeriodSeconds).toBe(45);
  });

  it('refuses a patch that would match nothing, saying which field to change, where Kustomize would fail later', () => {
    const root = withExtensions();
    writeFileSync(join(root, 'apps/checkout/overlays/production/grace-patch.yaml'), PATCH.replace('  namespace: shop\n', ''));
    writeFileSync(join(root, 'apps/checkout/overlays/production/pdb.yaml'), PDB);
    const before = readTree(root);
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apps/checkout/overlays/production/grace-patch.yaml:1:1: error: Deployment/checkout: metadata.namespace: patches no resource of overlays/production');
    expect(r.stderr).toContain('set metadata.namespace: shop (user-patch)');
    expect(readTree(root)).toEqual(before);

    if (!HAS_KUBECTL) return;
    // The judge: the same overlay, with the patch listed, does not build.
    edit(root, PROD_KUSTOMIZATION, (t) => t.replace('  - path: serviceaccount-patch.yaml\n', '  - path: serviceaccount-patch.yaml\n  - path: grace-patch.yaml\n'));
    const built = kustomize(join(root, 'apps/checkout/overlays/production'));
    expect(built.code).not.toBe(0);
    expect(built.stderr).toContain('no resource matches strategic merge patch');
  });
});

describe('user patches within the policies', () => {

  function withCpuPatch(patch = CHECKOUT_CPU_LIMIT_PATCH) {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/checkout/app.yaml', (t) => `${t}      patches: [cpu-patch.yaml]\n`);
    writeFileSync(join(root, 'apps/checkout/overlays/production/cpu-patch.yaml'), patch);
    return root;
  }

  it('render refuses a patch that makes the pod leave QoS Guaranteed, naming the patch file and the field; capacity does not size it', () => {
    const root = withCpuPatch();
    const before = readTree(root);
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'apps/checkout/overlays/production/cpu-patch.yaml:13:20: error: Deployment/checkout (document at line 1): spec.template.spec.containers[0].resources.limits.cpu: ' +
        'with this patch, the Deployment breaks qos-guaranteed: spec.template.spec.containers[0].resources.requests.cpu: container "checkout" requests cpu 500m but its limit is 2',
    );
    expect(readTree(root)).toEqual(before);
    const capacity = runCli(['capacity', '--root', root]);
    expect(capacity.code).toBe(1);
    expect(capacity.stderr).toContain('cpu-patch.yaml:13:20: error');

    if (!HAS_KUBECTL) return;
    // The judge: Kustomize builds the overlay with the patch, and the pod it builds is no longer Guaranteed.
    edit(root, PROD_KUSTOMIZATION, (t) => `${t}  - path: cpu-patch.yaml\n`);
    const built = parseAllDocuments(kustomize(join(root, 'apps/checkout/overlays/production')).stdout).map((d) => d.toJS());
    const resources = built.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].resources;
    expect(resources).toMatchObject({ limits: { cpu: '2' }, requests: { cpu: '500m' } });
  });

  it('accepts the patch when it exempts the Deployment, with a reason, and keeps the pod Guaranteed when it sets the request too', () => {
    const exempt = CHECKOUT_CPU_LIMIT_PATCH.replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    ignore-check.scaffold.dev/qos-guaranteed: "a burst of cpu at start-up, reviewed in PLAT-42"\n');
    expect(runCli(['render', '--root', withCpuPatch(exempt)]).code).toBe(0);
    const both = `${CHECKOUT_CPU_LIMIT_PATCH}            requests:\n              cpu: "2"\n`;
    const r = runCli(['render', '--root', withCpuPatch(both)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('lets a patch break a rule the repository turns off in .scaffold.yaml', () => {
    const root = withCpuPatch();
    writeFileSync(join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nvalidate:\n  skip:\n    - policy: qos-guaranteed\n      reason: batch jobs burst above their requests (PLAT-123)\n');
    const r = runCli(['render', '--root', root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('names the container a patch adds without limits', () => {
    const sidecar = CHECKOUT_CPU_LIMIT_PATCH.replace('        - name: checkout\n          resources:\n            limits:\n              cpu: "2"\n', '        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n');
    const r = runCli(['render', '--root', withCpuPatch(sidecar)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cpu-patch.yaml:10:11: error: Deployment/checkout (document at line 1): spec.template.spec.containers[0]: with this patch, the Deployment breaks qos-guaranteed: container "proxy" has no cpu or memory limit');
  });
});

describe('work proportional to the apps given', () => {
  it('`render apps/checkout` touches only that app', () => {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('replicas: 3', 'replicas: 4'));
    edit(root, 'apps/invoice-worker/app.yaml', (t) => t.replace('replicas: 2', 'replicas: 6'));
    const workerBefore = readTree(join(root, 'apps/invoice-worker'));
    const r = runCli(['render', 'apps/checkout'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rendered 1 app: 0 created, 1 updated');
    expect(readTree(join(root, 'apps/invoice-worker'))).toEqual(workerBefore);
  });
});

describe('atomic writes', () => {
  it('a run killed at any moment leaves every file old or new, never half written, and the next run cleans up', async () => {
    const root = tempCopy(undefined);
    const spec = readFileSync(join(EXAMPLES, 'apps/checkout/app.yaml'), 'utf8');
    const APPS = 150;
    for (let i = 0; i < APPS; i++) {
      cpSync(join(EXAMPLES, 'apps/checkout'), join(root, 'apps', `app-${i}`), { recursive: true });
      writeFileSync(join(root, 'apps', `app-${i}`, 'app.yaml'), spec.replace('name: checkout', `name: app-${i}`));
    }
    expect(runCli(['render', '--root', root]).code).toBe(0);
    const oldTree = readTree(root);
    for (let i = 0; i < APPS; i++) edit(root, `apps/app-${i}/app.yaml`, (t) => t.replace(/replicas: \d+/g, 'replicas: 7').replace('500m', '750m'));
    const newRoot = tempCopy(root);
    expect(runCli(['render', '--root', newRoot]).code).toBe(0);
    const newTree = readTree(newRoot);

    for (const delay of [150, 250, 350]) {
      const child = spawn(process.execPath, [CLI, 'render', '--root', root], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      for (const [path, content] of Object.entries(readTree(root))) {
        if (/\.scaffold-tmp$/.test(path)) continue;
        expect([oldTree[path], newTree[path]], path).toContain(content);
      }
    }
    expect(runCli(['render', '--root', root]).code).toBe(0);
    expect(readTree(root)).toEqual(newTree);
  });
});
