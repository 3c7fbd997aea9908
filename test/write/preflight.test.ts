import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathKinds } from '../../src/io/pathKinds.ts';
import type { FileChange } from '../../src/write/changes.ts';
import { preflight } from '../../src/write/preflight.ts';
import { tempDir } from '../support/tempDir.ts';

/** A root with apps/a/base/ holding one file, and what else `arrange` puts there. */
function rootWith(arrange: (root: string) => void = () => {}): string {
  const root = tempDir('scaffold-preflight-');
  mkdirSync(join(root, 'apps/a/base'), { recursive: true });
  writeFileSync(join(root, 'apps/a/base/deployment.yaml'), 'old\n');
  arrange(root);
  return root;
}

const create = (path: string): FileChange => ({ path, action: 'create', content: 'new\n' });
const unchanged = (path: string): FileChange => ({ path, action: 'unchanged', content: 'same\n', current: 'same\n' });

describe('preflight: every reason a write would fail, before the first write', () => {
  it('passes changes that can all be made, into folders that exist or not', () => {
    const root = rootWith();
    const changes = [create('apps/a/base/service.yaml'), { ...create('apps/a/base/deployment.yaml'), action: 'update' as const }, create('apps/b/overlays/alpha/kustomization.yaml')];
    expect(preflight(changes, new PathKinds(root), { write: true })).toEqual([]);
  });

  it('a folder on the way that is a link inside the root: refused naming it, for unchanged files too and in --check', () => {
    const root = rootWith((r) => {
      mkdirSync(join(r, 'apps/b'));
      symlinkSync('../a/base', join(r, 'apps/b/base'));
    });
    for (const write of [true, false]) {
      const issues = preflight([unchanged('apps/b/base/deployment.yaml'), create('apps/b/base/service.yaml')], new PathKinds(root), { write });
      expect(issues).toEqual([
        {
          severity: 'error',
          rule: 'link',
          file: 'apps/b/base',
          message: "is a symbolic link to ../a/base; scaffold follows no link below --root, so that no app reads or writes another's files: replace the link with a real folder",
        },
      ]);
    }
  });

  it('a link at the path of a generated file: refused, not replaced', () => {
    const root = rootWith((r) => symlinkSync('deployment.yaml', join(r, 'apps/a/base/service.yaml')));
    expect(preflight([create('apps/a/base/service.yaml')], new PathKinds(root), { write: true })).toEqual([
      expect.objectContaining({ rule: 'link', file: 'apps/a/base/service.yaml', message: expect.stringContaining('remove the link, and scaffold writes the file in its place') }),
    ]);
  });

  it('a link leading out of the root: refused as outside the root, even dangling', () => {
    const root = rootWith((r) => symlinkSync('../../../elsewhere-not-there', join(r, 'apps/a/overlays')));
    expect(preflight([create('apps/a/overlays/alpha/kustomization.yaml')], new PathKinds(root), { write: false })).toEqual([
      expect.objectContaining({ rule: 'outside-root', file: 'apps/a/overlays', message: expect.stringContaining('outside the gitops root') }),
    ]);
  });

  it('a file where a folder must be, and a folder where a file must be: one issue each, naming the path', () => {
    const root = rootWith((r) => {
      mkdirSync(join(r, 'apps/a/overlays'));
      writeFileSync(join(r, 'apps/a/overlays/alpha'), 'not a folder\n');
      mkdirSync(join(r, 'apps/a/base/service.yaml'));
    });
    const changes = [create('apps/a/overlays/alpha/kustomization.yaml'), create('apps/a/overlays/alpha/deployment-patch.yaml'), create('apps/a/base/service.yaml')];
    expect(preflight(changes, new PathKinds(root), { write: true })).toEqual([
      {
        severity: 'error',
        rule: 'output',
        file: 'apps/a/overlays/alpha',
        message: 'is a file where scaffold needs a folder, to write apps/a/overlays/alpha/kustomization.yaml: move it away',
      },
      { severity: 'error', rule: 'output', file: 'apps/a/base/service.yaml', message: 'is a folder where scaffold writes a file: move it away' },
    ]);
    // --check writes nothing, so only links make it refuse.
    expect(preflight(changes, new PathKinds(root), { write: false })).toEqual([]);
  });

  // Root may write anywhere, so this case is covered end to end in test/e2e/allOrNothing.test.ts, which runs the CLI as another user.
  it.skipIf(process.getuid?.() === 0)('a folder scaffold may not write in (not run as root, who may write in any folder)', () => {
    const root = rootWith();
    chmodSync(join(root, 'apps/a/base'), 0o555);
    try {
      expect(preflight([create('apps/a/base/service.yaml'), create('apps/a/base/x/y.yaml')], new PathKinds(root), { write: true })).toEqual([
        expect.objectContaining({ rule: 'output', file: 'apps/a/base', message: expect.stringContaining('is a folder scaffold may not write in (permission denied)') }),
      ]);
    } finally {
      chmodSync(join(root, 'apps/a/base'), 0o755);
    }
  });
});

describe('PathKinds', () => {
  it('tells files, folders and missing paths apart; below a missing path or a file, everything is missing', () => {
    const root = rootWith();
    const kinds = new PathKinds(root);
    expect(kinds.firstNotFolder('apps/a/base/deployment.yaml')).toEqual({ path: 'apps/a/base/deployment.yaml', kind: 'file' });
    expect(kinds.firstNotFolder('apps/a/base')).toBeUndefined();
    expect(kinds.firstNotFolder('apps/z/base/x.yaml')).toEqual({ path: 'apps/z', kind: 'missing' });
    expect(kinds.kindOf('apps/z/base/x.yaml')).toBe('missing');
    expect(kinds.kindOf('apps/a/base/deployment.yaml/below')).toBe('missing');
  });
});
