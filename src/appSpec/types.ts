/**
 * The app spec, `apps/<name>/app.yaml`, as described by schemas/app-spec.schema.json:
 * what the user wrote. Values the organisation config (`.scaffold.yaml`) can give
 * may be absent here; src/orgConfig/resolve.ts fills them in for the renderer.
 */
export interface AppSpec {
  apiVersion: 'scaffold/v1alpha1';
  kind: 'App';
  metadata: { name: string };
  spec: {
    skeleton: string;
    namespace?: string;
    image?: string;
    port?: number;
    probes?: Probes;
    resources?: Partial<Resources>;
    env?: Record<string, string>;
    irsa?: AwsRole;
    podIdentity?: AwsRole;
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

/** The IAM role of an app, by name; each environment's account makes the ARN. */
export interface AwsRole {
  roleName: string;
}

export interface SecretStoreRef {
  kind: 'SecretStore' | 'ClusterSecretStore';
  name: string;
}

export interface Secrets {
  store?: SecretStoreRef;
  refreshInterval?: string;
  keys?: Record<string, string>;
  /** Every parameter under the environment's secretsPath, as an env var named after it. */
  fromPath?: boolean;
}

/** Files the user owns beside the generated ones, referenced from the generated kustomization. */
export interface UserFiles {
  patches?: string[];
  extraResources?: string[];
}

export interface Environment extends UserFiles {
  awsAccountId?: string;
  secretsPath?: string;
  cluster?: string;
  irsa?: AwsRole;
  podIdentity?: AwsRole;
  imageTag: string;
  replicas?: number;
  resources?: Partial<Resources>;
  env?: Record<string, string>;
}
