#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
// The Node.js version is checked before the bundle loads: on an older one the bundle could fail with a
// syntax or module error that says nothing of the cause. Keep this file to code any Node.js with ES
// modules runs, and MINIMUM_NODE to package.json's engines (test/install/packedTarball.test.ts).
const MINIMUM_NODE = [20, 19];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor < MINIMUM_NODE[1])) {
  process.stderr.write(`scaffold needs Node.js ${MINIMUM_NODE.join('.')} or newer; this is Node.js ${process.versions.node}\n`);
  process.exit(1);
}
// A run reads its inputs once, so most of what V8's optimizing compiler does is compile code with little left to
// run; large functions inlined into each other made those compiles cost more than they saved. Only small ones
// are inlined: on one core, 9% less CPU for `validate` on 10,000 documents, 17% on 50,000 (docs/performance.md).
// V8 counts its flags in the check of a compiled form (the validator cache's): a program running the library
// without this flag has those forms refused, and compiles and keeps them again; no verdict changes.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
// `validate`, which the pre-commit hook runs on every commit, has a bundle of its own, one module to load
// (src/cli/validateMain.ts); the command is found as src/cli/program.ts's requestedCommand finds it.
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
import(command === 'validate' ? '../dist/validate.js' : '../dist/scaffold.js');
