/**
 * Kubernetes definitions from the `kubernetes-types` package (the built-in
 * API of one Kubernetes version), with the number and byte formats its
 * TypeScript lost taken from `@kubernetes/client-node`'s generated models of
 * the same Kubernetes version.
 */
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Definition } from '../../src/schemas/strict.ts';
import { DeclarationReader, type DeclarationId, type TypeHooks } from './declarations.ts';

const require = createRequire(import.meta.url);

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const APIEXTENSIONS = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

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

export function kubernetesTypesDir(): string {
  return path.dirname(require.resolve('kubernetes-types/package.json'));
}

export function kubernetesTypesVersion(): string {
  return (require('kubernetes-types/package.json') as { version: string }).version;
}

export function definitionNameOf(id: DeclarationId): string | undefined {
  if (id.module.startsWith('kubernetes-types/')) return definitionNameOf({ ...id, module: id.module.slice(17) });
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
  const formats = new ClientNodeFormats();
  const definitions = reader.definitions(kubernetesHooks(formats));
  for (const { name, definition } of Object.values(ALIASES)) definitions[name] = definition;
  definitions[INT_OR_STRING] = { format: 'int-or-string', type: 'string' };
  definitions[ANY_VALUE] = {};
  formats.assertAllUsed();
  return definitions;
}

export function kubernetesHooks(formats: ClientNodeFormats): TypeHooks {
  return {
    definitionName: definitionNameOf,
    reference(id) {
      const alias = ALIASES[`${id.module.replace(/^kubernetes-types\//, '')}#${id.name}`];
      return alias === undefined ? undefined : { $ref: `#/definitions/${alias.name}` };
    },
    number: (owner, property) => numberSchema(formats.of(owner, property), `${owner}.${property}`),
    stringFormat(owner, property) {
      const format = formats.of(owner, property);
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
  baseName: string;
  type: string;
  format?: string;
}

/**
 * Field formats from client-node's models (`attributeTypeMap`). Its classes
 * are named `V1DeploymentSpec`, or `CoreV1EventSeries` where two groups
 * share a type name.
 */
export class ClientNodeFormats {
  private readonly models: Record<string, { attributeTypeMap?: Attribute[] }>;
  private readonly missing = new Set<string>();

  constructor() {
    this.models = require('@kubernetes/client-node/dist/gen/models/all.js');
  }

  of(definition: string, property: string): string | undefined {
    const model = this.modelFor(definition);
    const attribute = model?.find((a) => a.baseName === property);
    if (attribute === undefined) this.missing.add(`${definition}.${property}`);
    return attribute?.format === '' ? undefined : attribute?.format;
  }

  /** Fails when a field had to be looked up but client-node does not model it: a version mismatch. */
  assertAllUsed(): void {
    if (this.missing.size > 0) {
      throw new Error(`client-node lacks formats for: ${[...this.missing].sort().join(', ')}`);
    }
  }

  private modelFor(definition: string): Attribute[] | undefined {
    const parts = definition.split('.');
    const type = parts.at(-1)!;
    const version = parts.at(-2)!;
    const group = definition.startsWith('io.k8s.api.') ? parts[3]! : definition.startsWith(APIEXTENSIONS) ? 'apiextensions' : '';
    // `io.k8s.apimachinery.pkg.version.Info` comes out as `VersionInfo`, like the generator names it.
    for (const candidate of [`${capitalize(group)}${capitalize(version)}${type}`, `${capitalize(version)}${type}`]) {
      const model = this.models[candidate];
      if (model?.attributeTypeMap !== undefined) return model.attributeTypeMap;
    }
    return undefined;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
