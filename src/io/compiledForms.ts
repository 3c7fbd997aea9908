/**
 * This package's CommonJS code, run with V8's compiled form of it kept from
 * an earlier run: dist/validate.cjs, which bin/scaffold.js runs, the
 * built-in validators (dist/validators/), which validation requires one
 * kind at a time, and the runtime modules (dist/runtime/: yaml, ajv, ...),
 * which the bundles require on first use. Compiling them was most of what
 * a cold start of `validate` did beyond Node's own start on Node 20: the
 * bundle's 510 kB some 12 ms, a Deployment's validator and the modules it
 * shares with others, 480 kB, some 8 ms (docs/performance.md). On Node 22.1
 * and later too, though Node keeps compiled code of its own there
 * (bin/scaffold.js asks it to): Node keeps what it compiled as a module
 * loaded, not the functions compiled as it ran, and on Node 24 a `validate`
 * of one Deployment took 53 ms with Node's, 45 ms with these.
 *
 * The forms are kept in the user's cache folder (userCache.ts), under
 * `compiled/`. Each is named by its file, a CRC-32 of the code and V8's tag
 * for its version and flags, and is headed by a CRC-32 of itself: V8 checks
 * neither the code's bytes (only their length) nor the form's. A form is
 * made as the run that compiled the code ends, with every function that run
 * compiled, and only while V8's flags are those the code was compiled under
 * (onePass.ts changes them for a long run): under others V8 would pass it
 * over.
 */
import { readFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { keepFormAtExit, readChecked, userCacheFolder } from './userCache.ts';

interface Loaded {
  exports: unknown;
}

const loaded = new Map<string, Loaded>();

/** `module.exports` of the CommonJS file `file` (an absolute path), whose requires of `.cjs` files are run the same way. */
export function requireCompiled(file: string): unknown {
  return (loaded.get(file) ?? run(file, () => true)).exports;
}

let entryDidItsWork = false;

/**
 * requireCompiled for the command's own bundle, which every run loads, however little it does
 * (`--version`, `--help`, a usage error). A form holds what the run that made it compiled, and is
 * kept as long as the code is the same: one made by such a run would lack most of what validating
 * compiles (every later start of one Deployment some 2.5 ms slower). So the bundle's form is kept
 * only by a run that says, with keepEntryForm, that it did the work the next runs will do.
 */
export function requireEntry(file: string): unknown {
  return (loaded.get(file) ?? run(file, () => entryDidItsWork)).exports;
}

/** The run did what runs of its command do: the bundle's form made as it ends is worth keeping. */
export function keepEntryForm(): void {
  entryDidItsWork = true;
}

function run(file: string, worthKeeping: () => boolean): Loaded {
  const code = readFileSync(file);
  const tag = cachedDataVersionTag();
  const formFile = formFileOf(file, code, tag);
  const form = formFile === undefined ? undefined : readChecked(formFile);
  const script = new Script(module.wrap(code.toString('utf8')), { filename: file, ...(form === undefined ? {} : { cachedData: form }) });
  if (formFile !== undefined && (form === undefined || script.cachedDataRejected === true)) {
    keepFormAtExit(formFile, () => (worthKeeping() ? script.createCachedData() : undefined));
  }
  const own: Loaded = { exports: {} };
  const dir = path.dirname(file);
  const nodeRequire = module.createRequire(file);
  // This package's other CommonJS files too (a validator's shared modules, `#runtime/re2js`): one instance of each, whoever requires it.
  const requireFrom = (id: string) => {
    const found = id.startsWith('.') ? path.resolve(dir, id) : nodeRequire.resolve(id);
    return found.endsWith('.cjs') ? requireCompiled(found) : nodeRequire(id);
  };
  // Before it runs, as Node does: a module that requires it back gets what it has exported so far.
  loaded.set(file, own);
  try {
    (script.runInThisContext() as (...args: unknown[]) => void)(own.exports, requireFrom, own, file, dir);
  } catch (err) {
    loaded.delete(file);
    throw err;
  }
  return own;
}

function formFileOf(file: string, code: Buffer, tag: number): string | undefined {
  try {
    return path.join(userCacheFolder('compiled'), `${path.basename(file, '.cjs')}-${crc32(code).toString(16)}.${tag.toString(16)}.bin`);
  } catch {
    // No home folder to keep it in.
    return undefined;
  }
}
