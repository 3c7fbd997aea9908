// `npm run bundle [-- OUT_DIR]` builds dist/ (or OUT_DIR). dist/ is committed, so that an install from git,
// from a tarball or by the pre-commit framework runs it as it is and builds nothing; `npm run bundle:check`
// rebuilds into a scratch folder and compares (the output depends on the sources and the lockfile only).
// - scaffold.js, the CLI, in ESM with one chunk per command: start-up loads the entry and the chunks of the
//   command run, few files and no unused code, which keeps cold start close to `node -e 0`; index.js, the
//   library, in the same build, sharing its chunks. The app spec's and the organisation config's schemas go
//   into them precompiled.
// - validate.cjs, the CLI with `validate` alone in one CommonJS module, which bin/scaffold.js runs for that
//   command: the pre-commit hook's cold start loads one file instead of a dozen chunks, and on Node 20 takes
//   V8's compiled form of it from an earlier run.
// - runtime/: ajv's compiler, re2js and yaml, loaded on first use (scripts/runtimeModules.mjs).
// - validators/: the built-in Kubernetes schemas, precompiled (scripts/build-validators.ts).
// - index.d.ts: the library's declarations, one file.
// - THIRD-PARTY-LICENSES.txt: the license of every package whose code the files above carry.
import { generateDtsBundle } from 'dts-bundle-generator';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { cliBundleOptions, runtimeBundleOptions, validateBundleOptions } from './bundleOptions.mjs';
import { thirdPartyLicenses } from './licenses.mjs';
import { precompiledSchemas } from './precompiledSchemas.mjs';
import { runtimeEntryPoints } from './runtimeModules.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'dist'));

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

// All of it is generated: without this, chunks of an earlier build (their names carry a content hash) and renamed files would stay.
rmSync(outDir, { recursive: true, force: true });
const runtime = await build({
  absWorkingDir: root,
  entryPoints: runtimeEntryPoints(root),
  outdir: path.join(outDir, 'runtime'),
  outExtension: { '.js': '.cjs' },
  ...runtimeBundleOptions,
  metafile: true,
});
// Compiled once, for the four builds below.
const schemas = precompiledSchemas([
  { module: /[\\/]src[\\/]appSpec[\\/]schemaValidator\.ts$/, exportName: 'appSpecValidator', code: appSpecStandaloneCode() },
  { module: /[\\/]src[\\/]orgConfig[\\/]schemaValidator\.ts$/, exportName: 'orgConfigValidator', code: orgConfigStandaloneCode() },
]);
const bundleOptions = (options) => ({ ...options, plugins: [...options.plugins, schemas], absWorkingDir: root, outdir: outDir, metafile: true });
const bundles = (buildId) => [
  { ...bundleOptions(cliBundleOptions(buildId)), entryPoints: { scaffold: 'src/cli/main.ts', index: 'src/pipeline/index.ts' }, chunkNames: 'chunks/[name]-[hash]', splitting: true },
  // `validate` alone, in one module: the pre-commit hook's cold start (src/cli/validateMain.ts).
  { ...bundleOptions(validateBundleOptions(buildId)), entryPoints: { validate: 'src/cli/validateMain.ts' } },
];
// The build's id names the validators scaffold compiles for a user's schema folder and keeps (src/io/validatorCache.ts):
// the sha256 of the ajv it loads (its compiler and its run-time helpers) and of every file of the bundles, as built in a first pass, unwritten, with an id of
// the same length in its place. Any change to what compiles, loads or runs those validators gives another id, and a
// run takes no validator another build kept, without hashing its own files on each start.
const firstPass = await Promise.all(bundles('0'.repeat(64)).map((options) => build({ ...options, write: false })));
const ids = createHash('sha256');
for (const name of ['ajv.cjs', 'ajvHelpers.cjs']) ids.update(readFileSync(path.join(outDir, 'runtime', name)));
const firstFiles = firstPass.flatMap((pass) => pass.outputFiles).sort((a, b) => (a.path < b.path ? -1 : 1));
for (const file of firstFiles) ids.update(`\0${path.relative(outDir, file.path)}\0`).update(file.contents);
const apps = await Promise.all(bundles(ids.digest('hex')).map((options) => build(options)));
const validatorInputs = await buildValidators(root, path.join(outDir, 'validators'));

// Only the types the API names, with no import of a dependency's types (the bundle carries the dependencies,
// so a program using the library does not have them) and no internal module path to import deeply.
const [declarations] = generateDtsBundle([{ filePath: path.join(root, 'src/pipeline/index.ts'), output: { noBanner: true } }], {
  preferredConfigPath: path.join(root, 'tsconfig.types.json'),
});
writeFileSync(path.join(outDir, 'index.d.ts'), declarations);

const bundled = [...apps.flatMap((app) => Object.keys(app.metafile.inputs)), ...Object.keys(runtime.metafile.inputs), ...validatorInputs];
writeFileSync(path.join(outDir, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(root, bundled));
