/**
 * scaffold never writes outside --root. Names that become folders or file names (the
 * app, its environments) are DNS-1123 labels, checked before any path is built, so a
 * name with a path separator or `..` is refused with its field path and nothing is
 * rendered. A folder on the way that is a symbolic link leading out of the root (an app
 * folder linked to another checkout, say) makes render refuse and write nothing;
 * links that stay inside the root are followed.
 */
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSpecTexts } from '../../src/pipeline/appPlans.ts';
import { skeletonDirs } from '../../src/io/skeletonFolders.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { formatPath, type PathSegment } from '../../src/vocabulary/issue.ts';
import { runCli } from '../support/cli.ts';
import { EXAMPLES } from '../support/paths.ts';
import { readTree } from '../support/tree.ts';
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
          const { parent, root } = gitopsRootBesideOutside();
          const folder = ['checkout', 'invoice-worker'].includes(valid.metadata.name) ? 'other-app' : valid.metadata.name;
          mkdirSync(join(root, 'apps', folder));
          writeFileSync(join(root, 'apps', folder, 'app.yaml'), JSON.stringify(spec));
          const before = snapshot(parent);
          const result = runCli(['render', '--root', root]);
          expect(result.code).toBe(1);
          expect(result.stderr).toContain('nothing was written');
          expect(snapshot(parent)).toEqual(before);
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

  it('a link that stays inside the root is followed', () => {
    const { root } = gitopsRootBesideOutside();
    mkdirSync(join(root, 'shared'));
    cpSync(join(root, 'apps', 'invoice-worker'), join(root, 'shared', 'invoice-worker'), { recursive: true });
    rmSync(join(root, 'apps', 'invoice-worker'), { recursive: true });
    rmSync(join(root, 'shared', 'invoice-worker', 'base'), { recursive: true });
    symlinkSync(join('..', 'shared', 'invoice-worker'), join(root, 'apps', 'invoice-worker'));
    const result = runCli(['render', '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readTree(join(root, 'shared', 'invoice-worker', 'base'))).toEqual(readTree(join(EXAMPLES, 'apps', 'invoice-worker', 'base')));
  });
});

/** A temporary folder holding a gitops root (a copy of examples/) and, beside it, a folder `outside`. */
function gitopsRootBesideOutside(): { parent: string; root: string } {
  const parent = mkdtempSync(join(tmpdir(), 'scaffold-properties-paths-'));
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
