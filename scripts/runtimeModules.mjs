/**
 * The packages scaffold loads at run time outside its bundles (src/schemas/lazyModules.ts,
 * src/yamlSource/yamlPackage.ts): ajv's compiler, for schemas a user imported; ajv's run-time
 * helpers alone, for the validators of those schemas kept in the user's cache; re2js, for patterns
 * the precompiled validators and those schemas hold; yaml, for YAML read with positions and YAML
 * written. Each is built into dist/runtime/<name>.cjs, which package.json `imports` names
 * `#runtime/<name>`, so an installed scaffold needs no dependency. (`npm run bundle`)
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export const RUNTIME_MODULES = ['ajv', 'ajvHelpers', 're2js', 'yaml', 'js-yaml'];
// Entry points of scaffold's own for a runtime module, where it is not the package's main module.
const OWN_ENTRY_POINTS = { ajv: 'scripts/runtimeAjv.cjs', ajvHelpers: 'scripts/runtimeAjvHelpers.cjs' };

/** The specifier under which dist/ requires a runtime module. */
export function runtimeSpecifier(name) {
  return `#runtime/${name}`;
}

/**
 * esbuild entry points: each package's CommonJS entry (what `require(name)` loads from the project);
 * ajv's with its standalone code generator beside it (scripts/runtimeAjv.cjs), and its run-time helpers
 * (scripts/runtimeAjvHelpers.cjs).
 */
export function runtimeEntryPoints(root) {
  const require = createRequire(`${root}/`);
  return Object.fromEntries(RUNTIME_MODULES.map((name) => [name, name in OWN_ENTRY_POINTS ? path.join(root, OWN_ENTRY_POINTS[name]) : require.resolve(name)]));
}

/**
 * An esbuild plugin for the CLI and library bundle: lazyModules.ts and yamlPackage.ts load the copies in dist/runtime/.
 * `buildId`, the id of the build (scripts/build.mjs), is what lazyModules' buildId() gives; a bundle built without one
 * gives none, and keys its cached validators by the files it runs instead (src/io/validatorCache.ts).
 */
export function lazyModulesFromRuntime(buildId) {
  return {
    name: 'lazy-modules-from-runtime',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]schemas[\\/]lazyModules\.ts$/ }, () => ({
        contents: [
          "import { createRequire } from 'node:module';",
          'const load = createRequire(import.meta.url);',
          `export function loadAjv() { return load(${JSON.stringify(runtimeSpecifier('ajv'))}); }`,
          `export function loadRe2() { return load(${JSON.stringify(runtimeSpecifier('re2js'))}); }`,
          `export function loadAjvStandalone() { return load(${JSON.stringify(runtimeSpecifier('ajv'))}).scaffoldStandalone; }`,
          `export function loadAjvHelper(id) { return load(${JSON.stringify(runtimeSpecifier('ajvHelpers'))})(id); }`,
          `export function ajvFile() { return load.resolve(${JSON.stringify(runtimeSpecifier('ajv'))}); }`,
          `export function buildId() { return ${buildId === undefined ? 'undefined' : JSON.stringify(buildId)}; }`,
        ].join('\n'),
        loader: 'js',
      }));
      build.onLoad({ filter: /[\\/]src[\\/]yamlSource[\\/]yamlPackage\.ts$/ }, () => ({
        contents: [
          "import { createRequire } from 'node:module';",
          'const load = createRequire(import.meta.url);',
          'let loadedYaml, loadedJsYaml;',
          `export function yaml() { return (loadedYaml ??= load(${JSON.stringify(runtimeSpecifier('yaml'))})); }`,
          `export function jsYaml() { return (loadedJsYaml ??= load(${JSON.stringify(runtimeSpecifier('js-yaml'))})); }`,
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}
