import type { Resources } from '../appSpec/types.ts';
import type { PathSegment } from '../vocabulary/issue.ts';

/** The organisation config, `.scaffold.yaml` at the gitops root, as described by schemas/config.schema.json. */
export interface OrgConfig {
  apiVersion: 'scaffold/v1alpha1';
  kind: 'Config';
  environments?: Record<string, ConfigEnvironment>;
  defaults?: ConfigDefaults;
  /** Skeleton folders, relative to the config's folder. */
  skeletons?: string[];
  validate?: { skip?: PolicySkip[] };
  argocd?: ArgoCdConfig;
}

/** The Argo CD objects that sync the overlays (see schemas/config.schema.json for each field). */
export interface ArgoCdConfig {
  repoURL: string;
  targetRevision?: string;
  /** Where the config's folder is in the Git repository, when not at its top. */
  repositoryPath?: string;
  namespace?: string;
  project?: string;
  rootProject?: string;
  mode?: 'applications' | 'applicationSets';
  finalizer?: 'foreground' | 'background' | 'none';
  syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean }; createNamespace?: boolean };
  environments: Record<string, ArgoCdEnvironment>;
}

export interface ArgoCdEnvironment {
  /** One of the two. */
  destination: { name?: string; server?: string };
  project?: string;
}

export interface ConfigEnvironment {
  awsAccountId?: string;
  kubernetesVersion?: string;
  cluster?: string;
  secretsPathPrefix?: string;
  oidcProvider?: string;
}

export interface ConfigDefaults {
  imageRegistry?: string;
  namespace?: string;
  resources?: Partial<Resources>;
  secretStore?: { kind: 'SecretStore' | 'ClusterSecretStore'; name: string; refreshInterval?: string };
}

export interface PolicySkip {
  policy: string;
  reason: string;
}

/** A config together with where it was found. */
export interface LoadedConfig {
  /** Its path as messages and generated headers show it: relative to the gitops root, forward slashes. */
  file: string;
  /** The folder it sits in, absolute: the paths it names are relative to it. */
  dir: string;
  config: OrgConfig;
  /** Where a field of it is (its closest existing ancestor for one it lacks). */
  locate: (path: readonly PathSegment[]) => { line: number; column: number };
}

/** The file name scaffold looks for. */
export const CONFIG_FILE = '.scaffold.yaml';
