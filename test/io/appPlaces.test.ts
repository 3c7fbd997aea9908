import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPlaceFinder } from '../../src/io/appPlaces.ts';
import { tempDir } from '../support/tempDir.ts';

const SPEC = 'apiVersion: scaffold/v1alpha1\nkind: App\nmetadata: {name: demo}\nspec:\n  environments:\n    alpha: {imageTag: v1, kubernetesVersion: "1.33"}\n';

/** An app folder holding `spec` as its app.yaml; the path of a file of its alpha overlay. */
function overlayFile(spec: Uint8Array | string): string {
  const app = join(tempDir('scaffold-app-places-'), 'apps/demo');
  mkdirSync(join(app, 'overlays/alpha'), { recursive: true });
  writeFileSync(join(app, 'app.yaml'), spec);
  return join(app, 'overlays/alpha/extra.yaml');
}

describe('appPlaceFinder: the environments of the app.yaml above a file', () => {
  it('are those app.yaml gives', () => {
    expect(appPlaceFinder()(overlayFile(SPEC))).toEqual({ environments: { alpha: { imageTag: 'v1', kubernetesVersion: '1.33' } }, overlay: 'alpha' });
  });

  it('are none when app.yaml does not parse, or is not UTF-8 (render refuses both): never read with U+FFFD for a bad byte', () => {
    expect(appPlaceFinder()(overlayFile(`${SPEC}  beta: [\n`))).toEqual({ environments: undefined, overlay: 'alpha' });
    // é as Latin-1 writes it, in a comment: one byte, never UTF-8 on its own.
    expect(appPlaceFinder()(overlayFile(Buffer.from(`${SPEC}# café\n`, 'latin1')))).toEqual({ environments: undefined, overlay: 'alpha' });
  });
});
