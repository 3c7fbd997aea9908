/**
 * `validate` as a use case: every document of every input, judged against
 * the schemas and the policies, one result per object, handed to `onResult`
 * as soon as it is known (a report can stream, and memory stays flat).
 */
import { resolve } from 'node:path';
import { findInputFiles, readInputBytes } from '../io/inputFiles.ts';
import { PatchIndex } from '../io/patchIndex.ts';
import { createSchemaRegistry, defaultBuiltinRoot } from '../io/schemaFolders.ts';
import { missingFlagFolders } from '../io/flagFolders.ts';
import { readOrgConfig } from '../io/orgConfig.ts';
import type { PolicySkip } from '../orgConfig/types.ts';
import { checkManifestBytes, fileError, fileSkipped, type ResourceResult } from '../validate/manifests.ts';
import type { Policy } from '../validate/policies/index.ts';
import type { SchemaRegistry } from '../validate/registry.ts';
import { Tally } from '../validate/tally.ts';
import type { Issue } from '../vocabulary/issue.ts';
import type { Outcome } from './outcome.ts';

// Kustomize also reads a kustomization file named just `Kustomization`.
const MANIFEST_FILE = /\.ya?ml$|^Kustomization$/;

export interface ValidateRequest {
  /** Files, folders, or `-` for standard input. */
  paths: readonly string[];
  cwd: string;
  /** Standard input, read by the caller when `-` is among the paths. */
  stdin?: Uint8Array;
  /** Leave out files whose shown path matches. */
  ignore: readonly RegExp[];
  /** Imported schema folders (relative to `cwd`), searched before the built-in schemas. */
  schemaDirs: readonly string[];
  policies: readonly Policy[];
  ignoreMissingSchemas: boolean;
  /** Skip objects of these kinds: `Kind` or `apiVersion/Kind`. */
  skipKinds: ReadonlySet<string>;
}

/** Validates every input; the tally says whether anything failed. */
export function validateInputs(request: ValidateRequest, onResult: (result: ResourceResult) => void): Outcome<Tally> {
  const opened = openRegistry(request.schemaDirs, request.cwd);
  if ('issues' in opened) return { issues: opened.issues };
  const options = { registry: opened.registry, policies: request.policies, ignoreMissingSchemas: request.ignoreMissingSchemas, skipKinds: request.skipKinds };
  const tally = new Tally();
  const patches = new PatchIndex();
  for (const input of findInputFiles(request.paths, { cwd: request.cwd, names: MANIFEST_FILE, ignore: request.ignore })) {
    const content = readInputBytes(input, request.stdin);
    const results =
      'problem' in content ? [fileError(input.display, content.problem)]
      : 'skipped' in content ? [fileSkipped(input.display, content.skipped)]
      : checkManifestBytes(content.bytes, input.display, patches.roleOf(input), options);
    for (const result of results) {
      tally.add(result);
      onResult(result);
    }
  }
  return { result: tally, issues: [] };
}

/** The schema registry, with every imported folder's index read now: a bad folder is a usage error, not a failure halfway. */
function openRegistry(dirs: readonly string[], cwd: string): { registry: SchemaRegistry } | { issues: Issue[] } {
  const missing = missingFlagFolders('--schemas', dirs, cwd);
  if (missing.length > 0) return { issues: missing };
  const registry = createSchemaRegistry({ schemaDirs: dirs.map((dir) => resolve(cwd, dir)), builtinRoot: defaultBuiltinRoot() });
  if (dirs.length === 0) return { registry };
  try {
    registry.list();
  } catch (err) {
    if (!(err instanceof SyntaxError) && (err as NodeJS.ErrnoException).code === undefined) throw err;
    return { issues: [{ severity: 'error', rule: 'usage', message: `--schemas: ${(err as Error).message}` }] };
  }
  return { registry };
}

export interface RepositoryPolicySkips {
  /** The config's path, relative to the working folder. */
  file: string;
  skips: PolicySkip[];
}

/**
 * The policies the repository's `.scaffold.yaml` turns off (its `validate.skip`),
 * found from the working folder upwards; undefined when there is no config. A
 * config with problems stops validation, as it stops every command.
 */
export function repositoryPolicySkips(cwd: string): Outcome<RepositoryPolicySkips | undefined> {
  const read = readOrgConfig(cwd, cwd);
  if (read.issues.length > 0) return { issues: read.issues };
  return { result: read.config && { file: read.config.file, skips: read.config.config.validate?.skip ?? [] }, issues: [] };
}
