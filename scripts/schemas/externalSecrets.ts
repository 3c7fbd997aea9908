/**
 * External Secrets `external-secrets.io/v1`, as the definitions the strict
 * converter takes.
 *
 * ExternalSecret, SecretStore and ClusterSecretStore come from External
 * Secrets Operator 2.9's CRDs, vendored in external-secrets/ from
 * ../shared/oracle/crds/ (`metadata` checked as ObjectMeta, see
 * vendoredCrds.ts). Two kinds that hold the same type refer to one
 * definition of it: the stores' `spec` is SECRET_STORE_SPEC (the two CRDs
 * spell out the same schema), ExternalSecret's `spec` is EXTERNAL_SECRET_SPEC.
 *
 * ClusterExternalSecret has no CRD there. Its own layer (`spec` but for
 * `externalSecretSpec`, and `status`) comes from the `.d.ts` files of
 * @kubernetes-models/external-secrets 2.0.0; its `spec.externalSecretSpec`
 * is EXTERNAL_SECRET_SPEC, the CRD's ExternalSecret spec, so the two kinds
 * cannot disagree on what an ExternalSecret spec is. That package wants Node
 * 22 and pulls Node-22-only dependencies, so it is not installed: its
 * tarball is fetched with `npm pack` at a pinned version, checked against a
 * committed integrity, and only read.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Definition } from '../../src/schemas/strict.ts';
import { DeclarationReader, type TypeHooks } from './declarations.ts';
import { vendoredCrdDefinitions } from './vendoredCrds.ts';

export const EXTERNAL_SECRETS_CRDS = ['externalsecrets', 'secretstores', 'clustersecretstores'].map((plural) =>
  fileURLToPath(new URL(`external-secrets/external-secrets.io_${plural}.yaml`, import.meta.url)),
);

/** ExternalSecret's spec, which ClusterExternalSecret's spec.externalSecretSpec is too. */
export const EXTERNAL_SECRET_SPEC = 'external-secrets.io.v1.ExternalSecretSpec';
/** The spec of SecretStore and ClusterSecretStore. */
export const SECRET_STORE_SPEC = 'external-secrets.io.v1.SecretStoreSpec';

export const EXTERNAL_SECRETS_PACKAGE = {
  name: '@kubernetes-models/external-secrets',
  version: '2.0.0',
  tarball: 'kubernetes-models-external-secrets-2.0.0.tgz',
  integrity: 'sha512-IpwAaO1m67oVMvhvaVrdj18nNUG5aDXFL3S0RerILGenb0MvsjiSCnjAUW1P10gRz7rIEayhFRbtvlDSFBqeEA==',
} as const;

/** The package's folder of `external-secrets.io/v1` declarations, the type read from it, and the one type taken from the CRD instead. */
const MODULE = 'external-secrets.io/v1/';
const CLUSTER_EXTERNAL_SECRET = 'ClusterExternalSecret';
const EXTERNAL_SECRET_SPEC_TYPE = 'ExternalSecretSpec';
const DEFINITION_PREFIX = 'com.github.external-secrets.external-secrets.apis.externalsecrets.v1';
/** The Kubernetes types ClusterExternalSecret's own layer imports (ObjectMeta, LabelSelector), mapped to official names. */
const APIMACHINERY_MODULE = /^@kubernetes-models\/apimachinery\/apis\/meta\/v1\/(\w+)$/;

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

/**
 * `external-secrets.io/v1` definitions (the CRDs' kinds, ClusterExternalSecret
 * from the package in `packageDir`) plus the Kubernetes ones they use (taken
 * from `kubernetes`).
 */
export function readExternalSecrets(
  packageDir: string,
  kubernetes: Readonly<Record<string, Definition>>,
): Record<string, Definition> {
  const definitions = vendoredCrdDefinitions(EXTERNAL_SECRETS_CRDS, kubernetes);
  withSharedSpec(definitions, ['ExternalSecret'], EXTERNAL_SECRET_SPEC);
  withSharedSpec(definitions, ['SecretStore', 'ClusterSecretStore'], SECRET_STORE_SPEC);
  const reader = new DeclarationReader(packageDir, clusterExternalSecretFiles(packageDir));
  return { ...definitions, ...reader.definitions(clusterExternalSecretHooks()) };
}

/** Moves the `spec` of the CRD kinds `kinds`, which must be the same schema, to the definition `name`, and has them refer to it. */
function withSharedSpec(definitions: Record<string, Definition>, kinds: readonly string[], name: string): void {
  const roots = kinds.map((kind) => {
    const root = definitions[`external-secrets.io.v1.${kind}`];
    if (root?.properties?.['spec'] === undefined) throw new Error(`the External Secrets CRDs have no external-secrets.io/v1 ${kind} with a spec`);
    return root;
  });
  const spec = roots[0]!.properties!['spec']!;
  roots.forEach((root, i) => {
    if (!isDeepStrictEqual(root.properties!['spec'], spec)) throw new Error(`the ${kinds[i]} CRD's spec is not the ${kinds[0]} CRD's: they cannot share ${name}`);
    definitions[`external-secrets.io.v1.${kinds[i]}`] = { ...root, properties: { ...root.properties, spec: { $ref: `#/definitions/${name}` } } };
  });
  definitions[name] = spec;
}

/** The declaration files of ClusterExternalSecret and the types it imports from its folder, but ExternalSecretSpec. */
function clusterExternalSecretFiles(packageDir: string): string[] {
  const dir = path.join(packageDir, MODULE);
  const types = new Set<string>();
  const pending = [CLUSTER_EXTERNAL_SECRET];
  for (let type = pending.pop(); type !== undefined; type = pending.pop()) {
    if (type === EXTERNAL_SECRET_SPEC_TYPE || types.has(type)) continue;
    types.add(type);
    for (const [, imported] of readFileSync(path.join(dir, `${type}.d.ts`), 'utf8').matchAll(/ from "\.\/(\w+)\.js";/g)) pending.push(imported!);
  }
  return [...types].sort().map((type) => path.join(dir, `${type}.d.ts`));
}

function clusterExternalSecretHooks(): TypeHooks {
  return {
    // Each file declares `I<Type>` (the JSON shape) beside a class of the same name; only the interface counts.
    definitionName: ({ module, name }) => {
      const type = module.slice(MODULE.length);
      return module.startsWith(MODULE) && name === `I${type}` ? `${DEFINITION_PREFIX}.${type}` : undefined;
    },
    reference({ module }) {
      if (module === `${MODULE}${EXTERNAL_SECRET_SPEC_TYPE}`) return { $ref: `#/definitions/${EXTERNAL_SECRET_SPEC}` };
      const kubernetes = module.match(APIMACHINERY_MODULE);
      return kubernetes === null ? undefined : { $ref: `#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.${kubernetes[1]}` };
    },
    // The layer has no number and no int-or-string: the .d.ts would not say which integer format one is.
    number: (owner, property) => {
      throw new Error(`${owner}.${property}: a number in ClusterExternalSecret's own layer, whose integer format its .d.ts does not say`);
    },
    intOrString: () => {
      throw new Error("an int-or-string in ClusterExternalSecret's own layer, which had none");
    },
    stringFormat: () => undefined,
  };
}
