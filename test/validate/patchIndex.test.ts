import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInputFiles, type InputFile } from '../../src/io/inputFiles.ts';
import { PatchIndex } from '../../src/io/patchIndex.ts';
import { tempDir } from '../support/tempDir.ts';

const NAMES = /\.ya?ml$|^Kustomization$/;

describe('PatchIndex', () => {
  const root = tempDir('scaffold-patch-index-');
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('repo/.git/HEAD', 'ref: refs/heads/main\n');
  write('repo/overlays/prod/kustomization.yaml', 'resources: [../../base]\npatches:\n  - path: replicas-patch.yaml\n');
  write('repo/overlays/prod/replicas-patch.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n');
  write('repo/overlays/prod/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n');
  write('repo/kustomization.yaml', 'patchesStrategicMerge: [shared/labels.yaml]\n');
  write('repo/shared/labels.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
  const find = (given: string, index: PatchIndex) => findInputFiles([path.join(root, given)], { cwd: root, names: NAMES, onListing: (dir, entries) => index.listed(dir, entries) });
  const roleOfFile = (inputs: InputFile[], name: string, index: PatchIndex) => index.roleOf(inputs.find((i) => i.display.endsWith(name))!);

  it('knows the patches of the kustomizations around inputs found by walking, from the walk\'s own listings', () => {
    const index = new PatchIndex();
    const inputs = find('repo/overlays', index);
    expect(roleOfFile(inputs, 'replicas-patch.yaml', index).patch).toBe('either');
    expect(roleOfFile(inputs, 'service.yaml', index).patch).toBeUndefined();
    const kustomization = roleOfFile(inputs, 'kustomization.yaml', index);
    expect(kustomization.kustomizationFile).toBe(true);
    expect(kustomization.listedPathKind!('replicas-patch.yaml')).toBe('file');
    expect(kustomization.listedPathKind!('../../base')).toBeUndefined();
  });

  it('knows them for files named alone, and for a kustomization of a folder above, up to the repository root', () => {
    const index = new PatchIndex();
    expect(index.roleOf(find('repo/overlays/prod/replicas-patch.yaml', index)[0]!).patch).toBe('either');
    expect(index.roleOf(find('repo/shared/labels.yaml', index)[0]!).patch).toBe('strategic-merge');
    expect(index.roleOf(find('repo/overlays/prod/service.yaml', index)[0]!).patch).toBeUndefined();
  });

  it('finds no patch in a kustomization that is not UTF-8, as in one that does not parse: never reads it with U+FFFD for a bad byte', () => {
    const index = new PatchIndex();
    // é as Latin-1 writes it, in a comment: one byte, never UTF-8 on its own.
    for (const folder of ['utf8', 'latin1', 'broken']) write(`repo/${folder}/replicas-patch.yaml`, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n');
    const kustomization = 'resources: [deployment.yaml]\npatches:\n  - path: replicas-patch.yaml  # café\n';
    write('repo/utf8/kustomization.yaml', kustomization);
    writeFileSync(path.join(root, 'repo/latin1/kustomization.yaml'), Buffer.from(kustomization, 'latin1'));
    write('repo/broken/kustomization.yaml', `${kustomization}  - "unclosed\n`);
    const roleIn = (folder: string) => index.roleOf(find(`repo/${folder}/replicas-patch.yaml`, index)[0]!).patch;
    expect([roleIn('utf8'), roleIn('latin1'), roleIn('broken')]).toEqual(['either', undefined, undefined]);
  });

  it('takes a folder the walk listed as the walk saw it, without listing it again', () => {
    const index = new PatchIndex();
    const [patch] = find('repo/overlays/prod/replicas-patch.yaml', index);
    index.listed(path.join(root, 'repo/overlays/prod'), []);
    expect(index.roleOf(patch!).patch).toBeUndefined();
  });
});
