/**
 * Schema catalogs read from disk: the package's built-in schemas (schemas/,
 * with their validators precompiled by the build into dist/validators/, so a
 * cold start only requires one small module per kind it meets) and the
 * user's schema folders (compiled with ajv on first use, and kept compiled
 * in the user's cache for later runs, see validatorCache.ts). Files are read
 * lazily: an index when the registry is first asked, a schema when its kind
 * is first met. The built-in Kubernetes schemas are those of one bundled
 * minor (schemas/kubernetes/v<minor>/index.json into the shared store);
 * which minors there are, and what each serves, is schemas/kubernetes/served.json.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KUBERNETES_FOLDER, SERVED_FILE, versionIndexPath } from '../schemas/kubernetesBundle.ts';
import { ADDON_FOLDERS, HANDWRITTEN_SCHEMAS, INDEX_FILE, indexKey, type SchemaIndex } from '../schemas/layout.ts';
import type { ServedTable } from '../schemas/servedTable.ts';
import { apiVersionOf, type GroupVersionKind, type JsonSchema } from '../schemas/strict.ts';
import { compileSchema, compileSchemaToCode, patternProblems, type CompiledSchema } from '../schemas/compiler.ts';
import type { KubernetesTarget } from '../validate/apiLifecycle.ts';
import { schemaRegistry, type SchemaCatalog, type SchemaEntry, type SchemaRegistry, type TargetSchemas } from '../validate/registry.ts';
import { decodeYamlBytes } from '../yamlSource/decode.ts';
import { requireCompiled } from './compiledForms.ts';
import { isFile, readJsonFile } from './files.ts';
import { packageRoot } from './packageRoot.ts';
import { cachedValidator } from './validatorCache.ts';

export interface BuiltinSchemas {
  /** The package's `schemas/` folder. */
  root: string;
  /** The bundled Kubernetes minor whose schemas to use (`1.33`). */
  kubernetesVersion: string;
  /** Precompiled built-in validators; defaults to `<root>/../dist/validators`. Missing ones are compiled from the schema. */
  validatorsRoot?: string;
}

export interface SchemaRegistryOptions {
  /** User schema folders (an index.json, or schema files carrying x-kubernetes-group-version-kind), searched first. */
  schemaDirs: readonly string[];
  /** The built-in schemas, searched last; none when absent. */
  builtin?: BuiltinSchemas;
}

export function defaultBuiltinRoot(): string {
  return path.join(packageRoot(), 'schemas');
}

const servedTables = new Map<string, ServedTable>();

/** What each bundled Kubernetes minor serves (schemas/kubernetes/served.json, 40 kB), read once per run. */
export function bundledKubernetes(root: string = defaultBuiltinRoot()): ServedTable {
  let table = servedTables.get(root);
  if (table === undefined) {
    table = readJsonFile<ServedTable>(path.join(root, KUBERNETES_FOLDER, SERVED_FILE));
    servedTables.set(root, table);
  }
  return table;
}

export function createSchemaRegistry(options: SchemaRegistryOptions): SchemaRegistry {
  return registryOver(options.schemaDirs.map((dir) => () => userCatalog(dir)), options.builtin);
}

function registryOver(userCatalogs: readonly (() => SchemaCatalog)[], builtin: BuiltinSchemas | undefined): SchemaRegistry {
  return schemaRegistry([...userCatalogs, ...(builtin === undefined ? [] : [() => builtinCatalog(builtin)])]);
}

/**
 * The schemas and the API of each bundled minor, for the user's folders
 * and the built-in schemas, made on first use of a minor and kept: a run
 * that checks several environments opens each minor once, and reads each
 * of the user's folders once for all of them.
 */
export function schemasByVersion(schemaDirs: readonly string[], root: string = defaultBuiltinRoot()): (version: string) => TargetSchemas {
  return byVersion(schemaDirs.map(lazyUserCatalog), root);
}

/**
 * schemasByVersion, with the user's folders read now: what reading one of
 * them throws (a broken index.json), it throws here, not halfway through a run.
 */
export function readSchemaFolders(schemaDirs: readonly string[], root: string = defaultBuiltinRoot()): (version: string) => TargetSchemas {
  const catalogs = schemaDirs.map(lazyUserCatalog);
  for (const catalog of catalogs) catalog();
  return byVersion(catalogs, root);
}

/** A user's folder read on first need, once. */
function lazyUserCatalog(dir: string): () => SchemaCatalog {
  let catalog: SchemaCatalog | undefined;
  return () => (catalog ??= userCatalog(dir));
}

function byVersion(userCatalogs: readonly (() => SchemaCatalog)[], root: string): (version: string) => TargetSchemas {
  const opened = new Map<string, TargetSchemas>();
  return (version) => {
    let schemas = opened.get(version);
    if (schemas === undefined) {
      const kubernetes: KubernetesTarget = { version, served: bundledKubernetes(root) };
      schemas = { registry: registryOver(userCatalogs, { root, kubernetesVersion: version }), kubernetes };
      opened.set(version, schemas);
    }
    return schemas;
  };
}

// Each entry's paths are made on its first use: a run meets a few kinds, and joining every path of a
// catalog (some hundred, in code not yet optimised) costs a cold start milliseconds.

function builtinCatalog(builtin: BuiltinSchemas): SchemaCatalog {
  const validatorsRoot = builtin.validatorsRoot ?? path.join(builtin.root, '..', 'dist', 'validators');
  const readIndex = (file: string) => readJsonFile<SchemaIndex>(path.join(builtin.root, file));
  const catalog = new Map<string, SchemaEntry>();
  // `folder`: what the index's files are relative to, under `schemas/` (a minor's index names files of the store beside it, see builtinKubernetesIndex).
  const add = (folder: string, index: SchemaIndex, source: (file: string) => string) => {
    for (const [key, file] of Object.entries(index)) {
      if (!catalog.has(key)) catalog.set(key, entryOf(builtin.root, validatorsRoot, folder, file, source(file)));
    }
  };
  const kubernetes = path.posix.dirname(versionIndexPath(builtin.kubernetesVersion));
  add(kubernetes, readIndex(versionIndexPath(builtin.kubernetesVersion)), () => `builtin:${kubernetes}`);
  for (const folder of ADDON_FOLDERS) add(folder, readIndex(path.posix.join(folder, INDEX_FILE)), () => `builtin:${folder}`);
  add('', HANDWRITTEN_SCHEMAS, (file) => `builtin:${file}`);
  return catalog;
}

function userCatalog(dir: string): SchemaCatalog {
  const catalog = new Map<string, SchemaEntry>();
  for (const [key, file] of Object.entries(userIndex(dir))) catalog.set(key, userEntryOf(dir, file));
  return catalog;
}

/** A built-in schema file (`folder`/`file` under `root`), with its validator precompiled by the build (compiled now where the build made none). */
function entryOf(root: string, validatorsRoot: string, folder: string, file: string, source: string): SchemaEntry {
  let schema: JsonSchema | undefined;
  const read = () => (schema ??= readJsonFile<JsonSchema>(path.join(root, folder, file)));
  return {
    source,
    schema: read,
    compile: () => {
      const precompiled = path.join(validatorsRoot, path.posix.join(folder, file).replace(/\.json$/, '.cjs'));
      return existsSync(precompiled) ? (requireCompiled(precompiled) as CompiledSchema) : compileSchema(read());
    },
  };
}

/**
 * A schema file of a user's folder `dir`: compiled on first use, or its code taken from the cache an earlier run filled (validatorCache.ts).
 * One that is not UTF-8 cannot be used (the cache keeps no such reason, so only bytes that were UTF-8 are ever found there).
 */
function userEntryOf(dir: string, file: string): SchemaEntry {
  let schema: JsonSchema | undefined;
  const read = () => (schema ??= readUserJson<JsonSchema>(path.resolve(dir, file)));
  return {
    source: dir,
    schema: read,
    compile: () => {
      const at = path.resolve(dir, file);
      const bytes = readFileSync(at);
      return cachedValidator(bytes, 'lenient', () => {
        const decoded = decodeYamlBytes(bytes, at);
        if ('issue' in decoded) return { unusable: `${at}: ${decoded.issue.message}` };
        const parsed = parseUserJson<JsonSchema>(decoded.text, at);
        if ('problem' in parsed) return { unusable: parsed.problem };
        return compileUserSchema((schema ??= parsed.value), at);
      });
    },
  };
}

/**
 * A JSON file of a user's schema folder. One that is not UTF-8 is thrown, naming the file in
 * validate's words (decodeYamlBytes), as a SyntaxError, as JSON.parse throws what is not JSON:
 * commands report either as a problem of the folder. Never read with U+FFFD for a bad byte.
 */
function readUserJson<T>(file: string): T {
  const decoded = decodeYamlBytes(readFileSync(file), file);
  if ('issue' in decoded) throw new SyntaxError(`${file}: ${decoded.issue.message}`);
  const parsed = parseUserJson<T>(decoded.text, file);
  if ('problem' in parsed) throw new SyntaxError(parsed.problem);
  return parsed.value;
}

/** A JSON text of `file`, or what is wrong with it at file:line:column. */
function parseUserJson<T>(text: string, file: string): { value: T } | { problem: string } {
  try {
    return { value: JSON.parse(text) as T };
  } catch (err) {
    // Node 20 says where as an offset ("at position 1"), later versions a line and column beside it.
    const message = (err as Error).message;
    const offset = /at position (\d+)/.exec(message);
    const before = offset === null ? undefined : text.slice(0, Number(offset[1])).split('\n');
    const at = before === undefined ? '' : `:${before.length}:${before.at(-1)!.length + 1}`;
    return { problem: `${file}${at}: not valid JSON: ${message.replace(/ (?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?$/, '')}` };
  }
}

/**
 * A schema from a user's folder, written by hand or imported by an older
 * scaffold, may not compile: a pattern RE2 rejects, a $ref to nothing. That
 * is a problem with the folder, reported on the objects that need it.
 */
function compileUserSchema(schema: JsonSchema, file: string): { validate: CompiledSchema; code: string } | { unusable: string } {
  const [badPattern] = patternProblems(schema);
  if (badPattern !== undefined) return { unusable: `${file}: ${badPattern.path}: ${badPattern.message}` };
  try {
    return compileSchemaToCode(schema, { lenient: true });
  } catch (err) {
    return { unusable: `${file}: ajv cannot compile it: ${(err as Error).message}` };
  }
}

/** A user folder's index.json, or else the kinds its schema files declare at their root. */
function userIndex(dir: string): SchemaIndex {
  if (!existsSync(dir)) throw new Error(`schema folder ${dir} does not exist`);
  const indexFile = path.join(dir, INDEX_FILE);
  if (existsSync(indexFile)) return readUserJson<SchemaIndex>(indexFile);
  const out: SchemaIndex = {};
  for (const file of readdirSync(dir).sort()) {
    // A named pipe would block the read for good (inputFiles.ts skips them too).
    if (!file.endsWith('.json') || !isFile(path.join(dir, file))) continue;
    const declared = readUserJson<JsonSchema>(path.join(dir, file))['x-kubernetes-group-version-kind'];
    const gvks = (Array.isArray(declared) ? declared : [declared]) as (GroupVersionKind | undefined)[];
    for (const gvk of gvks) {
      if (gvk?.kind !== undefined) out[indexKey(apiVersionOf(gvk), gvk.kind)] ??= file;
    }
  }
  return out;
}
