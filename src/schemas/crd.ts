/**
 * CustomResourceDefinitions as strict schemas: each served version's
 * openAPIV3Schema becomes one definition carrying its group/version/kind,
 * converted like any other.
 */
import { patternProblems } from './compiler.ts';
import { jsonPath, schemaProblems, type SourceProblem } from './definitionShape.ts';
import { converted, nullable, SchemaInputError, toStrictSchemas, type ConversionProblem, type Definition, type JsonSchema, type SchemaConversion, type StrictSchema } from './strict.ts';
import { isMapping } from '../yamlSource/mapping.ts';

interface CustomResourceDefinition {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
  spec?: {
    group?: unknown;
    names?: { kind?: unknown };
    versions?: { name?: unknown; served?: unknown; schema?: { openAPIV3Schema?: unknown } }[];
  };
}

export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const DEFINITION_PREFIX = '#/definitions/';

/** The CRDs a parsed document holds: itself, or the CRDs among the items of a List (what `kubectl get crd -o yaml` prints). */
export function customResourceDefinitionsIn(value: unknown): unknown[] {
  if (!isMapping(value)) return [];
  if (value['kind'] === 'CustomResourceDefinition') return [value];
  const items = value['items'];
  if (typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(items)) {
    return items.filter((item) => isMapping(item) && item['kind'] === 'CustomResourceDefinition');
  }
  return [];
}

/**
 * Definitions named `<group>.<version>.<Kind>`, for the versions that are
 * served and have a schema. Throws a SchemaInputError when the document is not a CRD.
 */
export function definitionsFromCrd(document: unknown): Record<string, Definition> {
  const spec = (document as CustomResourceDefinition | null)?.spec;
  const group = spec?.group;
  const kind = spec?.names?.kind;
  if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec?.versions)) {
    throw new SchemaInputError('not a CustomResourceDefinition: spec.group, spec.names.kind or spec.versions is missing');
  }
  const out: Record<string, Definition> = {};
  for (const version of spec.versions) {
    const schema = version?.schema?.openAPIV3Schema;
    if (typeof version?.name !== 'string' || version.served === false || !isMapping(schema)) continue;
    out[`${group}.${version.name}.${kind}`] = {
      ...rootWithEmptyObjectsClosed(schema as Definition),
      'x-kubernetes-group-version-kind': [{ group, version: version.name, kind }],
    };
  }
  return out;
}

/** The API server treats the root's `metadata` as ObjectMeta whatever the schema says, so it is left as it is. */
function rootWithEmptyObjectsClosed(root: Definition): Definition {
  const out = withEmptyObjectsClosed(root);
  if (root.properties?.['metadata'] !== undefined) out.properties!['metadata'] = root.properties['metadata'];
  return out;
}

/**
 * In a CRD, an object schema without properties, additionalProperties or
 * x-kubernetes-preserve-unknown-fields has no fields: the API server prunes
 * any it is sent, or rejects them under strict field validation (kubectl's
 * default). In OpenAPI v2 the same bare object means any fields, so give it
 * an empty list of properties, which the converter closes. Combinator
 * branches only constrain, and an embedded resource keeps its own metadata.
 */
function withEmptyObjectsClosed(node: Definition): Definition {
  const out: Definition = { ...node };
  if (node.properties !== undefined) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, child]) => [name, withEmptyObjectsClosed(child)]));
  }
  if (typeof node.additionalProperties === 'object') out.additionalProperties = withEmptyObjectsClosed(node.additionalProperties);
  if (node.items !== undefined) out.items = withEmptyObjectsClosed(node.items);
  const bare =
    node.type === 'object' &&
    node.properties === undefined &&
    node.additionalProperties === undefined &&
    node['x-kubernetes-preserve-unknown-fields'] !== true &&
    node['x-kubernetes-embedded-resource'] !== true;
  if (bare) out.properties = {};
  return out;
}

/**
 * One strict schema per served version of a CRD. `metadata` is checked as
 * the API server checks it for every kind, as `objectMeta` (see
 * objectMetaDefinitions), whatever the CRD says of it: CRDs leave it a bare
 * object. For a document that is not a usable CRD, the problem.
 */
export function schemasFromCrd(document: unknown, objectMeta: Readonly<Record<string, JsonSchema>>): SchemaConversion {
  const shape = schemaShapeProblems(document as CustomResourceDefinition);
  if (shape.length > 0) return { problems: shape };
  const conversion = converted(() => strictSchemasOfCrd(document, objectMeta));
  if ('problems' in conversion) return conversion;
  const badPatterns = invalidPatterns(document as CustomResourceDefinition);
  return badPatterns.length > 0 ? { problems: badPatterns } : conversion;
}

/**
 * What the schema of any version, served or not, holds that the converter
 * cannot read (`enum: 5`, `required: 7`): the API server refuses such a CRD
 * whole. A CRD's schema is written out in full; it has no `$ref`.
 */
function schemaShapeProblems(crd: CustomResourceDefinition): SourceProblem[] {
  const versions: unknown = crd.spec?.versions;
  if (!Array.isArray(versions)) return [];
  const problems: SourceProblem[] = [];
  const noRef = (_: string, where: string) => problems.push({ path: where, message: "a CustomResourceDefinition's schema cannot use $ref (the API server refuses it): write the schema out in place" });
  versions.forEach((version: unknown, i) => {
    const at = jsonPath(jsonPath('spec.versions', i), 'schema');
    if (!isMapping(version) || version['schema'] === undefined) return;
    if (!isMapping(version['schema'])) problems.push({ path: at, message: 'expected an object holding openAPIV3Schema' });
    else if (version['schema']['openAPIV3Schema'] !== undefined) schemaProblems(version['schema']['openAPIV3Schema'], jsonPath(at, 'openAPIV3Schema'), noRef, problems);
  });
  return problems;
}

/** Patterns the API server would refuse the CRD for, in any version, served or not. */
function invalidPatterns(crd: CustomResourceDefinition): ConversionProblem[] {
  return (crd.spec?.versions ?? []).flatMap((version, i) => patternProblems(version?.schema?.openAPIV3Schema, ['spec', 'versions', i, 'schema', 'openAPIV3Schema']));
}

function strictSchemasOfCrd(document: unknown, objectMeta: Readonly<Record<string, JsonSchema>>): StrictSchema[] {
  const crd = document as CustomResourceDefinition;
  if (crd.apiVersion === 'apiextensions.k8s.io/v1beta1') {
    throw new SchemaInputError('apiextensions.k8s.io/v1beta1 CRDs are not supported (Kubernetes 1.22 removed them): use the apiextensions.k8s.io/v1 CRD your cluster serves (kubectl get crd NAME -o yaml)');
  }
  const definitions = definitionsFromCrd(document);
  if (Object.keys(definitions).length === 0) {
    throw new SchemaInputError('no served version with a schema: every spec.versions[] entry is served: false or has no schema.openAPIV3Schema');
  }
  return toStrictSchemas(definitions).map(({ gvk, schema }) => ({ gvk, schema: withObjectMeta(schema, objectMeta) }));
}

/**
 * ObjectMeta's strict definition and every definition it references, from a
 * strict schema that has them (any built-in Kubernetes kind's).
 */
export function objectMetaDefinitions(schema: JsonSchema): Record<string, JsonSchema> {
  const available = (schema['definitions'] ?? {}) as Record<string, JsonSchema>;
  if (available[OBJECT_META] === undefined) throw new Error(`the schema has no ${OBJECT_META} definition`);
  const out: Record<string, JsonSchema> = {};
  const pending = [OBJECT_META];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name in out) continue;
    const definition = available[name];
    if (definition === undefined) throw new Error(`the schema has no ${name} definition`);
    out[name] = definition;
    pending.push(...referencedDefinitions(definition));
  }
  return out;
}

function withObjectMeta(schema: JsonSchema, objectMeta: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const ref = { $ref: `${DEFINITION_PREFIX}${OBJECT_META}` };
  const required = (schema['required'] ?? []) as string[];
  return {
    ...schema,
    definitions: { ...(schema['definitions'] as Record<string, JsonSchema> | undefined), ...objectMeta },
    properties: { ...(schema['properties'] as Record<string, JsonSchema>), metadata: required.includes('metadata') ? ref : nullable(ref) },
  };
}

function referencedDefinitions(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencedDefinitions);
  if (!isMapping(node)) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' && value.startsWith(DEFINITION_PREFIX)
      ? [value.slice(DEFINITION_PREFIX.length)]
      : referencedDefinitions(value),
  );
}
