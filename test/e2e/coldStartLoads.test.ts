/**
 * What a cold start of `scaffold validate` loads that it may not need: the
 * bundle's run-time modules (dist/runtime/, `#runtime/*`) are large, and each
 * one loaded costs start-up time the pre-commit hook pays on every commit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cliBundleOptions } from '../../scripts/bundleOptions.mjs';
import { stableStringify, toStrictSchemas } from '../../src/schemas/strict.ts';
import { runCli } from '../support/cli.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';

const HAS_COMPILE_CACHE = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
if (!HAS_COMPILE_CACHE) console.warn(`SKIPPED the compile cache test: Node 22.1 or later has one, this is Node ${process.versions.node}`);

describe('scaffold validate: what a cold start loads', () => {
  const scratch = tempDir('scaffold-cold-start-');
  // Preloaded into the CLI's process: records every `#runtime/*` module it runs (by Node's require, or through vm.Script as
  // src/io/compiledForms.ts runs them) or only resolves, and node:crypto, node:child_process and node:net if they were loaded.
  const hook = path.join(scratch, 'hook.cjs');
  writeFileSync(
    hook,
    "const Module = require('node:module'); const vm = require('node:vm'); const { appendFileSync } = require('node:fs');\n" +
      "const record = (line) => appendFileSync(process.env.SCAFFOLD_TEST_LOADS, line + '\\n');\n" +
      "const runtimeFile = (file) => { const found = /[\\\\/]dist[\\\\/]runtime[\\\\/]([\\w-]+)\\.cjs$/.exec(file ?? ''); return found && '#runtime/' + found[1]; };\n" +
      "const compile = Module.prototype._compile; Module.prototype._compile = function (code, file) { const name = runtimeFile(file); if (name) record(name); return compile.call(this, code, file); };\n" +
      "const Script = vm.Script; vm.Script = class extends Script { constructor(code, options) { super(code, options); const name = runtimeFile(options && options.filename); if (name) record(name); } };\n" +
      // dist/validate.cjs names them by their path beside it, the other bundles `#runtime/<name>`.
      "const runtimeModule = (request) => { const found = /^(?:#runtime\\/|\\.\\/runtime\\/)([\\w-]+?)(?:\\.cjs)?$/.exec(request); return found && '#runtime/' + found[1]; };\n" +
      "const resolve = Module._resolveFilename; Module._resolveFilename = function (request, ...rest) { const name = runtimeModule(request); if (name) record('resolved ' + name); return resolve.call(this, request, ...rest); };\n" +
      "process.on('exit', () => { for (const name of ['crypto', 'child_process', 'net']) if (process.moduleLoadList.includes('NativeModule ' + name)) record('node:' + name); });\n",
  );
  let run = 0;
  function modulesLoaded(args: string[], env: Record<string, string> = {}, exitCode = 0): string[] {
    const loads = path.join(scratch, `loads-${run++}.txt`);
    writeFileSync(loads, '');
    const r = runCli(['validate', ...args], { env: { ...env, NODE_OPTIONS: `--require ${hook}`, SCAFFOLD_TEST_LOADS: loads } });
    expect(r.code, r.stdout + r.stderr).toBe(exitCode);
    return [...new Set(readFileSync(loads, 'utf8').split('\n').filter(Boolean))].sort();
  }

  it("does not load ajv's compiler for the validators of a schema folder an earlier run compiled, only the run-time helpers they name", () => {
    const dir = path.join(scratch, 'schemas');
    mkdirSync(dir);
    const [widget] = toStrictSchemas({
      'example.v1.Widget': {
        type: 'object',
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', properties: { size: { type: 'integer', format: 'int32' }, code: { type: 'string', maxLength: 3 } } } },
        'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
      },
    });
    writeFileSync(path.join(dir, 'widget.json'), stableStringify(widget!.schema));
    const file = path.join(scratch, 'widget.yaml');
    writeFileSync(file, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3, code: abc}\n');
    // maxLength counts characters, not UTF-16 code units: ajv's ucs2length helper, which the validator's code requires by name.
    const tooLong = path.join(scratch, 'widget-too-long.yaml');
    writeFileSync(tooLong, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3, code: abcd}\n');
    const env = { XDG_CACHE_HOME: path.join(scratch, 'cache') };
    expect(modulesLoaded(['--schemas', dir, file], env)).toContain('#runtime/ajv');
    const again = modulesLoaded(['--schemas', dir, file], env);
    expect(again).not.toContain('#runtime/ajv');
    // Nor is ajv's file looked for to name the validators the cache holds: the build's id names them (scripts/build.mjs).
    expect(again).not.toContain('resolved #runtime/ajv');
    expect(again).toContain('#runtime/ajvHelpers');
    // Nor node:crypto: a CRC-32 names the kept code and a copy of the schema beside it decides (src/io/validatorCache.ts).
    expect(again).not.toContain('node:crypto');
    expect(modulesLoaded(['--schemas', dir, tooLong], env, 1)).not.toContain('#runtime/ajv');
  });

  it("makes a chunk's require function (the bundle's banner) only when the chunk requires something", async () => {
    // Two entries sharing nothing: one requires a built-in as a CommonJS dependency does, the other requires nothing.
    const src = path.join(scratch, 'banner-src');
    mkdirSync(src);
    writeFileSync(path.join(src, 'dependency.cjs'), "module.exports = require('node:path').sep;\n");
    writeFileSync(path.join(src, 'requiring.js'), "import sep from './dependency.cjs';\nconsole.log(sep);\n");
    writeFileSync(path.join(src, 'plain.js'), "console.log('plain');\n");
    const out = path.join(scratch, 'banner-out');
    await build({ ...cliBundleOptions(), plugins: [], entryPoints: [path.join(src, 'requiring.js'), path.join(src, 'plain.js')], outdir: out, splitting: true });
    const hook = path.join(scratch, 'count-requires.cjs');
    writeFileSync(hook, "const Module = require('node:module'); const make = Module.createRequire; Module.createRequire = (...args) => { process.stderr.write('made\\n'); return make(...args); };\n");
    const run = (file: string) => spawnSync(process.execPath, ['--require', hook, path.join(out, file)], { encoding: 'utf8' });
    expect(run('plain.js')).toMatchObject({ status: 0, stdout: 'plain\n', stderr: '' });
    expect(run('requiring.js')).toMatchObject({ status: 0, stdout: `${path.sep}\n`, stderr: 'made\n' });
  });

  it("runs validate from a bundle of its own: one module of the package's beside bin/scaffold.js, not the chunks other commands share", () => {
    // An ES module loader hook (module.register) in the CLI's process: records every file it loads as an ES module.
    const hooks = path.join(scratch, 'esm-hooks.mjs');
    // Only ES modules: given a hook, Node loads a CommonJS main module through the same loader.
    writeFileSync(
      hooks,
      "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { const loaded = await next(url, context); if (url.startsWith('file:') && loaded.format === 'module') appendFileSync(process.env.SCAFFOLD_TEST_LOADS, url + '\\n'); return loaded; }\n",
    );
    const register = path.join(scratch, 'esm-register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const esModules = (args: string[]) => {
      const loads = path.join(scratch, `es-modules-${run++}.txt`);
      writeFileSync(loads, '');
      const r = runCli(args, { env: { NODE_OPTIONS: `--import ${pathToFileURL(register).href}`, SCAFFOLD_TEST_LOADS: loads } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      return readFileSync(loads, 'utf8').split('\n').filter(Boolean).map((url) => path.relative(PROJECT_ROOT, fileURLToPath(url)).split(path.sep).join('/'));
    };
    const valid = path.join(scratch, 'one-module.yaml');
    writeFileSync(valid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
    // bin/scaffold.js and dist/validate.cjs are CommonJS: no ES module of the package, nor Node's loader of them.
    expect(esModules(['validate', '--schema-only', valid])).toEqual([]);
    // Any other command line runs the CLI with every command, from its chunks.
    expect(esModules(['--version'])).toContain('dist/scaffold.js');
  });

  it.skipIf(!HAS_COMPILE_CACHE)("keeps Node's compiled form of its modules for the next start", () => {
    const tmp = path.join(scratch, 'tmp');
    mkdirSync(tmp);
    const valid = path.join(scratch, 'cached.yaml');
    writeFileSync(valid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
    // Without NODE_COMPILE_CACHE (the suite sets it, which would turn the cache on before scaffold asks), Node's folder is in the temporary one.
    const r = runCli(['validate', '--schema-only', valid], { env: { NODE_COMPILE_CACHE: '', TMPDIR: tmp } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const kept = readdirSync(path.join(tmp, 'node-compile-cache'), { recursive: true, encoding: 'utf8' });
    expect(kept.length).toBeGreaterThan(0);
  });

  it('hashes nothing with the built-in schemas alone, so node:crypto stays unloaded', () => {
    const valid = path.join(scratch, 'unhashed.yaml');
    writeFileSync(valid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
    expect(modulesLoaded(['--schema-only', valid])).not.toContain('node:crypto');
  });

  it('loads no node:child_process, nor node:net for its output, which goes to a pipe with writeSync', () => {
    const valid = path.join(scratch, 'quiet.yaml');
    writeFileSync(valid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
    // Standard output is a pipe here: Node's process.stdout for it would load node:net.
    for (const [args, code] of [[['--schema-only', valid], 0], [['-o', 'json', '--summary', '--schema-only', valid], 0]] as const) {
      const loaded = modulesLoaded([...args], {}, code);
      expect(loaded).not.toContain('node:child_process');
      expect(loaded).not.toContain('node:net');
    }
    const invalid = path.join(scratch, 'loud.yaml');
    writeFileSync(invalid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n');
    expect(modulesLoaded(['--schema-only', invalid], {}, 1)).not.toContain('node:net');
    expect(runCli(['validate', '--schema-only', invalid]).stdout).toMatch(/^.*loud\.yaml:4:\d+: error: .*data\.a/);
  });

  it('reads a valid file without yaml, the reader with positions, which only a document with findings needs', () => {
    const valid = path.join(scratch, 'valid.yaml');
    writeFileSync(valid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
    expect(modulesLoaded(['--schema-only', valid])).not.toContain('#runtime/yaml');
    const invalid = path.join(scratch, 'invalid.yaml');
    writeFileSync(invalid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n');
    expect(modulesLoaded(['--schema-only', invalid], {}, 1)).toContain('#runtime/yaml');
  });

  it('reads a file without js-yaml unless its own reader declines the text (an anchor, a flow mapping)', () => {
    const block = path.join(scratch, 'block.yaml');
    writeFileSync(block, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n');
    expect(modulesLoaded(['--schema-only', block])).not.toContain('#runtime/js-yaml');
    const flow = path.join(scratch, 'flow.yaml');
    writeFileSync(flow, '{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}\n');
    expect(modulesLoaded(['--schema-only', flow])).toContain('#runtime/js-yaml');
  });
});

describe("scaffold validate: V8's compiled form of dist/validate.cjs and of the validators it loads, where Node keeps none", () => {
  const scratch = tempDir('scaffold-compiled-form-');
  const valid = path.join(scratch, 'valid.yaml');
  writeFileSync(valid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
  const invalid = path.join(scratch, 'invalid.yaml');
  writeFileSync(invalid, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {port: 80}\n');
  let caches = 0;
  // Node 22.1 and later would keep it themselves (bin/scaffold.js asks them to): turned off, scaffold keeps its own, as on Node 20.
  const run = (cache: string, args: string[]) => runCli(['validate', '--schema-only', ...args], { env: { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1' } });
  const formsIn = (cache: string) => {
    const folder = path.join(cache, 'scaffold', 'compiled');
    return readdirSync(folder).map((name) => path.join(folder, name));
  };
  // `validate-<crc>.<tag>.bin`: the bundle's form; `configmap-v1.<schema hash>-<crc>.<tag>.bin`: the built-in ConfigMap validator's.
  const FORM_NAME = /^(?<file>[\w.-]+)-[0-9a-f]+\.(?<tag>[0-9a-f]+)\.bin$/;
  const named = (forms: string[], file: RegExp) => forms.filter((form) => file.test(path.basename(form).match(FORM_NAME)!.groups!['file']!));
  const newCache = () => path.join(scratch, `cache-${caches++}`);
  // A folder with the ConfigMap's schema: its validator is compiled and kept on first use.
  const importedSchemas = () => {
    const dir = path.join(scratch, 'schemas');
    if (!existsSync(dir)) {
      mkdirSync(dir);
      const [configMap] = toStrictSchemas({
        'io.k8s.api.core.v1.ConfigMap': {
          type: 'object',
          properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, data: { type: 'object', additionalProperties: { type: 'string' } } },
          'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'ConfigMap' }],
        },
      });
      writeFileSync(path.join(dir, 'configmap.json'), stableStringify(configMap!.schema));
    }
    return dir;
  };

  it('keeps the forms a first run made, of the bundle and of each validator module it loaded, and the next runs take them as they are', () => {
    const cache = newCache();
    const first = run(cache, [invalid]);
    expect(first.code, first.stderr).toBe(1);
    const forms = formsIn(cache);
    for (const form of forms) expect(path.basename(form)).toMatch(FORM_NAME);
    expect(named(forms, /^validate$/)).toHaveLength(1);
    expect(named(forms, /^configmap-v1\.[0-9a-f]+$/)).toHaveLength(1);
    // Taken, not made again: a form made again would be a new file, written now.
    for (const form of forms) utimesSync(form, 1000, 1000);
    expect(run(cache, [invalid])).toEqual(first);
    expect(run(cache, [valid])).toMatchObject({ code: 0, stderr: '' });
    expect(formsIn(cache)).toEqual(forms);
    for (const form of forms) expect(statSync(form).mtimeMs, form).toBe(1000 * 1000);
  });

  it("keeps no form of the bundle from a run that validated nothing (--version, --help, a usage error), which would lack what validating compiles", () => {
    const cache = newCache();
    expect(run(cache, ['--version']).code).toBe(0);
    expect(run(cache, ['--help']).code).toBe(0);
    expect(run(cache, ['--schemas', path.join(scratch, 'no-such-folder'), valid]).code).toBe(2);
    const made = () => (existsSync(path.join(cache, 'scaffold', 'compiled')) ? named(formsIn(cache), /^validate$/) : []);
    expect(made()).toEqual([]);
    expect(run(cache, [valid]).code).toBe(0);
    expect(made()).toHaveLength(1);
  });

  it('passes over a damaged form, of the bundle or of a validator, runs as ever, and makes it again', () => {
    const cache = newCache();
    const first = run(cache, [invalid]);
    const forms = formsIn(cache);
    for (const form of [...named(forms, /^validate$/), ...named(forms, /^configmap-v1\./)]) {
      const whole = readFileSync(form);
      // A byte of the form itself, and one of its check: V8 would take a form whose check alone is wrong, so only scaffold's check passes it over.
      for (const at of [whole.length >> 1, 0]) {
        const bytes = Buffer.from(whole);
        bytes[at]! ^= 0xff;
        writeFileSync(form, bytes);
        utimesSync(form, 1000, 1000);
        expect(run(cache, [invalid])).toEqual(first);
        expect(statSync(form).mtimeMs, `${path.basename(form)}, byte ${at}`).not.toBe(1000 * 1000);
        const remade = readFileSync(form);
        expect(remade.readUInt32BE(0)).toBe(crc32(remade.subarray(4)));
      }
    }
  });

  it("keeps no form of what it compiled before changing V8's flags, which the next run would pass over; what it compiled after, it keeps apart", () => {
    const cache = newCache();
    // A folder is read in one pass, with V8 tuned for it (src/io/onePass.ts) after the bundle ran and before any validator is loaded.
    const folder = path.join(scratch, 'folder');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'valid.yaml'), readFileSync(valid));
    expect(run(cache, [folder])).toMatchObject({ code: 0, stderr: '' });
    const tuned = formsIn(cache);
    expect(named(tuned, /^validate$/)).toEqual([]);
    const [tunedValidator] = named(tuned, /^configmap-v1\./);
    expect(run(cache, [valid]).code).toBe(0);
    const forms = formsIn(cache);
    expect(named(forms, /^validate$/)).toHaveLength(1);
    const tagOf = (form: string) => path.basename(form).match(FORM_NAME)!.groups!['tag'];
    const [plainValidator, ...others] = named(forms, /^configmap-v1\./).filter((form) => form !== tunedValidator);
    expect(others).toEqual([]);
    expect(tagOf(plainValidator!)).not.toBe(tagOf(tunedValidator!));
    expect(tagOf(plainValidator!)).toBe(tagOf(named(forms, /^validate$/)[0]!));
  });

  it.skipIf(!existsSync('/proc/self'))('returns where the cache folder is one the system says cannot exist (under /proc), as with no cache', () => {
    // Node's recursive mkdir spins for good there; the schemas' validators are kept in the same folder (src/io/files.ts, makeFolders).
    const args = ['--schemas', importedSchemas(), invalid];
    const plain = runCli(['validate', ...args], { env: { XDG_CACHE_HOME: newCache() } });
    const underProc = runCli(['validate', ...args], { env: { XDG_CACHE_HOME: '/proc/no-such-cache', NODE_DISABLE_COMPILE_CACHE: '1' }, timeoutMs: 30_000 });
    expect(underProc).toEqual(plain);
  });

  it('runs as ever where the cache cannot be written, and says nothing of it', () => {
    const notAFolder = path.join(scratch, 'a-file');
    writeFileSync(notAFolder, '');
    const plain = run(newCache(), [invalid]);
    expect(run(notAFolder, [invalid])).toEqual(plain);
  });
});

