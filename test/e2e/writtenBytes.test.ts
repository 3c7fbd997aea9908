/**
 * A file where scaffold would write is compared with what it would write by its bytes:
 * scaffold writes UTF-8 only, so a file that is not UTF-8 is never current, and a
 * generated one is edited by hand, even where its text, each bad byte read as U+FFFD,
 * is the very text scaffold would write (an app.yaml may hold U+FFFD itself).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

const SPEC = `apiVersion: scaffold/v1alpha1
kind: App
metadata:
  name: demo
spec:
  skeleton: worker
  namespace: shop
  image: example/demo
  resources: {cpu: 100m, memory: 128Mi}
  env:
    NOTE: "a\uFFFDb"
  environments:
    alpha:
      imageTag: v1
      env: {NOTE: "alpha \uFFFD"}
    production:
      imageTag: v2
`;

const U_FFFD = Buffer.from('\uFFFD');

/** The file's bytes with 0xff, which is no UTF-8, for each U+FFFD: read as UTF-8 with U+FFFD for each bad byte, the same text. */
function breakBytes(file: string): Buffer {
  const bytes = readFileSync(file);
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(U_FFFD); at >= 0; at = bytes.indexOf(U_FFFD, from)) {
    parts.push(bytes.subarray(from, at), Buffer.from([0xff]));
    from = at + U_FFFD.length;
  }
  const broken = Buffer.concat([...parts, bytes.subarray(from)]);
  expect(broken.equals(bytes)).toBe(false);
  expect(broken.toString('utf8')).toBe(bytes.toString('utf8'));
  writeFileSync(file, broken);
  return broken;
}

/** Every file under `dir` with its bytes, to prove a run wrote nothing. */
function bytesTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p).toString('hex');
    }
  };
  walk(dir);
  return out;
}

function renderedRoot(): string {
  const root = tempDir('scaffold-written-bytes-');
  mkdirSync(join(root, 'apps/demo'), { recursive: true });
  writeFileSync(join(root, 'apps/demo/app.yaml'), SPEC);
  const rendered = runCli(['render', '--root', root]);
  expect(rendered.code).toBe(0);
  return root;
}

describe('render: a generated file that is not UTF-8', () => {
  const DEPLOYMENT = 'apps/demo/base/deployment.yaml';

  it('render --check: is a hand edit, not current, though its text is what render writes', () => {
    const root = renderedRoot();
    breakBytes(join(root, DEPLOYMENT));
    const before = bytesTree(root);
    const check = runCli(['render', '--check', '--root', root]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`${DEPLOYMENT} (edited by hand) (not UTF-8: each bad byte shown as U+FFFD)\n`);
    const json = JSON.parse(runCli(['render', '--check', '-o', 'json', '--root', root]).stdout);
    expect(json).toEqual(expect.objectContaining({ ok: false, changed: [DEPLOYMENT], handEdited: [DEPLOYMENT] }));
    expect(bytesTree(root)).toEqual(before);
  });

  it('render: is refused as a hand edit, nothing is written; --force writes it as UTF-8', () => {
    const root = renderedRoot();
    const written = readFileSync(join(root, DEPLOYMENT));
    breakBytes(join(root, DEPLOYMENT));
    const before = bytesTree(root);
    const refused = runCli(['render', '--root', root]);
    expect(refused.stderr).toContain(`${DEPLOYMENT}: error: edited by hand since scaffold generated it (it is not UTF-8 text, which is all scaffold writes); refusing to overwrite it.`);
    expect(refused.code).toBe(1);
    expect(bytesTree(root)).toEqual(before);

    const forced = runCli(['render', '--force', '--root', root]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`updated ${DEPLOYMENT}`);
    expect(readFileSync(join(root, DEPLOYMENT)).equals(written)).toBe(true);
  });

  it('a stale one is refused, not deleted, nothing is written; --force deletes it', () => {
    const root = renderedRoot();
    const patch = 'apps/demo/overlays/alpha/deployment-patch.yaml';
    breakBytes(join(root, patch));
    writeFileSync(join(root, 'apps/demo/app.yaml'), SPEC.replace(/ {4}alpha:\n(?: {6}.*\n)+/, ''));
    const before = bytesTree(root);
    const refused = runCli(['render', '--root', root]);
    expect(refused.stderr).toContain(`${patch}: error: edited by hand since scaffold generated it (it is not UTF-8 text, which is all scaffold writes), and no longer generated`);
    expect(refused.code).toBe(1);
    expect(bytesTree(root)).toEqual(before);

    const forced = runCli(['render', '--force', '--root', root]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`deleted ${patch}`);
  });
});
