#!/usr/bin/env node
// The Node.js version is checked before the bundle loads: on an older one the bundle could fail with a
// syntax or module error that says nothing of the cause. Keep this file to code any Node.js with ES
// modules runs, and MINIMUM_NODE to package.json's engines (test/install/packedTarball.test.ts).
const MINIMUM_NODE = [20, 19];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor < MINIMUM_NODE[1])) {
  process.stderr.write(`scaffold needs Node.js ${MINIMUM_NODE.join('.')} or newer; this is Node.js ${process.versions.node}\n`);
  process.exit(1);
}
// Node 22.1 and later keep the compiled form of the modules below, as Node's documentation asks of tools: in
// NODE_COMPILE_CACHE's folder, else in the system's temporary folder: on Node 24 a `validate` of one file starts
// some 10 ms (of 70) sooner (docs/performance.md, "Cold start, measured again").
import module from 'node:module';
module.enableCompileCache?.();
// `validate`, which the pre-commit hook runs on every commit, has a bundle of its own, one module to load
// (src/cli/validateMain.ts); the command is found as src/cli/program.ts's requestedCommand finds it.
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (command === 'validate') runValidate();
else import('../dist/scaffold.js');

/**
 * Runs dist/validate.cjs. Where Node keeps no compiled form of it (Node 20, or the cache turned off), V8's
 * compiled form made at the end of an earlier run is taken from the user's cache folder, as for an imported
 * folder's validators (src/io/validatorCache.ts): some 12 ms of a 69 ms start on Node 20. The form is named
 * by a CRC-32 of the code and by V8's tag for its version and flags, and begins with a CRC-32 of itself: V8
 * checks neither the code's bytes nor the form's. A run that changed V8's flags (io/onePass.ts) keeps no
 * form, which the next run, under the flags it starts with, would pass over. A cache that cannot be read or
 * written is passed over without a word.
 */
function runValidate() {
  const load = module.createRequire(import.meta.url);
  const file = load.resolve('../dist/validate.cjs');
  if (module.getCompileCacheDir?.() !== undefined) return load(file);
  const { readFileSync, mkdirSync, writeFileSync, renameSync, rmSync } = load('node:fs');
  const path = load('node:path');
  const { crc32 } = load('node:zlib');
  const { cachedDataVersionTag } = load('node:v8');
  const { Script } = load('node:vm');
  const code = readFileSync(file);
  const tag = cachedDataVersionTag();
  let cacheRoot;
  let formFile;
  let form;
  try {
    // As validatorCacheFolder (src/io/validatorCache.ts): a relative XDG_CACHE_HOME is to be ignored.
    const xdg = process.env.XDG_CACHE_HOME;
    cacheRoot = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(load('node:os').homedir(), '.cache');
    formFile = path.join(cacheRoot, 'scaffold', 'compiled', `validate-${crc32(code).toString(16)}.${tag.toString(16)}.bin`);
    const kept = readFileSync(formFile);
    if (kept.length > 4 && kept.readUInt32BE(0) === crc32(kept.subarray(4))) form = kept.subarray(4);
  } catch {
    // No form yet (this run makes one), or no cache folder.
  }
  const script = new Script(module.wrap(code.toString('utf8')), { filename: file, ...(form === undefined ? {} : { cachedData: form }) });
  if (formFile !== undefined && (form === undefined || script.cachedDataRejected)) {
    process.once('exit', () => {
      if (cachedDataVersionTag() !== tag) return;
      const temporary = `${formFile}.${process.pid}.tmp`;
      try {
        const made = script.createCachedData();
        const head = Buffer.alloc(4);
        head.writeUInt32BE(crc32(made));
        // One level at a time: Node's recursive mkdir never returns for a path under /proc (src/io/files.ts, makeFolders).
        for (const folder of [cacheRoot, path.join(cacheRoot, 'scaffold'), path.dirname(formFile)]) {
          try {
            mkdirSync(folder);
          } catch (err) {
            if (err.code !== 'EEXIST') throw err;
          }
        }
        writeFileSync(temporary, Buffer.concat([head, made]));
        renameSync(temporary, formFile);
      } catch {
        try {
          rmSync(temporary, { force: true });
        } catch {
          // Nothing was written.
        }
      }
    });
  }
  const own = { exports: {} };
  script.runInThisContext()(own.exports, module.createRequire(file), own, file, path.dirname(file));
}
