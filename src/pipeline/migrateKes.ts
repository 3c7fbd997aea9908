/**
 * `migrate kes` as a use case: read the inputs, map every kubernetes-external-secrets
 * ExternalSecret to External Secrets v1 with the stores it needs, validate what
 * comes out against the External Secrets schemas, and print it or write it to a
 * folder. All or nothing: one object that cannot be fully mapped, and nothing is
 * printed or written, while every problem of every object is reported.
 */
import path from 'node:path';
import { migrateKes, type MigratedExternalSecret, type MigrationNote } from '../adopt/kes/migrate.ts';
import type { StoreKind } from '../adopt/kes/stores.ts';
import { yamlStream } from '../adopt/yamlText.ts';
import { findInputFiles, readInputText } from '../io/inputFiles.ts';
import { bundledKubernetes, schemasByVersion } from '../io/schemaFolders.ts';
import { kubernetesVersionFor } from '../schemas/kubernetesVersions.ts';
import { PathKinds } from '../io/pathKinds.ts';
import { validatePlannedFiles } from '../validate/plannedFiles.ts';
import { hasErrors, type Issue } from '../vocabulary/issue.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { compareFiles, type FileChange } from '../write/changes.ts';
import { preflight } from '../write/preflight.ts';
import { writeTree, type WriteSummary } from '../write/writeTree.ts';
import type { Outcome } from './outcome.ts';

export interface MigrateKesRequest {
  /** Files, folders, or `-` for standard input. */
  paths: readonly string[];
  cwd: string;
  stdin?: Uint8Array;
  /** Write one file per input and secretstores.yaml here (absolute); print the stream when absent. */
  outDir?: string;
  region?: string;
  refreshInterval: string;
  storeKind: StoreKind;
  /** Replace files in outDir that hold something else. */
  force: boolean;
}

export interface MigrateKesResult {
  externalSecrets: { file: string; name: string; namespace: string | null; store: string; output: string | null }[];
  stores: { kind: StoreKind; name: string; namespace: string | null }[];
  notes: MigrationNote[];
  /** The YAML stream (stores first), when no folder was given. */
  stream: string | null;
  written: WriteSummary | null;
  /** Every output document, for -o json. */
  documents: unknown[];
}

/** The file the stores go to beside the migrated ExternalSecrets. */
export const STORES_FILE = 'secretstores.yaml';

export function migrateKesInputs(request: MigrateKesRequest): Outcome<MigrateKesResult> {
  const issues: Issue[] = [];
  const inputs: { file: string; documents: ReturnType<typeof parseYamlStream>['documents'] }[] = [];
  for (const input of findInputFiles(request.paths, { cwd: request.cwd, names: /\.ya?ml$/ })) {
    const read = readInputText(input, request.stdin);
    if ('problem' in read) issues.push({ severity: 'error', rule: 'read', file: input.display, message: read.problem });
    else if ('skipped' in read) issues.push({ severity: 'warning', rule: 'read', file: input.display, message: read.skipped });
    else if ('issue' in read) issues.push(read.issue);
    else {
      const parsed = parseYamlStream(read.text, input.display);
      issues.push(...parsed.issues);
      inputs.push({ file: input.display, documents: parsed.documents });
    }
  }
  if (inputs.length === 0 && issues.length === 0) issues.push({ severity: 'error', rule: 'input', message: 'no YAML files among the inputs' });
  const migration = migrateKes(inputs, { region: request.region, refreshInterval: request.refreshInterval, storeKind: request.storeKind });
  issues.push(...migration.issues);
  if (hasErrors(issues)) return { issues };
  if (migration.externalSecrets.length === 0) return { issues: [...issues, { severity: 'error', rule: 'input', message: 'no kubernetes-client.io/v1 ExternalSecret among the inputs: nothing to migrate' }] };

  const outputs = outputFiles(migration.externalSecrets, migration.stores.map((s) => s.document), request.outDir !== undefined);
  if ('issues' in outputs) return { issues: [...issues, ...outputs.issues] };
  // Everything printed or written is what the External Secrets v1 CRDs accept.
  const schemas = schemasByVersion([])(kubernetesVersionFor({}, bundledKubernetes().versions));
  const invalid = validatePlannedFiles(
    outputs.files.map((f) => ({ path: f.path, content: f.content, role: 'resource' as const })),
    { ...schemas, ignoreMissingSchemas: false },
  );
  if (invalid.length > 0) return { issues: [...issues, ...invalid] };

  let written: WriteSummary | null = null;
  if (request.outDir !== undefined) {
    const changes = compareFiles(outputs.files, request.outDir, () => 'not-generated');
    const conflicts = request.force ? [] : changes.filter((c) => c.conflict).map(conflictIssue);
    const refused = [...preflight(changes, new PathKinds(request.outDir), { write: true }), ...conflicts];
    if (refused.length > 0) return { issues: [...issues, ...refused] };
    const outcome = writeTree(changes, request.outDir);
    if (outcome.failure) return { issues: [...issues, outcome.failure] };
    written = outcome.written;
  }
  const outputOf = new Map(outputs.files.flatMap((f) => f.sources.map((s) => [s, f.path] as const)));
  const stores = migration.stores.map((s) => {
    const namespace = (s.document.metadata as { namespace?: string }).namespace;
    return { kind: s.kind, name: s.name, namespace: namespace ?? null };
  });
  return {
    result: {
      externalSecrets: migration.externalSecrets.map((e) => ({ file: e.file, name: e.name, namespace: e.namespace ?? null, store: e.store, output: request.outDir === undefined ? null : outputOf.get(e) ?? null })),
      stores,
      notes: migration.notes,
      stream: request.outDir === undefined ? outputs.files[0]!.content : null,
      written,
      documents: [...migration.stores.map((s) => s.document), ...migration.externalSecrets.map((e) => e.document)],
    },
    issues,
  };
}

interface OutputFile {
  path: string;
  content: string;
  sources: MigratedExternalSecret[];
}

/**
 * One stream with the stores first; or, for a folder, one file per input named as
 * it is (so a review sees each file replaced) and the stores in secretstores.yaml.
 */
function outputFiles(externalSecrets: readonly MigratedExternalSecret[], stores: readonly object[], toFolder: boolean): { files: OutputFile[] } | { issues: Issue[] } {
  if (!toFolder) return { files: [{ path: 'stdout', content: yamlStream([...stores, ...externalSecrets.map((e) => e.document)]), sources: [...externalSecrets] }] };
  const byFile = new Map<string, MigratedExternalSecret[]>();
  for (const e of externalSecrets) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const names = new Map<string, string>();
  const issues: Issue[] = [];
  const files: OutputFile[] = [];
  for (const [file, secrets] of byFile) {
    const name = file === 'stdin' ? 'stdin.yaml' : path.basename(file);
    const other = names.get(name);
    if (name === STORES_FILE || other !== undefined) {
      issues.push({ severity: 'error', rule: 'usage', file, message: `would be written as ${name}, ${other === undefined ? 'where the stores go' : `as ${other} would`}: migrate files of the same name in separate runs, each with its own folder` });
      continue;
    }
    names.set(name, file);
    files.push({ path: name, content: yamlStream(secrets.map((s) => s.document)), sources: secrets });
  }
  files.push({ path: STORES_FILE, content: yamlStream(stores), sources: [] });
  return issues.length > 0 ? { issues } : { files };
}

function conflictIssue(change: FileChange): Issue {
  return { severity: 'error', rule: 'not-generated', file: change.path, message: 'exists with other content; refusing to overwrite it. Move it away, choose another folder, or run again with --force' };
}


