import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withHeader } from '../../src/render/header.ts';
import type { AppPlan } from '../../src/render/plan.ts';
import { compareFiles, diffPlans, removedAppChanges } from '../../src/write/changes.ts';
import { writeTree } from '../../src/write/writeTree.ts';
import { tempDir } from '../support/tempDir.ts';

const generated = (body: string, app = 'a') => withHeader(body, `apps/${app}/app.yaml`, `scaffold render apps/${app}`);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

function rootWith(files: Record<string, string | Uint8Array>): string {
  const root = tempDir('scaffold-changes-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function planOf(files: Record<string, string>): AppPlan {
  return { app: 'a', specPath: 'apps/a/app.yaml', appDir: 'apps/a', files: Object.entries(files).map(([path, content]) => ({ path, content, role: 'resource' })), userFiles: [] };
}

describe('line endings: a generated file checked out with CRLF', () => {
  const current = generated('kind: Service\nmetadata:\n  name: a\n');

  it('is unchanged when its content is the same but for line endings, and is left as it is', () => {
    const root = rootWith({ 'apps/a/base/service.yaml': crlf(current) });
    expect(diffPlans([planOf({ 'apps/a/base/service.yaml': current })], root).map((c) => c.action)).toEqual(['unchanged']);
  });

  it('is no hand edit when the spec changed: it is updated, not refused', () => {
    const root = rootWith({ 'apps/a/base/service.yaml': crlf(current) });
    const changes = diffPlans([planOf({ 'apps/a/base/service.yaml': generated('kind: Service\nmetadata:\n  name: b\n') })], root);
    expect(changes).toEqual([expect.objectContaining({ action: 'update' })]);
    expect(changes[0]!.conflict).toBeUndefined();
  });

  it('edited by hand, CRLF or not, is still a hand edit', () => {
    const root = rootWith({ 'apps/a/base/service.yaml': crlf(current.replace('name: a', 'name: mine')) });
    expect(diffPlans([planOf({ 'apps/a/base/service.yaml': current })], root)).toEqual([expect.objectContaining({ action: 'update', conflict: 'hand-edited' })]);
  });

  it('a stale generated file with CRLF is deleted like any other', () => {
    const root = rootWith({ 'apps/a/base/service.yaml': current, 'apps/a/overlays/old/kustomization.yaml': crlf(generated('kind: Kustomization\n')) });
    const changes = diffPlans([planOf({ 'apps/a/base/service.yaml': current })], root);
    expect(changes.filter((c) => c.action === 'delete')).toEqual([expect.objectContaining({ path: 'apps/a/overlays/old/kustomization.yaml' })]);
    expect(changes.find((c) => c.action === 'delete')!.conflict).toBeUndefined();
  });
});

/** `text` (ASCII but for U+FFFD) with byte 0xff, which is no UTF-8, for each U+FFFD: read as UTF-8 with U+FFFD for each bad byte, it is `text` again. */
const withBadBytes = (text: string) => Buffer.from(text.replace(/\uFFFD/g, '\xff'), 'latin1');

describe('a file on disk that is not UTF-8 is never what scaffold would write', () => {
  // Scaffold writes U+FFFD when app.yaml holds it; the same file with a bad byte in its place reads as the same text, were bad bytes read as U+FFFD.
  const current = generated('kind: ConfigMap\ndata:\n  note: "a\uFFFDb"\n');

  it('a generated file is edited by hand, not current, though its text read with U+FFFD for the bad byte is the plan', () => {
    const root = rootWith({ 'apps/a/base/configmap.yaml': withBadBytes(current) });
    const [change] = diffPlans([planOf({ 'apps/a/base/configmap.yaml': current })], root);
    expect(change).toEqual(expect.objectContaining({ action: 'update', conflict: 'hand-edited', notUtf8: true }));
  });

  it('a file without scaffold\'s header is not generated, whatever its bytes', () => {
    const root = rootWith({ 'apps/a/base/configmap.yaml': withBadBytes('kind: ConfigMap\ndata:\n  note: "a\uFFFDb"\n') });
    expect(diffPlans([planOf({ 'apps/a/base/configmap.yaml': current })], root)).toEqual([expect.objectContaining({ action: 'update', conflict: 'not-generated', notUtf8: true })]);
  });

  it('a stale generated file is a hand edit, not deleted without --force, though its hash matches its text read with U+FFFD', () => {
    const root = rootWith({ 'apps/a/base/configmap.yaml': current, 'apps/a/overlays/old/configmap.yaml': withBadBytes(current) });
    const changes = diffPlans([planOf({ 'apps/a/base/configmap.yaml': current })], root);
    expect(changes.map((c) => [c.path, c.action, c.conflict])).toEqual([
      ['apps/a/base/configmap.yaml', 'unchanged', undefined],
      ['apps/a/overlays/old/configmap.yaml', 'delete', 'hand-edited'],
    ]);
  });

  it('compared with any owner: one that would let scaffold replace the file still finds it edited by hand', () => {
    const root = rootWith({ 'out/a.yaml': withBadBytes('x: "\uFFFD"\n') });
    expect(compareFiles([{ path: 'a.yaml', content: 'x: "\uFFFD"\n' }], join(root, 'out'), () => undefined)).toEqual([expect.objectContaining({ action: 'update', conflict: 'hand-edited', notUtf8: true })]);
  });

  it('a byte order mark is a difference of bytes, as before: the file is updated', () => {
    const root = rootWith({ 'apps/a/base/configmap.yaml': `\ufeff${current}` });
    const [change] = diffPlans([planOf({ 'apps/a/base/configmap.yaml': current })], root);
    expect(change).toEqual(expect.objectContaining({ action: 'update' }));
    expect(change!.notUtf8).toBeUndefined();
  });
});

describe('removed apps: the output of an app whose app.yaml is gone', () => {
  const files = {
    'apps/gone/base/deployment.yaml': generated('kind: Deployment\n', 'gone'),
    'apps/gone/base/edited.yaml': generated('kind: Service\n', 'gone').replace('Service', 'Secret'),
    'apps/gone/base/NOTES.md': 'mine\n',
    'apps/gone/overlays/alpha/kustomization.yaml': generated('kind: Kustomization\n', 'gone'),
  };

  it('is stale: intact generated files are deleted, edited ones are conflicts, files of the user are left alone', () => {
    const changes = removedAppChanges(['apps/gone'], rootWith(files));
    expect(changes.map((c) => [c.path, c.action, c.conflict, c.emptiedUpTo])).toEqual([
      ['apps/gone/base/deployment.yaml', 'delete', undefined, 'apps/gone'],
      ['apps/gone/base/edited.yaml', 'delete', 'hand-edited', 'apps/gone'],
      ['apps/gone/overlays/alpha/kustomization.yaml', 'delete', undefined, 'apps/gone'],
    ]);
  });

  it('deleting it removes every folder left empty, up to the app folder; a folder with a file of the user stays', () => {
    const root = rootWith(files);
    const changes = removedAppChanges(['apps/gone'], root).filter((c) => !c.conflict);
    expect(writeTree(changes, root).written.deleted).toHaveLength(2);
    expect(readdirSync(join(root, 'apps/gone'))).toEqual(['base']);
    expect(readdirSync(join(root, 'apps/gone/base')).sort()).toEqual(['NOTES.md', 'edited.yaml']);

    const bare = rootWith({ 'apps/gone/base/deployment.yaml': files['apps/gone/base/deployment.yaml'], 'apps/gone/overlays/alpha/kustomization.yaml': files['apps/gone/overlays/alpha/kustomization.yaml'] });
    writeTree(removedAppChanges(['apps/gone'], bare), bare);
    expect(readdirSync(join(bare, 'apps'))).toEqual([]);
  });

  it('a folder without generated files is nothing to do', () => {
    expect(removedAppChanges(['apps/gone', 'apps/missing'], rootWith({ 'apps/gone/base/NOTES.md': 'mine\n', 'apps/gone/README.md': 'x\n' }))).toEqual([]);
  });
});

describe('writeTree', () => {
  it('a removed environment takes its own overlay folder only', () => {
    const root = rootWith({ 'apps/a/overlays/alpha/kustomization.yaml': 'x\n' });
    writeTree([{ path: 'apps/a/overlays/alpha/kustomization.yaml', action: 'delete' }], root);
    expect(existsSync(join(root, 'apps/a/overlays/alpha'))).toBe(false);
    expect(existsSync(join(root, 'apps/a/overlays'))).toBe(true);
  });

  it('a write that fails is an issue naming the file and what was written before it, never an exception', () => {
    const root = rootWith({ 'apps/a/overlays/alpha': 'a file where a folder belongs\n' });
    const outcome = writeTree(
      [
        { path: 'apps/a/base/kustomization.yaml', action: 'create', content: 'x\n' },
        { path: 'apps/a/overlays/alpha/kustomization.yaml', action: 'create', content: 'x\n' },
        { path: 'apps/a/overlays/beta/kustomization.yaml', action: 'create', content: 'x\n' },
      ],
      root,
    );
    expect(outcome.written.created).toEqual(['apps/a/base/kustomization.yaml']);
    expect(outcome.failure).toEqual({
      severity: 'error',
      rule: 'output',
      file: 'apps/a/overlays/alpha/kustomization.yaml',
      message: expect.stringMatching(/^cannot write it: E[A-Z]+; stopped there, after 1 other change had been made: run again once the cause is fixed$/),
    });
    expect(existsSync(join(root, 'apps/a/overlays/beta'))).toBe(false);
  });
});
