#!/usr/bin/env node
// CommonJS (bin/package.json): an ES module entry would cost every start Node's ES module loader, some 3 ms
// of a `validate` on Node 20 (docs/performance.md). The Node.js version is checked before any bundle loads:
// on an older one a bundle could fail with a syntax or module error that says nothing of the cause. Keep
// MINIMUM_NODE to package.json's engines (test/install/packedTarball.test.ts).
const MINIMUM_NODE = [20, 19];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor < MINIMUM_NODE[1])) {
  process.stderr.write(`scaffold needs Node.js ${MINIMUM_NODE.join('.')} or newer; this is Node.js ${process.versions.node}\n`);
  process.exit(1);
}
// Node 22.1 and later keep the compiled form of the modules below, as Node's documentation asks of tools: in
// NODE_COMPILE_CACHE's folder, else in the system's temporary folder (docs/performance.md, "Cold start, measured
// again"). `validate` keeps its own of dist/validate.cjs and of the validators it loads, on every Node
// (src/io/compiledForms.ts).
require('node:module').enableCompileCache?.();
// `validate`, which the pre-commit hook runs on every commit, has a bundle of its own, one module to load
// (src/cli/validateMain.ts); the command is found as src/cli/program.ts's requestedCommand finds it.
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (command === 'validate') require('../dist/runtime/compiledForms.cjs').requireEntry(require.resolve('../dist/validate.cjs'));
else import('../dist/scaffold.js');
