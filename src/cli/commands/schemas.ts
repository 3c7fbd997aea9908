/**
 * `scaffold schemas import` and `scaffold schemas list`: the files and
 * output around the pure conversions in src/schemas/.
 *
 * An import merges into --out: it writes the schemas it converted (skipping
 * files whose bytes are already right) and adds them to the folder's
 * index.json, and never deletes anything. It refuses, unless --force, to
 * overwrite a file its index does not list (a file scaffold did not write),
 * and to start indexing a folder that already holds other JSON files, since
 * validation reads a folder with an index.json through the index alone.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { customResourceDefinitionsIn, objectMetaDefinitions, schemasFromCrd } from '../../schemas/crd.ts';
import { schemasFromOpenApi } from '../../schemas/fromOpenApi.ts';
import { INDEX_FILE, indexKey, schemaFileName, schemaFolder, type SchemaIndex } from '../../schemas/layout.ts';
import { apiVersionOf, stableStringify, type JsonSchema, type StrictSchema } from '../../schemas/strict.ts';
import type { Issue } from '../../validate/issue.ts';
import { createSchemaRegistry, defaultBuiltinRoot } from '../../validate/registry.ts';
import { isLeftoverTempFile, writeFileAtomic } from '../../write/atomic.ts';
import { readDocuments } from '../../yamlSource/quickLoad.ts';
import { ExitCode, UsageError, type Runner } from '../exit.ts';
import { readInputFiles, type InputFile } from '../inputFiles.ts';
import { failWithIssues, styleFor } from '../output/issueText.ts';
import { plural } from '../../text/plural.ts';
import { repeatable } from '../options.ts';
import { byApiVersionAndKind, compareCodeUnits } from '../../text/order.ts';
import { readJsonFile, readTextIfPresent } from '../../fileText.ts';

interface ImportOptions {
  openapi?: string;
  crd?: string[];
  out: string;
  force: boolean;
  output: 'text' | 'json';
}

interface ListOptions {
  schemas?: string[];
  output: 'text' | 'json';
}

/** A converted schema and the input it came from, for messages. */
interface Imported extends StrictSchema {
  from: string;
}

interface PlannedFile {
  file: string;
  content: string;
  action: 'create' | 'update' | 'unchanged';
}

const IMPORT_EXAMPLES = `
Examples:
  kubectl get --raw /openapi/v2 > cluster-openapi.json
  scaffold schemas import --openapi cluster-openapi.json --out clusters/prod/schemas
  kubectl get crd -o yaml | scaffold schemas import --crd - --out clusters/prod/schemas
  scaffold schemas import --crd charts/external-secrets/crds/ --out schemas/crds

The folder gets one <kind>-<group>-<version>.json per apiVersion/kind and an
index.json; pass it to validation with --schemas DIR. Importing again into the
same folder adds and updates schemas and deletes none.`;

export function registerSchemas(program: Command, run: Runner): void {
  const schemas = program
    .command('schemas')
    .description("Import strict JSON schemas from a cluster's OpenAPI document or from CRDs, and list the schemas validation uses.");

  schemas
    .command('import')
    .description('Convert a Kubernetes OpenAPI v2 document and/or CustomResourceDefinitions into strict JSON schemas, one per apiVersion/kind, in a folder that --schemas reads.')
    .option('--openapi <file>', 'Kubernetes OpenAPI v2 document, as `kubectl get --raw /openapi/v2` prints it, or - for stdin')
    .option('--crd <paths...>', 'CRD files (multi-document YAML or JSON, or a List as `kubectl get crd -o yaml` prints), folders of them, or - for stdin; one schema per served version')
    .requiredOption('--out <dir>', 'folder to write the schemas and their index.json into (created if missing)')
    .option('--force', 'overwrite files in --out that scaffold did not write (nothing is ever deleted)', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', IMPORT_EXAMPLES)
    .action((options: ImportOptions) => run(() => importSchemas(options)));

  schemas
    .command('list')
    .description('List the schemas validation can use, by apiVersion and kind: imported folders first, then the built-in ones.')
    .option('--schemas <dir>', 'imported schema folder, searched before the built-in schemas (repeatable)', repeatable)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: ListOptions) => run(() => listSchemas(options)));
}


function importSchemas(options: ImportOptions): number {
  const crdSources = options.crd ?? [];
  if (options.openapi === undefined && crdSources.length === 0) throw new UsageError('nothing to import: pass --openapi FILE, --crd FILE..., or both');
  if ([options.openapi, ...crdSources].filter((s) => s === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  const json = options.output === 'json';

  const issues: Issue[] = [];
  const fromOpenApi = options.openapi === undefined ? [] : importOpenApi(options.openapi, issues);
  const fromCrds = importCrds(crdSources, issues);
  if (issues.length > 0) return failWithIssues(issues, json);

  // A cluster's OpenAPI also publishes its CRDs' kinds, with less detail (no nullable, no anyOf): the CRD's own schema wins.
  const byKind = new Map<string, Imported>();
  for (const schema of [...fromOpenApi, ...fromCrds]) byKind.set(keyOf(schema), schema);
  let folder: ReturnType<typeof schemaFolder>;
  try {
    folder = schemaFolder([...byKind.values()]);
  } catch (err) {
    return failWithIssues([{ severity: 'error', rule: 'input', file: options.out, message: (err as Error).message }], json);
  }

  const plan = planFolder(options.out, folder.files, folder.index, options.force);
  if ('issues' in plan) return failWithIssues(plan.issues, json);
  try {
    // The index last: a run stopped midway leaves schema files it does not list yet, which the next run finds identical and adopts.
    for (const { file, content, action } of plan.files) {
      if (action !== 'unchanged') writeFileAtomic(path.join(options.out, file), content);
    }
    if (plan.index !== undefined) writeFileAtomic(path.join(options.out, INDEX_FILE), plan.index);
  } catch (err) {
    return failWithIssues([{ severity: 'error', rule: 'output', file: options.out, message: `cannot write: ${(err as Error).message}` }], json, 'the folder\'s index.json was not updated');
  }
  return report(options.out, [...byKind.values()], folder.index, plan.files, json);
}

/** Reads and converts the OpenAPI document; problems go to `issues`. */
function importOpenApi(source: string, issues: Issue[]): Imported[] {
  if (source !== '-' && existsSync(source) && statSync(source).isDirectory()) {
    issues.push({ severity: 'error', rule: 'input', file: source, message: 'is a folder: --openapi takes one file (kubectl get --raw /openapi/v2 > FILE)' });
    return [];
  }
  const [{ file, text, problem }] = readInputFiles(source) as [InputFile];
  if (problem !== undefined) {
    issues.push({ severity: 'error', rule: 'input', file, message: problem });
    return [];
  }
  let document: unknown;
  try {
    document = JSON.parse(text!);
  } catch (err) {
    issues.push({ severity: 'error', rule: 'openapi', file, message: `not JSON (${(err as Error).message}); \`kubectl get --raw /openapi/v2\` prints the JSON document to import` });
    return [];
  }
  try {
    return named(schemasFromOpenApi(document), file);
  } catch (err) {
    issues.push({ severity: 'error', rule: 'openapi', file, message: (err as Error).message });
    return [];
  }
}

/**
 * Reads and converts every CRD in the given files, folders and stdin. A file
 * named on the command line must hold at least one CRD; files found in a
 * folder may hold other kinds, which are skipped, but the folder must yield one.
 */
function importCrds(sources: readonly string[], issues: Issue[]): Imported[] {
  const out: Imported[] = [];
  let objectMeta: Record<string, JsonSchema> | undefined;
  for (const source of sources) {
    const isFolder = source !== '-' && existsSync(source) && statSync(source).isDirectory();
    const issuesBefore = issues.length;
    let found = 0;
    for (const { file, text, problem } of readInputFiles(source)) {
      if (problem !== undefined) {
        issues.push({ severity: 'error', rule: 'input', file, message: problem });
        continue;
      }
      const parsed = readDocuments(text!, file);
      issues.push(...parsed.issues);
      if (parsed.issues.length > 0) continue;
      const others: string[] = [];
      let crdsInFile = 0;
      for (const document of parsed.documents) {
        const crds = customResourceDefinitionsIn(document.value);
        if (crds.length === 0 && document.value !== null) others.push(describeDocument(document.value));
        for (const crd of crds) {
          crdsInFile++;
          const name = (crd as { metadata?: { name?: unknown } }).metadata?.name;
          const at = { file, ...document.start, kind: 'CustomResourceDefinition', ...(typeof name === 'string' ? { name } : {}) };
          try {
            objectMeta ??= builtinObjectMeta();
            out.push(...named(schemasFromCrd(crd, objectMeta), file));
          } catch (err) {
            issues.push({ severity: 'error', rule: 'crd', ...at, message: (err as Error).message });
          }
        }
      }
      found += crdsInFile;
      if (!isFolder && crdsInFile === 0) {
        const what = others.length === 0 ? 'it is empty' : `found ${others.slice(0, 5).join(', ')}${others.length > 5 ? ', ...' : ''}`;
        issues.push({ severity: 'error', rule: 'crd', file, message: `no CustomResourceDefinition in it (${what})` });
      }
    }
    if (isFolder && found === 0 && issues.length === issuesBefore) {
      issues.push({ severity: 'error', rule: 'crd', file: source, message: 'no CustomResourceDefinition in any file of this folder' });
    }
  }
  return withoutConflicts(out, issues);
}

/** Tags schemas with their input; throws when a kind, group or version cannot name a file. */
function named(schemas: readonly StrictSchema[], from: string): Imported[] {
  for (const { gvk } of schemas) schemaFileName(gvk);
  return schemas.map((schema) => ({ ...schema, from }));
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
  const index = readJsonFile<SchemaIndex>(path.join(root, INDEX_FILE));
  const configMap = index[indexKey('v1', 'ConfigMap')];
  if (configMap === undefined) throw new Error(`the built-in schemas in ${root} have no v1 ConfigMap to take ObjectMeta from`);
  return objectMetaDefinitions(readJsonFile<JsonSchema>(path.join(root, configMap)));
}

/**
 * What writing `files` and `index` into `dir` takes, or why it must not
 * happen without --force. Returns the new index.json content only when it changes.
 */
function planFolder(
  dir: string,
  files: ReadonlyMap<string, string>,
  index: SchemaIndex,
  force: boolean,
): { files: PlannedFile[]; index?: string } | { issues: Issue[] } {
  const issues: Issue[] = [];
  const conflict = (file: string, message: string) => issues.push({ severity: 'error', rule: 'conflict', file: path.join(dir, file), message });
  if (existsSync(dir) && !statSync(dir).isDirectory()) return { issues: [{ severity: 'error', rule: 'input', file: dir, message: '--out is a file, not a folder' }] };

  const indexPath = path.join(dir, INDEX_FILE);
  const hasIndex = existsSync(indexPath);
  let existing: SchemaIndex = {};
  if (hasIndex) {
    const read = readIndex(indexPath);
    if (typeof read === 'string') return { issues: [{ severity: 'error', rule: 'input', file: indexPath, message: read }] };
    existing = read;
  }
  const listed = new Set(Object.values(existing));

  const planned: PlannedFile[] = [];
  for (const [file, content] of files) {
    const current = readTextIfPresent(path.join(dir, file));
    if (current === content) planned.push({ file, content, action: 'unchanged' });
    else if (current === undefined) planned.push({ file, content, action: 'create' });
    else {
      if (!listed.has(file) && !force) conflict(file, 'exists but is not listed in the folder\'s index.json, so scaffold did not write it; refusing to overwrite it. Move it away, or run again with --force');
      planned.push({ file, content, action: 'update' });
    }
  }
  if (!hasIndex && !force && existsSync(dir)) {
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.json') || files.has(file) || isLeftoverTempFile(file)) continue;
      conflict(file, 'is a JSON file scaffold did not write; once the folder has an index.json, validation reads only the files it lists, so this one would be ignored. Import into another folder, or run again with --force');
    }
  }
  if (issues.length > 0) return { issues };

  const merged = stableStringify({ ...existing, ...index });
  return { files: planned, ...(hasIndex && readFileSync(indexPath, 'utf8') === merged ? {} : { index: merged }) };
}

function readIndex(file: string): SchemaIndex | string {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return `cannot read this schema index: ${(err as Error).message}`;
  }
  const valid = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
  return valid ? (value as SchemaIndex) : 'is not a schema index: expected an object of "<apiVersion>/<Kind>": "<file>.json"';
}

function report(dir: string, schemas: readonly Imported[], index: SchemaIndex, files: readonly PlannedFile[], json: boolean): number {
  const actions = new Map(files.map((f) => [f.file, f.action]));
  const count = (action: PlannedFile['action']) => files.filter((f) => f.action === action).length;
  if (json) {
    const entries = schemas
      .map((s) => {
        const file = index[keyOf(s)]!;
        return { apiVersion: apiVersionOf(s.gvk), kind: s.gvk.kind, file: path.join(dir, file), action: actions.get(file), from: s.from };
      })
      .sort(byApiVersionAndKind);
    process.stdout.write(`${JSON.stringify({ ok: true, out: dir, schemas: entries }, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const style = styleFor(process.stdout);
  for (const { file, action } of [...files].sort((a, b) => compareCodeUnits(a.file, b.file))) {
    if (action === 'create') process.stdout.write(`${style.green('created')} ${path.join(dir, file)}\n`);
    if (action === 'update') process.stdout.write(`${style.yellow('updated')} ${path.join(dir, file)}\n`);
  }
  process.stdout.write(
    `imported ${plural(schemas.length, 'schema')} into ${dir}: ${count('create')} created, ${count('update')} updated, ${count('unchanged')} unchanged; use them with --schemas ${dir}\n`,
  );
  return ExitCode.Ok;
}

function listSchemas(options: ListOptions): number {
  const json = options.output === 'json';
  const dirs = options.schemas ?? [];
  const issues: Issue[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) issues.push({ severity: 'error', rule: 'input', file: dir, message: 'no such schema folder' });
    else if (!statSync(dir).isDirectory()) issues.push({ severity: 'error', rule: 'input', file: dir, message: 'is a file; --schemas takes a folder' });
    else if (existsSync(path.join(dir, INDEX_FILE))) {
      const read = readIndex(path.join(dir, INDEX_FILE));
      if (typeof read === 'string') issues.push({ severity: 'error', rule: 'input', file: path.join(dir, INDEX_FILE), message: read });
    }
  }
  if (issues.length > 0) return failWithIssues(issues, json, 'nothing was listed');
  let kinds: ReturnType<ReturnType<typeof createSchemaRegistry>['list']>;
  try {
    kinds = createSchemaRegistry({ schemaDirs: dirs, builtinRoot: defaultBuiltinRoot() }).list();
  } catch (err) {
    // A folder without index.json is read file by file: one that is not JSON stops the listing.
    return failWithIssues([{ severity: 'error', rule: 'input', file: dirs.join(', '), message: (err as Error).message }], json, 'nothing was listed');
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ kinds }, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const rows = [['APIVERSION', 'KIND', 'SOURCE'], ...kinds.map((k) => [k.apiVersion, k.kind, k.source])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [apiVersion, kind, source] of rows) {
    process.stdout.write(`${apiVersion!.padEnd(widths[0]!)}  ${kind!.padEnd(widths[1]!)}  ${source}\n`);
  }
  const imported = kinds.filter((k) => !k.source.startsWith('builtin:')).length;
  process.stderr.write(`${plural(kinds.length, 'kind')}: ${kinds.length - imported} built-in, ${imported} imported\n`);
  return ExitCode.Ok;
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


