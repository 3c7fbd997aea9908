import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findInputFiles, readInputYaml } from '../../src/io/inputFiles.ts';
import { toPosix } from '../../src/vocabulary/posixPath.ts';
import { decodeYamlBytes } from '../../src/yamlSource/decode.ts';
import { tempDir } from '../support/tempDir.ts';

const YAML = /\.ya?ml$/;
const shown = (root: string, paths: string[]) => findInputFiles(paths, { cwd: root, names: YAML }).map((input) => input.display);

describe('findInputFiles: links', () => {
  it('walks a folder reached through a link once, and stops at a link back to a folder it is inside', () => {
    const root = tempDir();
    mkdirSync(join(root, 'repo/apps/a'), { recursive: true });
    writeFileSync(join(root, 'repo/apps/a/deploy.yaml'), 'kind: A\n');
    // A loop: apps/a/up leads back to apps.
    symlinkSync(join(root, 'repo/apps'), join(root, 'repo/apps/a/up'));
    // Another way into a: found again under its other name, as a link is followed once.
    symlinkSync(join(root, 'repo/apps/a'), join(root, 'repo/alias'));
    expect(shown(root, ['repo'])).toEqual(['repo/alias/deploy.yaml', 'repo/apps/a/deploy.yaml']);
  });

  it('finds the loop when the walk starts inside it, through a link', () => {
    const root = tempDir();
    mkdirSync(join(root, 'real/inner'), { recursive: true });
    writeFileSync(join(root, 'real/inner/x.yaml'), 'kind: X\n');
    symlinkSync(join(root, 'real'), join(root, 'via'));
    symlinkSync(join(root, 'via'), join(root, 'real/inner/back'));
    expect(shown(root, ['via'])).toEqual(['via/inner/x.yaml']);
  });
});

describe('findInputFiles: links that lead to no file', () => {
  it('one found in a folder with an input\'s name is an input that cannot be read, saying where it points; one named too', () => {
    const root = tempDir();
    mkdirSync(join(root, 'm'));
    writeFileSync(join(root, 'm/a.yaml'), 'kind: A\n');
    symlinkSync('gone.yaml', join(root, 'm/b.yaml'));
    symlinkSync('c.yaml', join(root, 'm/c.yaml'));
    // No input's name: left out, as a file of that name would be.
    symlinkSync('gone', join(root, 'm/README'));
    const inputs = findInputFiles(['m', 'm/b.yaml'], { cwd: root, names: YAML });
    expect(inputs.map((input) => [input.display, readInputYaml(input, undefined)])).toEqual([
      ['m/a.yaml', { text: 'kind: A\n' }],
      ['m/b.yaml', { problem: 'is a symbolic link to gone.yaml, where there is nothing (a broken link)' }],
      ['m/c.yaml', { problem: 'is a symbolic link to c.yaml, which leads back to itself (a loop of links)' }],
    ]);
    expect(readInputYaml(findInputFiles(['./m/b.yaml'], { cwd: root, names: YAML })[0]!, undefined)).toEqual({ problem: 'is a symbolic link to gone.yaml, where there is nothing (a broken link)' });
  });
});

describe('findInputFiles: how found files are shown', () => {
  it('as path.join shows the folder given and the path below it, in forward slashes', () => {
    const root = tempDir();
    mkdirSync(join(root, 'apps/web/base'), { recursive: true });
    writeFileSync(join(root, 'apps/web/base/deploy.yaml'), 'kind: A\n');
    writeFileSync(join(root, 'apps/top.yml'), 'kind: B\n');
    for (const given of ['apps', './apps/', 'apps//', 'x/../apps', join(root, 'apps'), `${join(root, 'apps')}/`]) {
      expect(shown(root, [given]), given).toEqual(['web/base/deploy.yaml', 'top.yml'].map((file) => toPosix(join(given, file))).sort());
    }
    expect(shown(join(root, 'apps'), ['.'])).toEqual(['top.yml', 'web/base/deploy.yaml']);
  });
});

describe('readInputYaml', () => {
  const dir = tempDir();
  let n = 0;
  const input = (bytes: Uint8Array) => {
    const absolute = join(dir, `f${n++}.yaml`);
    writeFileSync(absolute, bytes);
    return { display: absolute, absolute, discovered: false };
  };
  // What validate makes of a file: its text read in one call, else its bytes decoded.
  const decoded = (bytes: Uint8Array) => {
    const read = readInputYaml(input(bytes), undefined);
    if ('text' in read) return { text: read.text };
    if ('bytes' in read) return decodeYamlBytes(read.bytes, 'f.yaml');
    return read;
  };
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('gives the text of a UTF-8 file, its byte order mark dropped, and the bytes of any other for decodeYamlBytes to judge', () => {
    expect(readInputYaml(input(utf8('\uFEFFkind: A\n')), undefined)).toEqual({ text: 'kind: A\n' });
    for (const bytes of [new Uint8Array([0x61, 0x00, 0x62]), new Uint8Array([0x61, 0x3a, 0x20, 0xff]), utf8('a: \uFFFD\n')]) {
      expect(readInputYaml(input(bytes), undefined)).toEqual({ bytes: Buffer.from(bytes) });
    }
    expect(readInputYaml({ display: 'gone.yaml', absolute: join(dir, 'gone.yaml'), discovered: false }, undefined)).toEqual({ problem: 'cannot read: ENOENT' });
  });

  it('makes of any bytes what decodeYamlBytes makes of them', () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x0a, 0x61, 0x3a, 0x20, 0xef, 0xbb, 0xbf, 0xbd, 0xc3, 0xa9, 0xed, 0xa0, 0x80, 0xf0, 0x9f));
    const bytes = fc.oneof(
      fc.array(byte, { maxLength: 24 }).map((b) => new Uint8Array(b)),
      fc.string({ unit: 'binary', maxLength: 12 }).map((text) => utf8(text)),
      fc.string({ unit: 'binary', maxLength: 12 }).map((text) => utf8(`\uFEFF${text}`)),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        expect(decoded(b)).toEqual(decodeYamlBytes(b, 'f.yaml'));
      }),
      { numRuns: 600, seed: 20261201 },
    );
  });
});
