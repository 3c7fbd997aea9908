/**
 * The gitops loop's image tags, end to end: render, a tag bump made the way
 * each tool makes it, then `render --check` passes, `render` keeps the bump
 * (byte for byte, as the tool left the file), and `kubectl kustomize` builds
 * the new image. No tool runs here: the bumps are the hand-written outputs of
 * test/fixtures/tool-edits (see its README for why and from which sources).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES, PROJECT_ROOT } from '../support/paths.ts';
import { tempCopy } from '../support/tree.ts';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/tool-edits');
const OVERLAY = 'apps/checkout/overlays/production';
const KUSTOMIZATION = `${OVERLAY}/kustomization.yaml`;
const IMAGE = '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout';
const DIGEST = `sha256:${'0'.repeat(63)}1`;
const MARKER = '# {"$imagepolicy": "flux-system:checkout:tag"}';

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const write = (root: string, path: string, text: string) => writeFileSync(join(root, path), text);
const edit = (root: string, path: string, change: (text: string) => string) => write(root, path, change(read(root, path)));

function check(root: string): { code: number | null; drift: Record<string, string[]> } {
  const r = runCli(['render', '--check', '-o', 'json', '--root', root]);
  return { code: r.code, drift: JSON.parse(r.stdout) as Record<string, string[]> };
}

function render(root: string, ...flags: string[]): string {
  const r = runCli(['render', '--root', root, ...flags]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** The image of the Deployment the real Kustomize builds from the production overlay. */
function builtImage(root: string): string {
  const result = kustomize(join(root, OVERLAY));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const deployment = parseAllDocuments(result.stdout).map((d) => d.toJS() as Record<string, any>).find((d) => d.kind === 'Deployment')!;
  return deployment.spec.template.spec.containers[0].image as string;
}

const BUMPS: [string, string][] = [
  ['kustomize-set-image-tag.yaml', `${IMAGE}:v1.5.0`],
  ['kustomize-set-image-digest.yaml', `${IMAGE}@${DIGEST}`],
  ['kustomize-set-image-quoted-tag.yaml', `${IMAGE}:1.10`],
  ['kustomize-set-image-newname.yaml', 'registry.example.com/checkout:v2'],
  ['kustomize-set-image-tag-and-digest.yaml', `${IMAGE}:v1.5.0@${DIGEST}`],
  ['image-updater-kustomization.yaml', `${IMAGE}:v1.5.0`],
];

describe('a tag bump by image automation', () => {
  for (const [file, image] of BUMPS) {
    it(`${file}: render --check passes, render keeps the file as the tool left it${HAS_KUBECTL ? ', kubectl kustomize builds the new image' : ''}`, () => {
      const root = tempCopy(EXAMPLES);
      write(root, KUSTOMIZATION, fixture(file));
      expect(check(root)).toEqual({ code: 0, drift: expect.objectContaining({ changed: [], handEdited: [] }) });
      expect(render(root)).toMatch(/0 created, 0 updated, 0 deleted/);
      expect(read(root, KUSTOMIZATION)).toBe(fixture(file));
      if (HAS_KUBECTL) expect(builtImage(root)).toBe(image);
    });
  }

  it('survives a change to app.yaml: the file is rendered again in scaffold format with the tool\'s tag', () => {
    const root = tempCopy(EXAMPLES);
    write(root, KUSTOMIZATION, fixture('kustomize-set-image-tag.yaml'));
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('replicas: 3', 'replicas: 4'));
    expect(check(root)).toMatchObject({ code: 1, drift: { changed: [KUSTOMIZATION], handEdited: [] } });
    render(root);
    const rendered = read(root, KUSTOMIZATION);
    expect(rendered).toContain('  - name: "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout"\n    newTag: v1.5.0\n');
    expect(rendered).toContain('    count: 4\n');
    expect(check(root).code).toBe(0);
    if (HAS_KUBECTL) expect(builtImage(root)).toBe(`${IMAGE}:v1.5.0`);
  });

  it("gives way to a new imageTag in app.yaml, and render --force restores app.yaml's", () => {
    const root = tempCopy(EXAMPLES);
    write(root, KUSTOMIZATION, fixture('image-updater-kustomization.yaml'));
    render(root, '--force');
    expect(read(root, KUSTOMIZATION)).toContain('    newTag: v1.4.2\n');
    write(root, KUSTOMIZATION, fixture('image-updater-kustomization.yaml'));
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('imageTag: v1.4.2', 'imageTag: v1.6.0'));
    expect(check(root)).toMatchObject({ code: 1, drift: { changed: [KUSTOMIZATION] } });
    render(root);
    expect(read(root, KUSTOMIZATION)).toContain('# scaffold-image: app.yaml has v1.6.0;');
    expect(read(root, KUSTOMIZATION)).toContain('    newTag: v1.6.0\n');
    if (HAS_KUBECTL) expect(builtImage(root)).toBe(`${IMAGE}:v1.6.0`);
  });

  it('is no licence for a hand edit elsewhere in the file: check reports it, render refuses it', () => {
    const root = tempCopy(EXAMPLES);
    write(root, KUSTOMIZATION, fixture('kustomize-set-image-tag.yaml').replace('- count: 3', '- count: 5'));
    expect(check(root)).toMatchObject({ code: 1, drift: { changed: [KUSTOMIZATION], handEdited: [KUSTOMIZATION] } });
    const refused = runCli(['render', '--root', root]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${KUSTOMIZATION}: error: edited by hand since scaffold generated it`);
  });
});

describe('a Flux image policy', () => {
  function withPolicy(): string {
    const root = tempCopy(EXAMPLES);
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('imageTag: v1.4.2', 'imageTag: v1.4.2\n      imagePolicy: flux-system:checkout'));
    render(root);
    return root;
  }

  it('puts its marker on the overlay\'s newTag; the tag Flux sets is kept, and the marker survives changes to app.yaml', () => {
    const root = withPolicy();
    expect(read(root, KUSTOMIZATION)).toBe(fixture('scaffold-flux.yaml'));
    write(root, KUSTOMIZATION, fixture('flux-setter.yaml'));
    expect(check(root).code).toBe(0);
    // A change that leaves the kustomization alone, then one that has it rendered again.
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('env: {LOG_LEVEL: warn}', 'env: {LOG_LEVEL: error}'));
    render(root);
    expect(read(root, KUSTOMIZATION)).toBe(fixture('flux-setter.yaml'));
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('replicas: 3', 'replicas: 2'));
    render(root);
    expect(read(root, KUSTOMIZATION)).toContain(`    newTag: v1.5.0 ${MARKER}\n`);
    expect(read(root, KUSTOMIZATION)).toContain('    count: 2\n');
    expect(check(root).code).toBe(0);
    if (HAS_KUBECTL) expect(builtImage(root)).toBe(`${IMAGE}:v1.5.0`);
  });

  it('builds the tag Flux set, and the marker goes with the ImagePolicy, the tag staying', () => {
    const root = withPolicy();
    write(root, KUSTOMIZATION, fixture('flux-setter.yaml'));
    if (HAS_KUBECTL) expect(builtImage(root)).toBe(`${IMAGE}:v1.5.0`);
    edit(root, 'apps/checkout/app.yaml', (t) => t.replace('\n      imagePolicy: flux-system:checkout', ''));
    expect(check(root)).toMatchObject({ code: 1, drift: { changed: [KUSTOMIZATION], handEdited: [] } });
    render(root);
    expect(read(root, KUSTOMIZATION)).toBe(fixture('scaffold.yaml').replace('newTag: v1.4.2', 'newTag: v1.5.0'));
  });

  it('restores the marker kustomize edit dropped, with the tag it set', () => {
    const root = withPolicy();
    write(root, KUSTOMIZATION, fixture('kustomize-set-image-tag.yaml'));
    expect(check(root)).toMatchObject({ code: 1, drift: { changed: [KUSTOMIZATION], handEdited: [] } });
    render(root);
    expect(read(root, KUSTOMIZATION)).toBe(fixture('flux-setter.yaml'));
  });
});
