/**
 * The comparison of an overlay's kustomization with what scaffold renders,
 * against each image tool's output (test/fixtures/tool-edits, written by hand
 * from each tool's source: see its README): a tool's edit is intact and
 * current, carrying its values; a hand edit anywhere else is not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageFromSpecOf, readHeader } from '../../src/render/header.ts';
import { argoCdSourceImage, chooseOverlayImage, fluxTagMarker, sameOverlayKustomization, tagMarkerOf, withTagMarker, type ImageValues } from '../../src/render/overlayImage.ts';
import { setOverlayImage } from '../../src/render/overlayImageEdit.ts';
import { PROJECT_ROOT } from '../support/paths.ts';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/tool-edits');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const IMAGE = '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout';
const DIGEST = `sha256:${'0'.repeat(63)}1`;
const MARKER = fluxTagMarker('flux-system:checkout');
const SCAFFOLD = fixture('scaffold.yaml');
const NO_MARKER = { name: IMAGE, marker: null };

/** What scaffold renders with these image values in place of app.yaml's v1.4.2. */
function renderedWith(values: ImageValues, base = SCAFFOLD): string {
  const lines = Object.entries(values).map(([field, value]) => `    ${field}: ${/^[0-9.]+$/.test(value) ? JSON.stringify(value) : value}\n`);
  return base.replace(/    newTag: v1\.4\.2[^\n]*\n/, lines.join(''));
}

const TOOL_EDITS: [string, ImageValues][] = [
  ['kustomize-set-image-tag.yaml', { newTag: 'v1.5.0' }],
  ['kustomize-set-image-digest.yaml', { digest: DIGEST }],
  ['kustomize-set-image-quoted-tag.yaml', { newTag: '1.10' }],
  ['kustomize-set-image-newname.yaml', { newName: 'registry.example.com/checkout', newTag: 'v2' }],
  ['kustomize-set-image-tag-and-digest.yaml', { newTag: 'v1.5.0', digest: DIGEST }],
  ['image-updater-kustomization.yaml', { newTag: 'v1.5.0' }],
];

describe("an overlay's kustomization as image automation leaves it", () => {
  for (const [file, values] of TOOL_EDITS) {
    it(`${file}: intact, its image values are kept, and it is current as the tool wrote it`, () => {
      const edited = fixture(file);
      expect(readHeader(edited)).toEqual({ recorded: readHeader(SCAFFOLD)!.recorded, intact: true });
      const onDisk = { text: edited, imageFromSpec: imageFromSpecOf(edited) };
      expect(chooseOverlayImage('v1.4.2', IMAGE, onDisk, false)).toEqual(values);
      expect(sameOverlayKustomization(edited, renderedWith(values), NO_MARKER)).toBe(true);
      // Another tag is another file.
      expect(sameOverlayKustomization(edited, renderedWith({ newTag: 'v9' }), NO_MARKER)).toBe(false);
    });
  }

  it('gives way to app.yaml when its imageTag changed since the render, and to --force', () => {
    const edited = fixture('kustomize-set-image-tag.yaml');
    const onDisk = { text: edited, imageFromSpec: imageFromSpecOf(edited) };
    expect(onDisk.imageFromSpec).toBe('v1.4.2');
    expect(chooseOverlayImage('v1.6.0', IMAGE, onDisk, false)).toEqual({ newTag: 'v1.6.0' });
    expect(chooseOverlayImage('v1.4.2', IMAGE, onDisk, true)).toEqual({ newTag: 'v1.4.2' });
    expect(chooseOverlayImage(DIGEST, IMAGE, undefined, false)).toEqual({ digest: DIGEST });
  });

  it('reads a file from before the header recorded the tag as rendered from the tag it holds', () => {
    const legacy = SCAFFOLD.replace(/# scaffold-image: [^\n]*\n/, '');
    expect(imageFromSpecOf(legacy)).toBeUndefined();
    expect(chooseOverlayImage('v1.4.2', IMAGE, { text: legacy, imageFromSpec: undefined }, false)).toEqual({ newTag: 'v1.4.2' });
    expect(chooseOverlayImage('v1.4.3', IMAGE, { text: legacy, imageFromSpec: undefined }, false)).toEqual({ newTag: 'v1.4.3' });
  });

  const handEdits: [string, (text: string) => string][] = [
    ['replicas changed in a reformatted file', (t) => t.replace('- count: 3', '- count: 4')],
    ['includeSelectors turned on', (t) => t.replace('- includeTemplates: true', '- includeSelectors: true\n  includeTemplates: true')],
    ['a second image entry', (t) => t.replace('images:\n', 'images:\n- name: busybox\n  newTag: "1"\n')],
    ['the image renamed', (t) => t.replace(`name: ${IMAGE}`, 'name: registry.example.com/other')],
    ['a patch removed', (t) => t.replace('- path: serviceaccount-patch.yaml\n', '')],
    ['a comment added', (t) => `${t}# keep v1.5.0 until the incident is closed\n`],
    ["the header's tag", (t) => t.replace('app.yaml has v1.4.2', 'app.yaml has v1.5.0')],
  ];
  for (const [name, edit] of handEdits) {
    it(`catches a hand edit beside the tool's: ${name}`, () => {
      const edited = edit(fixture('kustomize-set-image-tag.yaml'));
      expect(readHeader(edited)?.intact).toBe(false);
      expect(sameOverlayKustomization(edited, renderedWith({ newTag: 'v1.5.0' }), NO_MARKER)).toBe(false);
    });
  }

  it("counts the zero values Kustomize leaves out as absent, and a CRLF checkout as the same file", () => {
    expect(readHeader(SCAFFOLD.replace('    includeSelectors: false\n', ''))?.intact).toBe(true);
    const crlf = fixture('kustomize-set-image-tag.yaml').replace(/\n/g, '\r\n');
    expect(readHeader(crlf)?.intact).toBe(true);
    expect(sameOverlayKustomization(crlf, renderedWith({ newTag: 'v1.5.0' }), NO_MARKER)).toBe(true);
  });
});

describe('the Flux marker', () => {
  const flux = { name: IMAGE, marker: MARKER };

  it("is put on the tag's line, in Flux's own words, and nothing else moves", () => {
    expect(MARKER).toBe('{"$imagepolicy": "flux-system:checkout:tag"}');
    expect(withTagMarker(SCAFFOLD, IMAGE, MARKER)).toBe(fixture('scaffold-flux.yaml'));
    expect(tagMarkerOf(fixture('flux-setter.yaml'), IMAGE)).toBe(JSON.stringify({ $imagepolicy: 'flux-system:checkout:tag' }));
    // A digest has no tag to carry it.
    const digest = renderedWith({ digest: DIGEST });
    expect(withTagMarker(digest, IMAGE, MARKER)).toBe(digest);
  });

  it("keeps the tag Flux set, is missed when kustomize edit dropped it, and goes with the ImagePolicy", () => {
    const setter = fixture('flux-setter.yaml');
    expect(readHeader(setter)).toEqual({ recorded: readHeader(SCAFFOLD)!.recorded, intact: true });
    expect(chooseOverlayImage('v1.4.2', IMAGE, { text: setter, imageFromSpec: imageFromSpecOf(setter) }, false)).toEqual({ newTag: 'v1.5.0' });
    expect(sameOverlayKustomization(setter, renderedWith({ newTag: `v1.5.0 # ${MARKER}` }), flux)).toBe(true);
    expect(sameOverlayKustomization(setter, renderedWith({ newTag: 'v1.5.0' }), NO_MARKER)).toBe(false);
    const dropped = fixture('kustomize-set-image-tag.yaml');
    expect(readHeader(dropped)?.intact).toBe(true);
    expect(sameOverlayKustomization(dropped, renderedWith({ newTag: `v1.5.0 # ${MARKER}` }), flux)).toBe(false);
    expect(sameOverlayKustomization(dropped, renderedWith({ newTag: 'v1.5.0' }), NO_MARKER)).toBe(true);
  });
});

describe('image set as an edit of the kustomization', () => {
  it('splices the value where it is, and puts a new field under the name where there is none', () => {
    const set = (text: string, ref: string) => {
      const edit = setOverlayImage(text, IMAGE, ref);
      if ('problem' in edit) throw new Error(edit.problem);
      return edit;
    };
    expect(set(SCAFFOLD, 'v2').text).toBe(SCAFFOLD.replace('newTag: v1.4.2', 'newTag: v2'));
    const bare = SCAFFOLD.replace('    newTag: v1.4.2\n', '');
    expect(set(bare, 'v2')).toMatchObject({ text: SCAFFOLD.replace('newTag: v1.4.2', 'newTag: v2'), from: undefined });
    const both = fixture('kustomize-set-image-tag-and-digest.yaml');
    expect(set(both, 'v3')).toMatchObject({ from: `v1.5.0@${DIGEST}`, values: { newTag: 'v3' }, text: both.replace(`- digest: ${DIGEST}\n  name:`, '- name:').replace('newTag: v1.5.0', 'newTag: v3') });
    const tagThenDigest = SCAFFOLD.replace('    newTag: v1.4.2\n', `    newTag: v1.4.2 # a comment\n    digest: ${DIGEST} # another\n`);
    expect(set(tagThenDigest, 'v2').text).toBe(SCAFFOLD.replace('newTag: v1.4.2', 'newTag: v2 # a comment'));
    expect(set(fixture('kustomize-set-image-newname.yaml'), DIGEST).values).toEqual({ newName: 'registry.example.com/checkout', digest: DIGEST });
  });

  it('writes a flow-style entry anew, and says when the image has no entry', () => {
    const flow = SCAFFOLD.replace(/  - name: "[^"]+"\n    newTag: v1\.4\.2\n/, `  - {name: ${IMAGE}, newTag: v1.4.2}\n`);
    const edit = setOverlayImage(flow, IMAGE, 'v2');
    expect('text' in edit && edit.text.replace(/\s+/g, ' ')).toContain(`images: - { name: ${IMAGE}, newTag: v2 } replicas:`);
    expect(setOverlayImage(SCAFFOLD, 'registry.example.com/other', 'v2')).toEqual({ problem: 'has no images entry named registry.example.com/other; run scaffold render to write it' });
  });
});

describe("an Argo CD override beside the overlay (.argocd-source-<application>.yaml)", () => {
  it('gives the values of the entry for the image: [name=]ref[:tag][@digest]', () => {
    const values = (entry: string) => argoCdSourceImage(`kustomize:\n  images:\n  - busybox:1\n  - ${JSON.stringify(entry)}\n`, IMAGE);
    expect(values(`${IMAGE}:v1.5.0`)).toEqual({ newTag: 'v1.5.0' });
    expect(values(`${IMAGE}@${DIGEST}`)).toEqual({ digest: DIGEST });
    expect(values(`${IMAGE}=registry.example.com:5000/checkout:v2`)).toEqual({ newName: 'registry.example.com:5000/checkout', newTag: 'v2' });
    expect(values('registry.example.com/other:v2')).toBeUndefined();
    expect(argoCdSourceImage(fixture('argocd-source-checkout-production.yaml'), IMAGE)).toEqual({ newTag: 'v1.5.0' });
    expect(argoCdSourceImage('helm: {}\n', IMAGE)).toBeUndefined();
  });
});
