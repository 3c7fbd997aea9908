import type { Resources } from '../appSpec/types.ts';
import { baseEnv, environmentEnv, orderEnv, type EnvEntry } from '../appSpec/envReferences.ts';
import { DEFAULT_REPLICAS, effectiveAutoscaling, type WorkloadKind } from '../appSpec/effective.ts';
import type { ResolvedApp, ResolvedEnvironment } from '../orgConfig/resolve.ts';
import { EXEMPTION_PREFIX } from '../vocabulary/issue.ts';
import { autoscalerView, cronJobView, daemonSetView, disruptionBudgetView, ingressPatchView, ingressView, podView, topologySpreadView } from './featureViews.ts';
import type { ImageValues } from './overlayImage.ts';

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
  /**
   * Annotations on the Deployment or DaemonSet: the Reloader's (none on a CronJob: each run reads the
   * Secret afresh), and a DaemonSet's exemption from pod-security-restricted when it mounts spec.hostPaths.
   */
  annotations: KeyValue[];
  image: string;
  http: { port: number; servicePort: number } | null;
  probes: ProbeView[];
  resources: ResourcesView;
  /** Plain variables, each after the ones its `$(NAME)` references name (Kubernetes expands only those). */
  env: KeyValue[];
  serviceAccount: { name: string };
  secrets: SecretsView | null;
  /** The pod template's metadata and shutdown, the same for every workload. */
  pod: PodView;
  /** The workload of the skeleton (skeleton.yaml `workload`): exactly one of these is set. */
  deployment: boolean;
  daemonSet: DaemonSetView | null;
  cronJob: CronJobView | null;
  /** An Ingress for the AWS Load Balancer Controller (spec.ingress), routing to the Service. */
  ingress: IngressView | null;
}

export interface PodView {
  /** `labels`, and sidecar.istio.io/inject when spec.istio is set. */
  labels: KeyValue[];
  /** The Istio proxy's resources, requests equal to limits. */
  annotations: KeyValue[];
  gracePeriod: Seconds | null;
  /** A preStop sleep, so that load balancers stop sending requests before the container gets SIGTERM. */
  preStop: Seconds | null;
}

export interface Seconds {
  seconds: number;
}

/** An int-or-string field: exactly one of the two is set. Templates test `percent`, never a number, which could be 0. */
export interface IntOrPercentView {
  count: number | null;
  percent: string | null;
}

export interface DaemonSetView {
  maxUnavailable: IntOrPercentView;
  tolerations: TolerationView[];
  hostPaths: HostPathView[];
}

export interface TolerationView {
  operator: string;
  key: string | null;
  value: string | null;
  effect: string | null;
  tolerationSeconds: Seconds | null;
}

export interface HostPathView {
  name: string;
  path: string;
  /** Directory or File: it must exist on the node, nothing is created there. */
  type: string;
  mountPath: string;
}

export interface CronJobView {
  schedule: string;
  timeZone: string | null;
  concurrencyPolicy: string;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  activeDeadlineSeconds: number;
  backoffLimit: number;
  restartPolicy: string;
}

export interface IngressView {
  className: string;
  annotations: KeyValue[];
  /** spec.ingress.host; null when each environment gives its own. */
  host: string | null;
  path: string;
  serviceName: string;
}

export interface OverlayView {
  app: AppView;
  environment: { name: string };
  /** Labels on resources the overlay adds (the overlay's kustomization adds the instance label to all). */
  labels: KeyValue[];
  selector: KeyValue[];
  /**
   * Container fields the environment overrides, or null when it overrides none. When it sets
   * any variable, `env` is every variable of the environment: a Kustomize patch puts the
   * entries it lists first, in its order, so only the whole list keeps references resolvable.
   */
  container: { resources: ResourcesView | null; env: KeyValue[] } | null;
  /** Zone spread of a Deployment that can run more than one pod here. */
  topologySpread: TopologySpreadView | null;
  /** Whether the workload's patch has anything to say (so that its pod spec is never empty, which would delete the base's). */
  deploymentPatch: boolean;
  daemonSetPatch: boolean;
  cronJobPatch: { schedule: string | null; suspend: boolean } | null;
  /** IRSA: the role the ServiceAccount is annotated with. */
  irsa: { roleArn: string } | null;
  /** EKS Pod Identity: the association of the ServiceAccount with the role on the cluster. */
  podIdentity: { clusterName: string; roleArn: string } | null;
  secrets: { name: string; data: SecretDataView[]; fromPath: FromPathView | null } | null;
  ingress: IngressPatchView | null;
  /** A HorizontalPodAutoscaler, an overlay resource: the environment then sets no replicas. */
  autoscaler: AutoscalerView | null;
  disruptionBudget: DisruptionBudgetView | null;
}

export interface TopologySpreadView {
  whenUnsatisfiable: string;
  selector: KeyValue[];
}

export interface IngressPatchView {
  /** The environment's certificate and HTTPS listener. */
  annotations: KeyValue[];
  /** The whole rule (a patch replaces the list of rules), when the environment's host is not the base's. */
  rule: { host: string; path: string; serviceName: string } | null;
}

export interface AutoscalerView {
  minReplicas: number;
  maxReplicas: number;
  metrics: { resource: string; averageUtilization: number }[];
}

export interface DisruptionBudgetView {
  minAvailable: IntOrPercentView | null;
  maxUnavailable: IntOrPercentView | null;
}

/**
 * An ExternalSecret's `dataFrom.find` of every parameter directly under a path,
 * with the rewrites that turn `/production/checkout/db-password` into `DB_PASSWORD`.
 */
export interface FromPathView {
  path: string;
  /** Matches the parameters directly under the path (External Secrets always reads the path recursively). */
  nameRegexp: string;
  /** Matches the path prefix, which the first rewrite removes. */
  prefixRegexp: string;
  /** The second rewrite: a Go template upper-casing the name and turning - and . into _. */
  keyTemplate: string;
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
const DEFAULT_SERVICE_PORT = 80;
/** Stakater Reloader restarts the pods when the Secret that External Secrets keeps in sync changes. */
const RELOADER_ANNOTATION = 'secret.reloader.stakater.com/reload';

/**
 * hostPath volumes, which spec.hostPaths asks for knowingly, are what Pod Security baseline and restricted
 * forbid: the DaemonSet says so where it is reviewed, and the namespace must enforce level privileged.
 */
const HOST_PATHS_EXEMPTION: KeyValue = {
  name: `${EXEMPTION_PREFIX}pod-security-restricted`,
  value: 'spec.hostPaths mounts host folders as hostPath volumes, which Pod Security baseline and restricted forbid: the app runs in a namespace that enforces privileged',
};

const PROBE_FIELDS = [
  ['readiness', 'readinessProbe'],
  ['liveness', 'livenessProbe'],
  ['startup', 'startupProbe'],
] as const;

/**
 * External Secrets' template for a key (Go text/template with its sprig functions; the
 * key is `.value`): `db-password` becomes `DB_PASSWORD`, `api.key` becomes `API_KEY`.
 * Parameter Store names hold only letters, digits and `_.-`, so the result is an
 * environment variable name unless it starts with a digit.
 */
export const ENV_NAME_TEMPLATE = '{{ .value | upper | replace "-" "_" | replace "." "_" }}';

function selectorOf(app: ResolvedApp): KeyValue[] {
  return [{ name: 'app.kubernetes.io/name', value: app.metadata.name }];
}

function labelsOf(app: ResolvedApp): KeyValue[] {
  return [...selectorOf(app), { name: 'app.kubernetes.io/managed-by', value: MANAGED_BY }];
}

export function buildBaseView(app: ResolvedApp, workload: WorkloadKind): BaseView {
  const { spec } = app;
  const name = app.metadata.name;
  const selector = selectorOf(app);
  const labels = labelsOf(app);
  return {
    app: appView(app),
    labels,
    selector,
    annotations: [
      ...(spec.secrets && workload !== 'CronJob' ? [{ name: RELOADER_ANNOTATION, value: name }] : []),
      ...(workload === 'DaemonSet' && (spec.hostPaths ?? []).length > 0 ? [HOST_PATHS_EXEMPTION] : []),
    ],
    image: spec.image,
    http: spec.port === undefined ? null : { port: spec.port, servicePort: spec.servicePort ?? DEFAULT_SERVICE_PORT },
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
          refreshInterval: spec.secrets.refreshInterval,
          // The base names parameters relative to the environment's path; each overlay replaces them.
          data: Object.entries(spec.secrets.keys).map(([secretKey, remoteKey]) => ({ secretKey, remoteKey })),
        }
      : null,
    pod: podView(spec, labels),
    deployment: workload === 'Deployment',
    daemonSet: workload === 'DaemonSet' ? daemonSetView(spec) : null,
    cronJob: workload === 'CronJob' ? cronJobView(spec) : null,
    ingress: ingressView(app),
  };
}

export function buildOverlayView(app: ResolvedApp, envName: string, workload: WorkloadKind): OverlayView {
  const { spec } = app;
  const env = spec.environments[envName];
  if (!env) throw new Error(`no environment ${envName}`);
  const resources = env.resources ? resourcesView({ ...spec.resources, ...env.resources }) : null;
  const envVars = Object.keys(env.env ?? {}).length > 0 ? keyValues(environmentEnv(spec, envName)) : [];
  const identity = env.identity;
  const container = resources || envVars.length > 0 ? { resources, env: envVars } : null;
  const deployment = workload === 'Deployment';
  const topologySpread = deployment ? topologySpreadView(spec, env, selectorOf(app)) : null;
  const cronJobPatch = workload === 'CronJob' && (container || env.schedule !== undefined || env.suspend) ? { schedule: env.schedule ?? null, suspend: env.suspend === true } : null;
  return {
    app: appView(app),
    environment: { name: envName },
    labels: labelsOf(app),
    selector: selectorOf(app),
    container,
    topologySpread,
    deploymentPatch: deployment && (container !== null || topologySpread !== null),
    daemonSetPatch: workload === 'DaemonSet' && container !== null,
    cronJobPatch,
    irsa: identity?.kind === 'irsa' ? { roleArn: identity.roleArn } : null,
    podIdentity: identity?.kind === 'podIdentity' && env.cluster !== undefined ? { clusterName: env.cluster, roleArn: identity.roleArn } : null,
    secrets: spec.secrets
      ? {
          name: app.metadata.name,
          data: Object.entries(spec.secrets.keys).map(([secretKey, key]) => ({ secretKey, remoteKey: parameterName(env, key) })),
          fromPath: spec.secrets.fromPath && env.secretsPath !== undefined ? fromPathView(env.secretsPath) : null,
        }
      : null,
    ingress: ingressPatchView(app, env),
    autoscaler: deployment ? autoscalerView(spec, env) : null,
    disruptionBudget: deployment ? disruptionBudgetView(spec, env) : null,
  };
}

/** A parameter's full name: absolute names are kept, relative ones go under the environment's secretsPath. */
function parameterName(env: ResolvedEnvironment, key: string): string {
  if (key.startsWith('/')) return key;
  return `${env.secretsPath ?? ''}/${key}`;
}

function fromPathView(path: string): FromPathView {
  // A Parameter Store path holds letters, digits and `/_.-`: of these only `.` means something in a regexp.
  const quoted = path.replace(/\./g, '\\.');
  return { path, nameRegexp: `^${quoted}/[^/]+$`, prefixRegexp: `^${quoted}/`, keyTemplate: ENV_NAME_TEMPLATE };
}

function appView(app: ResolvedApp): AppView {
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
  /**
   * The app's namespace, for an Argo CD ApplicationSet's git files generator to read
   * (argocd.mode: applicationSets); null otherwise.
   */
  metadata: { namespace: string } | null;
  resources: string[];
  patches: string[];
  /** Labels added to resources and pod templates, never to selectors (immutable once deployed). */
  labels: KeyValue[];
  /**
   * The image and what replaces it: app.yaml's tag (or its digest when the tag is
   * `sha256:...`) for a new overlay, else the tag, digest and name image automation set.
   */
  image: { name: string; newName: string | null; newTag: string | null; digest: string | null };
  /** A Deployment's pod count; null when an autoscaler owns it, and for a DaemonSet or CronJob (Kustomize refuses replicas for them). */
  replicas: { name: string; count: number } | null;
}

export function overlayKustomizationView(
  app: ResolvedApp,
  envName: string,
  resources: string[],
  patches: string[],
  workload: WorkloadKind,
  image: ImageValues,
  metadata: OverlayKustomizationView['metadata'] = null,
): OverlayKustomizationView {
  const env = app.spec.environments[envName]!;
  return {
    metadata,
    resources: ['../../base', ...resources],
    patches,
    labels: [{ name: 'app.kubernetes.io/instance', value: `${app.metadata.name}-${envName}` }],
    image: { name: app.spec.image, newName: image.newName ?? null, newTag: image.newTag ?? null, digest: image.digest ?? null },
    replicas: workload === 'Deployment' && !effectiveAutoscaling(app.spec, env) ? { name: app.metadata.name, count: env.replicas ?? DEFAULT_REPLICAS } : null,
  };
}
