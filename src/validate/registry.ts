/**
 * Finds the schema validator for an apiVersion/kind. User schema folders are
 * searched first, then the built-in schemas. Built-in validators were
 * compiled to standalone code at build time (dist/validators/), so a cold
 * start only requires one small module per kind it meets; user schemas are
 * compiled with ajv on first use. Either way a kind is compiled or loaded
 * once per process.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packageRoot } from '../packageRoot.ts';
import path from 'node:path';
import { HANDWRITTEN_SCHEMAS, INDEX_FILE, indexKey, type SchemaIndex } from '../schemas/layout.ts';
import { apiVersionOf, type GroupVersionKind, type JsonSchema } from '../schemas/strict.ts';
import { compileSchema, type CompiledSchema, type SchemaError } from './schemaCompiler.ts';
import { byApiVersionAndKind } from '../text/order.ts';
import { readJsonFile } from '../fileText.ts';

export type { SchemaError } from './schemaCompiler.ts';

/** Validates one document: null when valid, else ajv-style errors (see ajvIssues.ts for messages). */
export interface Validator {
  (document: unknown): SchemaError[] | null;
  /** The JSON schema behind the validator, read from disk on first call (messages need it, valid documents don't). */
  schema(): JsonSchema;
  /** `builtin:<folder>` or the user schema folder it came from. */
  source: string;
}

export interface RegisteredKind {
  apiVersion: string;
  kind: string;
  source: string;
}

export interface SchemaRegistry {
  lookup(apiVersion: string, kind: string): Validator | undefined;
  /** Every kind that has a schema, the one `lookup` would use; sorted by apiVersion then kind. */
  list(): readonly RegisteredKind[];
}

export interface SchemaRegistryOptions {
  /** User schema folders (an index.json, or schema files carrying x-kubernetes-group-version-kind), searched first. */
  schemaDirs: readonly string[];
  /** The package's `schemas/` folder. */
  builtinRoot: string;
  /** Precompiled built-in validators; defaults to `<builtinRoot>/../dist/validators`. Missing ones are compiled from the schema. */
  validatorsRoot?: string;
}

interface Entry {
  file: string;
  source: string;
  precompiled?: string;
}

const load = createRequire(import.meta.url);

export function defaultBuiltinRoot(): string {
  return path.join(packageRoot(), 'schemas');
}

export function createSchemaRegistry(options: SchemaRegistryOptions): SchemaRegistry {
  const validatorsRoot = options.validatorsRoot ?? path.join(options.builtinRoot, '..', 'dist', 'validators');
  const cache = new Map<string, Validator | null>();
  let entries: Map<string, Entry> | undefined;
  let listed: readonly RegisteredKind[] | undefined;

  function index(): Map<string, Entry> {
    if (entries !== undefined) return entries;
    entries = new Map();
    for (const dir of options.schemaDirs) {
      for (const [key, file] of Object.entries(userIndex(dir))) {
        if (!entries.has(key)) entries.set(key, { file: path.resolve(dir, file), source: dir });
      }
    }
    const builtin = { ...readJsonFile<SchemaIndex>(path.join(options.builtinRoot, INDEX_FILE)), ...HANDWRITTEN_SCHEMAS };
    for (const [key, file] of Object.entries(builtin)) {
      if (entries.has(key)) continue;
      entries.set(key, {
        file: path.join(options.builtinRoot, file),
        // Generated schemas name their folder (builtin:kubernetes/v1.30); a hand-written one names its file.
        source: `builtin:${path.posix.dirname(file) === '.' ? file : path.posix.dirname(file)}`,
        precompiled: path.join(validatorsRoot, file.replace(/\.json$/, '.cjs')),
      });
    }
    return entries;
  }

  return {
    lookup(apiVersion, kind) {
      const key = indexKey(apiVersion, kind);
      const cached = cache.get(key);
      if (cached !== undefined) return cached ?? undefined;
      const entry = index().get(key);
      const validator = entry === undefined ? null : createValidator(entry);
      cache.set(key, validator);
      return validator ?? undefined;
    },
    // Asked once per document without a schema (for a "did you mean"); the index never changes.
    list() {
      return (listed ??= [...index()]
        .map(([key, entry]) => {
          const slash = key.lastIndexOf('/');
          return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), source: entry.source };
        })
        .sort(byApiVersionAndKind));
    },
  };
}

function createValidator(entry: Entry): Validator {
  let schema: JsonSchema | undefined;
  const readSchema = () => (schema ??= readJsonFile<JsonSchema>(entry.file));
  const compiled: CompiledSchema =
    entry.precompiled !== undefined && existsSync(entry.precompiled)
      ? (load(entry.precompiled) as CompiledSchema)
      : compileSchema(readSchema(), { lenient: entry.precompiled === undefined });
  const validator = (document: unknown) => (compiled(document) ? null : (compiled.errors ?? []));
  return Object.assign(validator, { schema: readSchema, source: entry.source });
}

/** A user folder's index.json, or else the kinds its schema files declare at their root. */
function userIndex(dir: string): SchemaIndex {
  if (!existsSync(dir)) throw new Error(`schema folder ${dir} does not exist`);
  const indexFile = path.join(dir, INDEX_FILE);
  if (existsSync(indexFile)) return readJsonFile<SchemaIndex>(indexFile);
  const out: SchemaIndex = {};
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const declared = readJsonFile<JsonSchema>(path.join(dir, file))['x-kubernetes-group-version-kind'];
    const gvks = (Array.isArray(declared) ? declared : [declared]) as (GroupVersionKind | undefined)[];
    for (const gvk of gvks) {
      if (gvk?.kind !== undefined) out[indexKey(apiVersionOf(gvk), gvk.kind)] ??= file;
    }
  }
  return out;
}
