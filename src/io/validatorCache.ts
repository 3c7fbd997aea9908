/**
 * Validators of a user's schema folder, compiled once and kept as standalone
 * code in the user's cache folder (`$XDG_CACHE_HOME/scaffold/validators`,
 * else `~/.cache/scaffold/validators`), so a later run loads what an earlier
 * one compiled (compiling an imported Deployment schema takes most of a
 * second). Each file is named by the sha256 of everything that made it: the
 * schema's bytes, the compile mode, the ajv it was compiled with and this
 * build's own code.
 * Never in the schema folder itself: that folder lives in repositories, and
 * code kept there would run in CI. A cache that cannot be read or written
 * is passed over without a word: it costs time, never a verdict.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStandalone, type CompiledSchema } from '../schemas/compiler.ts';
import { ajvFile } from '../schemas/lazyModules.ts';

// Bump when what a cached file holds changes shape.
const CACHE_FORMAT = 'scaffold standalone validator 1';

export function validatorCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  // XDG: a relative XDG_CACHE_HOME is invalid and is to be ignored.
  const base = env['XDG_CACHE_HOME'] !== undefined && path.isAbsolute(env['XDG_CACHE_HOME']) ? env['XDG_CACHE_HOME'] : path.join(os.homedir(), '.cache');
  return path.join(base, 'scaffold', 'validators');
}

// node:crypto is required on first use: a run with the built-in schemas alone never hashes, and loading it costs some 2 ms of a cold start.
const load = createRequire(import.meta.url);
const sha256 = () => (load('node:crypto') as typeof import('node:crypto')).createHash('sha256');

let builder: string | undefined;

/**
 * What made the code: the bytes of the ajv scaffold loads, and of this module
 * as it runs. In the bundle that is a chunk that names the chunks it imports
 * by their content hash, so any change to the compiler (or to anything else
 * of the build) gives new names, and code of another build is never taken.
 */
function builderId(): string {
  builder ??= sha256()
    .update(CACHE_FORMAT)
    .update(readFileSync(ajvFile()))
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex');
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
  const key = sha256().update(builderId()).update(mode).update('\0').update(schemaBytes).digest('hex');
  const file = path.join(folder, `${key}.cjs`);
  const kept = readCached(file);
  if (kept !== undefined) return kept;
  const made = compile();
  if ('unusable' in made) return made;
  keep(file, made.code);
  return made.validate;
}

function readCached(file: string): CompiledSchema | undefined {
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return runStandalone(code, file);
  } catch {
    // A file cut short or changed by hand: compile again, and the new code replaces it.
    return undefined;
  }
}

function keep(file: string, code: string): void {
  // Written whole, then renamed: a run that reads while another writes sees the old file or the new one.
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, code);
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written, or it cannot be removed either: the cache folder is not ours to fix.
    }
  }
}
