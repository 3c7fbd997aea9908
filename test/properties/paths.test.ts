/**
 * scaffold never writes outside --root. Names that become folders or file names (the
 * app, its environments) are DNS-1123 labels, checked before any path is built, so a
 * name with a path separator or `..` is refused with its field path and nothing is
 * rendered. render follows no symbolic link below the root: a link on the way to a file
 * it writes or reads, or at the file itself, makes it refuse, naming the link, and write
 * nothing; one leading out of the root (an app folder linked to another checkout, say)
 * is named as such.
 */
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSpecTexts } from '../../src/pipeline/appPlans.ts';
import { checkApps, renderApps } from '../../src/pipeline/render.ts';
import { skeletonDirs } from '../../src/io/skeletonFolders.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { formatPath, type PathSegment } from '../../src/vocabulary/issue.ts';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES } from '../support/paths.ts';
import { tempDir, withTempDir } from '../support/tempDir.ts';
import { validAppSpec } from './appSpecs.ts';
import { runs, timeLimit } from './settings.ts';

const SKELETONS = skeletonDirs([]);

/** Every file, folder and link under `dir`, links not followed (one may dangle): what a run must leave as it was. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const stat = lstatSync(join(dir, path));
      if (stat.isSymbolicLink()) out[path] = `link -> ${readlinkSync(join(dir, path))}`;
      else if (stat.isDirectory()) {
        out[path] = 'folder';
        walk(path);
      } else out[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return out;
}

/** Fragments that would lead a path elsewhere if a name were used as a folder unchecked. */
const escape = fc.constantFrom('..', '../..', '../../../outside', '/', '/etc', '\\', '..\\..', '.', './', '%2e%2e%2f', '\u2215', '\uff0f', '\u0000', '~', 'C:\\', ' ');

/** A name of the spec that becomes part of a path, with an escape spliced into it. */
type Target = 'app' | 'environment' | 'skeleton';

function hostile(spec: AppSpec, target: Target, fragment: string, at: number): { spec: AppSpec; path: PathSegment[] } {
  const copy = structuredClone(spec);
  const splice = (name: string) => `${name.slice(0, at % (name.length + 1))}${fragment}${name.slice(at % (name.length + 1))}`;
  switch (target) {
    case 'app':
      copy.metadata.name = splice(copy.metadata.name);
      return { spec: copy, path: ['metadata', 'name'] };
    case 'skeleton':
      copy.spec.skeleton = splice(copy.spec.skeleton);
      return { spec: copy, path: ['spec', 'skeleton'] };
    case 'environment': {
      const [first, ...rest] = Object.entries(copy.spec.environments);
      const name = splice(first![0]);
      copy.spec.environments = Object.fromEntries([[name, first![1]], ...rest.filter(([n]) => n !== name)]);
      return { spec: copy, path: ['spec', 'environments', name] };
    }
  }
}

describe('names that would lead out of the root', () => {
  it(
    'are refused by the spec check, naming the field, before any path is built',
    () => {
      fc.assert(
        fc.property(validAppSpec, fc.constantFrom<Target>('app', 'environment', 'skeleton'), escape, fc.nat(), (valid, target, fragment, at) => {
          const { spec, path } = hostile(valid, target, fragment, at);
          const result = planSpecTexts('/nonexistent-root', [{ specPath: `apps/${valid.metadata.name}/app.yaml`, text: JSON.stringify(spec) }], SKELETONS);
          expect(result.plans).toEqual([]);
          expect(result.issues.map((i) => i.path)).toContain(formatPath(path));
        }),
        runs(200),
      );
    },
    timeLimit(60_000),
  );

  it(
    'make the CLI write nothing, inside the root or beside it',
    () => {
      fc.assert(
        fc.property(validAppSpec, fc.constantFrom<Target>('app', 'environment'), escape, fc.nat(), (valid, target, fragment, at) => {
          const { spec } = hostile(valid, target, fragment, at);
          withTempDir('scaffold-properties-paths-', (dir) => {
            const { parent, root } = gitopsRootBesideOutside(dir);
            const folder = ['checkout', 'invoice-worker'].includes(valid.metadata.name) ? 'other-app' : valid.metadata.name;
            mkdirSync(join(root, 'apps', folder));
            writeFileSync(join(root, 'apps', folder, 'app.yaml'), JSON.stringify(spec));
            const before = snapshot(parent);
            const result = runCli(['render', '--root', root]);
            expect(result.code).toBe(1);
            expect(result.stderr).toContain('nothing was written');
            expect(snapshot(parent)).toEqual(before);
          });
        }),
        runs(5),
      );
    },
    timeLimit(60_000),
  );
});

describe('symbolic links on the way to a generated file', () => {
  it('an app folder linked outside the root: render refuses, naming the link, and writes nothing anywhere', () => {
    const { parent, root } = gitopsRootBesideOutside();
    moveAppOut(root, parent, 'invoice-worker');
    symlinkSync(join('..', '..', 'outside', 'invoice-worker'), join(root, 'apps', 'invoice-worker'));
    const before = snapshot(parent);
    const result = runCli(['render', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apps/invoice-worker: error: is a symbolic link to ');
    expect(result.stderr).toContain('outside the gitops root');
    expect(snapshot(parent)).toEqual(before);

    const json = JSON.parse(runCli(['render', '--root', root, '-o', 'json']).stdout);
    expect(json.issues).toEqual([expect.objectContaining({ rule: 'outside-root', file: 'apps/invoice-worker' })]);
  });

  it('an overlays folder linked outside the root, even dangling: render refuses and writes nothing', () => {
    const { parent, root } = gitopsRootBesideOutside();
    rmSync(join(root, 'apps', 'checkout', 'overlays'), { recursive: true });
    symlinkSync(join('..', '..', '..', 'outside', 'overlays-not-there'), join(root, 'apps', 'checkout', 'overlays'));
    const before = snapshot(parent);
    const result = runCli(['render', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apps/checkout/overlays: error: is a symbolic link to ');
    expect(snapshot(parent)).toEqual(before);
  });

  it('a link that stays inside the root is refused too, naming it and what to do', () => {
    const { parent, root } = gitopsRootBesideOutside();
    mkdirSync(join(root, 'shared'));
    cpSync(join(root, 'apps', 'invoice-worker'), join(root, 'shared', 'invoice-worker'), { recursive: true });
    rmSync(join(root, 'apps', 'invoice-worker'), { recursive: true });
    symlinkSync(join('..', 'shared', 'invoice-worker'), join(root, 'apps', 'invoice-worker'));
    const before = snapshot(parent);
    const result = runCli(['render', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'apps/invoice-worker: error: is a symbolic link to ../shared/invoice-worker; scaffold follows no link below --root, so that no app reads or writes another\'s files: replace the link with a real folder (link)',
    );
    expect(snapshot(parent)).toEqual(before);
  });
});

describe('symbolic links inside the root: render follows none', () => {
  it("an app's overlay folder linked to another app's: render refuses instead of overwriting the other app's files, and so does --check", () => {
    const { root } = gitopsRootBesideOutside();
    rmSync(join(root, 'apps', 'checkout', 'overlays', 'alpha'), { recursive: true });
    symlinkSync(join('..', '..', 'invoice-worker', 'overlays', 'alpha'), join(root, 'apps', 'checkout', 'overlays', 'alpha'));
    const before = snapshot(root);
    for (const args of [['render'], ['render', '--check'], ['render', '--force']]) {
      const result = runCli([...args, '--root', root]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain('apps/checkout/overlays/alpha: error: is a symbolic link to ../../invoice-worker/overlays/alpha; scaffold follows no link below --root');
      expect(result.stderr).toContain('replace the link with a real folder (link)');
      expect(snapshot(root)).toEqual(before);
    }
  });

  it('a link at the path of a generated file is refused, not replaced', () => {
    const { root } = gitopsRootBesideOutside();
    writeFileSync(join(root, 'notes.yaml'), 'mine\n');
    rmSync(join(root, 'apps', 'checkout', 'base', 'service.yaml'));
    symlinkSync(join('..', '..', '..', 'notes.yaml'), join(root, 'apps', 'checkout', 'base', 'service.yaml'));
    const before = snapshot(root);
    const result = runCli(['render', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apps/checkout/base/service.yaml: error: is a symbolic link to ../../../notes.yaml;');
    expect(result.stderr).toContain('remove the link, and scaffold writes the file in its place (link)');
    expect(snapshot(root)).toEqual(before);
  });

  it('a user file listed in app.yaml that is a link is refused, naming the link and the field, as Kustomize refuses it', () => {
    const { root } = gitopsRootBesideOutside();
    const overlay = join(root, 'apps', 'checkout', 'overlays', 'production');
    mkdirSync(join(root, 'shared'));
    writeFileSync(join(root, 'shared', 'pdb.yaml'), PDB);
    symlinkSync(join('..', '..', '..', '..', 'shared', 'pdb.yaml'), join(overlay, 'pdb.yaml'));
    writeFileSync(join(root, 'apps', 'checkout', 'app.yaml'), `${readFileSync(join(root, 'apps', 'checkout', 'app.yaml'), 'utf8')}      extraResources: [pdb.yaml]\n`);
    const before = snapshot(root);
    const result = runCli(['render', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'apps/checkout/overlays/production/pdb.yaml: error: is a symbolic link to ../../../../shared/pdb.yaml (apps/checkout/app.yaml lists apps/checkout/overlays/production/pdb.yaml at spec.environments.production.extraResources[0]; Kustomize refuses a file reached through a link); scaffold follows no link below --root',
    );
    expect(result.stderr).toContain('replace the link with a copy of the file (link)');
    expect(snapshot(root)).toEqual(before);
    if (!HAS_KUBECTL) return;
    // The judge: Kustomize refuses the same file once the overlay lists it.
    writeFileSync(join(overlay, 'kustomization.yaml'), readFileSync(join(overlay, 'kustomization.yaml'), 'utf8').replace('  - ../../base\n', '  - ../../base\n  - pdb.yaml\n'));
    const built = kustomize(overlay);
    expect(built.code).not.toBe(0);
    expect(built.stderr).toContain('is not in or below');
  });

  it('an app.yaml that is a link is refused', () => {
    const { root } = gitopsRootBesideOutside();
    mkdirSync(join(root, 'specs'));
    cpSync(join(root, 'apps', 'checkout', 'app.yaml'), join(root, 'specs', 'checkout.yaml'));
    rmSync(join(root, 'apps', 'checkout', 'app.yaml'));
    symlinkSync(join('..', '..', 'specs', 'checkout.yaml'), join(root, 'apps', 'checkout', 'app.yaml'));
    const result = runCli(['render', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apps/checkout/app.yaml: error: is a symbolic link to ../../specs/checkout.yaml; scaffold follows no link below --root');
  });

  it('an app.yaml that is a broken link or a loop is refused, naming the link and where it points; its app\'s files are not taken for stale', () => {
    const { root } = gitopsRootBesideOutside();
    expect(runCli(['render', '--root', root]).code).toBe(0);
    for (const [target, problem] of [
      ['missing.yaml', 'is a symbolic link to missing.yaml, where there is nothing (a broken link)'],
      ['app.yaml', 'is a symbolic link to app.yaml, which leads back to itself (a loop of links)'],
    ] as const) {
      rmSync(join(root, 'apps', 'checkout', 'app.yaml'));
      symlinkSync(target, join(root, 'apps', 'checkout', 'app.yaml'));
      const before = snapshot(root);
      // Every command finds its apps the same way: the others are asked once.
      const commands = target === 'app.yaml' ? [['render'], ['render', '--check']] : [['render'], ['render', 'apps/checkout'], ['capacity'], ['iam', 'checkout', '--env', 'production'], ['image', 'list']];
      for (const args of commands) {
        const result = runCli(args, { cwd: root });
        expect(result.stderr, args.join(' ')).toContain(`apps/checkout/app.yaml: error: ${problem}; scaffold follows no link below --root, so that no app reads or writes another's files: replace the link with a real file (link)`);
        expect(result.code, args.join(' ')).toBe(1);
      }
      expect(snapshot(root)).toEqual(before);
    }
  }, timeLimit(120_000));

  it('two app.yaml files in one folder: never one file written from two apps', () => {
    const { root } = gitopsRootBesideOutside();
    const spec = readFileSync(join(root, 'apps', 'checkout', 'app.yaml'), 'utf8');
    writeFileSync(join(root, 'apps', 'checkout', 'copy.yaml'), spec.replace('replicas: 3', 'replicas: 5'));
    const before = snapshot(root);
    const result = runCli(['render', 'apps/checkout/app.yaml', 'apps/checkout/copy.yaml'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'apps/checkout/copy.yaml: error: would write the same files as apps/checkout/app.yaml (apps/checkout/base/deployment.yaml and the others in apps/checkout); one file is written from one app: give each app.yaml its own folder (conflict)',
    );
    expect(snapshot(root)).toEqual(before);
  });

  it(
    'a link anywhere on the way to a file render writes or reads, or at the file: refused, naming that link, and nothing is written',
    () => {
      const { root: template } = gitopsRootBesideOutside();
      writeFileSync(join(template, 'apps', 'checkout', 'overlays', 'production', 'pdb.yaml'), PDB);
      writeFileSync(join(template, 'apps', 'checkout', 'app.yaml'), `${readFileSync(join(template, 'apps', 'checkout', 'app.yaml'), 'utf8')}      extraResources: [pdb.yaml]\n`);
      const request = (root: string, force = false) => ({ root, paths: [], cwd: root, skeletonDirs: SKELETONS, schemaDirs: [], ignoreMissingSchemas: false, force });
      expect(renderApps(request(template)).issues).toEqual([]);
      const candidates = Object.keys(snapshot(template)).filter((p) => p.startsWith('apps'));
      fc.assert(
        fc.property(fc.constantFrom(...candidates), fc.boolean(), fc.boolean(), (linked, check, force) => {
          withTempDir('scaffold-properties-links-', (root) => {
            cpSync(template, root, { recursive: true });
            // The real thing moves to shared/, the same content: only the link differs from a tree render accepts.
            mkdirSync(dirname(join(root, 'shared', linked)), { recursive: true });
            cpSync(join(root, linked), join(root, 'shared', linked), { recursive: true });
            rmSync(join(root, linked), { recursive: true });
            symlinkSync(relative(dirname(join(root, linked)), join(root, 'shared', linked)), join(root, linked));
            const before = snapshot(root);
            const outcome = check ? checkApps(request(root)) : renderApps(request(root, force));
            expect(outcome.result).toBeUndefined();
            expect(outcome.issues).toEqual([expect.objectContaining({ severity: 'error', rule: 'link', file: linked })]);
            expect(snapshot(root)).toEqual(before);
          });
        }),
        runs(40),
      );
      // Without the link, the same tree is current.
      expect(checkApps(request(template)).result?.driftCount).toBe(0);
    },
    timeLimit(60_000),
  );
});

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

/** A temporary folder (`parent`, by default one for the test) holding a gitops root (a copy of examples/) and, beside it, a folder `outside`. */
function gitopsRootBesideOutside(parent = tempDir('scaffold-properties-paths-')): { parent: string; root: string } {
  const root = join(parent, 'root');
  cpSync(EXAMPLES, root, { recursive: true });
  mkdirSync(join(parent, 'outside'));
  writeFileSync(join(parent, 'outside', 'keep.txt'), 'not scaffold\'s\n');
  return { parent, root };
}

/** Moves an app's spec out of the root, leaving its generated files behind (render would write them anew). */
function moveAppOut(root: string, parent: string, app: string): void {
  mkdirSync(join(parent, 'outside', app));
  cpSync(join(root, 'apps', app, 'app.yaml'), join(parent, 'outside', app, 'app.yaml'));
  rmSync(join(root, 'apps', app), { recursive: true });
}
