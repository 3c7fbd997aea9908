/**
 * Kubernetes definitions from the `kubernetes-types` package (the built-in
 * API of one Kubernetes version), completed from `@kubernetes/client-node`'s
 * models generated from the same Kubernetes version (1.0.0-rc7: v1.30.1):
 * - the number and byte formats the TypeScript types lost;
 * - the fields kubernetes-types 1.30.0 leaves out (the `x-kubernetes-*`
 *   fields of JSONSchemaProps, `resources`/`scope` of admission rules,
 *   `resources`/`verbs` of ResourceRule), with their type and required-ness.
 */
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import path from 'node:path';
import type { Definition } from '../../src/schemas/strict.ts';
import { DeclarationReader, type DeclarationId, type TypeHooks } from './declarations.ts';

const require = createRequire(import.meta.url);

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const APIEXTENSIONS = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Package module path → official definition prefix, where it is not `io.k8s.api.<group>.<version>`. */
const MODULE_PREFIXES: Record<string, string> = {
  'meta/v1': META,
  'apiextensions/v1': APIEXTENSIONS,
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  version: 'io.k8s.apimachinery.pkg.version',
};

/**
 * Type aliases and union types, published by the API as definitions of their
 * own, in the form the official OpenAPI v2 document gives them. TypeScript
 * says only `string` (or a union) for these.
 */
const ALIASES: Record<string, { name: string; definition: Definition }> = {
  'api/resource#Quantity': { name: QUANTITY, definition: { type: 'string' } },
  'meta/v1#Time': { name: `${META}.Time`, definition: { format: 'date-time', type: 'string' } },
  'meta/v1#MicroTime': { name: `${META}.MicroTime`, definition: { format: 'date-time', type: 'string' } },
  // The official schema leaves these unconstrained (OpenAPI v2 cannot say "schema or bool"); stay identical to it.
  'apiextensions/v1#JSONSchemaPropsOrArray': { name: `${APIEXTENSIONS}.JSONSchemaPropsOrArray`, definition: {} },
  'apiextensions/v1#JSONSchemaPropsOrBool': { name: `${APIEXTENSIONS}.JSONSchemaPropsOrBool`, definition: {} },
  'apiextensions/v1#JSONSchemaPropsOrStringArray': {
    name: `${APIEXTENSIONS}.JSONSchemaPropsOrStringArray`,
    definition: {},
  },
};

/**
 * Empty interfaces are `type: object` (RawExtension, FieldsV1, ...), except
 * `JSON`, which its own documentation defines as any JSON value.
 */
const ANY_VALUE = `${APIEXTENSIONS}.JSON`;

function kubernetesTypesDir(): string {
  return path.dirname(require.resolve('kubernetes-types/package.json'));
}

export function kubernetesTypesVersion(): string {
  return (require('kubernetes-types/package.json') as { version: string }).version;
}

function definitionNameOf(id: DeclarationId): string | undefined {
  const prefix = MODULE_PREFIXES[id.module];
  if (prefix !== undefined) return `${prefix}.${id.name}`;
  if (/^[a-z]+\/v[0-9]+((alpha|beta)[0-9]+)?$/.test(id.module)) {
    return `io.k8s.api.${id.module.replace('/', '.')}.${id.name}`;
  }
  return undefined;
}

/** All definitions of the installed kubernetes-types, keyed by official name. */
export function readKubernetesTypes(): Record<string, Definition> {
  const root = kubernetesTypesDir();
  const reader = new DeclarationReader(root, declarationFiles(root));
  const models = new ClientNodeModels();
  const definitions = reader.definitions(kubernetesHooks(models));
  for (const { name, definition } of Object.values(ALIASES)) definitions[name] = definition;
  definitions[INT_OR_STRING] = { format: 'int-or-string', type: 'string' };
  definitions[ANY_VALUE] = {};
  models.assertAllFound();
  addMissingFields(definitions, models);
  return definitions;
}

/** Adds the fields client-node models for a definition but kubernetes-types does not declare. */
function addMissingFields(definitions: Record<string, Definition>, models: ClientNodeModels): void {
  const byModel = new Map<string, string>();
  for (const name of Object.keys(definitions)) {
    const model = models.modelName(name);
    if (model !== undefined) byModel.set(model, name);
  }
  for (const [name, definition] of Object.entries(definitions)) {
    const model = models.modelName(name);
    if (model === undefined) continue;
    for (const attribute of models.attributes(model)) {
      if (definition.properties?.[attribute.baseName] !== undefined) continue;
      const where = `${name}.${attribute.baseName}`;
      definition.properties = { ...definition.properties, [attribute.baseName]: clientNodeSchema(attribute.type, attribute.format, byModel, where) };
      if (!models.isOptional(model, attribute.name)) definition.required = [...(definition.required ?? []), attribute.baseName].sort();
    }
  }
}

/** A client-node attribute type (`string`, `Array<V1ValidationRule>`, `{ [key: string]: string; }`) as a definition. */
function clientNodeSchema(type: string, format: string | undefined, byModel: Map<string, string>, where: string): Definition {
  const array = /^Array<(.+)>$/.exec(type);
  if (array !== null) return { items: clientNodeSchema(array[1]!, format, byModel, where), type: 'array' };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map !== null) return { additionalProperties: clientNodeSchema(map[1]!, format, byModel, where), type: 'object' };
  if (type === 'string') return format === 'byte' ? { format, type } : { type };
  if (type === 'boolean') return { type };
  if (type === 'number') return numberSchema(format, where);
  if (type === 'IntOrString') return { $ref: `#/definitions/${INT_OR_STRING}` };
  const definition = byModel.get(type);
  if (definition !== undefined) return { $ref: `#/definitions/${definition}` };
  throw new Error(`${where}: cannot map client-node type ${type}`);
}

function kubernetesHooks(models: ClientNodeModels): TypeHooks {
  return {
    definitionName: definitionNameOf,
    reference(id) {
      const alias = ALIASES[`${id.module}#${id.name}`];
      return alias === undefined ? undefined : { $ref: `#/definitions/${alias.name}` };
    },
    number: (owner, property) => numberSchema(models.format(owner, property), `${owner}.${property}`),
    stringFormat(owner, property) {
      const format = models.format(owner, property);
      return format === 'byte' ? format : undefined;
    },
    intOrString: () => ({ $ref: `#/definitions/${INT_OR_STRING}` }),
  };
}

function numberSchema(format: string | undefined, where: string): Definition {
  switch (format) {
    case 'int32':
    case 'int64':
      return { format, type: 'integer' };
    case 'double':
      return { format, type: 'number' };
    default:
      throw new Error(`${where}: no number format known (client-node says ${format ?? 'nothing'})`);
  }
}

function declarationFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (entry.endsWith('.d.ts')) out.push(path.join(root, entry));
  }
  return out.sort();
}

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format?: string;
}

/**
 * client-node's models (`attributeTypeMap` per class). Its classes are named
 * `V1DeploymentSpec`, or `CoreV1EventSeries` where two groups share a type
 * name; `io.k8s.apimachinery.pkg.version.Info` comes out as `VersionInfo`.
 */
class ClientNodeModels {
  private readonly models: Record<string, { attributeTypeMap?: Attribute[] }>;
  private readonly notFound = new Set<string>();
  private readonly optional = new Map<string, Set<string>>();

  constructor() {
    this.models = require('@kubernetes/client-node/dist/gen/models/all.js');
  }

  format(definition: string, property: string): string | undefined {
    const model = this.modelName(definition);
    const attribute = model === undefined ? undefined : this.attributes(model).find((a) => a.baseName === property);
    if (attribute === undefined) this.notFound.add(`${definition}.${property}`);
    return attribute?.format === '' ? undefined : attribute?.format;
  }

  /** Fails when a field had to be looked up but client-node does not model it: a version mismatch. */
  assertAllFound(): void {
    if (this.notFound.size > 0) {
      throw new Error(`client-node lacks formats for: ${[...this.notFound].sort().join(', ')}`);
    }
  }

  modelName(definition: string): string | undefined {
    const parts = definition.split('.');
    const type = parts.at(-1)!;
    const version = parts.at(-2)!;
    const group = definition.startsWith('io.k8s.api.') ? parts[3]! : definition.startsWith(APIEXTENSIONS) ? 'apiextensions' : '';
    return [`${capitalize(group)}${capitalize(version)}${type}`, `${capitalize(version)}${type}`].find(
      (candidate) => this.models[candidate]?.attributeTypeMap !== undefined,
    );
  }

  attributes(model: string): Attribute[] {
    return this.models[model]?.attributeTypeMap ?? [];
  }

  /** Whether the model's declaration marks the attribute optional (`'name'?:`), as the OpenAPI `required` list had it. */
  isOptional(model: string, attribute: string): boolean {
    let optional = this.optional.get(model);
    if (optional === undefined) {
      const file = require.resolve(`@kubernetes/client-node/dist/gen/models/${model}.d.ts`);
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
      optional = new Set();
      for (const statement of source.statements) {
        if (!ts.isClassDeclaration(statement)) continue;
        for (const member of statement.members) {
          if (ts.isPropertyDeclaration(member) && member.questionToken !== undefined && ts.isStringLiteral(member.name)) {
            optional.add(member.name.text);
          }
        }
      }
      this.optional.set(model, optional);
    }
    return optional.has(attribute);
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
