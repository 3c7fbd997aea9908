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
    /** The web skeleton's Service port (default 80). */
    servicePort?: number;
    probes?: Probes;
    resources?: Partial<Resources>;
    env?: Record<string, string>;
    irsa?: AwsRole;
    podIdentity?: AwsRole;
    secrets?: Secrets;
    environments: Record<string, Environment>;
  } & AppFeatures &
    UserFiles;
}

/** The workload and production fields of spec, which the organisation config leaves as written. */
export interface AppFeatures {
  ingress?: Ingress;
  autoscaling?: Autoscaling;
  disruptionBudget?: DisruptionBudget;
  zoneSpread?: 'ScheduleAnyway' | 'DoNotSchedule' | 'None';
  shutdown?: { preStopSeconds?: number; terminationGracePeriodSeconds?: number };
  istio?: { sidecar: boolean; proxy?: Partial<Resources> };
  tolerations?: Toleration[];
  updateStrategy?: { maxUnavailable?: IntOrPercent };
  hostPaths?: HostPath[];
  schedule?: string;
  timeZone?: string;
  concurrencyPolicy?: 'Forbid' | 'Allow' | 'Replace';
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  restartPolicy?: 'Never' | 'OnFailure';
}

/** The same, of an environment. */
export interface EnvironmentFeatures {
  autoscaling?: Autoscaling | false;
  disruptionBudget?: DisruptionBudget | false;
  ingress?: { host?: string; certificateArn?: string };
  schedule?: string;
  suspend?: boolean;
}

/** A number of pods (3) or a percentage of them ("25%"). */
export type IntOrPercent = number | string;

export interface Ingress {
  host?: string;
  path?: string;
  scheme?: 'internal' | 'internet-facing';
  group?: string;
  className?: string;
}

export interface Autoscaling {
  minReplicas?: number;
  maxReplicas?: number;
  cpuUtilization?: number;
  memoryUtilization?: number;
}

/** One of the two; the spec check refuses both. */
export interface DisruptionBudget {
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

export interface Toleration {
  key?: string;
  operator?: 'Equal' | 'Exists';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface HostPath {
  name: string;
  path: string;
  mountPath: string;
  type?: 'Directory' | 'File';
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

export interface Environment extends UserFiles, EnvironmentFeatures {
  awsAccountId?: string;
  secretsPath?: string;
  cluster?: string;
  irsa?: AwsRole;
  podIdentity?: AwsRole;
  imageTag: string;
  /** The Flux ImagePolicy (`<namespace>:<name>`) whose setter marks the overlay's newTag. */
  imagePolicy?: string;
  replicas?: number;
  resources?: Partial<Resources>;
  env?: Record<string, string>;
  /** A bundled Kubernetes minor as the user wrote it (`"1.33"`, `v1.33.2`). */
  kubernetesVersion?: string;
}
