import { checkAppSpec, type SpecSource } from '../appSpec/check.ts';
import { checkOrgConfig } from '../orgConfig/check.ts';
import { parseYamlStream, type Position, type SourceDocument } from '../yamlSource/parse.ts';
import { schemaIssues } from '../schemas/ajvIssues.ts';
import type { KubernetesTarget } from './apiLifecycle.ts';
import { apiVersionFinding } from './apiVersions.ts';
import { formatPath, POLICY_IDS, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { COMPONENT_API_VERSION, deprecatedKustomizationFields, inlinePatches, isKustomizationKind, KUSTOMIZATION_API_VERSION, kustomizationEntryProblems, missingListedPaths, type ListedPathKind } from './kustomization.ts';
import { isJsonPatchDocument, jsonPatchFindings } from './jsonPatch.ts';
import { applyExemptions, type Exemption } from './checks/exemptions.ts';
import { isObjectPolicy, type InputFact, type Policy } from './policies/policy.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import type { SchemaRegistry } from './registry.ts';

export interface DocumentCheckOptions {
  registry: SchemaRegistry;
  /**
   * The Kubernetes minor the objects are for: what it no longer or not yet
   * serves is an error, what it deprecates a warning, and the typed List
   * kinds of the API are read item by item. Without it, Kubernetes' own APIs
   * are judged by their schemas alone.
   */
  kubernetes?: KubernetesTarget;
  /**
   * The document is a patch: it only has to be well typed, since its required
   * fields come from the resource it patches.
   */
  partial?: boolean;
  /** The file is a kustomization file (kustomization.yaml): Kustomize fills in apiVersion and kind when left out. */
  kustomizationFile?: boolean;
  /** Policies to judge each schema-valid object with (none unless given). */
  policies?: readonly Policy[];
  /** For a kustomization on disk: what a path it lists is, so that one not there is an error (see missingListedPaths). */
  listedPathKind?: (path: string) => ListedPathKind | undefined;
  /**
   * How an app spec (a scaffold/v1alpha1 App) is judged: by render's spec check, as the caller
   * runs it (src/pipeline/specCheck.ts, which knows the repository's skeletons and config);
   * without it, by what the spec alone says.
   */
  appSpec?: AppSpecCheck;
}

/** A check of an app spec, given its value and where its fields are. */
export type AppSpecCheck = (value: unknown, source: SpecSource) => Issue[];

/** What a Kubernetes document says about itself, for issues and reports. */
export interface DocumentIdentity {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export function identityOf(value: unknown): DocumentIdentity {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const metadata = (v.metadata ?? {}) as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return { apiVersion: str(v.apiVersion), kind: str(v.kind), name: str(metadata.name), namespace: str(metadata.namespace) };
}

/** One Kubernetes object of a document: the document itself, or one item of a List. */
export interface DocumentResource {
  value: unknown;
  /** Where the object sits in its document: `[]`, or `['items', i]` for a List item. */
  at: PathSegment[];
  /** Where it starts in the source. */
  start: Position;
}

export interface ResourcesOfDocument {
  resources: DocumentResource[];
  /** Problems of a List wrapper itself (its fields), not of its items. */
  issues: Issue[];
}

const LIST_METADATA_FIELDS = ['resourceVersion', 'continue', 'selfLink', 'remainingItemCount'];

/**
 * The kind of the items of a List: any kind for `v1` `List` (as `kubectl get
 * -o yaml` writes), the one kind of a typed List the Kubernetes API serves
 * (`RoleList` holds `Role` objects) in any bundled minor; undefined for a
 * document that is no List.
 */
export function listItemsOf(value: unknown, kubernetes: KubernetesTarget | undefined): { apiVersion: string; kind: string } | 'any' | undefined {
  if (!isMapping(value) || typeof value['apiVersion'] !== 'string' || typeof value['kind'] !== 'string') return undefined;
  if (value['apiVersion'] === 'v1' && value['kind'] === 'List') return 'any';
  // Whichever minor serves it, a typed List holds its item kind; whether the target serves that kind is the items' finding.
  const item = kubernetes?.served.lists[`${value['apiVersion']}/${value['kind']}`]?.item;
  if (item === undefined) return undefined;
  const slash = item.lastIndexOf('/');
  return { apiVersion: item.slice(0, slash), kind: item.slice(slash + 1) };
}

/**
 * The objects a document holds: a List holds its items, each validated as an
 * object of its own (see listItemsOf); any other document is one object. An
 * empty document holds none. The items of a typed List may leave out
 * apiVersion and kind, as the API server writes them: they are its item kind.
 */
export function documentResources(doc: SourceDocument, file: string, kubernetes?: KubernetesTarget): ResourcesOfDocument {
  const value = doc.value;
  if (value === null) return { resources: [], issues: [] };
  const itemKind = listItemsOf(value, kubernetes);
  if (itemKind === undefined || !isMapping(value)) {
    return { resources: [{ value, at: [], start: doc.start }], issues: [] };
  }
  const listKind = value['kind'] as string;
  const base = { file, apiVersion: value['apiVersion'] as string, kind: listKind, documentLine: doc.start.line };
  const issues: Issue[] = [];
  const problem = (path: PathSegment[], message: string, at: 'key' | 'value' = 'value'): void => {
    issues.push({ ...base, severity: 'error', rule: 'schema', ...doc.locate(path, at), path: formatPath(path), message });
  };
  for (const field of Object.keys(value)) {
    if (!['apiVersion', 'kind', 'metadata', 'items'].includes(field)) problem([field], `unknown field "${field}" (a ${listKind} has apiVersion, kind, metadata and items)`, 'key');
  }
  const metadata = value['metadata'];
  if (isMapping(metadata)) {
    for (const field of Object.keys(metadata)) {
      if (!LIST_METADATA_FIELDS.includes(field)) problem(['metadata', field], `unknown field "${field}" (a ${listKind}'s metadata has ${LIST_METADATA_FIELDS.join(', ')})`, 'key');
    }
  } else if (metadata !== undefined && metadata !== null) {
    problem(['metadata'], 'expected object');
  }
  const items = value['items'];
  if (!Array.isArray(items)) {
    if (items !== undefined && items !== null) problem(['items'], 'expected array of Kubernetes objects');
    return { resources: [], issues };
  }
  const resources: DocumentResource[] = [];
  items.forEach((item: unknown, i) => {
    const at = ['items', i];
    if (itemKind === 'any' || !isMapping(item)) {
      resources.push({ value: item, at, start: doc.locate(at) });
      return;
    }
    const wrong = (['apiVersion', 'kind'] as const).find((field) => item[field] !== undefined && item[field] !== itemKind[field]);
    if (wrong !== undefined) {
      problem([...at, wrong], `a ${listKind} holds ${itemKind.apiVersion} ${itemKind.kind} objects, found ${wrong} ${JSON.stringify(item[wrong])}`);
      return;
    }
    resources.push({ value: { ...item, apiVersion: itemKind.apiVersion, kind: itemKind.kind }, at, start: doc.locate(at) });
  });
  return { resources, issues };
}

/** What judging one object found. */
export interface ResourceVerdict {
  issues: Issue[];
  /** The rules the object exempts itself from, each with the findings it kept from failing it. */
  exemptions: Exemption<Issue>[];
  /** What the object gives the policies across objects (see InputPolicy). */
  facts: InputFact[];
}

/**
 * Validates one object against the schema of its apiVersion/kind, then the
 * policies. Returns issues, never throws. Every issue carries the line where
 * the object starts (`documentLine`) besides the line of the finding.
 */
export function validateResource(doc: SourceDocument, resource: DocumentResource, file: string, options: DocumentCheckOptions): Issue[] {
  return judgeResource(doc, resource, file, options).issues;
}

/** validateResource, with the exemptions the object declares and the facts it gives the policies across objects. */
export function judgeResource(doc: SourceDocument, resource: DocumentResource, file: string, options: DocumentCheckOptions): ResourceVerdict {
  const judged = judgeObject(doc, resource, file, options);
  return 'verdict' in judged ? judged.verdict : { issues: judged, exemptions: [], facts: [] };
}

/** The issues of an object that stops short of the policies (it is not schema-valid, or none run); else the whole verdict. */
function judgeObject(doc: SourceDocument, resource: DocumentResource, file: string, options: DocumentCheckOptions): Issue[] | { verdict: ResourceVerdict } {
  const locate = (path: readonly PathSegment[], at?: 'key' | 'value') => doc.locate([...resource.at, ...path], at);
  const sourceOf = (path: readonly PathSegment[]) => doc.sourceOf?.([...resource.at, ...path]);
  const value = resource.value;
  if (!isMapping(value)) {
    const found = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    return [{
      severity: 'error',
      rule: 'syntax',
      file,
      ...resource.start,
      documentLine: resource.start.line,
      ...(resource.at.length > 0 ? { path: formatPath(resource.at) } : {}),
      message: `expected a Kubernetes object (a mapping with apiVersion and kind), found ${found}`,
    }];
  }
  const subject = options.kustomizationFile ? withKustomizeDefaults(value) : value;
  const id = identityOf(subject);
  const base = { file, apiVersion: id.apiVersion, kind: id.kind, name: id.name };
  // Paths of a List item's findings start at the item: items[2].spec.replicas.
  const issue = (finding: Issue): Issue => {
    const path = joinPaths(formatPath(resource.at), finding.path ?? '');
    return { ...finding, ...base, documentLine: resource.start.line, ...(path === '' ? {} : { path }) };
  };

  const missing = (['apiVersion', 'kind'] as const).filter((f) => id[f] === undefined);
  if (missing.length > 0) {
    const example = { apiVersion: 'such as v1 or apps/v1', kind: 'such as Deployment' };
    return missing.map((field) => {
      const given = subject[field];
      const message = given === undefined || given === null ? `missing required field "${field}" (${example[field]})` : `must be a string (${example[field]}), got ${Array.isArray(given) ? 'a list' : typeof given}`;
      return issue({ severity: 'error', rule: 'syntax', file, ...locate([field], given === undefined ? 'key' : 'value'), path: field, message });
    });
  }
  const apiVersion = id.apiVersion!;
  const kind = id.kind!;
  if (apiVersion === 'scaffold/v1alpha1' && kind === 'App') {
    // What render says of the same spec, as far as the caller knows its repository.
    const nonStringKeys = () =>
      (doc.nonStringKeys?.() ?? []).filter((k) => resource.at.every((segment, i) => k.path[i] === segment)).map((k) => ({ ...k, path: k.path.slice(resource.at.length) }));
    const source = { file, locate, sourceOf, nonStringKeys };
    return (options.appSpec ? options.appSpec(value, source) : checkAppSpec(value, { kubernetesVersions: options.kubernetes?.served.versions }, source)).map(issue);
  }
  if (apiVersion === 'scaffold/v1alpha1' && kind === 'Config') {
    return checkOrgConfig(value, { file, locate }, { kubernetesVersions: options.kubernetes?.served.versions }).map(issue);
  }

  const issues: Issue[] = [];
  const served = apiVersionFinding(apiVersion, kind, options.kubernetes);
  if (served !== undefined) {
    issues.push(issue({ ...served, file, ...locate(['apiVersion']), path: 'apiVersion' }));
    if (served.severity === 'error') return issues;
  }

  const validator = options.registry.lookup(apiVersion, kind);
  const unusable = validator ? undefined : options.registry.unusable(apiVersion, kind);
  if (unusable !== undefined) {
    return [issue({ severity: 'error', rule: 'input', file, ...resource.start, message: `the schema for ${apiVersion}/${kind} cannot be used: ${unusable}` })];
  }
  if (!validator) {
    const guess = options.registry.closestKind(apiVersion, kind);
    return [issue({
      severity: 'error',
      rule: 'missing-schema',
      file,
      ...resource.start,
      message: guess
        ? `no schema for ${apiVersion}/${kind} (did you mean ${guess}?)`
        : `no schema for ${apiVersion}/${kind}: import it (scaffold schemas import --crd FILE --out DIR) and pass --schemas DIR, or pass --ignore-missing-schemas`,
    })];
  }
  const kustomization = isKustomizationKind(apiVersion, kind);
  if (kustomization) {
    for (const finding of deprecatedKustomizationFields(subject)) {
      issues.push(issue({ severity: 'warning', rule: 'kustomization', file, ...locate(finding.path, 'key'), path: formatPath(finding.path), message: finding.message }));
    }
  }
  const document = options.partial ? withoutPatchDirectives(subject) : subject;
  const errors = validator(document);
  // A patch leaves required fields to its resource; an if/else a missing field fails says no more than its own errors do.
  const relevant = options.partial ? (errors ?? []).filter((e) => e.keyword !== 'required' && e.keyword !== 'if') : (errors ?? []);
  if (relevant.length > 0) {
    issues.push(...schemaIssues(relevant, { document, schema: () => validator.schema(), base, locate, sourceOf }).map(issue));
    return issues;
  }

  // What the schema cannot say, and the policies, judge only what the schema accepts: one defect, one finding.
  if (kustomization) {
    const missing = options.listedPathKind === undefined ? [] : missingListedPaths(subject, options.listedPathKind);
    for (const finding of [...kustomizationEntryProblems(subject), ...missing]) {
      issues.push(issue({ severity: 'error', rule: 'kustomization', file, ...locate(finding.path), path: formatPath(finding.path), message: finding.message }));
    }
    for (const patch of inlinePatches(subject)) issues.push(...inlinePatchIssues(doc, [...resource.at, ...patch.path], patch.text, file, options).map(issue));
  }
  const policies = options.policies ?? [];
  if (policies.length === 0) return issues;
  // A patch's merge directives ($patch: replace, $setElementOrder/...) are no fields: the policies see what it sets.
  const judged = { apiVersion, kind, value: document as Record<string, unknown>, partial: options.partial ?? false };
  const found: Issue[] = [];
  const facts: InputFact[] = [];
  for (const policy of policies) {
    if (!isObjectPolicy(policy)) {
      const fact = policy.gather(judged);
      if (fact !== undefined) facts.push(fact);
      continue;
    }
    for (const finding of policy.check(judged)) {
      found.push(issue({ severity: finding.severity ?? 'error', rule: policy.id, file, ...locate(finding.path), path: formatPath(finding.path), message: finding.message }));
    }
  }
  // Any rule may be exempted, also one turned off in this run: the annotation is right, not misspelt.
  const { kept, exemptions, problems } = applyExemptions(subject, found, POLICY_IDS);
  const annotationIssues = problems.map((problem) =>
    issue({ severity: problem.severity, rule: 'exemption', file, ...locate(problem.path, 'key'), path: formatPath(problem.path), message: problem.message }));
  return { verdict: { issues: [...issues, ...kept, ...annotationIssues], exemptions, facts } };
}

/**
 * Validates one parsed document: each object it holds (see documentResources).
 * An empty document is nothing to validate.
 */
export function validateDocument(doc: SourceDocument, file: string, options: DocumentCheckOptions): Issue[] {
  const { resources, issues } = documentResources(doc, file, options.kubernetes);
  return [...issues, ...resources.flatMap((resource) => validateResource(doc, resource, file, options))];
}

/**
 * An inline patch of a kustomization (`patch: |-`), validated as the patch
 * file it could have been: each document partial, a list as JSON 6902
 * operations. Findings are placed on their line inside the kustomization
 * when the patch is a literal block (`|`), else on the patch's first line.
 */
function inlinePatchIssues(doc: SourceDocument, at: PathSegment[], text: string, file: string, options: DocumentCheckOptions): Issue[] {
  const block = doc.literalBlockStart?.(at);
  const scalar = doc.locate(at);
  const place = (inner: { line?: number; column?: number }) =>
    block !== undefined && inner.line !== undefined
      ? { line: block.line + inner.line - 1, column: (inner.column ?? 1) + block.column - 1 }
      : { line: scalar.line, column: scalar.column };
  const parsed = parseYamlStream(text, file);
  const found: Issue[] = parsed.issues.map((i) => ({ ...i, ...place(i), path: formatPath(at), message: `in the patch: ${i.message}` }));
  for (const patchDoc of parsed.documents) {
    if (patchDoc.value === null) continue;
    if (isJsonPatchDocument(patchDoc.value)) {
      for (const f of jsonPatchFindings(patchDoc.value)) {
        found.push({ severity: 'error', rule: 'json-patch', file, ...place(patchDoc.locate(f.path)), path: formatPath(at), message: `${formatPath(f.path)}: ${f.message}` });
      }
      continue;
    }
    const { resources, issues } = documentResources(patchDoc, file, options.kubernetes);
    for (const inner of [...issues, ...resources.flatMap((r) => validateResource(patchDoc, r, file, { ...options, partial: true, kustomizationFile: false }))]) {
      const subject = inner.kind ? `${inner.kind}${inner.name ? `/${inner.name}` : ''} ` : '';
      found.push({ ...inner, ...place(inner), path: formatPath(at), message: `${subject}${inner.path ? `${inner.path}: ` : ''}${inner.message}` });
    }
  }
  return found;
}

function joinPaths(prefix: string, rest: string): string {
  if (prefix === '' || rest === '') return prefix + rest;
  return rest.startsWith('[') ? prefix + rest : `${prefix}.${rest}`;
}

/** Kustomize reads a kustomization without apiVersion or kind as a Kustomization (or, with kind Component, a Component). */
export function withKustomizeDefaults(value: Record<string, unknown>): Record<string, unknown> {
  if (value['kind'] !== undefined && value['apiVersion'] !== undefined) return value;
  const kind = value['kind'] ?? 'Kustomization';
  const apiVersion = value['apiVersion'] ?? (kind === 'Component' ? COMPONENT_API_VERSION : KUSTOMIZATION_API_VERSION);
  return { ...value, apiVersion, kind };
}

/**
 * A strategic merge patch may carry directives for the merge itself
 * (`$patch: delete`, `$setElementOrder/containers`, `$retainKeys`,
 * `$deleteFromPrimitiveList/args`); they are no fields of the resource.
 */
function withoutPatchDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPatchDirectives);
  if (!isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/')) continue;
    out[key] = withoutPatchDirectives(child);
  }
  return out;
}
