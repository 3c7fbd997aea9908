import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInputFiles } from '../../src/io/inputFiles.ts';
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
