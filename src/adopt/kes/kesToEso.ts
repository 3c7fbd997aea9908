/**
 * One kubernetes-external-secrets ExternalSecret (`kubernetes-client.io/v1`) as an
 * External Secrets Operator ExternalSecret (`external-secrets.io/v1`), for the two
 * AWS backends. Every field is mapped, or reported: an error for what cannot be
 * mapped (the object is then not migrated at all, since a Secret with keys missing
 * fails at run time, not at apply), a warning where the behaviour may differ, a
 * note saying how a field was mapped.
 */
import type { PathSegment } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import { hasTemplateSyntax, translateDataTemplate, translateTemplate } from './lodashTemplate.ts';
import type { AwsService, StoreNeed } from './stores.ts';

const KES_API_VERSION = 'kubernetes-client.io/v1';

export interface Finding {
  severity: 'error' | 'warning' | 'note';
  /** Field path in the KES document. */
  path: PathSegment[];
  message: string;
}

export interface KesMapping {
  /** The ESO object with its secretStoreRef still to be named (see `store`); absent when an error stops it. */
  externalSecret?: Record<string, unknown>;
  store?: Omit<StoreNeed, 'namespace'>;
  namespace?: string;
  name?: string;
  findings: Finding[];
}

export interface KesOptions {
  /** The region of objects that name none (KES used its controller's AWS_REGION). */
  region?: string;
  refreshInterval: string;
}

export function isKesExternalSecret(value: unknown): boolean {
  return isMapping(value) && value.apiVersion === KES_API_VERSION && value.kind === 'ExternalSecret';
}

const AWS_BACKENDS: Record<string, AwsService> = { secretsManager: 'SecretsManager', secretManager: 'SecretsManager', systemManager: 'ParameterStore' };

/** The other backends KES knew, and the field names only they read. */
const OTHER_BACKENDS: Record<string, { fields: string[]; hint: string }> = {
  vault: { fields: ['vaultRole', 'vaultMountPoint', 'kvVersion'], hint: 'write a SecretStore with spec.provider.vault (the server was the controller\'s VAULT_ADDR) and the ExternalSecret by hand' },
  azureKeyVault: { fields: ['keyVaultName'], hint: "External Secrets' azurekv provider takes the vault URL, not keyVaultName; write the store and the ExternalSecret by hand" },
  gcpSecretsManager: { fields: ['projectId'], hint: "External Secrets' gcpsm provider takes spec.projectId as projectID; write the store and the ExternalSecret by hand" },
  alicloudSecretsManager: { fields: ['roleArn'], hint: "write a store with External Secrets' alibaba provider by hand" },
  ibmcloudSecretsManager: { fields: ['keyByName'], hint: "write a store with External Secrets' ibm provider by hand" },
  akeyless: { fields: [], hint: "write a store with External Secrets' akeyless provider by hand" },
};
const BACKEND_FIELDS = new Set(Object.values(OTHER_BACKENDS).flatMap((b) => b.fields).filter((f) => f !== 'roleArn'));
const KNOWN_BACKENDS = [...Object.keys(AWS_BACKENDS).filter((b) => b !== 'secretManager'), ...Object.keys(OTHER_BACKENDS)];

const SPEC_FIELDS = new Set(['backendType', 'region', 'roleArn', 'controllerId', 'data', 'properties', 'dataFrom', 'dataFromWithOptions', 'template', 'type', ...BACKEND_FIELDS]);
const DATA_FIELDS = new Set(['key', 'name', 'property', 'isBinary', 'versionStage', 'versionId', 'path', 'recursive']);
const OTHER_BACKEND_DATA_FIELDS: Record<string, string> = { version: 'gcpSecretsManager', secretType: 'ibmcloudSecretsManager' };
const WITH_OPTIONS_FIELDS = new Set(['key', 'versionStage', 'versionId', 'isBinary']);
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** us-east-1, us-gov-west-1, eu-isoe-west-1: AWS signs a request with the region as it is, so its case matters. */
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-[0-9]+$/;

/** What is wrong with an AWS region name (an object's spec.region, or --region); undefined when nothing is. */
export function regionProblem(region: string): string | undefined {
  return AWS_REGION.test(region) ? undefined : `expected an AWS region name, such as us-east-1 (lower-case), got ${JSON.stringify(region)}`;
}
/** Metadata the API server sets: an exported object carries it, a manifest never should. */
const SERVER_METADATA = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function mapKesExternalSecret(document: Record<string, unknown>, options: KesOptions): KesMapping {
  const findings: Finding[] = [];
  const error = (path: PathSegment[], message: string) => findings.push({ severity: 'error', path, message });
  const warn = (path: PathSegment[], message: string) => findings.push({ severity: 'warning', path, message });
  const note = (path: PathSegment[], message: string) => findings.push({ severity: 'note', path, message });

  const metadata = isMapping(document.metadata) ? document.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  if (name === undefined) error(['metadata', 'name'], 'an ExternalSecret needs a name (it names the Secret too)');
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;

  // KES 1.x had the spec at the top level, as secretDescriptor; the v7+ CRDs want spec.
  const root = isMapping(document.spec) ? 'spec' : isMapping(document.secretDescriptor) ? 'secretDescriptor' : undefined;
  if (root === undefined) {
    error(['spec'], 'no spec (nor the KES 1.x secretDescriptor): nothing to migrate');
    return { findings };
  }
  if (root === 'secretDescriptor') note([root], 'the deprecated KES form of spec, read as spec');
  for (const key of Object.keys(document)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'secretDescriptor', 'status'].includes(key)) error([key], `unknown top-level field "${key}" of a KES ExternalSecret: not migrated`);
  }
  if (document.status !== undefined) note(['status'], 'written by the KES controller, left out');
  const spec = document[root] as Record<string, unknown>;
  const at = (...rest: PathSegment[]): PathSegment[] => [root, ...rest];

  for (const key of Object.keys(spec)) {
    if (!SPEC_FIELDS.has(key)) error(at(key), `unknown KES field "${key}": not migrated (KES v8 knows ${[...SPEC_FIELDS].sort().join(', ')})`);
  }

  const backendType = spec.backendType;
  let service: AwsService | undefined;
  if (typeof backendType !== 'string') {
    error(at('backendType'), `required: one of ${KNOWN_BACKENDS.join(', ')}`);
  } else if (AWS_BACKENDS[backendType]) {
    service = AWS_BACKENDS[backendType];
    if (backendType === 'secretManager') note(at('backendType'), 'secretManager is the deprecated spelling of secretsManager');
    for (const field of BACKEND_FIELDS) {
      if (spec[field] !== undefined) warn(at(field), `belongs to another KES backend; ${backendType} ignored it, and it is not migrated`);
    }
  } else if (OTHER_BACKENDS[backendType]) {
    const other = OTHER_BACKENDS[backendType]!;
    error(at('backendType'), `${backendType} is not migrated: scaffold migrates the AWS backends (secretsManager, systemManager) only; ${other.hint}`);
    for (const field of other.fields) {
      if (spec[field] !== undefined) error(at(field), `belongs to the ${backendType} backend (not migrated)`);
    }
  } else {
    error(at('backendType'), `unknown backend ${JSON.stringify(backendType)} (KES knows ${KNOWN_BACKENDS.join(', ')})`);
  }

  const region = typeof spec.region === 'string' ? spec.region : undefined;
  if (spec.region !== undefined && region === undefined) error(at('region'), 'expected a region name, such as us-east-1');
  const wrongRegion = region === undefined ? undefined : regionProblem(region);
  if (wrongRegion !== undefined) error(at('region'), wrongRegion);
  const storeRegion = region ?? options.region;
  if (storeRegion === undefined && service !== undefined) {
    error(at('region'), 'not set, and no --region given: KES used its controller\'s AWS_REGION; give that region with --region');
  } else if (region === undefined && service !== undefined) {
    note(at('region'), `not set; ${storeRegion} from --region (KES used its controller's AWS_REGION)`);
  }

  let role: string | undefined;
  if (spec.roleArn !== undefined && service !== undefined) {
    if (typeof spec.roleArn === 'string' && ROLE_ARN.test(spec.roleArn)) {
      role = spec.roleArn;
      note(at('roleArn'), "the store's spec.provider.aws.role: assumed with the External Secrets controller's own credentials, as KES assumed it with its own");
    } else {
      error(at('roleArn'), `expected an IAM role ARN, arn:aws:iam::<12 digits>:role/<name>; got ${JSON.stringify(spec.roleArn)}`);
    }
  }
  let controller: string | undefined;
  if (spec.controllerId !== undefined) {
    if (typeof spec.controllerId === 'string' && spec.controllerId !== '') {
      controller = spec.controllerId;
      note(at('controllerId'), `the store's spec.controller: served only by an External Secrets controller started with --controller-class=${controller}`);
    } else {
      error(at('controllerId'), 'expected the name of a controller class');
    }
  }

  const data: Record<string, unknown>[] = [];
  const dataFrom: Record<string, unknown>[] = [];
  const lateFrom: Record<string, unknown>[] = [];

  const versionOf = (entry: Record<string, unknown>, path: PathSegment[]): string | undefined => {
    const { versionStage, versionId } = entry;
    if (versionStage === undefined && versionId === undefined) return undefined;
    if (service === 'ParameterStore') {
      error(path, 'versionStage and versionId are Secrets Manager options; systemManager did not read them');
      return undefined;
    }
    if (versionStage !== undefined && versionId !== undefined) {
      error(path, 'both versionStage and versionId: give one');
      return undefined;
    }
    if (versionId !== undefined) {
      if (typeof versionId !== 'string') {
        error([...path, 'versionId'], 'expected a string');
        return undefined;
      }
      // External Secrets reads a version that starts with uuid/ as a VersionId, anything else as a VersionStage.
      note([...path, 'versionId'], `remoteRef.version: uuid/${versionId}`);
      return `uuid/${versionId}`;
    }
    if (typeof versionStage !== 'string') {
      error([...path, 'versionStage'], 'expected a string');
      return undefined;
    }
    return versionStage;
  };

  const binary = (entry: Record<string, unknown>, path: PathSegment[], what: string): Record<string, unknown> => {
    if (entry.isBinary === undefined || entry.isBinary === false) return {};
    if (entry.isBinary !== true) {
      error([...path, 'isBinary'], 'expected true or false');
      return {};
    }
    note([...path, 'isBinary'], 'remoteRef.decodingStrategy: Base64');
    if (service === 'SecretsManager') {
      warn(path, `KES ignored isBinary for a secret stored as SecretBinary; External Secrets base64-decodes whatever it reads: if ${what} is stored as SecretBinary, remove decodingStrategy`);
    }
    return { decodingStrategy: 'Base64' };
  };

  const dataKey = Object.hasOwn(spec, 'data') ? 'data' : Object.hasOwn(spec, 'properties') ? 'properties' : undefined;
  if (spec.data !== undefined && spec.properties !== undefined) error(at('properties'), 'both data and its deprecated form properties: give data only');
  if (dataKey === 'properties') note(at('properties'), 'the deprecated KES form of spec.data, read as data');
  const entries = dataKey === undefined ? [] : spec[dataKey];
  if (!Array.isArray(entries)) {
    error(at(dataKey!), 'expected a list');
  } else {
    let keyEntriesSeen = false;
    entries.forEach((entry, i) => {
      const path = at(dataKey!, i);
      if (!isMapping(entry)) {
        error(path, 'expected a mapping with key and name, or path');
        return;
      }
      for (const key of Object.keys(entry)) {
        if (OTHER_BACKEND_DATA_FIELDS[key]) {
          if (service !== undefined) warn([...path, key], `a ${OTHER_BACKEND_DATA_FIELDS[key]} option; ${String(backendType)} ignored it, and it is not migrated`);
        } else if (!DATA_FIELDS.has(key)) error([...path, key], `unknown KES data field "${key}": not migrated`);
      }
      if (entry.path !== undefined) {
        if (service !== 'ParameterStore') {
          if (service !== undefined) error([...path, 'path'], 'path reads a Parameter Store hierarchy: a systemManager option only');
          return;
        }
        if (typeof entry.path !== 'string' || !entry.path.startsWith('/')) {
          error([...path, 'path'], 'expected a Parameter Store path starting with /');
          return;
        }
        const find = pathFind(entry.path, entry.recursive === true);
        note([...path, 'path'], find.note);
        if (entry.recursive === true) warn([...path, 'recursive'], 'KES keyed each parameter by its last segment; two parameters with the same last segment in different folders overwrote each other in KES in an order External Secrets may not keep');
        if (keyEntriesSeen) {
          warn(path, `comes after key entries: in KES a parameter under ${entry.path} with the name of an earlier entry replaced it; in External Secrets spec.data always wins over dataFrom`);
        }
        lateFrom.push(find.dataFrom);
        return;
      }
      keyEntriesSeen = true;
      if (typeof entry.key !== 'string' || entry.key === '') {
        error([...path, 'key'], 'required: the secret or parameter to read');
        return;
      }
      const version = versionOf(entry, path);
      const decoding = binary(entry, path, entry.key);
      if (entry.name === undefined && entry.property === undefined) {
        // KES 1.x: a key alone read every property of the secret.
        note(path, `a key without name (every property of ${entry.key}, KES 1.x): dataFrom extract`);
        lateFrom.push({ extract: { key: entry.key, ...(version === undefined ? {} : { version }), ...decoding } });
        return;
      }
      if (typeof entry.name !== 'string' || entry.name === '') {
        error([...path, 'name'], 'required: the key of the Secret to write');
        return;
      }
      const remoteRef: Record<string, unknown> = { key: entry.key };
      if (entry.property !== undefined) {
        if (typeof entry.property !== 'string') error([...path, 'property'], 'expected a string');
        else {
          remoteRef.property = entry.property;
          // Both AWS providers try the property with its dots escaped first, so "cert.p12" is found as KES found it.
          if (/[*?#@|!\\]/.test(entry.property)) warn([...path, 'property'], `External Secrets reads a property as a gjson path, where ${JSON.stringify(entry.property)} holds special characters; KES read it as a plain key`);
        }
      }
      if (version !== undefined) remoteRef.version = version;
      Object.assign(remoteRef, decoding);
      data.push({ secretKey: entry.name, remoteRef });
    });
  }

  const keys = spec.dataFrom;
  if (keys !== undefined) {
    if (!Array.isArray(keys)) error(at('dataFrom'), 'expected a list of keys');
    else {
      keys.forEach((key, i) => {
        if (typeof key === 'string' && key !== '') dataFrom.push({ extract: { key } });
        else error(at('dataFrom', i), 'expected the key of a secret to read whole');
      });
    }
  }
  const withOptions = spec.dataFromWithOptions;
  if (withOptions !== undefined) {
    if (!Array.isArray(withOptions)) error(at('dataFromWithOptions'), 'expected a list');
    else {
      withOptions.forEach((entry, i) => {
        const path = at('dataFromWithOptions', i);
        if (!isMapping(entry) || typeof entry.key !== 'string' || entry.key === '') {
          error(path, 'expected a mapping with the key of a secret to read whole');
          return;
        }
        for (const key of Object.keys(entry)) if (!WITH_OPTIONS_FIELDS.has(key)) error([...path, key], `unknown field "${key}": not migrated`);
        const version = versionOf(entry, path);
        dataFrom.push({ extract: { key: entry.key, ...(version === undefined ? {} : { version }), ...binary(entry, path, entry.key) } });
      });
    }
  }
  // KES: dataFrom < dataFromWithOptions < data, later entries winning. External Secrets: dataFrom items
  // in order, later winning, then data over them all; path entries of data become dataFrom items.
  dataFrom.push(...lateFrom);
  if (data.length === 0 && dataFrom.length === 0 && service !== undefined) error(at('data'), 'reads nothing: no data, dataFrom or dataFromWithOptions');

  const target: Record<string, unknown> = { name: name ?? '', creationPolicy: 'Owner' };
  const template = mapTemplate(spec, at, data, findings);
  if (template.immutable) target.immutable = true;
  if (template.template) target.template = template.template;

  const esMetadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key === 'name' || key === 'namespace') esMetadata[key] = value;
    else if (key === 'labels') esMetadata.labels = value;
    else if (key === 'annotations' && isMapping(value)) {
      const kept = Object.fromEntries(Object.entries(value).filter(([k]) => k !== LAST_APPLIED));
      if (Object.hasOwn(value, LAST_APPLIED)) note(['metadata', 'annotations', LAST_APPLIED], 'written by kubectl apply, left out');
      if (Object.keys(kept).length > 0) esMetadata.annotations = kept;
    } else if (SERVER_METADATA.has(key)) note(['metadata', key], 'set by the API server, left out');
    else error(['metadata', key], `metadata.${key} is not migrated: remove it, or add it to the External Secrets object by hand`);
  }
  if (isMapping(metadata.labels) && Object.keys(metadata.labels).length > 0 && !template.template?.metadata) {
    note(['metadata', 'labels'], "External Secrets copies an ExternalSecret's labels and annotations onto its Secret (KES did not)");
  }

  if (findings.some((f) => f.severity === 'error') || service === undefined || storeRegion === undefined) {
    return { findings, ...(name === undefined ? {} : { name }), ...(namespace === undefined ? {} : { namespace }) };
  }
  const spec2: Record<string, unknown> = { refreshInterval: options.refreshInterval, secretStoreRef: { kind: '', name: '' }, target };
  if (data.length > 0) spec2.data = data;
  if (dataFrom.length > 0) spec2.dataFrom = dataFrom;
  return {
    externalSecret: { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: esMetadata, spec: spec2 },
    store: { service, region: storeRegion, ...(role === undefined ? {} : { role }), ...(controller === undefined ? {} : { controller }) },
    ...(name === undefined ? {} : { name }),
    ...(namespace === undefined ? {} : { namespace }),
    findings,
  };
}

/** A KES `path` entry as a find: External Secrets always reads a path recursively, and keys by the full name. */
function pathFind(path: string, recursive: boolean): { dataFrom: Record<string, unknown>; note: string } {
  const base = path.replace(/\/+$/, '');
  // A Parameter Store path holds letters, digits and /_.-: of these only `.` means something in a regexp.
  const quoted = base.replace(/\./g, '\\.');
  if (recursive) {
    return {
      dataFrom: { find: { path, name: { regexp: `^${quoted}/` } }, rewrite: [{ regexp: { source: '^.*/', target: '' } }] },
      note: `dataFrom find of every parameter below ${path}, keyed by its last segment as KES keyed it (recursive: true)`,
    };
  }
  return {
    dataFrom: { find: { path, name: { regexp: `^${quoted}/[^/]+$` } }, rewrite: [{ regexp: { source: `^${quoted}/`, target: '' } }] },
    note: `dataFrom find of the parameters directly under ${path}, keyed by their name there as KES keyed them (recursive: false)`,
  };
}

/** KES's template (lodash, deep-merged into the Secret) as target.template (Go templates). */
function mapTemplate(
  spec: Record<string, unknown>,
  at: (...rest: PathSegment[]) => PathSegment[],
  data: Record<string, unknown>[],
  findings: Finding[],
): { template?: Record<string, unknown>; immutable?: boolean } {
  const error = (path: PathSegment[], message: string) => findings.push({ severity: 'error', path, message });
  const note = (path: PathSegment[], message: string) => findings.push({ severity: 'note', path, message });
  const out: Record<string, unknown> = {};
  let immutable = false;

  if (spec.type !== undefined) {
    if (typeof spec.type !== 'string') error(at('type'), 'expected a Secret type');
    else {
      out.type = spec.type;
      note(at('type'), 'the deprecated KES form of template.type: target.template.type');
    }
  }
  const template = spec.template;
  if (template === undefined) return Object.keys(out).length > 0 ? { template: { engineVersion: 'v2', ...out } } : {};
  if (!isMapping(template)) {
    error(at('template'), 'expected a mapping');
    return {};
  }
  const names = new Set(data.map((d) => d.secretKey as string));
  const templated: Record<string, string> = {};
  for (const [field, value] of Object.entries(template)) {
    const path = at('template', field);
    if (field === 'type') {
      if (typeof value === 'string') out.type = value;
      else error(path, 'expected a Secret type');
    } else if (field === 'immutable') {
      if (value === true) immutable = true;
      else if (value !== false) error(path, 'expected true or false');
    } else if (field === 'metadata') {
      if (!isMapping(value)) {
        error(path, 'expected a mapping');
        continue;
      }
      const metadata: Record<string, unknown> = {};
      for (const [part, entries] of Object.entries(value)) {
        if (part !== 'labels' && part !== 'annotations') {
          error([...path, part], `template.metadata.${part} is not migrated (External Secrets templates labels and annotations only)`);
          continue;
        }
        if (!isMapping(entries)) {
          error([...path, part], 'expected a mapping');
          continue;
        }
        const translated: Record<string, string> = {};
        for (const [key, text] of Object.entries(entries)) {
          const result = translateString(text, [...path, part, key], findings);
          if (result !== undefined) translated[key] = result;
        }
        metadata[part] = translated;
      }
      out.metadata = metadata;
    } else if (field === 'stringData' || field === 'data') {
      if (!isMapping(value)) {
        error(path, 'expected a mapping');
        continue;
      }
      for (const [key, text] of Object.entries(value)) {
        const keyPath = [...path, key];
        if (typeof text !== 'string') {
          error(keyPath, 'expected a string');
          continue;
        }
        if (names.has(key)) findings.push({ severity: 'warning', path: keyPath, message: `the template writes ${key}, which data also fetches: KES kept the fetched value, External Secrets' template wins` });
        if (field === 'data') {
          const result = translateDataTemplate(text);
          if ('problems' in result) result.problems.forEach((p) => error(keyPath, p));
          else {
            templated[key] = result.template;
            note(keyPath, result.decoded ? 'base64 value decoded into target.template.data (External Secrets templates are text)' : 'Buffer.from(...).toString("base64") as the value it encodes');
          }
        } else {
          const result = translateString(text, keyPath, findings);
          if (result !== undefined) templated[key] = result;
        }
      }
    } else {
      error(path, `template.${field} is not migrated (KES merged the template into the Secret; External Secrets templates type, metadata labels and annotations, and data)`);
    }
  }
  if (Object.keys(templated).length > 0) {
    out.data = templated;
    // KES merged its template next to the fetched keys: Merge keeps them in External Secrets too.
    out.mergePolicy = 'Merge';
    note(at('template'), 'target.template with mergePolicy Merge: KES kept the fetched keys beside the templated ones');
  }
  const ordered: Record<string, unknown> = { engineVersion: 'v2' };
  for (const key of ['type', 'mergePolicy', 'metadata', 'data']) if (out[key] !== undefined) ordered[key] = out[key];
  return { ...(Object.keys(out).length > 0 ? { template: ordered } : {}), ...(immutable ? { immutable } : {}) };
}

/** A stringData value, label or annotation: lodash to Go, or reported. */
function translateString(text: unknown, path: PathSegment[], findings: Finding[]): string | undefined {
  if (typeof text !== 'string') {
    findings.push({ severity: 'error', path, message: 'expected a string' });
    return undefined;
  }
  const result = translateTemplate(text);
  if ('problems' in result) {
    for (const problem of result.problems) findings.push({ severity: 'error', path, message: problem });
    return undefined;
  }
  if (hasTemplateSyntax(text)) findings.push({ severity: 'note', path, message: `${result.expressions === 1 ? 'an expression' : `${result.expressions} expressions`} translated: ${JSON.stringify(result.template)}` });
  return result.template;
}
