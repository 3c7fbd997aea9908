import type { AppSpec, Environment, Resources } from '../appSpec/types.ts';
import { baseEnv, environmentEnv, orderEnv, type EnvEntry } from '../appSpec/envReferences.ts';

/**
 * What skeleton templates see. Every field is always present (null or [] when
 * unused) because templates are compiled in strict mode, where a missing field
 * is an error rather than an empty string.
 */
export interface BaseView {
  app: AppView;
  /** Labels on every resource and pod template. */
  labels: KeyValue[];
  /** The subset of labels that selects the app's pods (never changes after creation). */
  selector: KeyValue[];
  /** Annotations on the Deployment. */
  annotations: KeyValue[];
  image: string;
  http: { port: number; servicePort: number } | null;
  probes: ProbeView[];
  resources: ResourcesView;
  /** Plain variables, each after the ones its `$(NAME)` references name (Kubernetes expands only those). */
  env: KeyValue[];
  serviceAccount: { name: string };
  secrets: SecretsView | null;
}

export interface OverlayView {
  app: AppView;
  environment: { name: string };
  /**
   * Container fields the environment overrides, or null when it overrides none. When it sets
   * any variable, `env` is every variable of the environment: a Kustomize patch puts the
   * entries it lists first, in its order, so only the whole list keeps references resolvable.
   */
  container: { resources: ResourcesView | null; env: KeyValue[] } | null;
  irsa: { roleArn: string } | null;
  secrets: { name: string; data: SecretDataView[] } | null;
}

export interface AppView {
  name: string;
  namespace: string;
  /** Name of the app's container (the app name). */
  container: string;
}

export interface KeyValue {
  name: string;
  value: string;
}

export interface ProbeView {
  /** Container field: readinessProbe, livenessProbe or startupProbe. */
  field: string;
  path: string;
}

export interface ResourcesView {
  cpu: string;
  memory: string;
}

export interface SecretsView {
  name: string;
  storeKind: string;
  storeName: string;
  refreshInterval: string;
  data: SecretDataView[];
}

export interface SecretDataView {
  secretKey: string;
  remoteKey: string;
}

const MANAGED_BY = 'scaffold';
export const DEFAULT_REFRESH_INTERVAL = '1h';
const SERVICE_PORT = 80;
/** Stakater Reloader restarts the pods when the Secret that External Secrets keeps in sync changes. */
const RELOADER_ANNOTATION = 'secret.reloader.stakater.com/reload';

const PROBE_FIELDS = [
  ['readiness', 'readinessProbe'],
  ['liveness', 'livenessProbe'],
  ['startup', 'startupProbe'],
] as const;

export function buildBaseView(app: AppSpec): BaseView {
  const { spec } = app;
  const name = app.metadata.name;
  const selector = [{ name: 'app.kubernetes.io/name', value: name }];
  return {
    app: appView(app),
    labels: [...selector, { name: 'app.kubernetes.io/managed-by', value: MANAGED_BY }],
    selector,
    annotations: spec.secrets ? [{ name: RELOADER_ANNOTATION, value: name }] : [],
    image: spec.image,
    http: spec.port === undefined ? null : { port: spec.port, servicePort: SERVICE_PORT },
    probes: PROBE_FIELDS.flatMap(([key, field]) => {
      const path = spec.probes?.[key];
      return path === undefined ? [] : [{ field, path }];
    }),
    resources: resourcesView(spec.resources),
    env: keyValues(baseEnv(spec)),
    serviceAccount: { name },
    secrets: spec.secrets
      ? {
          name,
          storeKind: spec.secrets.store.kind,
          storeName: spec.secrets.store.name,
          refreshInterval: spec.secrets.refreshInterval ?? DEFAULT_REFRESH_INTERVAL,
          // The base names parameters relative to the environment's path; each overlay replaces them.
          data: Object.entries(spec.secrets.keys).map(([secretKey, remoteKey]) => ({ secretKey, remoteKey })),
        }
      : null,
  };
}

export function buildOverlayView(app: AppSpec, envName: string): OverlayView {
  const { spec } = app;
  const env = spec.environments[envName];
  if (!env) throw new Error(`no environment ${envName}`);
  const resources = env.resources ? resourcesView({ ...spec.resources, ...env.resources }) : null;
  const envVars = Object.keys(env.env ?? {}).length > 0 ? keyValues(environmentEnv(spec, envName)) : [];
  return {
    app: appView(app),
    environment: { name: envName },
    container: resources || envVars.length > 0 ? { resources, env: envVars } : null,
    irsa: spec.irsa && env.awsAccountId ? { roleArn: `arn:aws:iam::${env.awsAccountId}:role/${spec.irsa.roleName}` } : null,
    secrets: spec.secrets
      ? {
          name: app.metadata.name,
          data: Object.entries(spec.secrets.keys).map(([secretKey, key]) => ({ secretKey, remoteKey: parameterName(env, key) })),
        }
      : null,
  };
}

/** A parameter's full name: absolute names are kept, relative ones go under the environment's secretsPath. */
function parameterName(env: Environment, key: string): string {
  if (key.startsWith('/')) return key;
  return `${env.secretsPath ?? ''}/${key}`;
}

function appView(app: AppSpec): AppView {
  return { name: app.metadata.name, namespace: app.spec.namespace, container: app.metadata.name };
}

/** Quantities are printed as strings whichever way the spec wrote them, so every overlay reads alike. */
function resourcesView(r: Resources): ResourcesView {
  return { cpu: String(r.cpu), memory: String(r.memory) };
}

function keyValues(entries: readonly EnvEntry[]): KeyValue[] {
  return orderEnv(entries).order.map(({ name, value }) => ({ name, value }));
}

/**
 * What the kustomization templates see. They use Kustomize v5 fields only
 * (resources, labels, images, replicas, patches; never commonLabels,
 * patchesStrategicMerge, bases or vars).
 */
export interface BaseKustomizationView {
  resources: string[];
  patches: string[];
}

export interface OverlayKustomizationView {
  resources: string[];
  patches: string[];
  /** Labels added to resources and pod templates, never to selectors (immutable once deployed). */
  labels: KeyValue[];
  /** The image with the environment's tag, or its digest when the tag is `sha256:...`. */
  image: { name: string; newTag: string | null; digest: string | null };
  replicas: { name: string; count: number };
}

const DEFAULT_REPLICAS = 1;

export function overlayKustomizationView(app: AppSpec, envName: string, resources: string[], patches: string[]): OverlayKustomizationView {
  const env = app.spec.environments[envName]!;
  const digest = env.imageTag.startsWith('sha256:');
  return {
    resources: ['../../base', ...resources],
    patches,
    labels: [{ name: 'app.kubernetes.io/instance', value: `${app.metadata.name}-${envName}` }],
    image: { name: app.spec.image, newTag: digest ? null : env.imageTag, digest: digest ? env.imageTag : null },
    replicas: { name: app.metadata.name, count: env.replicas ?? DEFAULT_REPLICAS },
  };
}
