/**
 * External Secrets `external-secrets.io/v1` definitions from the `.d.ts`
 * files of @kubernetes-models/external-secrets. That package wants Node 22
 * and pulls Node-22-only dependencies, so it is not installed: its tarball is
 * fetched with `npm pack` at a pinned version, checked against a committed
 * integrity, and only read. Formats and string enums the `.d.ts` lost come
 * from the same package's compiled validators (compiledValidatorFacts.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Definition } from '../../src/schemas/strict.ts';
import { compiledValidatorFacts } from './compiledValidatorFacts.ts';
import { DeclarationReader, type DeclarationId, type TypeHooks } from './declarations.ts';
import { INT_OR_STRING } from './kubernetesTypes.ts';

export const EXTERNAL_SECRETS_PACKAGE = {
  name: '@kubernetes-models/external-secrets',
  version: '2.0.0',
  tarball: 'kubernetes-models-external-secrets-2.0.0.tgz',
  integrity: 'sha512-IpwAaO1m67oVMvhvaVrdj18nNUG5aDXFL3S0RerILGenb0MvsjiSCnjAUW1P10gRz7rIEayhFRbtvlDSFBqeEA==',
} as const;

const ES_PREFIX = 'com.github.external-secrets.external-secrets.apis';
/** Declaration folder, definition name prefix, compiled validator file prefix. */
const MODULE_PREFIXES: [string, string, string][] = [
  ['external-secrets.io/v1/', `${ES_PREFIX}.externalsecrets.v1`, '_schemas/ComGithubExternalSecretsExternalSecretsApisExternalsecretsV1'],
  ['github.com/external-secrets/external-secrets/apis/meta/v1/', `${ES_PREFIX}.meta.v1`, '_schemas/ComGithubExternalSecretsExternalSecretsApisMetaV1'],
];

/** The Kubernetes types the package imports from its sibling packages, mapped to official names. */
const KUBERNETES_MODULES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^@kubernetes-models\/apimachinery\/apis\/meta\/v1\/(\w+)$/, (m) => `io.k8s.apimachinery.pkg.apis.meta.v1.${m[1]}`],
  [/^kubernetes-models\/v1\/(\w+)$/, (m) => `io.k8s.api.core.v1.${m[1]}`],
  [/^kubernetes-models\/([\w.]+)\/(v\w+)\/(\w+)$/, (m) => `io.k8s.api.${m[1]!.split('.')[0]}.${m[2]}.${m[3]}`],
];

/** Unpacks the pinned tarball (fetching it into `cacheDir` the first time) and returns the package directory. */
export function unpackExternalSecrets(cacheDir: string): string {
  mkdirSync(cacheDir, { recursive: true });
  const tarball = path.join(cacheDir, EXTERNAL_SECRETS_PACKAGE.tarball);
  if (!existsSync(tarball)) {
    execFileSync(
      'npm',
      ['pack', `${EXTERNAL_SECRETS_PACKAGE.name}@${EXTERNAL_SECRETS_PACKAGE.version}`, '--pack-destination', cacheDir],
      { stdio: 'pipe' },
    );
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== EXTERNAL_SECRETS_PACKAGE.integrity) {
    rmSync(tarball);
    throw new Error(`${tarball}: integrity ${integrity} is not the pinned ${EXTERNAL_SECRETS_PACKAGE.integrity}`);
  }
  const unpacked = path.join(cacheDir, `external-secrets-${EXTERNAL_SECRETS_PACKAGE.version}`);
  rmSync(unpacked, { recursive: true, force: true });
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
  return path.join(unpacked, 'package');
}

/** `external-secrets.io/v1` definitions plus the Kubernetes ones they use (taken from `kubernetes`). */
export function readExternalSecrets(
  packageDir: string,
  kubernetes: Readonly<Record<string, Definition>>,
): Record<string, Definition> {
  const files = MODULE_PREFIXES.flatMap(([module]) => {
    const dir = path.join(packageDir, module);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.d.ts') && f !== 'index.d.ts')
      .map((f) => path.join(dir, f));
  });
  const reader = new DeclarationReader(packageDir, files);
  const definitions = reader.definitions(externalSecretsHooks());
  for (const [name, definition] of Object.entries(definitions)) addCompiledFacts(packageDir, name, definition);
  return { ...kubernetes, ...definitions };
}

/** Puts back the formats and enums a type's compiled validator knows for its scalar fields. */
function addCompiledFacts(packageDir: string, name: string, definition: Definition): void {
  const [, prefix, validatorPrefix] = MODULE_PREFIXES.find(([, p]) => name.startsWith(`${p}.`))!;
  const facts = compiledValidatorFacts(path.join(packageDir, `${validatorPrefix}${name.slice(prefix.length + 1)}.js`));
  for (const [field, { formats, enums }] of facts) {
    if (field === 'apiVersion' || field === 'kind') continue;
    const leaf = scalarLeaf(definition.properties?.[field]);
    if (leaf === undefined) continue;
    const where = `${name}.${field}`;
    if (leaf.type === 'string' && formats.has('byte')) leaf.format = 'byte';
    if (leaf.type === 'integer') {
      const widths = [...formats].filter((f) => f === 'int32' || f === 'int64');
      if (widths.length > 1) throw new Error(`${where}: conflicting integer formats ${widths.join(', ')}`);
      if (widths[0] !== undefined) leaf.format = widths[0];
    }
    if (leaf.type === 'string' && leaf.enum === undefined && enums.length > 0) {
      if (enums.length > 1) throw new Error(`${where}: several enums in its validator`);
      leaf.enum = [...enums[0]!];
    }
  }
}

/** The scalar a field holds, itself or as array items / map values; undefined for references. */
function scalarLeaf(schema: Definition | undefined): Definition | undefined {
  if (schema === undefined || schema.$ref !== undefined) return undefined;
  if (typeof schema.items === 'object' && !Array.isArray(schema.items)) return scalarLeaf(schema.items);
  if (typeof schema.additionalProperties === 'object') return scalarLeaf(schema.additionalProperties);
  return schema;
}

function definitionName(id: DeclarationId): string | undefined {
  for (const [module, prefix] of MODULE_PREFIXES) {
    if (!id.module.startsWith(module)) continue;
    const type = id.module.slice(module.length);
    // Each file declares `I<Type>` (the JSON shape) beside a class of the same name; only the interface counts.
    return id.name === `I${type}` ? `${prefix}.${type}` : undefined;
  }
  return undefined;
}

function externalSecretsHooks(): TypeHooks {
  return {
    definitionName,
    reference(id) {
      for (const [pattern, name] of KUBERNETES_MODULES) {
        const match = id.module.match(pattern);
        if (match !== null) return { $ref: `#/definitions/${name(match)}` };
      }
      return undefined;
    },
    // The External Secrets v1 API has no floating-point field: every number in its Go types is an int, int32 or int64.
    number: () => ({ format: 'int64', type: 'integer' }),
    stringFormat: () => undefined,
    intOrString: () => ({ $ref: `#/definitions/${INT_OR_STRING}` }),
  };
}
