/**
 * `scaffold image set` changes the tag in the overlay and not one other byte,
 * leaving the overlay current for `render --check`; `scaffold image list`
 * shows every app's tag in every environment, and where it comes from.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES, PROJECT_ROOT } from '../support/paths.ts';
import { readTree, tempCopy } from '../support/tree.ts';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/tool-edits');
const KUSTOMIZATION = 'apps/checkout/overlays/production/kustomization.yaml';
const IMAGE = '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout';
const DIGEST = `sha256:${'b'.repeat(64)}`;

const read = (root: string, path = KUSTOMIZATION) => readFileSync(join(root, path), 'utf8');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function imageSet(root: string, ...args: string[]) {
  return runCli(['image', 'set', 'checkout', ...args, '--root', root]);
}

function checkExit(root: string): number | null {
  return runCli(['render', '--check', '--root', root]).code;
}

describe('scaffold image set', () => {
  it('changes the tag and no other byte; render --check passes and render keeps it', () => {
    const root = tempCopy(EXAMPLES);
    const before = read(root);
    const result = imageSet(root, 'v1.5.0', '--env', 'production');
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: `${KUSTOMIZATION}: v1.4.2 -> v1.5.0 (newTag)\n` });
    expect(read(root)).toBe(before.replace('    newTag: v1.4.2\n', '    newTag: v1.5.0\n'));
    expect(checkExit(root)).toBe(0);
    expect(runCli(['render', '--root', root]).stdout).toMatch(/0 created, 0 updated, 0 deleted/);
    expect(read(root)).toContain('    newTag: v1.5.0\n');
    if (HAS_KUBECTL) {
      const built = parseAllDocuments(kustomize(join(root, 'apps/checkout/overlays/production')).stdout).map((d) => d.toJS() as Record<string, any>);
      expect(built.find((d) => d.kind === 'Deployment')!.spec.template.spec.containers[0].image).toBe(`${IMAGE}:v1.5.0`);
    }
  });

  it("keeps a Flux marker, and edits a file as kustomize edit formatted it in that format", () => {
    const root = tempCopy(EXAMPLES);
    writeFileSync(join(root, KUSTOMIZATION), fixture('kustomize-set-image-tag.yaml'));
    expect(imageSet(root, '1.10', '--env', 'production').code).toBe(0);
    expect(read(root)).toBe(fixture('kustomize-set-image-tag.yaml').replace('  newTag: v1.5.0\n', '  newTag: "1.10"\n'));
    expect(checkExit(root)).toBe(0);

    writeFileSync(join(root, 'apps/checkout/app.yaml'), read(root, 'apps/checkout/app.yaml').replace('imageTag: v1.4.2', 'imageTag: v1.4.2\n      imagePolicy: flux-system:checkout'));
    expect(runCli(['render', '--root', root]).code).toBe(0);
    expect(imageSet(root, 'v1.6.0', '--env', 'production').code).toBe(0);
    expect(read(root)).toContain('    newTag: v1.6.0 # {"$imagepolicy": "flux-system:checkout:tag"}\n');
    expect(checkExit(root)).toBe(0);
  });

  it('switches between a tag and a digest in place, the overlay current each time', () => {
    const root = tempCopy(EXAMPLES);
    const before = read(root);
    expect(imageSet(root, DIGEST, '--env', 'production').stdout).toBe(`${KUSTOMIZATION}: v1.4.2 -> ${DIGEST} (digest)\n`);
    expect(read(root)).toBe(before.replace('    newTag: v1.4.2\n', `    digest: "${DIGEST}"\n`));
    expect(checkExit(root)).toBe(0);
    expect(imageSet(root, 'v2', '--env', 'production').code).toBe(0);
    expect(read(root)).toBe(before.replace('    newTag: v1.4.2\n', '    newTag: v2\n'));
    expect(checkExit(root)).toBe(0);
    expect(imageSet(root, 'v2', '--env', 'production').stdout).toBe(`${KUSTOMIZATION}: already v2; nothing written\n`);
  });

  it('refuses, writing nothing: a bad tag or environment (exit 2), a hand-edited, missing or foreign overlay, a digest under Flux (exit 1)', () => {
    const root = tempCopy(EXAMPLES);
    const tree = readTree(root);
    expect(imageSet(root, 'v1 .5', '--env', 'production')).toMatchObject({ code: 2, stderr: expect.stringContaining('"v1 .5" is not an image tag') });
    expect(imageSet(root, 'v1.5', '--env', 'prodution')).toMatchObject({ code: 2, stderr: expect.stringContaining('checkout has no environment "prodution"') });
    expect(readTree(root)).toEqual(tree);

    writeFileSync(join(root, KUSTOMIZATION), read(root).replace('count: 3', 'count: 9'));
    expect(imageSet(root, 'v1.5', '--env', 'production')).toMatchObject({ code: 1, stderr: expect.stringContaining(`${KUSTOMIZATION}: error: edited by hand beyond the image fields`) });
    writeFileSync(join(root, KUSTOMIZATION), read(root).split('\n').slice(3).join('\n'));
    expect(imageSet(root, 'v1.5', '--env', 'production')).toMatchObject({ code: 1, stderr: expect.stringContaining('was not generated by scaffold') });
    const alpha = 'apps/invoice-worker/overlays/alpha/kustomization.yaml';
    const removed = tempCopy(EXAMPLES);
    rmSync(join(removed, alpha));
    expect(runCli(['image', 'set', 'invoice-worker', 'v3', '--env', 'alpha', '--root', removed]).stderr).toContain(
      `${alpha}: error: does not exist: run scaffold render apps/invoice-worker first`,
    );

    const flux = tempCopy(EXAMPLES);
    writeFileSync(join(flux, 'apps/checkout/app.yaml'), read(flux, 'apps/checkout/app.yaml').replace('imageTag: v1.4.2', 'imageTag: v1.4.2\n      imagePolicy: flux-system:checkout'));
    runCli(['render', '--root', flux]);
    const fluxTree = readTree(flux);
    expect(imageSet(flux, DIGEST, '--env', 'production')).toMatchObject({ code: 1, stderr: expect.stringContaining('set by the Flux ImagePolicy flux-system:checkout') });
    expect(readTree(flux)).toEqual(fluxTree);
  });
});

describe('an overlay image automation left a byte in that is not UTF-8', () => {
  it('image set, image list and render refuse it as validate does, changing no byte of it', () => {
    const root = tempCopy(EXAMPLES);
    const bytes = Buffer.from(read(root).replace('    newTag: v1.4.2\n', `    newTag: v1.4.2\n    newName: "${IMAGE}-café"\n`), 'latin1');
    writeFileSync(join(root, KUSTOMIZATION), bytes);
    const refusal = `${KUSTOMIZATION}:1:1: error: not a YAML file: it is not UTF-8 text (read)`;
    expect(runCli(['validate', KUSTOMIZATION], { cwd: root }).stdout).toContain(refusal);
    for (const args of [['image', 'set', 'checkout', 'v1.5', '--env', 'production'], ['image', 'list'], ['render']]) {
      const run = runCli([...args, '--root', root]);
      expect(run.stderr.split('\n'), args.join(' ')).toContain(refusal);
      expect(run.code).toBe(1);
    }
    expect(readFileSync(join(root, KUSTOMIZATION))).toEqual(bytes);
  });
});

describe('scaffold image list', () => {
  it("shows each app's tag per environment and where it comes from: app.yaml, the overlay, an Argo CD override", () => {
    const root = tempCopy(EXAMPLES);
    for (const app of readdirSync(join(root, 'apps'))) if (!['checkout', 'invoice-worker'].includes(app)) rmSync(join(root, 'apps', app), { recursive: true });
    imageSet(root, 'v1.5.0', '--env', 'production');
    writeFileSync(join(root, 'apps/invoice-worker/overlays/alpha/.argocd-source-invoice-worker-alpha.yaml'), 'kustomize:\n  images:\n  - ghcr.io/example/invoice-worker:2.0.0\n');
    const text = runCli(['image', 'list', '--root', root]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').map((l) => l.replace(/ +/g, ' '))).toEqual([
      'APP ENV IMAGE TAG SOURCE',
      `checkout alpha ${IMAGE} latest app.yaml`,
      `checkout production ${IMAGE} v1.5.0 overlay (app.yaml has v1.4.2)`,
      'invoice-worker alpha ghcr.io/example/invoice-worker 2.0.0 .argocd-source-invoice-worker-alpha.yaml (Argo CD Image Updater)',
      'invoice-worker production ghcr.io/example/invoice-worker sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 app.yaml',
      '',
    ]);
    // Image Updater's file is neither scaffold's nor a manifest: render leaves it, validate skips it even when named.
    const override = 'apps/invoice-worker/overlays/alpha/.argocd-source-invoice-worker-alpha.yaml';
    expect(runCli(['render', '--root', root]).code).toBe(0);
    expect(read(root, override)).toContain('2.0.0');
    expect(runCli(['validate', '--summary', override], { cwd: root })).toMatchObject({ code: 0, stdout: expect.stringContaining('Skipped: 1') });
    const json = JSON.parse(runCli(['image', 'list', 'apps/checkout', '--env', 'production', '-o', 'json', '--root', root], { cwd: root }).stdout) as { ok: boolean; images: unknown[] };
    expect(json).toEqual({
      ok: true,
      images: [
        {
          app: 'checkout',
          environment: 'production',
          image: IMAGE,
          imageTag: 'v1.4.2',
          imagePolicy: null,
          newName: null,
          tag: 'v1.5.0',
          digest: null,
          source: 'overlay',
          file: KUSTOMIZATION,
        },
      ],
    });
  });

  it('says when an overlay is not rendered yet', () => {
    const root = tempCopy(EXAMPLES);
    writeFileSync(join(root, 'apps/checkout/app.yaml'), read(root, 'apps/checkout/app.yaml').replace('  environments:\n', '  environments:\n    staging: {imageTag: v1.5.0-rc.1, awsAccountId: "333333333333", secretsPath: /staging/checkout}\n'));
    const rows = runCli(['image', 'list', '--env', 'staging', '--root', root]).stdout;
    expect(rows).toContain('not rendered (run scaffold render)');
  });
});
