/** The app spec, `apps/<name>/app.yaml`, as described by schemas/app-spec.schema.json. */
export interface AppSpec {
  apiVersion: 'scaffold/v1alpha1';
  kind: 'App';
  metadata: { name: string };
  spec: {
    skeleton: string;
    namespace: string;
    image: string;
    port?: number;
    probes?: Probes;
    resources: Resources;
    env?: Record<string, string>;
    irsa?: { roleName: string };
    secrets?: Secrets;
    environments: Record<string, Environment>;
  } & UserFiles;
}

export interface Probes {
  readiness?: string;
  liveness?: string;
  startup?: string;
}

export interface Resources {
  /** A quantity string (500m) or a plain number of cores (1, 0.5). */
  cpu: string | number;
  memory: string | number;
}

export interface Secrets {
  store: { kind: 'SecretStore' | 'ClusterSecretStore'; name: string };
  refreshInterval?: string;
  keys: Record<string, string>;
}

/** Files the user owns beside the generated ones, referenced from the generated kustomization. */
export interface UserFiles {
  patches?: string[];
  extraResources?: string[];
}

export interface Environment extends UserFiles {
  awsAccountId?: string;
  secretsPath?: string;
  imageTag: string;
  replicas?: number;
  resources?: Partial<Resources>;
  env?: Record<string, string>;
}

/** An app spec together with where it was read from. */
export interface LoadedSpec {
  /** Path of app.yaml relative to the gitops root, with forward slashes. */
  specPath: string;
  /** Folder of the app relative to the gitops root (where base/ and overlays/ are written). */
  appDir: string;
  spec: AppSpec;
}
