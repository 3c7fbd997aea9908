/**
 * A run of `scaffold migrate kes`: every kubernetes-client.io ExternalSecret of the
 * inputs mapped, the stores they need gathered, every finding placed at its file,
 * line and column. All or nothing is the caller's part: this reports everything.
 */
import { formatPath, type Issue } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import type { SourceDocument } from '../../yamlSource/parse.ts';
import { kindOf, metadataOf, nameOf } from '../objects.ts';
import { isKesExternalSecret, mapKesExternalSecret, type KesOptions } from './kesToEso.ts';
import { StoreSet, type Store, type StoreKind } from './stores.ts';

export interface KesInput {
  /** As shown in messages. */
  file: string;
  documents: readonly SourceDocument[];
}

export interface MigrateOptions extends KesOptions {
  storeKind: StoreKind;
}

export interface MigratedExternalSecret {
  file: string;
  name: string;
  namespace?: string;
  store: string;
  document: Record<string, unknown>;
}

/** How a field was mapped: said beside the result, never a problem. */
export interface MigrationNote {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export interface Migration {
  externalSecrets: MigratedExternalSecret[];
  stores: Store[];
  notes: MigrationNote[];
  /** Errors (nothing may be written) and warnings. */
  issues: Issue[];
}

/** Namespace annotations KES read to restrict what an object in the namespace may read. */
const PERMISSION_ANNOTATIONS = ['iam.amazonaws.com/permitted', 'externalsecrets.kubernetes-client.io/permitted-key-name'];

export function migrateKes(inputs: readonly KesInput[], options: MigrateOptions): Migration {
  const stores = new StoreSet(options.storeKind);
  const externalSecrets: MigratedExternalSecret[] = [];
  const notes: MigrationNote[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, string>();

  for (const { file, documents } of inputs) {
    for (const doc of documents) {
      const value = doc.value;
      if (value === null) continue;
      const place = (path: readonly (string | number)[], at: 'key' | 'value' = 'key') => ({ file, ...doc.locate(path, at), documentLine: doc.start.line });
      if (!isKesExternalSecret(value)) {
        issues.push(skipped(value, file, doc));
        continue;
      }
      const object = value as Record<string, unknown>;
      const mapped = mapKesExternalSecret(object, options);
      const identity = { apiVersion: 'kubernetes-client.io/v1', kind: 'ExternalSecret', ...(mapped.name ? { name: mapped.name } : {}) };
      for (const finding of mapped.findings) {
        const where = place(finding.path);
        if (finding.severity === 'note') notes.push({ file, line: where.line, column: where.column, path: formatPath(finding.path), message: finding.message });
        else issues.push({ severity: finding.severity, rule: 'migrate', ...where, ...identity, path: formatPath(finding.path), message: finding.message });
      }
      if (mapped.name !== undefined) {
        const key = `${mapped.namespace ?? ''}/${mapped.name}`;
        const first = seen.get(key);
        if (first !== undefined) {
          issues.push({ severity: 'error', rule: 'migrate', ...place(['metadata', 'name'], 'value'), ...identity, path: 'metadata.name', message: `${describe(mapped.namespace, mapped.name)} is also defined at ${first}: one object per name and namespace` });
        } else seen.set(key, `${file}:${doc.start.line}`);
      }
      if (!mapped.externalSecret || !mapped.store || mapped.name === undefined) continue;
      const store = stores.use(mapped.store, mapped.namespace);
      const spec = mapped.externalSecret.spec as Record<string, unknown>;
      spec.secretStoreRef = { kind: options.storeKind, name: store };
      externalSecrets.push({ file, name: mapped.name, ...(mapped.namespace === undefined ? {} : { namespace: mapped.namespace }), store, document: mapped.externalSecret });
    }
  }
  const built = stores.stores();
  if (options.storeKind === 'ClusterSecretStore' && externalSecrets.some((e) => e.namespace === undefined)) {
    issues.push({ severity: 'warning', rule: 'migrate', message: 'some ExternalSecrets have no namespace, so the ClusterSecretStores they use list no namespaces in spec.conditions: every namespace may use them (and their roles); add the conditions by hand' });
  }
  return { externalSecrets, stores: built, notes, issues };
}

function describe(namespace: string | undefined, name: string): string {
  return namespace === undefined ? `ExternalSecret ${name}` : `ExternalSecret ${namespace}/${name}`;
}

/** Anything but a KES ExternalSecret among the inputs: said, never silently passed over. */
function skipped(value: unknown, file: string, doc: SourceDocument): Issue {
  const where = { file, ...doc.locate([], 'value'), documentLine: doc.start.line };
  const object = isMapping(value) ? value : {};
  const [kind, name, metadata] = [kindOf(object), nameOf(object), metadataOf(object)];
  const identity = { ...(typeof object.apiVersion === 'string' ? { apiVersion: object.apiVersion } : {}), ...(kind ? { kind } : {}), ...(name ? { name } : {}) };
  const annotations = isMapping(metadata.annotations) ? metadata.annotations : {};
  const permissions = PERMISSION_ANNOTATIONS.filter((a) => Object.hasOwn(annotations, a));
  if (kind === 'Namespace' && permissions.length > 0) {
    return {
      severity: 'warning',
      rule: 'migrate',
      ...where,
      ...doc.locate(['metadata', 'annotations', permissions[0]!], 'key'),
      ...identity,
      path: formatPath(['metadata', 'annotations', permissions[0]!]),
      message: `${permissions.join(' and ')}: KES restricted the namespace's ExternalSecrets with them; External Secrets does not read them: restrict with the store (a SecretStore in the namespace, or a ClusterSecretStore's conditions) and the IAM policy of its role`,
    };
  }
  return { severity: 'warning', rule: 'migrate', ...where, ...identity, message: 'not a kubernetes-client.io/v1 ExternalSecret: left as it is (not migrated)' };
}
