/**
 * Validators of a user's schema folder, compiled once and kept as standalone
 * code in the user's cache folder (`$XDG_CACHE_HOME/scaffold/validators`,
 * else `~/.cache/scaffold/validators`), so a later run loads what an earlier
 * one compiled (compiling an imported Deployment schema takes most of a
 * second). Each file is named by a CRC-32 of everything that made it (the
 * schema's bytes, the compile mode, the ajv it was compiled with and this
 * build's own code) and the schema's length, and kept beside a copy of the
 * schema's bytes, which a later run compares with its own: a CRC names, the
 * comparison decides, and no node:crypto is loaded (some 2 ms of a cold start
 * on Node 20, 5 ms on Node 24). Beside them, V8's compiled form of the code
 * (`<name>.v8-<V8 version>-<arch>.bin`, see runStandalone), made as the
 * first run that loads the code ends, with every function of it that run
 * compiled: a later run starts from it instead of compiling the code
 * again. It is taken only when it was made from these very bytes of code
 * and arrived whole (a CRC-32 of both heads it), as V8 checks neither; V8
 * itself passes over a form made by another V8 or under other flags, and
 * that run makes a new one.
 * Never in the schema folder itself: that folder lives in repositories, and
 * code kept there would run in CI. A cache that cannot be read or written
 * is passed over without a word: it costs time, never a verdict.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { runStandalone, type CompiledSchema, type StandaloneValidator } from '../schemas/compiler.ts';
import { ajvFile, buildId } from '../schemas/lazyModules.ts';
import { onePassTag } from './onePass.ts';
import { keepFormAtExit, keepInCache, readChecked, userCacheFolder } from './userCache.ts';

// Bump when what a cached file holds changes shape.
const CACHE_FORMAT = 'scaffold standalone validator 2';

export function validatorCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  return userCacheFolder('validators', env);
}

// node:crypto is required only where there is no build to name what made the code: from sources.
const load = createRequire(import.meta.url);
const sha256 = () => (load('node:crypto') as typeof import('node:crypto')).createHash('sha256');

let builder: string | undefined;

/**
 * What made the code. In the bundle, the build's id: the sha256 of every
 * file of the build and of the ajv it loads (scripts/build.mjs), so any
 * change to the compiler, to what runs its code or to anything else of the
 * build gives another, and code of another build is never taken. From
 * sources: the bytes of the ajv loaded, and of this module as it runs.
 */
function builderId(): string {
  builder ??= buildId() ?? sha256().update(readFileSync(ajvFile())).update(readFileSync(fileURLToPath(import.meta.url))).digest('hex');
  return builder;
}

/**
 * The validator of a schema, from the cache when an earlier run compiled
 * the same bytes the same way (`mode`); else `compile()`'s, whose code is
 * kept for the next run. A schema that cannot be used is not kept: the
 * reason is found again, and said again, each run.
 */
export function cachedValidator(
  schemaBytes: Uint8Array,
  mode: string,
  compile: () => { validate: CompiledSchema; code: string } | { unusable: string },
  folder: string = validatorCacheFolder(),
): CompiledSchema | { unusable: string } {
  const name = `${crc32(schemaBytes, crc32(`${CACHE_FORMAT}\0${builderId()}\0${mode}\0`)).toString(16)}-${schemaBytes.length}`;
  const file = path.join(folder, `${name}.cjs`);
  const schemaCopy = path.join(folder, `${name}.schema`);
  const kept = readCached(schemaBytes, schemaCopy, file, path.join(folder, `${name}.v8-${process.versions.v8}-${process.arch}${onePassTag()}.bin`));
  if (kept !== undefined) return kept;
  const made = compile();
  if ('unusable' in made) return made;
  // The code first: a run that finds the copy of the schema finds the code made from it.
  keepInCache(file, made.code);
  keepInCache(schemaCopy, schemaBytes);
  return made.validate;
}

function readCached(schemaBytes: Uint8Array, schemaCopy: string, file: string, compiledFile: string): CompiledSchema | undefined {
  let code: Buffer;
  try {
    if (!readFileSync(schemaCopy).equals(schemaBytes)) return undefined;
    code = readFileSync(file);
  } catch {
    return undefined;
  }
  // Headed by a CRC-32 of the code it was made from, then of itself.
  const madeFrom = crc32(code);
  const compiledForm = readChecked(compiledFile, madeFrom);
  let run: StandaloneValidator;
  try {
    run = runStandalone(code.toString('utf8'), file, compiledForm);
  } catch {
    // A file cut short or changed by hand: compile again, and the new code replaces it.
    return undefined;
  }
  if (!run.compiledFormTaken) keepFormAtExit(compiledFile, () => run.compiledForm(), madeFrom);
  return run.validate;
}
