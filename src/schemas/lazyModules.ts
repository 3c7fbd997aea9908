/**
 * ajv's compiler and re2js, loaded on first use rather than imported: a run
 * whose schemas are all precompiled loads neither. From sources they come from
 * node_modules. The bundle (scripts/build.mjs) replaces this module with one
 * that loads the copies it builds into dist/runtime/ (package.json `imports`,
 * scripts/runtimeModules.mjs), so an installed scaffold has no dependency to
 * install; the two must export the same functions.
 */
import { createRequire } from 'node:module';
import type { RE2JSException } from 're2js';
import type { Re2Module } from './patterns.ts';

const load = createRequire(import.meta.url);

export function loadAjv(): typeof import('ajv') {
  return load('ajv') as typeof import('ajv');
}

export function loadRe2(): Re2Module & { RE2JSException: typeof RE2JSException } {
  return load('re2js') as Re2Module & { RE2JSException: typeof RE2JSException };
}

/** ajv's standalone code generator, of the same copy of ajv as loadAjv's: for validators kept as code (src/io/validatorCache.ts). */
export function loadAjvStandalone(): (ajv: import('ajv').Ajv, validate: unknown) => string {
  return (load('ajv/dist/standalone') as { default: (ajv: import('ajv').Ajv, validate: unknown) => string }).default;
}

/** A run-time helper that code requires by name (`ajv/dist/runtime/equal`), loaded without ajv's compiler. */
export function loadAjvHelper(id: string): unknown {
  return load(id);
}

/**
 * The file loadAjv loads, found without loading it: what made a cached validator's code, for the
 * cache's keys where there is no buildId. A run whose validators all come from the cache never loads ajv.
 */
export function ajvFile(): string {
  return load.resolve('ajv');
}

/**
 * The id of the build this code is part of: in the bundle, the sha256 of its files and of the ajv
 * it loads (scripts/build.mjs), which names the validators it compiles and keeps (src/io/validatorCache.ts).
 * From sources there is no build, and none.
 */
export function buildId(): string | undefined {
  return undefined;
}
