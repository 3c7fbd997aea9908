import { childProcessOnFirstUse } from './childProcessOnFirstUse.mjs';
import { lazyModulesFromRuntime } from './runtimeModules.mjs';
import { yamlWithoutDebugSwitches } from './yamlWithoutDebugSwitches.mjs';

/**
 * How the CLI is bundled (scripts/build.mjs), shared with the bench (bench/run.mjs) so
 * that what the bench measures in-process is compiled as users run it. `buildId`: the
 * build's id, which scripts/build.mjs computes; the bench has none.
 */
export const cliBundleOptions = (buildId, runtimeSpecifierOf) => ({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // What it loads on first use comes from dist/runtime/ (scripts/runtimeModules.mjs), built before the bench runs.
  plugins: [lazyModulesFromRuntime(buildId, runtimeSpecifierOf), childProcessOnFirstUse],
  // Some CommonJS dependencies call require() for Node built-ins; give the ESM bundle one. Every chunk gets it, few
  // call it: made on first call, so that the other chunks neither make one nor read their import.meta.
  banner: {
    js: "import { createRequire as __scaffoldCreateRequire } from 'node:module'; let __scaffoldRequire; function require(id) { return (__scaffoldRequire ??= __scaffoldCreateRequire(import.meta.url))(id); }",
  },
});

/**
 * The CLI's `validate` alone, as CommonJS (dist/validate.cjs): bin/scaffold.js runs it through
 * `vm.Script`, which can take V8's compiled form of it from an earlier run where Node keeps none
 * (Node 20). CommonJS has its own `require`; `import.meta.url` is the file's URL. It names the
 * runtime modules by their path beside it: resolving `#runtime/<name>` loads Node's resolver of
 * package imports, some 2 ms of a cold start on Node 20.
 */
export const validateBundleOptions = (buildId) => ({
  ...cliBundleOptions(buildId, (name) => `./runtime/${name}.cjs`),
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  banner: { js: "const __scaffoldUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__scaffoldUrl' },
});

/**
 * How code that the CLI loads with require() at run time is bundled: dist/runtime/ (scripts/build.mjs)
 * and the precompiled validators (scripts/build-validators.ts), which require each other.
 */
export const runtimeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [yamlWithoutDebugSwitches],
};
