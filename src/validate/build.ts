/**
 * `validate --build`: the objects a kustomize build gives, judged as the
 * cluster will get them, and each finding placed in the file that set the
 * value, where that can be known. Kustomize stamps every object with where it
 * came from (config.kubernetes.io/origin: the file, or the kustomization
 * whose generator made it) and which kustomizations transformed it; a finding
 * goes to the last patch that set its field, else to the field in the file
 * the object came from, else to that object's first line. Patches are
 * matched to objects as Kustomize matches them (kind and name, the name
 * before any prefix or suffix), and list items by their merge keys.
 */
import path from 'node:path';
import { formatPath, parsePath, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import type { SourceDocument } from '../yamlSource/parse.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';
import { identityOf } from './documents.ts';
import type { ResourceResult } from './manifests.ts';
import { commonPrefix, patchedFields } from './patchedFields.ts';
import { mergeKeyOf } from './strategicMerge.ts';

const ORIGIN = 'config.kubernetes.io/origin';
const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';

export interface BuiltObject {
  /** The object without the annotations the build added. */
  value: Record<string, unknown>;
  /** Where it starts in the build's output. */
  line: number;
  /** The file it was read from (absolute); undefined for a generated or remote object. */
  source?: string;
  /** The kustomization (absolute) whose generator made it. */
  generatedIn?: string;
  /** The kustomizations (absolute) whose transformers ran on it, each once, in the order they ran. */
  transformedIn: string[];
}

/** The objects of a build's output; origin paths are relative to `originRoot`. */
export function readBuild(text: string, originRoot: string): { objects: BuiltObject[]; issues: Issue[] } {
  const { documents, issues } = readDocuments(text, 'build');
  const objects: BuiltObject[] = [];
  for (const { value, start } of documents) {
    if (!isMapping(value)) continue;
    const metadata = isMapping(value['metadata']) ? value['metadata'] : {};
    const annotations = isMapping(metadata['annotations']) ? metadata['annotations'] : {};
    const origin = annotationValue(annotations[ORIGIN]);
    const transformations = annotationValue(annotations[TRANSFORMATIONS]);
    const { [ORIGIN]: _origin, [TRANSFORMATIONS]: _transformations, ...kept } = annotations;
    const { annotations: _annotations, ...rest } = metadata;
    const cleaned = { ...value, metadata: Object.keys(kept).length > 0 ? { ...rest, annotations: kept } : rest };
    const resolve = (p: unknown) => (typeof p === 'string' && p !== '' ? path.resolve(originRoot, p) : undefined);
    const object: BuiltObject = { value: cleaned, line: start.line, transformedIn: [] };
    if (isMapping(origin) && origin['repo'] === undefined) {
      const source = resolve(origin['path']);
      const generatedIn = resolve(origin['configuredIn']);
      if (source !== undefined) object.source = source;
      else if (generatedIn !== undefined) object.generatedIn = generatedIn;
    }
    if (Array.isArray(transformations)) {
      for (const t of transformations) {
        const kustomization = isMapping(t) ? resolve(t['configuredIn']) : undefined;
        if (kustomization !== undefined && !object.transformedIn.includes(kustomization)) object.transformedIn.push(kustomization);
      }
    }
    objects.push(object);
  }
  return { objects, issues };
}

function annotationValue(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  return readDocuments(text, ORIGIN).documents[0]?.value;
}

/** The source files a build read, for the caller to read them: each with positions. */
export interface BuildSources {
  /** The documents of a file (absolute); undefined when it cannot be read. */
  documents(file: string): readonly SourceDocument[] | undefined;
  /** The files a kustomization (absolute) applies as strategic merge patches, absolute, in its order. */
  patchFiles(kustomization: string): readonly string[];
  /** A file as reports show it. */
  display(file: string): string;
}

interface Place {
  file: string;
  doc?: SourceDocument;
  at: PathSegment[];
}

interface PatchDocument {
  file: string;
  doc: SourceDocument;
}

/**
 * A result on a built object, placed in the sources: the object at the file it
 * came from, each finding where its value was set. `build` names the build
 * (its folder as shown) and `root` is its kustomization file, where an object
 * of no known file is placed.
 */
export function placeBuildResult(result: ResourceResult, object: BuiltObject, build: string, root: string, sources: BuildSources): ResourceResult {
  const { kind, name } = identityOf(object.value);
  const originFile = object.source ?? object.generatedIn;
  const originDoc = object.source !== undefined
    ? findDocument(sources.documents(object.source), kind, name)
    : object.generatedIn !== undefined ? sources.documents(object.generatedIn)?.[0] : undefined;
  // A patch names the object as it was named where the patch applies: in the file it came from, or as built.
  const names = new Set([name, identityOf(originDoc?.value).name].filter((n) => n !== undefined));
  const patches: PatchDocument[] = object.transformedIn.flatMap((kustomization) =>
    sources.patchFiles(kustomization).flatMap((file) => (sources.documents(file) ?? []).filter((doc) => matchesPatch(doc.value, kind, names)).map((doc) => ({ file, doc }))),
  );
  const origin: Place = { file: originFile ?? root, ...(originDoc === undefined ? {} : { doc: originDoc }), at: [] };
  const place = (issue: Issue): Issue => {
    const found = placeFinding(parsePath(issue.path ?? ''), object.value, origin, patches);
    const where = found.place.doc === undefined ? {} : { ...found.place.doc.locate(found.place.at), documentLine: found.place.doc.start.line };
    const { line: _line, column: _column, documentLine: _documentLine, ...rest } = issue;
    const note = found.related === undefined ? '' : `; ${sources.display(found.related.file)} sets ${formatPath(found.related.at)}`;
    return { ...rest, file: sources.display(found.place.file), ...where, message: `${issue.message} (in the build of ${build}${note})` };
  };
  const { line: _line, ...rest } = result;
  return {
    ...rest,
    file: sources.display(origin.file),
    ...(originDoc === undefined ? {} : { line: originDoc.start.line }),
    issues: result.issues.map(place),
    ...(result.exemptions === undefined ? {} : { exemptions: result.exemptions.map((e) => ({ ...e, findings: e.findings.map(place) })) }),
  };
}

/**
 * Where a finding at `path` of the built object was set: the last patch that
 * set the field (or a field holding it); else the file the object came from,
 * at that field; else the last patch that set something inside it (a
 * container it added); else the object's file. `related` is a patch worth
 * naming beside a finding placed in the object's file (see relatedPatch).
 */
function placeFinding(at: PathSegment[], built: unknown, origin: Place, patches: readonly PatchDocument[]): { place: Place; related?: Place } {
  const latestFirst = [...patches].reverse();
  const fieldsOf = new Map(latestFirst.map((p) => [p, patchedFields(p.doc.value, built)]));
  for (const patch of latestFirst) {
    const set = fieldsOf.get(patch)!.find((f) => f.inResult.length > 0 && commonPrefix(f.inResult, at) === f.inResult.length);
    if (set !== undefined) return { place: { file: patch.file, doc: patch.doc, at: [...set.inPatch, ...at.slice(set.inResult.length)] } };
  }
  const inOrigin = origin.doc === undefined ? undefined : sourcePath(at, built, origin.doc.value);
  const related = relatedPatch(at, latestFirst, fieldsOf);
  if (inOrigin?.complete) return { place: { ...origin, at: inOrigin.path }, ...(related === undefined ? {} : { related }) };
  for (const patch of latestFirst) {
    const inside = fieldsOf.get(patch)!.find((f) => commonPrefix(f.inResult, at) === at.length);
    if (inside !== undefined) return { place: { file: patch.file, doc: patch.doc, at: inside.inPatch.slice(0, at.length) } };
  }
  return { place: { ...origin, at: inOrigin?.path ?? [] }, ...(related === undefined ? {} : { related }) };
}

/**
 * The last patch that set something inside the finding's field, or a field
 * beside it (limits.cpu for a finding on requests.cpu): worth naming with a
 * finding placed where the value itself was set.
 */
function relatedPatch(at: readonly PathSegment[], latestFirst: readonly PatchDocument[], fieldsOf: ReadonlyMap<PatchDocument, ReturnType<typeof patchedFields>>): Place | undefined {
  for (const patch of latestFirst) {
    const field = fieldsOf.get(patch)!.find((f) => {
      const shared = commonPrefix(f.inResult, at);
      return shared === at.length || (f.inResult.length === at.length && at.length >= 4 && shared >= at.length - 2);
    });
    if (field !== undefined) return { file: patch.file, doc: patch.doc, at: field.inPatch };
  }
  return undefined;
}

/**
 * A path of the built object in a source document: list items found by their
 * merge key (a container by name), others by position. `complete` when the
 * source holds the whole path.
 */
function sourcePath(at: readonly PathSegment[], built: unknown, source: unknown): { path: PathSegment[]; complete: boolean } {
  const out: PathSegment[] = [];
  let b = built;
  let s = source;
  let field: string | undefined;
  for (const segment of at) {
    if (typeof segment === 'number') {
      if (!Array.isArray(b) || !Array.isArray(s)) return { path: out, complete: false };
      const item: unknown = b[segment];
      const key = mergeKeyOf(field, item);
      const index = key === undefined ? segment : s.findIndex((x) => isMapping(x) && x[key] === (item as Record<string, unknown>)[key]);
      if (index < 0 || index >= s.length) return { path: out, complete: false };
      out.push(index);
      b = item;
      s = s[index];
    } else {
      if (!isMapping(b) || !isMapping(s) || !(segment in s)) return { path: out, complete: false };
      out.push(segment);
      field = segment;
      b = b[segment];
      s = s[segment];
    }
  }
  return { path: out, complete: true };
}

/** A file's document for a built object: of its kind, with the name it had before a prefix or suffix (the longest such). */
function findDocument(documents: readonly SourceDocument[] | undefined, kind: string | undefined, name: string | undefined): SourceDocument | undefined {
  const sameKind = (documents ?? []).filter((d) => identityOf(d.value).kind === kind);
  const named = sameKind
    .filter((d) => name !== undefined && name.includes(identityOf(d.value).name ?? '\u0000'))
    .sort((a, b) => (identityOf(b.value).name ?? '').length - (identityOf(a.value).name ?? '').length);
  return named[0] ?? (sameKind.length === 1 ? sameKind[0] : undefined);
}

function matchesPatch(value: unknown, kind: string | undefined, names: ReadonlySet<string>): boolean {
  const id = identityOf(value);
  return isMapping(value) && id.kind === kind && id.name !== undefined && names.has(id.name);
}
