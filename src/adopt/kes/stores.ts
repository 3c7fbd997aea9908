/**
 * The SecretStores migrated ExternalSecrets need. KES read every object with its
 * controller's own AWS credentials, assuming the object's `roleArn` when it had
 * one; a store with no `auth` and `provider.aws.role` does exactly that in
 * External Secrets. One store per service, region, role and controller class,
 * shared by the objects of a run that need the same one.
 */
import { createHash } from 'node:crypto';

export type AwsService = 'SecretsManager' | 'ParameterStore';
export type StoreKind = 'SecretStore' | 'ClusterSecretStore';

/** What makes two objects need the same store. */
export interface StoreNeed {
  service: AwsService;
  region: string;
  /** An IAM role ARN the controller assumes. */
  role?: string;
  /** The controller class (KES controllerId) that serves the store. */
  controller?: string;
  /** The namespace of a namespaced SecretStore (the objects'); absent for one applied where the object is. */
  namespace?: string;
}

export interface Store {
  kind: StoreKind;
  name: string;
  document: Record<string, unknown>;
}

const MAX_NAME = 253;

/** `aws-<service>-<region>[-<account>-<role>][-<controller>]`: readable, and one name per need. */
export function storeName(need: StoreNeed): string {
  const parts = ['aws', need.service.toLowerCase(), need.region];
  if (need.role !== undefined) {
    const m = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(need.role);
    if (m) parts.push(m[1]!, m[2]!);
    else parts.push(need.role);
  }
  if (need.controller !== undefined) parts.push(need.controller);
  const name = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return name.length <= MAX_NAME ? name : withHash(name, name);
}

/** `name` within 253 characters, ending in a hash of `of`. */
function withHash(name: string, of: string): string {
  const hash = createHash('sha256').update(of).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_NAME - 9).replace(/-$/, '')}-${hash}`;
}

function needKey(need: StoreNeed): string {
  return JSON.stringify([need.service, need.region, need.role ?? '', need.controller ?? '', need.namespace ?? '']);
}

/**
 * The stores of a run, each once. A ClusterSecretStore serves every namespace unless
 * it says otherwise: with a role, that would let any namespace read what one could,
 * so it lists the namespaces of the objects that use it (`spec.conditions`).
 */
export class StoreSet {
  private readonly byKey = new Map<string, { need: StoreNeed; name: string; namespaces: Set<string> }>();

  constructor(readonly kind: StoreKind) {}

  /** The store an object in `namespace` needs; its name, to reference it. */
  use(need: Omit<StoreNeed, 'namespace'>, namespace: string | undefined): string {
    const full: StoreNeed = this.kind === 'SecretStore' && namespace !== undefined ? { ...need, namespace } : { ...need };
    const key = needKey(full);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { need: full, name: this.freeName(full, key), namespaces: new Set() };
      this.byKey.set(key, entry);
    }
    if (namespace !== undefined) entry.namespaces.add(namespace);
    return entry.name;
  }

  /**
   * A name folds case and what a name cannot hold (controllers Dev and dev, roles a_b and a-b): a need whose
   * name another store of its namespace has already gets a hash of the need added, never that store's name.
   */
  private freeName(need: StoreNeed, key: string): string {
    const name = storeName(need);
    const taken = [...this.byKey.values()].some((other) => other.name === name && other.need.namespace === need.namespace);
    return taken ? withHash(name, key) : name;
  }

  stores(): Store[] {
    return [...this.byKey.values()].map(({ need, name, namespaces }) => {
      const aws: Record<string, unknown> = { service: need.service, region: need.region };
      if (need.role !== undefined) aws.role = need.role;
      const spec: Record<string, unknown> = {};
      if (need.controller !== undefined) spec.controller = need.controller;
      spec.provider = { aws };
      if (this.kind === 'ClusterSecretStore' && namespaces.size > 0) spec.conditions = [{ namespaces: [...namespaces].sort() }];
      const metadata: Record<string, unknown> = { name };
      if (need.namespace !== undefined) metadata.namespace = need.namespace;
      return { kind: this.kind, name, document: { apiVersion: 'external-secrets.io/v1', kind: this.kind, metadata, spec } };
    });
  }
}
