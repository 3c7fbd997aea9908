// Bundles the CLI into ESM with one chunk per command: start-up loads the entry and the chunks of the
// command run, few files and no unused code, which keeps cold start close to `node -e 0`.
// The app spec's and the organisation config's schemas go into the bundle precompiled, and the built-in Kubernetes schemas are
// precompiled into dist/validators/ (see scripts/build-validators.ts).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { cliBundleOptions } from './cliBundleOptions.mjs';
import { precompiledSchemas } from './precompiledSchemas.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// The validator builder is TypeScript sharing code with src/; bundle it for this plain-Node script, dependencies left external.
const builder = path.join(root, 'node_modules/.cache/scaffold-build/build-validators.mjs');
await build({
  absWorkingDir: root,
  entryPoints: ['scripts/build-validators.ts'],
  outfile: builder,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { appSpecStandaloneCode, orgConfigStandaloneCode, buildValidators } = await import(pathToFileURL(builder).href);

// Chunk names carry a content hash: without this, every build would leave the last one's chunks behind.
rmSync(path.join(root, 'dist/chunks'), { recursive: true, force: true });
await build({
  ...cliBundleOptions,
  plugins: [
    ...cliBundleOptions.plugins,
    precompiledSchemas([
      { module: /[\\/]src[\\/]appSpec[\\/]schemaValidator\.ts$/, exportName: 'appSpecValidator', code: appSpecStandaloneCode() },
      { module: /[\\/]src[\\/]orgConfig[\\/]schemaValidator\.ts$/, exportName: 'orgConfigValidator', code: orgConfigStandaloneCode() },
    ]),
  ],
  absWorkingDir: root,
  entryPoints: { scaffold: 'src/cli/main.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
});
await buildValidators(root);
