/**
 * The built-in API of one Kubernetes version, from its official OpenAPI
 * documents: one OpenAPI v2 document (`/openapi/v2`), or the OpenAPI v3
 * documents of each group-version (`/openapi/v3/apis/<group>/<version>`).
 * The result is a strict schema for every kind the API serves (List kinds
 * aside) and the table of what it serves; bad input comes back as problems,
 * each naming its document and the JSON path in it, never as an exception.
 */
import { isMapping } from '../yamlSource/mapping.ts';
import { definitionsProblems, type SourceProblem } from './definitionShape.ts';
import { v2Node, V3_REF_PREFIX } from './openApiV3.ts';
import { byGvk, gvkKey, servedKinds } from './servedKinds.ts';
import { stableStringify, toStrictSchemas, type Definition, type GroupVersionKind, type StrictSchema } from './strict.ts';

/** One parsed input document and the name (a file path) its problems are reported against. */
export interface NamedDocument {
  name: string;
  document: unknown;
}

export interface DocumentProblem extends SourceProblem {
  document: string;
}

export interface ServedApi {
  /** Every kind with an operation (typed Lists and connect-only option kinds aside), sorted by apiVersion then kind. */
  kinds: GroupVersionKind[];
  /** Typed List kinds the API answers `list` with, and the kind of their items. */
  lists: { list: GroupVersionKind; item: GroupVersionKind }[];
  /** Kinds whose own description says they are deprecated, and what it says. */
  deprecations: { gvk: GroupVersionKind; note: string }[];
}

export interface KubernetesApi {
  /** One schema per kind of `served.kinds`, same order. */
  schemas: StrictSchema[];
  served: ServedApi;
  problems: DocumentProblem[];
}

interface ReadDocument {
  definitions: Record<string, Definition>;
  paths: unknown;
  /** Where the paths are, for problems. */
  pathsAt: string;
}

/** Reads every document (v2 or v3, told apart by their `swagger`/`openapi` field) and converts what they serve. */
export function kubernetesApiFromOpenApi(documents: readonly NamedDocument[]): KubernetesApi {
  const problems: DocumentProblem[] = [];
  const report = (document: string) => (p: SourceProblem) => problems.push({ document, ...p });
  const read: { name: string; doc: ReadDocument }[] = [];
  for (const { name, document } of documents) {
    const result = readOpenApi(document);
    result.problems.forEach(report(name));
    if (result.doc !== undefined && result.problems.length === 0) read.push({ name, doc: result.doc });
  }
  if (problems.length > 0) return { schemas: [], served: { kinds: [], lists: [], deprecations: [] }, problems };

  // A kind is converted from every document that serves it (a subresource's kind, such as Scale,
  // is served from several); they must agree.
  const schemas = new Map<string, { schema: StrictSchema; text: string; from: string }>();
  const lists = new Map<string, ServedApi['lists'][number]>();
  const deprecations = new Map<string, ServedApi['deprecations'][number]>();
  for (const { name, doc } of read) {
    const served = servedKinds(doc.paths, doc.definitions, doc.pathsAt);
    served.problems.forEach(report(name));
    for (const entry of served.lists) lists.set(gvkKey(entry.list), entry);
    const wanted = new Set(served.kinds.map(gvkKey));
    const converted = toStrictSchemas(doc.definitions, (gvk) => wanted.has(gvkKey(gvk)));
    const found = new Set<string>();
    for (const schema of converted) {
      const key = gvkKey(schema.gvk);
      if (found.has(key)) {
        problems.push({ document: name, path: 'definitions', message: `two definitions claim the kind ${key}` });
        continue;
      }
      found.add(key);
      const text = stableStringify(schema.schema);
      const earlier = schemas.get(key);
      if (earlier === undefined) schemas.set(key, { schema, text, from: name });
      else if (earlier.text !== text) problems.push({ document: name, path: 'definitions', message: `${key} differs from its definition in ${earlier.from}` });
    }
    for (const gvk of served.kinds) {
      const key = gvkKey(gvk);
      if (!found.has(key)) problems.push({ document: name, path: doc.pathsAt, message: `${key} is served but no definition carries its x-kubernetes-group-version-kind` });
    }
    for (const definition of Object.values(doc.definitions)) {
      const note = deprecationNote(definition.description);
      if (note === undefined) continue;
      for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
        if (wanted.has(gvkKey(gvk))) deprecations.set(gvkKey(gvk), { gvk: { ...gvk }, note });
      }
    }
  }
  const ordered = [...schemas.values()].map((s) => s.schema).sort((a, b) => byGvk(a.gvk, b.gvk));
  return {
    schemas: ordered,
    served: {
      kinds: ordered.map((s) => s.gvk),
      lists: [...lists.values()].sort((a, b) => byGvk(a.list, b.list)),
      deprecations: [...deprecations.values()].sort((a, b) => byGvk(a.gvk, b.gvk)),
    },
    problems,
  };
}

function readOpenApi(document: unknown): { doc?: ReadDocument; problems: SourceProblem[] } {
  if (!isMapping(document)) return { problems: [{ path: '', message: 'expected an OpenAPI document (a JSON object)' }] };
  if (document['swagger'] === '2.0') {
    const definitions = document['definitions'];
    if (!isMapping(definitions)) return { problems: [{ path: 'definitions', message: 'expected an object of definitions' }] };
    const problems = definitionsProblems(definitions, 'definitions');
    return problems.length > 0 ? { problems } : { doc: { definitions: definitions as Record<string, Definition>, paths: document['paths'], pathsAt: 'paths' }, problems };
  }
  if (typeof document['openapi'] === 'string' && document['openapi'].startsWith('3.')) {
    const schemas = isMapping(document['components']) ? document['components']['schemas'] : undefined;
    if (!isMapping(schemas)) return { problems: [{ path: 'components.schemas', message: 'expected an object of schemas' }] };
    const problems = definitionsProblems(schemas, 'components.schemas', V3_REF_PREFIX);
    if (problems.length > 0) return { problems };
    const definitions = Object.fromEntries(Object.entries(schemas as Record<string, Definition>).map(([name, node]) => [name, v2Node(node)]));
    return { doc: { definitions, paths: document['paths'], pathsAt: 'paths' }, problems };
  }
  return { problems: [{ path: '', message: 'expected "swagger": "2.0" (OpenAPI v2, as `kubectl get --raw /openapi/v2` prints) or "openapi": "3.x" (as `kubectl get --raw /openapi/v3/apis/<group>/<version>` prints)' }] };
}

/**
 * The sentence on from "Deprecated" in a kind's description, where the API
 * marks a deprecated kind (`Deprecated: This API is deprecated in v1.33+.
 * Use discoveryv1.EndpointSlice.`); the paragraph it ends.
 */
export function deprecationNote(description: unknown): string | undefined {
  if (typeof description !== 'string') return undefined;
  for (const paragraph of description.split('\n\n')) {
    const at = paragraph.search(/\bDeprecated\b/);
    if (at >= 0) return paragraph.slice(at).trim();
  }
  return undefined;
}
