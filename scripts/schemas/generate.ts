/**
 * Makes the built-in schemas: every Kubernetes minor of the oracle (the
 * official OpenAPI documents, converted by src/schemas/kubernetesApi.ts)
 * laid out as one content-addressed store with an index per minor
 * (src/schemas/kubernetesBundle.ts), the table of what each minor serves,
 * the provenance of it all; and, as before, External Secrets v1, the ACK
 * EKS PodIdentityAssociation and Argo CD's Application, ApplicationSet and
 * AppProject.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isManifestKind } from '../../src/schemas/fromOpenApi.ts';
import { kubernetesApiFromOpenApi, type KubernetesApi } from '../../src/schemas/kubernetesApi.ts';
import {
  KUBERNETES_FOLDER,
  kubernetesBundle,
  PROVENANCE_FILE,
  SERVED_FILE,
  STORE_FOLDER,
  versionFolder,
} from '../../src/schemas/kubernetesBundle.ts';
import { ACK_EKS_FOLDER, ARGO_CD_FOLDER, EXTERNAL_SECRETS_FOLDER, INDEX_FILE, schemaFolder } from '../../src/schemas/layout.ts';
import { servedTable } from '../../src/schemas/servedTable.ts';
import { stableStringify, toStrictSchemas, type Definition, type GroupVersionKind, type StrictSchema } from '../../src/schemas/strict.ts';
import { readAckEks } from './ackEks.ts';
import { readArgoCd } from './argoCd.ts';
import { sharedSubtrees } from './sharedSubtrees.ts';
import { EXTERNAL_SECRETS_CRDS, EXTERNAL_SECRETS_PACKAGE, readExternalSecrets, unpackExternalSecrets } from './externalSecrets.ts';
import { readKubernetesOracle, type OracleVersion } from './kubernetesOracle.ts';
import { kubernetesTypesVersion, readKubernetesTypes } from './kubernetesTypes.ts';

/** The generated folders under `schemas/`; everything else there (`*.schema.json`, README.md) is written by hand. */
const GENERATED_FOLDERS = [KUBERNETES_FOLDER, 'external-secrets', 'ack-eks', 'argo-cd'];

export interface GeneratorInputs {
  kubernetes: OracleVersion[];
  externalSecrets: Record<string, Definition>;
  ackEks: Record<string, Definition>;
  argoCd: Record<string, Definition>;
}

/** Reads the oracle in `sharedDir`, the vendored CRDs and the pinned External Secrets package (fetched into `cacheDir` the first time). */
export function readInputs(sharedDir: string, cacheDir: string): GeneratorInputs {
  const kubernetesTypes = readKubernetesTypes();
  return {
    kubernetes: readKubernetesOracle(sharedDir),
    externalSecrets: readExternalSecrets(unpackExternalSecrets(cacheDir), kubernetesTypes),
    ackEks: readAckEks(kubernetesTypes),
    argoCd: readArgoCd(kubernetesTypes),
  };
}

/** Every generated file, path under `schemas/` → content. Throws, listing every problem, for bad input. */
export function generatedFiles(inputs: GeneratorInputs): Map<string, string> {
  const apis = inputs.kubernetes.map((oracle) => ({ oracle, api: kubernetesApiFromOpenApi(oracle.documents) }));
  const problems = apis.flatMap(({ api }) => api.problems.map((p) => `${p.document}: ${p.path}: ${p.message}`));
  if (problems.length > 0) throw new Error(`the Kubernetes OpenAPI documents cannot be converted:\n${problems.join('\n')}`);

  const files = new Map<string, string>();
  const bundle = kubernetesBundle(apis.map(({ oracle, api }) => ({ version: oracle.version, schemas: api.schemas })));
  for (const [file, content] of bundle.store) files.set(path.posix.join(KUBERNETES_FOLDER, STORE_FOLDER, file), content);
  for (const [version, index] of bundle.indexes) files.set(path.posix.join(KUBERNETES_FOLDER, versionFolder(version), INDEX_FILE), stableStringify(index));
  files.set(path.posix.join(KUBERNETES_FOLDER, SERVED_FILE), stableStringify(servedTable(apis.map(({ oracle, api }) => ({ version: oracle.version, served: api.served })))));
  files.set(path.posix.join(KUBERNETES_FOLDER, PROVENANCE_FILE), stableStringify(provenance(apis)));

  const addons: { folder: string; definitions: Record<string, Definition>; include: (gvk: GroupVersionKind) => boolean; finish?: (schema: StrictSchema) => StrictSchema }[] = [
    // The External Secrets CRDs spell out each secret reference in place, over a hundred times in a store: shared from
    // 256 bytes (a secret reference is some 410), not 512, a store's schema is 134 kB, not 285 kB, its validator 0.9 MB, not 1.3 MB.
    {
      folder: EXTERNAL_SECRETS_FOLDER,
      definitions: inputs.externalSecrets,
      include: (gvk: GroupVersionKind) => gvk.group === 'external-secrets.io' && gvk.version === 'v1' && isManifestKind(gvk),
      finish: (schema) => sharedSubtrees(schema, 256),
    },
    { folder: ACK_EKS_FOLDER, definitions: inputs.ackEks, include: (gvk: GroupVersionKind) => gvk.group === 'eks.services.k8s.aws' && gvk.kind === 'PodIdentityAssociation' },
    // Argo CD's CRDs repeat whole types: each repeated subtree is written once (scripts/schemas/sharedSubtrees.ts).
    { folder: ARGO_CD_FOLDER, definitions: inputs.argoCd, include: (gvk: GroupVersionKind) => gvk.group === 'argoproj.io', finish: (schema) => sharedSubtrees(schema) },
  ];
  for (const { folder, definitions, include, finish } of addons) {
    const converted = toStrictSchemas(definitions, include);
    const laidOut = schemaFolder(finish ? converted.map(finish) : converted);
    if ('problem' in laidOut) throw new Error(`${folder}: ${laidOut.problem}`);
    for (const [file, content] of laidOut.files) files.set(path.posix.join(folder, file), content);
    files.set(path.posix.join(folder, INDEX_FILE), stableStringify(laidOut.index));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function provenance(apis: readonly { oracle: OracleVersion; api: KubernetesApi }[]): unknown {
  return {
    generator: {
      command: 'npm run schemas',
      script: 'scripts/generate-schemas.ts',
      converter: 'src/schemas/kubernetesApi.ts (OpenAPI v2 and v3 documents, served kinds from their paths) through src/schemas/strict.ts',
    },
    kubernetes: Object.fromEntries(
      apis.map(({ oracle, api }) => [
        oracle.version,
        { format: oracle.format, kinds: api.schemas.length, lists: api.served.lists.length, sources: oracle.sources },
      ]),
    ),
    sourcesRelativeTo: '../shared beside the project (the reference data described by its oracle/README.md)',
    externalSecrets: {
      folder: EXTERNAL_SECRETS_FOLDER,
      crds: Object.fromEntries(
        EXTERNAL_SECRETS_CRDS.map((file) => [`scripts/schemas/external-secrets/${path.basename(file)}`, createHash('sha256').update(readFileSync(file)).digest('hex')]),
      ),
      crdsFrom: 'External Secrets Operator 2.9, the same bytes as ../shared/oracle/crds/ (ExternalSecret, SecretStore, ClusterSecretStore)',
      clusterExternalSecret: {
        package: `${EXTERNAL_SECRETS_PACKAGE.name}@${EXTERNAL_SECRETS_PACKAGE.version}`,
        integrity: EXTERNAL_SECRETS_PACKAGE.integrity,
        note: 'its own layer from the package; spec.externalSecretSpec is the ExternalSecret CRD spec',
      },
      kubernetesTypes: `kubernetes-types@${kubernetesTypesVersion()} (ObjectMeta and the other Kubernetes types External Secrets refers to)`,
    },
  };
}

/** Writes `files` under `outDir`, and deletes every other file of the generated folders (kinds and minors that went away). */
export function writeSchemas(outDir: string, files: ReadonlyMap<string, string>): void {
  for (const folder of GENERATED_FOLDERS) {
    const dir = path.join(outDir, folder);
    mkdirSync(dir, { recursive: true });
    for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const relative = path.posix.join(folder, entry.split(path.sep).join('/'));
      if (relative.endsWith('.json') && !files.has(relative)) rmSync(path.join(outDir, relative));
    }
  }
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    writeFileSync(path.join(outDir, file), content);
  }
  for (const folder of GENERATED_FOLDERS) removeEmptyFolders(path.join(outDir, folder));
}

function removeEmptyFolders(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyFolders(path.join(dir, entry.name));
  }
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}
