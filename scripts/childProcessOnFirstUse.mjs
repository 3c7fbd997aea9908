/**
 * An esbuild plugin for the CLI's bundles: node:child_process is loaded on first use. commander requires it
 * as it loads, for executable subcommands, which scaffold has none of, and src/io/kustomize.ts for
 * `kubectl kustomize`, which a `validate` of a few files never runs; loading it, with the networking and
 * stream modules it requires, cost a cold start of `validate` some 3 ms of Node 20's 25 (docs/performance.md).
 */
// Every function Node's documentation lists for node:child_process, in each Node.js scaffold supports.
const EXPORTS = ['ChildProcess', 'exec', 'execFile', 'execFileSync', 'execSync', 'fork', 'spawn', 'spawnSync'];

export const childProcessOnFirstUse = {
  name: 'child-process-on-first-use',
  setup(build) {
    // The module below requires Node's own.
    build.onResolve({ filter: /^(?:node:)?child_process$/ }, (args) =>
      args.namespace === 'on-first-use' ? { path: 'node:child_process', external: true } : { path: 'child_process', namespace: 'on-first-use' },
    );
    build.onLoad({ filter: /^child_process$/, namespace: 'on-first-use' }, () => ({
      contents: [
        'let loaded;',
        "const load = () => (loaded ??= require('node:child_process'));",
        `for (const name of ${JSON.stringify(EXPORTS)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};
