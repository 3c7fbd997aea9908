/**
 * `schemas import` and `schemas list` as use cases. An import merges into
 * its folder: it writes the schemas it converted (skipping files whose bytes
 * are already right), adds them to the folder's index.json and their hashes
 * to index.sha256, and never deletes anything. It refuses, unless forced, to
 * overwrite a file scaffold did not write (one the index does not list), one
 * edited since scaffold wrote it (its hash is not the one recorded), or one
 * listed with no hash recorded (imported before hashes were kept: which of
 * the two it is cannot be told), and to start indexing a folder that already
 * holds other JSON files, since validation reads a folder with an index.json
 * through the index alone.
 */
import path from 'node:path';
import { customResourceDefinitionsIn, objectMetaDefinitions, schemasFromCrd } from '../schemas/crd.ts';
import { schemasFromOpenApi } from '../schemas/fromOpenApi.ts';
import { formatSchemaHashes, groupVersionKindProblem, HASHES_FILE, INDEX_FILE, indexKey, parseSchemaHashes, schemaFolder, type SchemaHashes, type SchemaIndex } from '../schemas/layout.ts';
import { apiVersionOf, stableStringify, type JsonSchema, type SchemaConversion, type StrictSchema } from '../schemas/strict.ts';
import { folderNames, isFile, readBytes, readJsonFile } from '../io/files.ts';
import { findInputFiles, isFolderInput, readInputText, readTextFile } from '../io/inputFiles.ts';
import { bundledKubernetes, createSchemaRegistry, defaultBuiltinRoot } from '../io/schemaFolders.ts';
import { builtinKubernetesIndex, sha256, versionIndexPath } from '../schemas/kubernetesBundle.ts';
import { newestMinor } from '../schemas/kubernetesVersions.ts';
import type { RegisteredKind } from '../validate/registry.ts';
import { hasErrors, parsePath, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { toLf } from '../vocabulary/lineEndings.ts';
import { byApiVersionAndKind } from '../vocabulary/order.ts';
import { decodeTextBytes } from '../yamlSource/decode.ts';
import { parseYamlStream, type Position, type SourceDocument } from '../yamlSource/parse.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';
import { isLeftoverTempFile, writeFileAtomic } from '../write/atomic.ts';
import { missingFlagFolders } from '../io/flagFolders.ts';
import { compareFiles, type FileChange } from '../write/changes.ts';
import type { Outcome } from './outcome.ts';

const SCHEMA_INPUT = /\.(ya?ml|json)$/;

export interface ImportRequest {
  /** An OpenAPI v2 document: a file, or `-` for standard input. */
  openapi?: string;
  /** CRD files, folders of them, or `-`. */
  crd: readonly string[];
  /** The folder to import into. */
  out: string;
  force: boolean;
  cwd: string;
  /** Standard input, read by the caller when `-` is among the inputs. */
  stdin?: Uint8Array;
}

export interface ImportedSchema {
  apiVersion: string;
  kind: string;
  /** Its file, under the output folder. */
  file: string;
  action: FileChange['action'];
  /** The input it came from. */
  from: string;
}

export interface ImportResult {
  out: string;
  /** Sorted by apiVersion then kind. */
  schemas: ImportedSchema[];
}

/** A converted schema and the input it came from, for messages. */
interface Imported extends StrictSchema {
  from: string;
}

export function importSchemas(request: ImportRequest): Outcome<ImportResult> {
  const issues: Issue[] = [];
  const fromOpenApi = request.openapi === undefined ? [] : importOpenApi(request.openapi, request, issues);
  const fromCrds = importCrds(request.crd, request, issues);
  // What remains are warnings (a named pipe skipped in a folder): they go with the result.
  if (hasErrors(issues)) return { issues };

  // A cluster's OpenAPI also publishes its CRDs' kinds, with less detail (no nullable, no anyOf): the CRD's own schema wins.
  const byKind = new Map<string, Imported>();
  for (const schema of [...fromOpenApi, ...fromCrds]) byKind.set(keyOf(schema), schema);
  const folder = schemaFolder([...byKind.values()]);
  if ('problem' in folder) return { issues: [...issues, { severity: 'error', rule: 'input', file: request.out, message: folder.problem }] };

  const out = path.resolve(request.cwd, request.out);
  const planned = planFolder(out, request.out, folder.files, folder.index, request.force);
  if ('issues' in planned) return { issues: [...issues, ...planned.issues] };
  try {
    // The index last: a run stopped midway leaves schema files it does not list yet, which the next run finds identical and adopts.
    for (const change of planned.changes) {
      if (change.action !== 'unchanged') writeFileAtomic(path.join(out, change.path), change.content!);
    }
    if (planned.hashes !== undefined) writeFileAtomic(path.join(out, HASHES_FILE), planned.hashes);
    if (planned.index !== undefined) writeFileAtomic(path.join(out, INDEX_FILE), planned.index);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === undefined) throw err;
    return { issues: [...issues, { severity: 'error', rule: 'output', file: request.out, message: `cannot write: ${(err as Error).message}; the folder's index.json was not updated` }] };
  }
  const actions = new Map(planned.changes.map((c) => [c.path, c.action]));
  const schemas = [...byKind.values()]
    .map((s) => {
      const file = folder.index[keyOf(s)]!;
      return { apiVersion: apiVersionOf(s.gvk), kind: s.gvk.kind, file: path.join(request.out, file), action: actions.get(file)!, from: s.from };
    })
    .sort(byApiVersionAndKind);
  return { result: { out: request.out, schemas }, issues };
}

/** Reads and converts the OpenAPI document; problems go to `issues`. */
function importOpenApi(source: string, request: ImportRequest, issues: Issue[]): Imported[] {
  if (isFolderInput(source, request.cwd)) {
    issues.push({ severity: 'error', rule: 'input', file: source, message: 'is a folder: --openapi takes one file (kubectl get --raw /openapi/v2 > FILE)' });
    return [];
  }
  const [input] = findInputFiles([source], { cwd: request.cwd, names: SCHEMA_INPUT });
  const read = readInputText(input!, request.stdin);
  if (!('text' in read)) {
    // One file named on the command line is read whatever it is; only a folder's pipes are skipped.
    issues.push('issue' in read ? read.issue : { severity: 'error', rule: 'input', file: input!.display, message: 'problem' in read ? read.problem : read.skipped });
    return [];
  }
  let document: unknown;
  try {
    document = JSON.parse(read.text);
  } catch (err) {
    issues.push({ severity: 'error', rule: 'openapi', file: input!.display, message: `not JSON (${(err as Error).message}); \`kubectl get --raw /openapi/v2\` prints the JSON document to import` });
    return [];
  }
  return named(schemasFromOpenApi(document), { severity: 'error', rule: 'openapi', file: input!.display }, issues, fieldLocator(read.text, input!.display, 0, []));
}

/**
 * Reads and converts every CRD in the given files, folders and stdin. A file
 * named on the command line must hold at least one CRD; files found in a
 * folder may hold other kinds, which are skipped, but the folder must yield one.
 */
function importCrds(sources: readonly string[], request: ImportRequest, issues: Issue[]): Imported[] {
  const out: Imported[] = [];
  let objectMeta: Record<string, JsonSchema> | undefined;
  for (const source of sources) {
    const isFolder = isFolderInput(source, request.cwd);
    const issuesBefore = issues.length;
    const inputs = findInputFiles([source], { cwd: request.cwd, names: SCHEMA_INPUT });
    if (isFolder && inputs.length === 0) {
      issues.push({ severity: 'error', rule: 'input', file: source, message: 'no .yaml, .yml or .json files in this folder' });
      continue;
    }
    let found = 0;
    for (const input of inputs) {
      const file = input.display;
      const read = readInputText(input, request.stdin);
      if ('problem' in read) {
        issues.push({ severity: 'error', rule: 'input', file, message: read.problem });
        continue;
      }
      if ('skipped' in read) {
        issues.push({ severity: 'warning', rule: 'read', file, message: read.skipped });
        continue;
      }
      if ('issue' in read) {
        issues.push(read.issue);
        continue;
      }
      const parsed = readDocuments(read.text, file);
      issues.push(...parsed.issues);
      if (parsed.issues.length > 0) continue;
      const others: string[] = [];
      let crdsInFile = 0;
      parsed.documents.forEach((document, index) => {
        const crds = customResourceDefinitionsIn(document.value);
        if (crds.length === 0 && document.value !== null) others.push(describeDocument(document.value));
        for (const crd of crds) {
          crdsInFile++;
          const name = (crd as { metadata?: { name?: unknown } }).metadata?.name;
          const at: Issue = { severity: 'error', rule: 'crd', file, ...document.start, kind: 'CustomResourceDefinition', ...(typeof name === 'string' ? { name } : {}), message: '' };
          objectMeta ??= builtinObjectMeta();
          // A CRD among a List's items: its field paths start at that item.
          const within = crd === document.value ? [] : ['items', (document.value as { items: unknown[] }).items.indexOf(crd)];
          out.push(...named(schemasFromCrd(crd, objectMeta), at, issues, fieldLocator(read.text, file, index, within)));
        }
      });
      found += crdsInFile;
      if (!isFolder && crdsInFile === 0) {
        const what = others.length === 0 ? 'it is empty' : `found ${others.slice(0, 5).join(', ')}${others.length > 5 ? ', ...' : ''}`;
        issues.push({ severity: 'error', rule: 'crd', file, message: `no CustomResourceDefinition in it (${what})` });
      }
    }
    if (isFolder && found === 0 && !hasErrors(issues.slice(issuesBefore))) {
      issues.push({ severity: 'error', rule: 'crd', file: source, message: 'no CustomResourceDefinition in any file of this folder' });
    }
  }
  return withoutConflicts(out, issues);
}

/**
 * Tags converted schemas with their input, or reports the conversion's problems at `at`,
 * each at its field's line and column when `locate` finds it.
 */
function named(conversion: SchemaConversion, at: Omit<Issue, 'message'>, issues: Issue[], locate: (path: string) => Position | undefined): Imported[] {
  if ('problems' in conversion) {
    issues.push(...conversion.problems.map((p) => ({ ...at, ...(p.path === undefined ? {} : { path: p.path, ...locate(p.path) }), message: p.message })));
    return [];
  }
  const unnamed = conversion.schemas.map((s) => groupVersionKindProblem(s.gvk)).find((problem) => problem !== undefined);
  if (unnamed !== undefined) {
    issues.push({ ...at, message: unnamed });
    return [];
  }
  return conversion.schemas.map((schema) => ({ ...schema, from: at.file! }));
}

/**
 * Where a field path of a problem is in document `index` of `text`, below `within`
 * (a List item). The text is read again with positions, only once a problem needs one;
 * a path the reader cannot follow is placed at its closest ancestor.
 */
function fieldLocator(text: string, file: string, index: number, within: readonly PathSegment[]): (path: string) => Position | undefined {
  let document: SourceDocument | undefined | null;
  return (path) => {
    document ??= parseYamlStream(text, file).documents[index] ?? null;
    return document?.locate([...within, ...parsePath(path)]);
  };
}

/** Two inputs defining the same kind differently is a mistake worth stopping for; the same CRD given twice is not. */
function withoutConflicts(schemas: Imported[], issues: Issue[]): Imported[] {
  const seen = new Map<string, Imported>();
  for (const schema of schemas) {
    const key = keyOf(schema);
    const earlier = seen.get(key);
    if (earlier !== undefined && stableStringify(earlier.schema) !== stableStringify(schema.schema)) {
      issues.push({ severity: 'error', rule: 'crd', file: schema.from, message: `defines ${apiVersionOf(schema.gvk)} ${schema.gvk.kind} differently from ${earlier.from}; import one of them` });
    }
    seen.set(key, schema);
  }
  return [...seen.values()];
}

/** ObjectMeta as the built-in Kubernetes schemas have it, for the `metadata` of custom resources. */
function builtinObjectMeta(): Record<string, JsonSchema> {
  const root = defaultBuiltinRoot();
  const newest = newestMinor(bundledKubernetes(root).versions);
  const index = builtinKubernetesIndex(newest, readJsonFile<SchemaIndex>(path.join(root, versionIndexPath(newest))));
  const configMap = index[indexKey('v1', 'ConfigMap')];
  if (configMap === undefined) throw new Error(`the built-in Kubernetes ${newest} schemas in ${root} have no v1 ConfigMap to take ObjectMeta from`);
  return objectMetaDefinitions(readJsonFile<JsonSchema>(path.join(root, configMap)));
}

/**
 * What writing `files` and `index` into `dir` takes, or why it must not
 * happen without force. The new index.json and index.sha256 contents come back only when they change.
 */
function planFolder(dir: string, shown: string, files: ReadonlyMap<string, string>, index: SchemaIndex, force: boolean): { changes: FileChange[]; index?: string; hashes?: string } | { issues: Issue[] } {
  const issues: Issue[] = [];
  const conflict = (file: string, message: string) => issues.push({ severity: 'error', rule: 'conflict', file: path.join(shown, file), message });
  const names = folderNames(dir);
  if (isFile(dir)) return { issues: [{ severity: 'error', rule: 'input', file: shown, message: '--out is a file, not a folder' }] };

  const indexPath = path.join(dir, INDEX_FILE);
  const hasIndex = names?.includes(INDEX_FILE) ?? false;
  let existing: SchemaIndex = {};
  let indexText: string | undefined;
  if (hasIndex) {
    const read = readIndex(indexPath, path.join(shown, INDEX_FILE));
    if ('issue' in read) return { issues: [read.issue] };
    ({ index: existing, text: indexText } = read);
  }
  let recorded: SchemaHashes = new Map();
  let hashesText: string | undefined;
  if (names?.includes(HASHES_FILE)) {
    const read = readHashes(path.join(dir, HASHES_FILE), path.join(shown, HASHES_FILE));
    if ('issue' in read) return { issues: [read.issue] };
    ({ hashes: recorded, text: hashesText } = read);
  }
  const listed = new Set(Object.values(existing));
  const changes = compareFiles([...files].map(([file, content]) => ({ path: file, content })), dir, (file, current) => {
    const hash = recorded.get(file);
    // A file written by a run stopped before its index.json was: recorded, and as written.
    if (hash !== undefined) return hash === contentHash(current) ? undefined : 'hand-edited';
    return listed.has(file) ? 'hand-edited' : 'not-generated';
  });
  for (const change of force ? [] : changes.filter((c) => c.conflict)) {
    if (change.conflict === 'not-generated') {
      conflict(change.path, 'exists but is not listed in the folder\'s index.json, so scaffold did not write it; refusing to overwrite it. Move it away, or run again with --force');
    } else if (recorded.has(change.path)) {
      conflict(change.path, `edited by hand since scaffold wrote it (its sha256 is not the one ${HASHES_FILE} records); refusing to overwrite it. Move it away to keep the edit, or run again with --force to replace it`);
    } else {
      conflict(change.path, `is listed in the folder's index.json, but ${HASHES_FILE} holds no hash of it (it was imported before scaffold kept them), so a hand edit cannot be told from what scaffold wrote; refusing to overwrite it. Check it, then run again with --force`);
    }
  }
  if (!hasIndex && !force) {
    for (const file of names ?? []) {
      if (!file.endsWith('.json') || files.has(file) || isLeftoverTempFile(file)) continue;
      conflict(file, 'is a JSON file scaffold did not write; once the folder has an index.json, validation reads only the files it lists, so this one would be ignored. Import into another folder, or run again with --force');
    }
  }
  if (issues.length > 0) return { issues };
  const merged = stableStringify({ ...existing, ...index });
  const hashes = formatSchemaHashes(new Map([...recorded, ...[...files].map(([file, content]) => [file, contentHash(content)] as const)]));
  return { changes, ...(indexText === merged ? {} : { index: merged }), ...(hashesText === hashes ? {} : { hashes }) };
}

/** A schema file's hash as index.sha256 records it: line endings do not count, as for render's files (a checkout may make them CRLF). */
function contentHash(text: string): string {
  return sha256(toLf(text));
}

/**
 * A folder's index.sha256, `shown` as its issue's file. Decoded strictly: a file name
 * with a bad byte read as U+FFFD would be written back so, and the hash of the file of
 * that name lost.
 */
function readHashes(file: string, shown: string): { hashes: SchemaHashes; text: string } | { issue: Issue } {
  const problem = (message: string, at?: Position): { issue: Issue } => ({ issue: { severity: 'error', rule: 'input', file: shown, ...at, message } });
  const read = readBytes(file);
  if ('problem' in read) return problem(read.problem);
  const decoded = decodeTextBytes(read.bytes);
  if ('problem' in decoded) return problem(`is not a list of schema hashes: ${decoded.problem}`, { line: 1, column: 1 });
  const hashes = parseSchemaHashes(decoded.text);
  return hashes instanceof Map ? { hashes, text: decoded.text } : problem(`is not a list of schema hashes: ${hashes.problem}`);
}

/** A folder's index.json, `shown` as its issue's file. */
function readIndex(file: string, shown: string): { index: SchemaIndex; text: string } | { issue: Issue } {
  const problem = (message: string): { issue: Issue } => ({ issue: { severity: 'error', rule: 'input', file: shown, message } });
  const read = readTextFile(file, shown);
  if ('problem' in read) return problem(read.problem);
  if ('issue' in read) return read;
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (err) {
    return problem(`cannot read this schema index: ${(err as Error).message}`);
  }
  const valid = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
  return valid ? { index: value as SchemaIndex, text: read.text } : problem('is not a schema index: expected an object of "<apiVersion>/<Kind>": "<file>.json"');
}

export interface ListRequest {
  schemaDirs: readonly string[];
  cwd: string;
  /** The bundled Kubernetes minor whose built-in schemas to list. */
  kubernetesVersion: string;
}

/** Every kind validation can use, with where its schema comes from: imported folders first, then the built-in ones. */
export function listSchemas(request: ListRequest): Outcome<readonly RegisteredKind[]> {
  const missing = missingFlagFolders('--schemas', request.schemaDirs, request.cwd);
  if (missing.length > 0) return { issues: missing };
  const issues: Issue[] = [];
  const dirs = request.schemaDirs.map((dir) => path.resolve(request.cwd, dir));
  request.schemaDirs.forEach((shown, i) => {
    const dir = dirs[i]!;
    if (folderNames(dir)?.includes(INDEX_FILE)) {
      const read = readIndex(path.join(dir, INDEX_FILE), path.join(shown, INDEX_FILE));
      if ('issue' in read) issues.push(read.issue);
    }
  });
  if (issues.length > 0) return { issues };
  try {
    return { result: createSchemaRegistry({ schemaDirs: request.schemaDirs, builtin: { root: defaultBuiltinRoot(), kubernetesVersion: request.kubernetesVersion } }).list(), issues: [] };
  } catch (err) {
    // A folder without index.json is read file by file: one that is not JSON stops the listing.
    if (!(err instanceof SyntaxError)) throw err;
    return { issues: [{ severity: 'error', rule: 'input', file: request.schemaDirs.join(', '), message: err.message }] };
  }
}

/** `Deployment/web` (or what the document is, when it is not a Kubernetes object) for messages. */
function describeDocument(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
  const { kind, metadata } = value as { kind?: unknown; metadata?: { name?: unknown } };
  if (typeof kind !== 'string') return 'a mapping without kind';
  return typeof metadata?.name === 'string' ? `${kind}/${metadata.name}` : kind;
}

function keyOf(schema: StrictSchema): string {
  return indexKey(apiVersionOf(schema.gvk), schema.gvk.kind);
}

