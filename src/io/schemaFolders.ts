/**
 * Schema catalogs read from disk: the package's built-in schemas (schemas/,
 * with their validators precompiled by the build into dist/validators/, so a
 * cold start only requires one small module per kind it meets) and the
 * user's schema folders (compiled with ajv on first use). Files are read
 * lazily: an index when the registry is first asked, a schema when its kind
 * is first met.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HANDWRITTEN_SCHEMAS, INDEX_FILE, indexKey, type SchemaIndex } from '../schemas/layout.ts';
import { apiVersionOf, type GroupVersionKind, type JsonSchema } from '../schemas/strict.ts';
import { compileSchema, patternProblems, type CompiledSchema } from '../schemas/compiler.ts';
import { schemaRegistry, type SchemaCatalog, type SchemaEntry, type SchemaRegistry } from '../validate/registry.ts';
import { isFile, readJsonFile } from './files.ts';
import { packageRoot } from './packageRoot.ts';

export interface SchemaRegistryOptions {
  /** User schema folders (an index.json, or schema files carrying x-kubernetes-group-version-kind), searched first. */
  schemaDirs: readonly string[];
  /** The package's `schemas/` folder. */
  builtinRoot: string;
  /** Precompiled built-in validators; defaults to `<builtinRoot>/../dist/validators`. Missing ones are compiled from the schema. */
  validatorsRoot?: string;
}

const load = createRequire(import.meta.url);

export function defaultBuiltinRoot(): string {
  return path.join(packageRoot(), 'schemas');
}

export function createSchemaRegistry(options: SchemaRegistryOptions): SchemaRegistry {
  return schemaRegistry(() => [...options.schemaDirs.map(userCatalog), builtinCatalog(options)]);
}

function builtinCatalog(options: SchemaRegistryOptions): SchemaCatalog {
  const validatorsRoot = options.validatorsRoot ?? path.join(options.builtinRoot, '..', 'dist', 'validators');
  const builtin = { ...readJsonFile<SchemaIndex>(path.join(options.builtinRoot, INDEX_FILE)), ...HANDWRITTEN_SCHEMAS };
  const catalog = new Map<string, SchemaEntry>();
  for (const [key, file] of Object.entries(builtin)) {
    // Generated schemas name their folder (builtin:kubernetes/v1.30); a hand-written one names its file.
    const source = `builtin:${path.posix.dirname(file) === '.' ? file : path.posix.dirname(file)}`;
    catalog.set(key, entryOf(path.join(options.builtinRoot, file), source, path.join(validatorsRoot, file.replace(/\.json$/, '.cjs'))));
  }
  return catalog;
}

function userCatalog(dir: string): SchemaCatalog {
  const catalog = new Map<string, SchemaEntry>();
  for (const [key, file] of Object.entries(userIndex(dir))) catalog.set(key, entryOf(path.resolve(dir, file), dir));
  return catalog;
}

/** A schema file, with its precompiled validator where the build made one (a built-in schema). */
function entryOf(file: string, source: string, precompiled?: string): SchemaEntry {
  let schema: JsonSchema | undefined;
  const read = () => (schema ??= readJsonFile<JsonSchema>(file));
  return {
    source,
    schema: read,
    compile: () => {
      if (precompiled === undefined) return compileUserSchema(read(), file);
      return existsSync(precompiled) ? (load(precompiled) as CompiledSchema) : compileSchema(read());
    },
  };
}

/**
 * A schema from a user's folder, written by hand or imported by an older
 * scaffold, may not compile: a pattern RE2 rejects, a $ref to nothing. That
 * is a problem with the folder, reported on the objects that need it.
 */
function compileUserSchema(schema: JsonSchema, file: string): CompiledSchema | { unusable: string } {
  const [badPattern] = patternProblems(schema);
  if (badPattern !== undefined) return { unusable: `${file}: ${badPattern.path}: ${badPattern.message}` };
  try {
    return compileSchema(schema, { lenient: true });
  } catch (err) {
    return { unusable: `${file}: ajv cannot compile it: ${(err as Error).message}` };
  }
}

/** A user folder's index.json, or else the kinds its schema files declare at their root. */
function userIndex(dir: string): SchemaIndex {
  if (!existsSync(dir)) throw new Error(`schema folder ${dir} does not exist`);
  const indexFile = path.join(dir, INDEX_FILE);
  if (existsSync(indexFile)) return readJsonFile<SchemaIndex>(indexFile);
  const out: SchemaIndex = {};
  for (const file of readdirSync(dir).sort()) {
    // A named pipe would block the read for good (inputFiles.ts skips them too).
    if (!file.endsWith('.json') || !isFile(path.join(dir, file))) continue;
    const declared = readJsonFile<JsonSchema>(path.join(dir, file))['x-kubernetes-group-version-kind'];
    const gvks = (Array.isArray(declared) ? declared : [declared]) as (GroupVersionKind | undefined)[];
    for (const gvk of gvks) {
      if (gvk?.kind !== undefined) out[indexKey(apiVersionOf(gvk), gvk.kind)] ??= file;
    }
  }
  return out;
}
