/**
 * The Argo CD objects render writes, end to end: they validate against the
 * bundled Argo CD schemas, each Application points at an overlay folder that
 * exists (an ApplicationSet's generator matches exactly the overlays of its
 * environment), they are generated files like the others (drift, hand edits),
 * and they go when their app, environment or Argo CD itself goes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES, PROJECT_ROOT } from '../support/paths.ts';
import { readTree, tempCopy } from '../support/tree.ts';

const CONFIG = `apiVersion: scaffold/v1alpha1
kind: Config
argocd:
  repoURL: https://github.com/example/gitops.git
  targetRevision: main
  project: shop
  syncPolicy:
    automated: {prune: true, selfHeal: true}
  environments:
    alpha: {destination: {name: alpha-apne2}}
    production: {destination: {name: prod-apne2}}
`;

/** The examples' checkout and invoice-worker (the others would only lengthen the lists), with the config. */
function gitops(config = CONFIG): string {
  const root = tempCopy(EXAMPLES);
  for (const app of readdirSync(join(root, 'apps'))) if (!['checkout', 'invoice-worker'].includes(app)) rmSync(join(root, 'apps', app), { recursive: true });
  writeFileSync(join(root, '.scaffold.yaml'), config);
  return root;
}

function render(root: string, ...args: string[]): string {
  const r = runCli(['render', '--root', root, ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const argoCdFiles = (root: string) => Object.keys(readTree(root)).filter((p) => p.startsWith('argocd/'));
const object = (root: string, path: string) => parse(readFileSync(join(root, path), 'utf8')) as Record<string, any>;

describe('Argo CD Applications (argocd.mode: applications, the default)', () => {
  it('one per app and environment, and a root per environment; valid, current, each pointing at an overlay that exists', () => {
    const root = gitops();
    render(root);
    expect(argoCdFiles(root)).toEqual([
      'argocd/alpha/apps/checkout.yaml',
      'argocd/alpha/apps/invoice-worker.yaml',
      'argocd/alpha/root.yaml',
      'argocd/production/apps/checkout.yaml',
      'argocd/production/apps/invoice-worker.yaml',
      'argocd/production/root.yaml',
    ]);
    const validate = runCli(['validate', '--summary', 'argocd'], { cwd: root });
    expect(validate.stdout).toContain('Summary: 6 resources found in 6 files - Valid: 6, Invalid: 0');
    expect(validate.code).toBe(0);
    for (const path of argoCdFiles(root)) {
      const app = object(root, path);
      expect(app['kind']).toBe('Application');
      // Argo CD's paths are relative to the repository: the gitops root is its top here.
      expect(existsSync(join(root, app['spec'].source.path)), `${path}: ${app['spec'].source.path}`).toBe(true);
      if (path.endsWith('root.yaml')) continue;
      expect(existsSync(join(root, app['spec'].source.path, 'kustomization.yaml'))).toBe(true);
      expect(app['metadata'].name).toBe(`${path.split('/')[3]!.replace('.yaml', '')}-${path.split('/')[1]}`);
    }
    expect(object(root, 'argocd/production/apps/checkout.yaml')['spec'].destination).toEqual({ name: 'prod-apne2', namespace: 'shop' });
    expect(runCli(['render', '--check', '--root', root]).code).toBe(0);
  });

  it('are generated files: drift and hand edits are reported, a config change reaches them', () => {
    const root = gitops();
    render(root);
    const app = 'argocd/production/apps/checkout.yaml';
    writeFileSync(join(root, app), readFileSync(join(root, app), 'utf8').replace('selfHeal: true', 'selfHeal: false'));
    const check = JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout) as Record<string, string[]>;
    expect(check['handEdited']).toEqual([app]);
    render(root, '--force');
    writeFileSync(join(root, '.scaffold.yaml'), CONFIG.replace('targetRevision: main', 'targetRevision: release'));
    const changed = JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout) as Record<string, string[]>;
    expect(changed['changed']!.sort()).toEqual(argoCdFiles(root));
  });

  it('go with their environment, their app, or the argocd section; an app rendered alone leaves the roots to a full run', () => {
    const root = gitops();
    render(root);
    const spec = join(root, 'apps/invoice-worker/app.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/\n    production:\n(?: {6}.*\n)*/, '\n'));
    expect(render(root)).toContain('deleted argocd/production/apps/invoice-worker.yaml');
    expect(existsSync(join(root, 'argocd/production/root.yaml'))).toBe(true);

    writeFileSync(join(root, '.scaffold.yaml'), CONFIG.replace('    alpha: {destination: {name: alpha-apne2}}\n', ''));
    render(root);
    expect(argoCdFiles(root)).toEqual(['argocd/production/apps/checkout.yaml', 'argocd/production/root.yaml']);
    expect(existsSync(join(root, 'argocd/alpha'))).toBe(false);

    rmSync(join(root, 'apps/checkout/app.yaml'));
    render(root);
    expect(argoCdFiles(root)).toEqual([]);
    expect(existsSync(join(root, 'argocd'))).toBe(false);

    const alone = gitops();
    render(alone, join(alone, 'apps/checkout'));
    expect(argoCdFiles(alone)).toEqual(['argocd/alpha/apps/checkout.yaml', 'argocd/production/apps/checkout.yaml']);
    writeFileSync(join(alone, 'argocd/NOTES.md'), 'ours\n');
    writeFileSync(join(alone, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\n');
    render(alone);
    expect(argoCdFiles(alone)).toEqual(['argocd/NOTES.md']);
  });
});

describe('a .scaffold.yaml that cannot be read', () => {
  it('a broken link, a loop of links: every command that reads the config refuses, naming the link and where it points, and render deletes nothing', () => {
    const root = gitops();
    render(root);
    const before = readTree(root);
    rmSync(join(root, '.scaffold.yaml'));
    for (const [target, problem] of [
      ['config/x.yaml', 'is a symbolic link to config/x.yaml, where there is nothing (a broken link)'],
      ['.scaffold.yaml', 'is a symbolic link to .scaffold.yaml, which leads back to itself (a loop of links)'],
    ] as const) {
      symlinkSync(target, join(root, '.scaffold.yaml'));
      // Every command finds the config the same way: the others are asked once.
      const commands = target === '.scaffold.yaml' ? [['render'], ['render', '--check']] : [['render'], ['capacity'], ['iam', 'checkout', '--env', 'alpha'], ['image', 'list'], ['new-app', 'other', '--yes'], ['validate', 'apps']];
      for (const args of commands) {
        const r = runCli([...args, ...(args[0] === 'validate' ? [] : ['--root', root])], { cwd: root });
        expect(r.stderr, args.join(' ')).toContain(`.scaffold.yaml: error: ${problem} (config)`);
        expect(r.code, args.join(' ')).toBe(1);
      }
      rmSync(join(root, '.scaffold.yaml'));
    }
    const { '.scaffold.yaml': _config, ...rest } = before;
    expect(readTree(root)).toEqual(rest);
  }, 120_000);
});

describe('new-app with an argocd section', () => {
  it("writes the new app's Applications and the roots of its environments, so that render --check passes", () => {
    const root = tempCopy(undefined);
    writeFileSync(
      join(root, '.scaffold.yaml'),
      `${CONFIG.replace('argocd:\n', 'environments: {alpha: {}, production: {}}\ndefaults: {imageRegistry: registry.example.com/team, namespace: shop, resources: {cpu: 250m, memory: 256Mi}}\nargocd:\n')}`,
    );
    const created = runCli(['new-app', 'demo', '--yes', '--root', root]);
    expect(created.code).toBe(0);
    expect(argoCdFiles(root)).toEqual(['argocd/alpha/apps/demo.yaml', 'argocd/alpha/root.yaml', 'argocd/production/apps/demo.yaml', 'argocd/production/root.yaml']);
    expect(runCli(['render', '--check', '--root', root]).code).toBe(0);
    // Without them committed Argo CD never syncs the app: the next steps say so.
    expect(created.stdout).toContain(`  - commit ${root}/apps/demo, ${root}/argocd and ${root}/.gitattributes and let gitops deploy it\n`);
    // A second app adds its own Applications beside the roots the first wrote.
    expect(runCli(['new-app', 'other', '--yes', '--root', root]).stdout).toContain(`  - commit ${root}/apps/other and ${root}/argocd and let gitops deploy it\n`);
  });
});

describe('Argo CD ApplicationSets (argocd.mode: applicationSets)', () => {
  const SETS = CONFIG.replace('  project: shop\n', '  project: shop\n  mode: applicationSets\n');

  it("one per environment, valid, whose generator matches exactly that environment's overlays, each carrying its namespace", () => {
    const root = gitops(SETS);
    const spec = join(root, 'apps/invoice-worker/app.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/\n    production:\n(?: {6}.*\n)*/, '\n'));
    render(root);
    expect(argoCdFiles(root)).toEqual([
      'argocd/alpha/applicationset/applicationset.yaml',
      'argocd/alpha/root.yaml',
      'argocd/production/applicationset/applicationset.yaml',
      'argocd/production/root.yaml',
    ]);
    expect(runCli(['validate', 'argocd'], { cwd: root }).code).toBe(0);
    const files = Object.keys(readTree(root));
    for (const env of ['alpha', 'production']) {
      const set = object(root, `argocd/${env}/applicationset/applicationset.yaml`);
      const pattern = set['spec'].generators[0].git.files[0].path as string;
      // The git files generator's glob: * stands for one path segment.
      const glob = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.]/g, '\\.')).join('[^/]+')}$`);
      const overlays = files.filter((f) => /^apps\/[^/]+\/overlays\/[^/]+\/kustomization\.yaml$/.test(f) && f.split('/')[3] === env);
      expect(files.filter((f) => glob.test(f))).toEqual(overlays);
      expect(overlays.length).toBe(env === 'alpha' ? 2 : 1);
      for (const overlay of overlays) {
        const app = parse(readFileSync(join(root, overlay.split('/').slice(0, 2).join('/'), 'app.yaml'), 'utf8')) as Record<string, any>;
        expect(object(root, overlay)['metadata']).toEqual({ namespace: app['spec'].namespace });
        if (HAS_KUBECTL) expect(kustomize(join(root, overlay.replace('/kustomization.yaml', ''))).stderr).toBe('');
      }
      expect(object(root, `argocd/${env}/root.yaml`)['spec'].source.path).toBe(`argocd/${env}/applicationset`);
    }
    expect(runCli(['render', '--check', '--root', root]).code).toBe(0);
  });

  it("refuses a skeleton whose overlay kustomization does not carry the namespace the generator reads", () => {
    const root = gitops(SETS);
    mkdirSync(join(root, 'skeletons/web/overlay'), { recursive: true });
    writeFileSync(join(root, 'skeletons/web/skeleton.yaml'), 'description: web without the metadata\nextends: web\n');
    const builtIn = readFileSync(join(PROJECT_ROOT, 'skeletons/_common/overlay/kustomization.yaml.hbs'), 'utf8');
    writeFileSync(join(root, 'skeletons/web/overlay/kustomization.yaml.hbs'), builtIn.replace(/\{\{#if metadata\}\}[\s\S]*?\{\{\/if\}\}\n/, ''));
    const refused = runCli(['render', '--root', root, '--skeletons', join(root, 'skeletons')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('kustomization.yaml.hbs failed: with argocd.mode: applicationSets, the kustomization must print metadata.namespace');
  });

  it('a switch of mode is refused while the resources finalizer would take the apps down, and made once it is off', () => {
    const root = gitops();
    render(root);
    writeFileSync(join(root, '.scaffold.yaml'), SETS);
    const tree = readTree(root);
    const refused = runCli(['render', '--root', root]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('.scaffold.yaml: error: argocd.mode changes for alpha: Argo CD would delete the Applications of alpha');
    expect(readTree(root)).toEqual(tree);

    writeFileSync(join(root, '.scaffold.yaml'), CONFIG.replace('  project: shop\n', '  project: shop\n  finalizer: none\n'));
    render(root);
    writeFileSync(join(root, '.scaffold.yaml'), SETS.replace('  project: shop\n', '  project: shop\n  finalizer: none\n'));
    expect(render(root)).toContain('deleted argocd/production/apps/checkout.yaml');
    expect(argoCdFiles(root)).toContain('argocd/production/applicationset/applicationset.yaml');
  });
});
