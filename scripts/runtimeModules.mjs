/**
 * The modules scaffold loads at run time outside its bundles (src/schemas/lazyModules.ts,
 * src/yamlSource/yamlPackage.ts): ajv's compiler, for schemas a user imported; ajv's run-time
 * helpers alone, for the validators of those schemas kept in the user's cache; re2js, for patterns
 * the precompiled validators and those schemas hold; yaml, for YAML read with positions and YAML
 * written; js-yaml, for what scaffold's own reader declines. And one of scaffold's own,
 * src/io/compiledForms.ts, which bin/scaffold.js runs dist/validate.cjs with and which the bundles
 * share with it, one instance in a process. Each is built into dist/runtime/<name>.cjs, which
 * package.json `imports` names `#runtime/<name>`, so an installed scaffold needs no dependency.
 * (`npm run bundle`)
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export const RUNTIME_MODULES = ['ajv', 'ajvHelpers', 're2js', 'yaml', 'js-yaml', 'compiledForms'];
// Entry points of scaffold's own for a runtime module, where it is not the package's main module.
const OWN_ENTRY_POINTS = { ajv: 'scripts/runtimeAjv.cjs', ajvHelpers: 'scripts/runtimeAjvHelpers.cjs', compiledForms: 'src/io/compiledForms.ts' };

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
 * An esbuild plugin for the CLI and library bundle: lazyModules.ts, yamlPackage.ts and compiledForms.ts load the copies in dist/runtime/.
 * `buildId`, the id of the build (scripts/build.mjs), is what lazyModules' buildId() gives; a bundle built without one
 * gives none, and keys its cached validators by the files it runs instead (src/io/validatorCache.ts). `specifierOf`
 * names a runtime module as the bundle requires it: by default `#runtime/<name>`, which holds from any folder of the package.
 */
export function lazyModulesFromRuntime(buildId, specifierOf = runtimeSpecifier) {
  return {
    name: 'lazy-modules-from-runtime',
    setup(build) {
      // Each runtime module is run with V8's compiled form of an earlier run (src/io/compiledForms.ts): required by Node,
      // yaml's 115 kB took Node 20 some 7 ms to compile in every run that loaded it. Its file is resolved once:
      // loadAjvHelper and loadRe2 are called for every validator that needs them.
      const compiledForms = [
        "import { createRequire } from 'node:module';",
        'const nodeLoad = createRequire(import.meta.url);',
        `const compiledForms = () => nodeLoad(${JSON.stringify(specifierOf('compiledForms'))});`,
      ];
      const loadCompiled = [...compiledForms, 'const files = new Map();', 'const load = (id) => compiledForms().requireCompiled(files.get(id) ?? files.set(id, nodeLoad.resolve(id)).get(id));'];
      build.onLoad({ filter: /[\\/]src[\\/]schemas[\\/]lazyModules\.ts$/ }, () => ({
        contents: [
          ...loadCompiled,
          `export function loadAjv() { return load(${JSON.stringify(specifierOf('ajv'))}); }`,
          `export function loadRe2() { return load(${JSON.stringify(specifierOf('re2js'))}); }`,
          `export function loadAjvStandalone() { return load(${JSON.stringify(specifierOf('ajv'))}).scaffoldStandalone; }`,
          `export function loadAjvHelper(id) { return load(${JSON.stringify(specifierOf('ajvHelpers'))})(id); }`,
          `export function ajvFile() { return nodeLoad.resolve(${JSON.stringify(specifierOf('ajv'))}); }`,
          `export function buildId() { return ${buildId === undefined ? 'undefined' : JSON.stringify(buildId)}; }`,
        ].join('\n'),
        loader: 'js',
      }));
      build.onLoad({ filter: /[\\/]src[\\/]yamlSource[\\/]yamlPackage\.ts$/ }, () => ({
        contents: [
          ...loadCompiled,
          'let loadedYaml, loadedJsYaml;',
          `export function yaml() { return (loadedYaml ??= load(${JSON.stringify(specifierOf('yaml'))})); }`,
          `export function jsYaml() { return (loadedJsYaml ??= load(${JSON.stringify(specifierOf('js-yaml'))})); }`,
        ].join('\n'),
        loader: 'js',
      }));
      build.onLoad({ filter: /[\\/]src[\\/]io[\\/]compiledForms\.ts$/ }, () => ({
        contents: [
          ...compiledForms,
          'export function requireCompiled(file) { return compiledForms().requireCompiled(file); }',
          'export function keepEntryForm() { compiledForms().keepEntryForm(); }',
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}
