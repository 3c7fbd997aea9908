/**
 * A Kubernetes OpenAPI v2 document (what `kubectl get --raw /openapi/v2`
 * prints) as strict schemas. Its `definitions` already are the converter's
 * input: named as the API server names them, each kind marked with
 * x-kubernetes-group-version-kind, so this only checks the document's shape
 * (every definition's, as definitionShape.ts checks the built-in ones) and
 * picks the kinds that are manifests.
 */
import { patternProblems } from './compiler.ts';
import { definitionsProblems } from './definitionShape.ts';
import { converted, SchemaInputError, toStrictSchemas, type ConversionProblem, type Definition, type GroupVersionKind, type SchemaConversion } from './strict.ts';
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
  const read = openApiDefinitions(document);
  if ('problems' in read) return read;
  const { definitions } = read;
  const conversion = converted(() => {
    const kinds: Record<string, Definition> = {};
    for (const [name, definition] of Object.entries(definitions)) {
      kinds[name] = name.startsWith(API_ENVELOPES) ? withoutKinds(definition) : definition;
    }
    const schemas = toStrictSchemas(kinds, isManifestKind);
    if (schemas.length === 0) throw new SchemaInputError('no kinds in it: no definition carries x-kubernetes-group-version-kind');
    return schemas;
  });
  if ('problems' in conversion) return conversion;
  const badPatterns = Object.entries(definitions).flatMap(([name, definition]) => patternProblems(definition, ['definitions', name]));
  return badPatterns.length > 0 ? { problems: badPatterns } : conversion;
}

/** The document's definitions, once the document and every definition in it have the shape the converter reads. */
function openApiDefinitions(document: unknown): { definitions: Record<string, Definition> } | { problems: ConversionProblem[] } {
  const problem = (message: string) => ({ problems: [{ message }] });
  if (!isMapping(document)) return problem('not an OpenAPI v2 document: expected a JSON object');
  if (typeof document['openapi'] === 'string') {
    return problem(`an OpenAPI ${document['openapi']} document; scaffold reads OpenAPI v2, as printed by \`kubectl get --raw /openapi/v2\``);
  }
  if (document['kind'] === 'CustomResourceDefinition') return problem('a CustomResourceDefinition, not an OpenAPI document: import it with --crd');
  if (document['swagger'] !== '2.0' || !isMapping(document['definitions'])) {
    return problem('not an OpenAPI v2 document: expected "swagger": "2.0" and a "definitions" object, as printed by `kubectl get --raw /openapi/v2`');
  }
  const problems = definitionsProblems(document['definitions'], 'definitions');
  return problems.length > 0 ? { problems } : { definitions: document['definitions'] as Record<string, Definition> };
}

function withoutKinds(definition: Definition): Definition {
  const copy = { ...definition };
  delete copy['x-kubernetes-group-version-kind'];
  return copy;
}
