/**
 * Validates the text of one manifest file, object by object, into results
 * with kubeconform's statuses. Pure: the caller reads the file and says what
 * role it plays (a kustomization file, a patch a kustomization applies).
 */
import { parseYamlStream, syntaxIssue, type Position, type SourceDocument } from '../yamlSource/parse.ts';
import { quickPositions } from '../yamlSource/quickPositions.ts';
import { blockStylePlaces, type BlockStylePlaces } from '../yamlSource/blockStyleReader.ts';
import { sameData } from '../yamlSource/sameData.ts';
import { quickRead, type QuickDocument } from '../yamlSource/quickLoad.ts';
import { decodeYamlBytes } from '../yamlSource/decode.ts';
import type { KubernetesTarget } from './apiLifecycle.ts';
import { documentResources, identityOf, judgeResource, listItemsOf, withKustomizeDefaults, type AppSpecCheck, type DocumentIdentity, type DocumentResource } from './documents.ts';
import type { Exemption } from './checks/exemptions.ts';
import { hasErrors, formatPath, type Issue } from '../vocabulary/issue.ts';
import { isJsonPatchDocument, jsonPatchFindings } from './jsonPatch.ts';
import type { ListedPathKind, PatchReference } from './kustomization.ts';
import type { InputFact, Policy } from './policies/policy.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { byPosition } from '../vocabulary/order.ts';
import type { SchemaRegistry } from './registry.ts';

/** kubeconform's statuses: valid, invalid (against its schema or a policy), error (could not be judged), skipped, empty. */
export type ResourceStatus = 'valid' | 'invalid' | 'error' | 'skipped' | 'empty';

/** The verdict on one Kubernetes object (a document, or an item of a List), or on a file that could not be read as YAML. */
export interface ResourceResult extends DocumentIdentity {
  file: string;
  /** Line where the object starts (for a file-level error, the error's line). */
  line?: number;
  status: ResourceStatus;
  /** Everything found, errors and warnings; a valid object may carry warnings. */
  issues: Issue[];
  /** Why a skipped object was skipped. */
  reason?: string;
  /** The rules the object exempts itself from (ignore-check.scaffold.dev/<id>), with their reasons and the findings they kept from failing it. */
  exemptions?: Exemption<Issue>[];
  /** What the object gives the policies across objects; the caller judges them once the input is read. */
  facts?: InputFact[];
}

export interface FileRole {
  /** Named kustomization.yaml (or .yml, or Kustomization): apiVersion and kind may be left out. */
  kustomizationFile: boolean;
  /** A kustomization applies it as a patch, in this format. */
  patch?: PatchReference['format'];
  /**
   * Found by walking a folder rather than named by the user: a YAML file none
   * of whose documents looks like a Kubernetes object (a CI workflow, a Helm
   * values file) is skipped instead of being an error.
   */
  discovered: boolean;
  /** For a kustomization file on disk: what a path it lists is, relative to its folder, so files it lists that are not there are found. */
  listedPathKind?: (path: string) => ListedPathKind | undefined;
}

export interface ManifestCheckOptions {
  registry: SchemaRegistry;
  /** The Kubernetes minor the objects are for (see DocumentCheckOptions). */
  kubernetes?: KubernetesTarget;
  policies: readonly Policy[];
  /** Skip objects whose apiVersion/kind has no schema instead of failing them. */
  ignoreMissingSchemas: boolean;
  /** Skip objects of these kinds: `Kind` or `apiVersion/Kind` (kubeconform's -skip). */
  skipKinds: ReadonlySet<string>;
  /** How an app spec is judged (see DocumentCheckOptions). */
  appSpec?: AppSpecCheck;
}

// Errors that stop an object from being judged at all, as opposed to a judgement that it is wrong.
const ERROR_RULES = new Set(['syntax', 'missing-schema', 'read', 'input']);

/** Validates the bytes of a file: refuses binary content and text that is not UTF-8, then validates the text. */
export function checkManifestBytes(bytes: Uint8Array, file: string, role: FileRole, options: ManifestCheckOptions): ResourceResult[] {
  const decoded = decodeYamlBytes(bytes, file);
  if ('issue' in decoded) return [{ file, line: 1, status: 'error', issues: [decoded.issue] }];
  return checkManifestText(decoded.text, file, role, options);
}

/**
 * Reads the text quickly first (quickLoad) and judges each document once, as
 * read; a finding that needs its place has the document read again with
 * source positions (parseYamlStream), alone, on first need, so a valid
 * document, or one whose only finding is where it starts (a kind without a
 * schema), is never read twice. Text the quick reader declines is read with
 * positions whole.
 */
export function checkManifestText(text: string, file: string, role: FileRole, options: ManifestCheckOptions): ResourceResult[] {
  const { reading: documents, inSubset } = quickRead(text);
  if (documents === undefined) return fullResults(text, file, role, options);
  if (!Array.isArray(documents)) {
    // Broken YAML: said without a positioned read where the quick reader knows the positioned reader's words.
    if (documents.broken === undefined) return fullResults(text, file, role, options);
    const { message, ...at } = documents.broken;
    return [syntaxErrorResult(file, syntaxIssue(file, message, at))];
  }
  if (notAManifest(documents, role, file)) return [notAManifestResult(file)];
  return documents.flatMap((_, index) => {
    const quick = quickResult(text, documents, index, inSubset, file, role, options);
    return quick === undefined ? documentResults(text, documents, index, file, role, options) : [quick];
  });
}

/**
 * Objects already read (the output of a kustomize build), each judged as a
 * document of a file is. Findings have their field paths; their place is the
 * line given for the object, since the text they were read from is nobody's
 * source (see build.ts).
 */
export function checkObjects(objects: readonly { value: unknown; line: number }[], file: string, options: ManifestCheckOptions): ResourceResult[] {
  const role: FileRole = { kustomizationFile: false, discovered: false };
  return objects.map(({ value, line }, index) => {
    const start = { line, column: 1 };
    return judge({ index, start, value, locate: () => start }, { value, at: [], start }, file, role, options);
  });
}

/**
 * The verdict on a document read quickly; undefined where it is judged from
 * a positioned read instead (documentResults): lists (kind: List, typed
 * Lists, JSON patches) and anything else unusual, and a document whose
 * positioned read does not give the very value judged.
 */
function quickResult(text: string, documents: readonly QuickDocument[], index: number, inSubset: boolean, file: string, role: FileRole, options: ManifestCheckOptions): ResourceResult | undefined {
  const { value, start } = documents[index]!;
  if (value === null) return { file, line: start.line, status: 'empty', issues: [] };
  if (!isMapping(value) || listItemsOf(value, options.kubernetes) !== undefined || role.patch === 'json6902') return undefined;
  const positions = positionsOnDemand(text, documents, index, inSubset, file);
  const result = judge(positions.document, { value, at: [], start }, file, role, options);
  return positions.agree() ? result : undefined;
}

/**
 * A quickly read document whose positions come from reading its lines again
 * on the first question about a place: with the quick reader's listener
 * (quickPositions), else, where that cannot be sure, with parseYamlStream.
 * `agree` says whether the positioned read, if made, found the same
 * document: no syntax error, one document, starting where the quick one
 * starts, with the same value. Where the readers differ, the findings asked
 * about a value one of them does not hold, so the document is judged again
 * from the positioned read.
 */
function positionsOnDemand(text: string, documents: readonly QuickDocument[], index: number, inSubset: boolean, file: string): { document: SourceDocument; agree(): boolean } {
  const quick = documents[index]!;
  const from = quick.lineOffset;
  const to = documents[index + 1]?.lineOffset ?? text.length;
  const shift = quick.start.line - 1;
  // The document's own lines, cut on first need: what every reader that places its fields is given.
  let cut: string | undefined;
  const lines = () => (cut ??= text.slice(from, to));
  let read: SourceDocument | null | undefined;
  const positioned = (): SourceDocument | null => {
    if (read !== undefined) return read;
    const parsed = parseYamlStream(lines(), file);
    const [only, ...more] = parsed.documents.filter((d) => d.value !== null);
    const same = parsed.issues.length === 0 && only !== undefined && more.length === 0 && only.start.line + shift === quick.start.line && only.start.column === quick.start.column && sameData(only.value, quick.value);
    read = same ? only : null;
    return read;
  };
  let placed: BlockStylePlaces | null | undefined;
  const places = () => {
    if (placed === undefined) placed = blockStylePlaces(lines(), inSubset) ?? null;
    return placed;
  };
  let listened: ReturnType<typeof quickPositions> | null | undefined;
  const moved = (p: Position): Position => ({ line: p.line + shift, column: p.column });
  const document: SourceDocument = {
    index,
    start: quick.start,
    value: quick.value,
    locate: (path, at) => {
      // The block-style reader's places first, js-yaml's where it is unsure (inside a flow collection), the positioned reader's last.
      let place = places()?.locate(path, at);
      if (place === undefined) {
        if (listened === undefined) listened = quickPositions(lines()) ?? null;
        place = listened?.(path, at);
      }
      if (place !== undefined) return place === null ? quick.start : moved(place);
      const doc = positioned();
      return doc === null ? quick.start : moved(doc.locate(path, at));
    },
    sourceOf: (path) => places()?.sourceOf(path) ?? positioned()?.sourceOf?.(path),
    literalBlockStart: (path) => {
      const p = positioned()?.literalBlockStart?.(path);
      return p === undefined ? undefined : moved(p);
    },
    nonStringKeys: () => positioned()?.nonStringKeys?.() ?? [],
  };
  return { document, agree: () => read !== null };
}

/**
 * One document of a file read with positions and judged from that read: its
 * lines, from the line it starts on to the line the next one starts on, which
 * hold no anchor, tag or directive another document could need (quickLoad
 * declines those).
 */
function documentResults(text: string, documents: readonly QuickDocument[], index: number, file: string, role: FileRole, options: ManifestCheckOptions): ResourceResult[] {
  const from = documents[index]!.lineOffset;
  const to = documents[index + 1]?.lineOffset ?? text.length;
  const shift = documents[index]!.start.line - 1;
  // The file as a whole was already judged a manifest; this is one of its documents.
  const results = fullResults(text.slice(from, to), file, { ...role, discovered: false }, options);
  const shifted = (i: Issue): Issue => ({
    ...i,
    ...(i.line === undefined ? {} : { line: i.line + shift }),
    ...(i.documentLine === undefined ? {} : { documentLine: i.documentLine + shift }),
  });
  return results.filter((r) => r.status !== 'empty').map((r) => ({
    ...r,
    ...(r.line === undefined ? {} : { line: r.line + shift }),
    issues: r.issues.map(shifted),
    ...(r.exemptions === undefined ? {} : { exemptions: r.exemptions.map((e) => ({ ...e, findings: e.findings.map(shifted) })) }),
  }));
}

/** The results of a full read, with the source position of every finding. */
export function fullResults(text: string, file: string, role: FileRole, options: ManifestCheckOptions): ResourceResult[] {
  const parsed = parseYamlStream(text, file);
  const results: ResourceResult[] = parsed.issues.map((issue) => syntaxErrorResult(file, issue));
  if (parsed.issues.length === 0 && notAManifest(parsed.documents, role, file)) return [notAManifestResult(file)];
  for (const doc of parsed.documents) {
    if (doc.value === null) {
      results.push({ file, line: doc.start.line, status: 'empty', issues: [] });
      continue;
    }
    if (role.patch !== undefined && isJsonPatchDocument(doc.value)) {
      results.push(jsonPatchResult(doc.value, doc.locate, file, doc.start.line, role.patch));
      continue;
    }
    if (role.patch === 'json6902') {
      const issue: Issue = { severity: 'error', rule: 'syntax', file, ...doc.start, documentLine: doc.start.line, message: 'a patchesJson6902 file holds a list of operations such as [{op: replace, path: /spec/replicas, value: 3}]' };
      results.push({ file, line: doc.start.line, status: 'error', issues: [issue] });
      continue;
    }
    const { resources, issues } = documentResources(doc, file, options.kubernetes);
    if (issues.length > 0) results.push({ file, line: doc.start.line, ...definedOnly(identityOf(doc.value)), status: statusOf(issues), issues });
    for (const resource of resources) results.push(judge(doc, resource, file, role, options));
  }
  return results.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** The verdict on one object: skipped by kind, skipped for want of a schema, or validated. */
function judge(doc: SourceDocument, resource: DocumentResource, file: string, role: FileRole, options: ManifestCheckOptions): ResourceResult {
  const id = identityOf(role.kustomizationFile && isMapping(resource.value) ? withKustomizeDefaults(resource.value) : resource.value);
  const result: ResourceResult = { file, line: resource.start.line, ...definedOnly(id), status: 'valid', issues: [] };
  if (id.kind !== undefined && (options.skipKinds.has(id.kind) || options.skipKinds.has(`${id.apiVersion}/${id.kind}`))) {
    return { ...result, status: 'skipped', reason: `--skip ${id.kind}` };
  }
  const { issues: found, exemptions, facts } = judgeResource(doc, resource, file, {
    registry: options.registry,
    kubernetes: options.kubernetes,
    partial: role.patch !== undefined,
    kustomizationFile: role.kustomizationFile,
    policies: options.policies,
    ...(role.listedPathKind === undefined ? {} : { listedPathKind: role.listedPathKind }),
    appSpec: options.appSpec,
  });
  if (options.ignoreMissingSchemas && found.length === 1 && found[0]!.rule === 'missing-schema') {
    return { ...result, status: 'skipped', reason: `no schema for ${id.apiVersion}/${id.kind} (--ignore-missing-schemas)` };
  }
  return {
    ...result,
    status: statusOf(found),
    issues: found.sort(byPosition),
    ...(exemptions.length > 0 ? { exemptions } : {}),
    ...(facts.length > 0 ? { facts } : {}),
  };
}

/**
 * A file found by walking a folder whose documents are all mappings with
 * nothing of a Kubernetes object (a CI workflow, a Helm values file) is no
 * manifest. A list or a scalar document is still an error: it is not what a
 * folder of manifests holds. Argo CD's parameter override files
 * (`.argocd-source.yaml`, `.argocd-source-<application>.yaml`, which Argo CD
 * Image Updater commits beside an overlay) are none either, even when named.
 */
function notAManifest(documents: readonly { value: unknown }[], role: FileRole, file: string): boolean {
  const argoCdOverride = ARGOCD_SOURCE.test(file.slice(file.lastIndexOf('/') + 1));
  if (!(role.discovered || argoCdOverride) || role.kustomizationFile || role.patch !== undefined) return false;
  const content = documents.filter((d) => d.value !== null);
  return content.length > 0 && content.every((d) => isMapping(d.value) && !looksLikeKubernetes(d));
}

const ARGOCD_SOURCE = /^\.argocd-source(?:-.+)?\.ya?ml$/;

function notAManifestResult(file: string): ResourceResult {
  const reason = ARGOCD_SOURCE.test(file.slice(file.lastIndexOf('/') + 1))
    ? "not a Kubernetes manifest: Argo CD's parameter override file"
    : 'not a Kubernetes manifest: no document has apiVersion, kind or metadata';
  return { file, line: 1, status: 'skipped', issues: [], reason };
}

/** A file (or a document of it) no YAML reader reads: its syntax error is all there is to say. */
function syntaxErrorResult(file: string, issue: Issue): ResourceResult {
  return { file, line: issue.line, status: 'error', issues: [issue] };
}

/** The status an object's findings give it. */
export function statusOf(issues: readonly Issue[]): ResourceStatus {
  if (issues.some((i) => i.severity === 'error' && ERROR_RULES.has(i.rule))) return 'error';
  return hasErrors(issues) ? 'invalid' : 'valid';
}

/** A file that could not be read or decoded at all. */
export function fileError(file: string, message: string): ResourceResult {
  return { file, line: 1, status: 'error', issues: [{ severity: 'error', rule: 'read', file, line: 1, column: 1, message }] };
}

/** A file not read (a named pipe found in a folder): skipped, with a warning, so the report says what it left out. */
export function fileSkipped(file: string, reason: string): ResourceResult {
  return { file, status: 'skipped', reason, issues: [{ severity: 'warning', rule: 'read', file, message: reason }] };
}

function looksLikeKubernetes(doc: { value: unknown }): boolean {
  const value = doc.value;
  return isMapping(value) && ('apiVersion' in value || 'kind' in value || 'metadata' in value);
}

function jsonPatchResult(
  operations: unknown[],
  locate: (path: readonly (string | number)[], at?: 'key' | 'value') => { line: number; column: number },
  file: string,
  line: number,
  format: PatchReference['format'],
): ResourceResult {
  if (format === 'strategic-merge') {
    const issue: Issue = { severity: 'error', rule: 'syntax', file, ...locate([]), documentLine: line, message: 'a patchesStrategicMerge file holds partial manifests (mappings), found a list' };
    return { file, line, status: 'error', issues: [issue] };
  }
  const issues: Issue[] = jsonPatchFindings(operations).map((f) => ({
    severity: 'error',
    rule: 'json-patch',
    file,
    ...locate(f.path, typeof f.path.at(-1) === 'string' && f.message.startsWith('unknown field') ? 'key' : 'value'),
    documentLine: line,
    path: formatPath(f.path),
    message: f.message,
  }));
  return { file, line, status: statusOf(issues), issues };
}

/** The fields of `value` that are defined, in their order (a loop: this runs for every document judged). */
function definedOnly<T extends object>(value: T): Partial<T> {
  const defined: Partial<T> = {};
  for (const key in value) if (value[key] !== undefined) defined[key] = value[key];
  return defined;
}
