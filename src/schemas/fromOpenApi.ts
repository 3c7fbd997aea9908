/**
 * A Kubernetes OpenAPI v2 document (what `kubectl get --raw /openapi/v2`
 * prints) as strict schemas. Its `definitions` already are the converter's
 * input: named as the API server names them, each kind marked with
 * x-kubernetes-group-version-kind, so this only checks the document's shape
 * and picks the kinds that are manifests.
 */
import { patternProblems } from './compiler.ts';
import { converted, SchemaInputError, toStrictSchemas, type Definition, type GroupVersionKind, type SchemaConversion } from './strict.ts';
import { isMapping } from '../yamlSource/mapping.ts';

/** List kinds are API responses, never manifests, so they get no schema. */
export function isManifestKind(gvk: GroupVersionKind): boolean {
  return !gvk.kind.endsWith('List');
}

/**
 * apimachinery's own kinds (Status, DeleteOptions, WatchEvent, APIGroup...)
 * are request and response envelopes, not manifests; DeleteOptions and
 * WatchEvent alone claim a kind in every group version.
 */
const API_ENVELOPES = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

/** One strict schema per manifest kind of the document, sorted by apiVersion then kind; or why the document has none. */
export function schemasFromOpenApi(document: unknown): SchemaConversion {
  const conversion = converted(() => {
    const definitions = openApiDefinitions(document);
    const kinds: Record<string, Definition> = {};
    for (const [name, definition] of Object.entries(definitions)) {
      kinds[name] = name.startsWith(API_ENVELOPES) ? withoutKinds(definition) : definition;
    }
    const schemas = toStrictSchemas(kinds, isManifestKind);
    if (schemas.length === 0) throw new SchemaInputError('no kinds in it: no definition carries x-kubernetes-group-version-kind');
    return schemas;
  });
  if ('problems' in conversion) return conversion;
  const definitions = Object.entries((document as { definitions: Record<string, Definition> }).definitions);
  const badPatterns = definitions.flatMap(([name, definition]) => patternProblems(definition, ['definitions', name]));
  return badPatterns.length > 0 ? { problems: badPatterns } : conversion;
}

function openApiDefinitions(document: unknown): Record<string, Definition> {
  if (!isMapping(document)) throw new SchemaInputError('not an OpenAPI v2 document: expected a JSON object');
  if (typeof document['openapi'] === 'string') {
    throw new SchemaInputError(`an OpenAPI ${document['openapi']} document; scaffold reads OpenAPI v2, as printed by \`kubectl get --raw /openapi/v2\``);
  }
  if (document['kind'] === 'CustomResourceDefinition') throw new SchemaInputError('a CustomResourceDefinition, not an OpenAPI document: import it with --crd');
  if (document['swagger'] !== '2.0' || !isMapping(document['definitions'])) {
    throw new SchemaInputError('not an OpenAPI v2 document: expected "swagger": "2.0" and a "definitions" object, as printed by `kubectl get --raw /openapi/v2`');
  }
  const definitions = document['definitions'];
  for (const [name, definition] of Object.entries(definitions)) {
    if (!isMapping(definition)) throw new SchemaInputError(`definitions["${name}"] is not an object`);
    const gvks = definition['x-kubernetes-group-version-kind'];
    if (gvks === undefined) continue;
    if (!Array.isArray(gvks) || !gvks.every(isGroupVersionKind)) {
      throw new SchemaInputError(`definitions["${name}"]: x-kubernetes-group-version-kind must be a list of {group, version, kind} strings`);
    }
  }
  return definitions as Record<string, Definition>;
}

function withoutKinds(definition: Definition): Definition {
  const copy = { ...definition };
  delete copy['x-kubernetes-group-version-kind'];
  return copy;
}

function isGroupVersionKind(value: unknown): value is GroupVersionKind {
  return isMapping(value) && typeof value['group'] === 'string' && typeof value['version'] === 'string' && typeof value['kind'] === 'string' && value['kind'] !== '';
}
