/**
 * The objects of one environment of an app, mapped onto what the app spec can say:
 * the skeleton, image and tag, port and Service port, HTTP probes, resources, plain
 * env, replicas, the IRSA role, the ExternalSecret's keys, shutdown, Istio, the
 * autoscaler and the disruption budget, the CronJob's schedule. What the spec
 * cannot say is left for the residual patches (src/adopt/residual.ts), which the
 * semantic diff finds; objects the skeleton does not render become the app's own
 * resources. The originals are normalised as the overlay will have them where
 * that is a rule of its own: a kubernetes-external-secrets object migrated, the
 * app container named after the app.
 */
import type { Probes } from '../appSpec/types.ts';
import { blocksEveryEviction } from '../appSpec/effective.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { isKesExternalSecret, mapKesExternalSecret, type Finding } from './kes/kesToEso.ts';
import { StoreSet } from './kes/stores.ts';
import {
  apiVersionOf,
  clone,
  containersOf,
  kindOf,
  metadataOf,
  nameOf,
  namespaceOf,
  podLabelsOf,
  podSpecOf,
  podTemplateOf,
  selects,
  type AdoptedWorkloadKind,
  type Json,
  type SourceObject,
} from './objects.ts';
import { keptFromRestricted, POD_SECURITY_EXEMPTION } from './podSecurity.ts';
import type { Selection } from './select.ts';
import type { Step } from './semanticDiff.ts';

export interface MapOptions {
  name: string;
  /** The namespace the objects run in, when they do not say (--namespace). */
  namespace?: string;
  /** The app's container among several (--container). */
  container?: string;
  /** The AWS region of kubernetes-external-secrets objects that name none. */
  region?: string;
  /** The deadline of a CronJob's runs, which scaffold requires, when the CronJob sets none. */
  activeDeadlineSeconds?: number;
}

/** What one environment says about each field of the spec. */
export interface SpecView {
  skeleton: 'web' | 'worker' | 'daemonset' | 'cronjob';
  namespace: string;
  image: string;
  imageTag: string;
  port?: number;
  servicePort?: number;
  probes?: Probes;
  resources: { cpu: string; memory: string };
  env: Record<string, string>;
  replicas?: number;
  irsa?: { roleName: string; accountId: string };
  secrets?: { store: { kind: 'SecretStore' | 'ClusterSecretStore'; name: string }; refreshInterval: string; keys: Record<string, string> };
  shutdown?: { preStopSeconds?: number; terminationGracePeriodSeconds?: number };
  istio?: { sidecar: boolean; proxy?: { cpu?: string; memory?: string } };
  zoneSpread?: 'None';
  autoscaling?: { minReplicas: number; maxReplicas: number; cpuUtilization?: number; memoryUtilization?: number };
  ingress?: { host: string; path?: string; scheme?: 'internal' | 'internet-facing'; group?: string; className?: string; certificateArn?: string };
  disruptionBudget?: { minAvailable?: number | string; maxUnavailable?: number | string };
  updateStrategy?: { maxUnavailable: number | string };
  cron?: {
    schedule: string;
    timeZone?: string;
    concurrencyPolicy: 'Forbid' | 'Allow' | 'Replace';
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    activeDeadlineSeconds: number;
    backoffLimit?: number;
    restartPolicy: 'Never' | 'OnFailure';
    suspend?: boolean;
  };
}

/** A finding of the mapping: an error stops the adoption, a warning is said; `path` is in `object`. */
export interface MappingFinding {
  severity: 'error' | 'warning';
  object?: SourceObject;
  path?: (string | number)[];
  message: string;
}

export interface EnvironmentAdoption {
  spec: SpecView;
  /** The objects as the overlay must reproduce them (migrated where a rule says so), the workload first. */
  originals: Json[];
  /** Objects the skeleton does not render: they become the app's own resources. */
  extraResources: Json[];
  /** Differences that are rules of their own, which the diff of the normalised originals cannot see. */
  synthetic: { object: { apiVersion: string; kind: string; name: string; namespace?: string }; path: Step[]; rule: string; from: string; to: string }[];
  /** `Kind/name` of objects that exist because a KES object was migrated. */
  migrationAdded: Set<string>;
  /** Notes of the KES migration, by object. */
  kesNotes: { object: SourceObject; finding: Finding }[];
  /** The reason of the workload's exemption from pod-security-restricted, when it keeps what restricted forbids. */
  podSecurityExemption?: string;
}

const SKELETON_OF: Record<AdoptedWorkloadKind, SpecView['skeleton']> = { Deployment: 'worker', DaemonSet: 'daemonset', CronJob: 'cronjob' };
const IMAGE_REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IRSA = 'eks.amazonaws.com/role-arn';
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/([A-Za-z0-9+=,.@_-]{1,64})$/;
const ISTIO_INJECT = 'sidecar.istio.io/inject';
const SECRET_KEY_NAME = /^\/?[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

export function mapEnvironment(selection: Selection, options: MapOptions): { adoption?: EnvironmentAdoption; findings: MappingFinding[] } {
  const findings: MappingFinding[] = [];
  const error = (object: SourceObject | undefined, message: string, path?: (string | number)[]) => findings.push({ severity: 'error', ...(object ? { object } : {}), ...(path ? { path } : {}), message });
  const warn = (object: SourceObject | undefined, message: string, path?: (string | number)[]) => findings.push({ severity: 'warning', ...(object ? { object } : {}), ...(path ? { path } : {}), message });

  const { workload } = selection;
  const kind = kindOf(workload.value) as AdoptedWorkloadKind;
  const name = options.name;

  // The namespace: the objects' own, or --namespace; never two.
  const namespaces = new Set([workload, ...selection.related].map((o) => namespaceOf(o.value)).filter((n): n is string => n !== undefined));
  if (namespaces.size > 1) error(workload, `the objects are in several namespaces (${[...namespaces].join(', ')}): an app lives in one`);
  const own = [...namespaces][0];
  if (own !== undefined && options.namespace !== undefined && own !== options.namespace) {
    error(workload, `runs in namespace ${own}, but --namespace says ${options.namespace}: adopting it elsewhere would start a second copy there`, ['metadata', 'namespace']);
  }
  const namespace = own ?? options.namespace;
  if (namespace === undefined) error(workload, 'the objects name no namespace: give the one they run in with --namespace (scaffold writes it on every object)');

  const pod = podSpecOf(workload.value);
  const containers = containersOf(pod);
  const podPath = kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  let appIndex = 0;
  if (options.container !== undefined) {
    appIndex = containers.findIndex((c) => c.name === options.container);
    if (appIndex < 0) error(workload, `has no container named ${options.container} (it has ${containers.map((c) => String(c.name)).join(', ')})`, [...podPath, 'containers']);
  } else if (containers.length > 1) {
    appIndex = containers.findIndex((c) => c.name === name);
    if (appIndex < 0) error(workload, `has ${containers.length} containers and none is named ${name}: say which is the app's with --container (the others are kept as they are)`, [...podPath, 'containers']);
  } else if (containers.length === 0) error(workload, 'has no containers', [...podPath, 'containers']);
  if (findings.some((f) => f.severity === 'error')) return { findings };
  const container = containers[appIndex]!;
  const containerPath = [...podPath, 'containers', appIndex];

  // What Pod Security "restricted" forbids is kept, as the app needs it: said, and the workload exempted, so that the namespace's level is chosen knowingly.
  const keptFromPolicy = keptFromRestricted(workload.value);
  for (const { path, what } of keptFromPolicy?.kept ?? []) {
    warn(workload, `${what}: kept, as the app needs it; Pod Security "restricted" forbids it, so the ${kind} carries ${POD_SECURITY_EXEMPTION} with that reason, and its namespace must enforce a level that admits it`, path);
  }

  // Image and tag.
  const image = typeof container.image === 'string' ? splitImage(container.image) : undefined;
  if (!image) error(workload, 'the container has no image', [...containerPath, 'image']);
  else if (!IMAGE_REPOSITORY.test(image.repository)) error(workload, `image repository ${image.repository} is not one the app spec takes (lowercase, no tag)`, [...containerPath, 'image']);

  // Resources: the limits, else the requests; every container of the pod needs them.
  const resources = resourcesOf(container);
  if (!resources) error(workload, `container ${String(container.name)} sets no cpu and memory limits or requests: give it resources first (scaffold makes every pod QoS Guaranteed, requests equal to limits)`, [...containerPath, 'resources']);
  containers.forEach((c, i) => {
    if (i !== appIndex && !resourcesOf(c)) error(workload, `container ${String(c.name)} sets no cpu and memory: a sidecar cannot share the app's, as containers add up; give it resources first`, [...podPath, 'containers', i, 'resources']);
  });

  const originals: Json[] = [clone(workload.value)];
  const synthetic: EnvironmentAdoption['synthetic'] = [];
  const objectOf = (o: Json) => ({ apiVersion: apiVersionOf(o), kind: kindOf(o), name: nameOf(o), ...(namespaceOf(o) === undefined ? {} : { namespace: namespaceOf(o) }) });
  if (container.name !== name) {
    // Skeletons name the container after the app; a strategic merge patch cannot rename a list element.
    const appContainer = containersOf(podSpecOf(originals[0]!))[appIndex]!;
    appContainer.name = name;
    synthetic.push({ object: objectOf(workload.value), path: [...podPath, 'containers', { keys: { name: String(container.name) } }, 'name'], rule: 'container-named-after-app', from: String(container.name), to: name });
  }

  // The objects the skeleton renders, found among the related ones; the rest are the app's own resources.
  const rendered = new Set<SourceObject>();
  const related = selection.related;
  const byKind = (k: string) => related.filter((o) => kindOf(o.value) === k && nameOf(o.value) === name);

  // Port and Service: a Deployment whose Service named after the app targets its container is a web app.
  let skeleton = SKELETON_OF[kind];
  let port: number | undefined;
  let servicePort: number | undefined;
  const containerPorts = Array.isArray(container.ports) ? container.ports.filter(isMapping) : [];
  const service = byKind('Service').find((s) => selects(isMapping(s.value.spec) ? s.value.spec.selector : undefined, podLabelsOf(workload.value)));
  if (kind === 'Deployment' && service) {
    const spec = service.value.spec as Json;
    const first = Array.isArray(spec.ports) ? spec.ports.filter(isMapping)[0] : undefined;
    const target = first?.targetPort ?? first?.port;
    const targeted = containerPorts.find((p) => (typeof target === 'string' ? p.name === target : p.containerPort === target) && (p.protocol ?? 'TCP') === 'TCP');
    if (first && typeof first.port === 'number' && targeted && typeof targeted.containerPort === 'number' && (first.protocol ?? 'TCP') === 'TCP') {
      skeleton = 'web';
      port = targeted.containerPort;
      if (first.port !== 80) servicePort = first.port;
      rendered.add(service);
    } else {
      warn(service, `does not target a TCP port the container declares: adopted as a resource of its own, and ${name} as a worker`);
    }
  }
  if (kind === 'DaemonSet') {
    const tcp = containerPorts.find((p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.containerPort === 'number');
    if (tcp) port = tcp.containerPort as number;
  }

  // HTTP probes on the app's port: their paths; the rest of each probe stays as it was through the patch.
  let probes: Probes | undefined;
  if (port !== undefined) {
    for (const [field, key] of [['readinessProbe', 'readiness'], ['livenessProbe', 'liveness'], ['startupProbe', 'startup']] as const) {
      const probe = isMapping(container[field]) ? container[field] : undefined;
      const get = probe && isMapping(probe.httpGet) ? probe.httpGet : undefined;
      if (!get || typeof get.path !== 'string' || !get.path.startsWith('/') || get.host !== undefined || (get.scheme ?? 'HTTP') !== 'HTTP') continue;
      const onPort = get.port === port || (typeof get.port === 'string' && containerPorts.some((p) => p.name === get.port && p.containerPort === port));
      if (onPort) probes = { ...probes, [key]: get.path };
    }
  }

  // Plain env: the literal values, in order; values from elsewhere stay as they were.
  const env: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [i, entry] of (Array.isArray(container.env) ? container.env.filter(isMapping) : []).entries()) {
    const key = String(entry.name);
    if (seen.has(key)) error(workload, `env ${key} is given twice (Kubernetes takes the last): keep one`, [...containerPath, 'env', i]);
    seen.add(key);
    if (entry.valueFrom === undefined && ENV_NAME.test(key)) env[key] = typeof entry.value === 'string' ? entry.value : '';
  }

  // Replicas, shutdown, zone spread.
  const spec = isMapping(workload.value.spec) ? workload.value.spec : {};
  const replicas = kind === 'Deployment' && typeof spec.replicas === 'number' ? spec.replicas : undefined;
  const shutdown: SpecView['shutdown'] = {};
  const grace = typeof pod.terminationGracePeriodSeconds === 'number' ? pod.terminationGracePeriodSeconds : undefined;
  const lifecycle = isMapping(container.lifecycle) ? container.lifecycle : undefined;
  const preStop = lifecycle && isMapping(lifecycle.preStop) ? lifecycle.preStop : undefined;
  const sleep = preStop && Object.keys(lifecycle!).length === 1 && Object.keys(preStop).length === 1 && isMapping(preStop.sleep) ? preStop.sleep.seconds : undefined;
  if (typeof sleep === 'number' && sleep >= 1 && port !== undefined && sleep < (grace ?? 30)) {
    shutdown.preStopSeconds = sleep;
    // With a pause, scaffold's grace period defaults to the pause plus 30 s: say the one the pod had.
    shutdown.terminationGracePeriodSeconds = grace ?? 30;
  } else if (grace !== undefined && grace >= 1 && grace !== 30) shutdown.terminationGracePeriodSeconds = grace;

  // Istio: the pod's injection label.
  const template = podTemplateOf(workload.value) ?? {};
  const podLabels = podLabelsOf(workload.value);
  const annotations = isMapping(metadataOf(template).annotations) ? (metadataOf(template).annotations as Record<string, unknown>) : {};
  let istio: SpecView['istio'];
  if (podLabels[ISTIO_INJECT] === 'true' || podLabels[ISTIO_INJECT] === 'false') {
    istio = { sidecar: podLabels[ISTIO_INJECT] === 'true' };
    const cpu = annotations['sidecar.istio.io/proxyCPULimit'] ?? annotations['sidecar.istio.io/proxyCPU'];
    const memory = annotations['sidecar.istio.io/proxyMemoryLimit'] ?? annotations['sidecar.istio.io/proxyMemory'];
    if (istio.sidecar && (typeof cpu === 'string' || typeof memory === 'string')) {
      istio.proxy = { ...(typeof cpu === 'string' ? { cpu } : {}), ...(typeof memory === 'string' ? { memory } : {}) };
    }
  }

  // IRSA: the ServiceAccount named after the app, annotated with a role of no path.
  let irsa: SpecView['irsa'];
  const serviceAccount = byKind('ServiceAccount')[0];
  if (serviceAccount) {
    rendered.add(serviceAccount);
    const arn = (metadataOf(serviceAccount.value).annotations as Record<string, unknown> | undefined)?.[IRSA];
    const m = typeof arn === 'string' ? ROLE_ARN.exec(arn) : null;
    if (m) irsa = { accountId: m[1]!, roleName: m[2]! };
    else if (arn !== undefined) warn(serviceAccount, `${IRSA} ${JSON.stringify(arn)} is not arn:aws:iam::<account>:role/<name without a path>: kept as it is, not as spec.irsa`, ['metadata', 'annotations', IRSA]);
  }

  // ExternalSecrets: KES migrated, v1beta1 as v1; the one named after the app, read with envFrom, as spec.secrets.
  const migrationAdded = new Set<string>();
  const kesNotes: EnvironmentAdoption['kesNotes'] = [];
  const stores = new StoreSet('SecretStore');
  const migrated = new Map<SourceObject, Json>();
  for (const object of related) {
    if (isKesExternalSecret(object.value)) {
      const mapped = mapKesExternalSecret(object.value, { ...(options.region === undefined ? {} : { region: options.region }), refreshInterval: '1h' });
      for (const finding of mapped.findings) {
        if (finding.severity === 'note') kesNotes.push({ object, finding });
        else findings.push({ severity: finding.severity, object, path: finding.path, message: `${finding.message} (migrating it to External Secrets)` });
      }
      if (!mapped.externalSecret || !mapped.store) continue;
      const storeName = stores.use(mapped.store, namespace);
      (mapped.externalSecret.spec as Json).secretStoreRef = { kind: 'SecretStore', name: storeName };
      migrated.set(object, mapped.externalSecret);
      synthetic.push({ object: objectOf(mapped.externalSecret), path: ['apiVersion'], rule: 'kes-migrated', from: 'kubernetes-client.io/v1', to: 'external-secrets.io/v1' });
    } else if (kindOf(object.value) === 'ExternalSecret' && apiVersionOf(object.value) === 'external-secrets.io/v1beta1') {
      const v1 = { ...clone(object.value), apiVersion: 'external-secrets.io/v1' };
      migrated.set(object, v1);
      synthetic.push({ object: objectOf(v1), path: ['apiVersion'], rule: 'eso-v1', from: 'external-secrets.io/v1beta1', to: 'external-secrets.io/v1' });
    }
  }
  const current = (o: SourceObject) => migrated.get(o) ?? o.value;
  let secrets: SpecView['secrets'];
  const externalSecret = related.find((o) => kindOf(current(o)) === 'ExternalSecret' && nameOf(current(o)) === name && apiVersionOf(current(o)) === 'external-secrets.io/v1');
  if (externalSecret) {
    const fit = secretsOf(current(externalSecret), container, name);
    if (typeof fit === 'string') warn(externalSecret, `kept as a resource of its own, not as spec.secrets: ${fit}`);
    else {
      secrets = fit;
      rendered.add(externalSecret);
    }
  }

  // The autoscaler and the disruption budget named after the app, where the spec can say them.
  let autoscaling: SpecView['autoscaling'];
  const hpa = byKind('HorizontalPodAutoscaler')[0];
  if (hpa && kind === 'Deployment') {
    const fit = autoscalingOf(hpa.value);
    if (typeof fit === 'string') warn(hpa, `kept as a resource of its own, not as spec.autoscaling: ${fit}`);
    else {
      autoscaling = fit;
      rendered.add(hpa);
    }
  }
  let disruptionBudget: SpecView['disruptionBudget'];
  const pdb = byKind('PodDisruptionBudget')[0];
  if (pdb && kind === 'Deployment') {
    const budgetSpec = isMapping(pdb.value.spec) ? pdb.value.spec : {};
    const budget = {
      ...(budgetSpec.minAvailable !== undefined ? { minAvailable: budgetSpec.minAvailable as number | string } : {}),
      ...(budgetSpec.maxUnavailable !== undefined ? { maxUnavailable: budgetSpec.maxUnavailable as number | string } : {}),
    };
    const pods = autoscaling?.minReplicas ?? replicas ?? 1;
    const exactlyOne = Object.keys(budget).length === 1;
    if (apiVersionOf(pdb.value) === 'policy/v1' && exactlyOne && !blocksEveryEviction(budget, pods)) {
      disruptionBudget = budget;
      rendered.add(pdb);
    } else {
      warn(pdb, exactlyOne ? `kept as a resource of its own: it lets none of the ${pods} pods be evicted, which spec.disruptionBudget refuses` : 'kept as a resource of its own: spec.disruptionBudget takes minAvailable or maxUnavailable');
    }
  }

  // An ALB Ingress named after the app that routes one host and path prefix to its Service.
  let ingress: SpecView['ingress'];
  const ingressObject = byKind('Ingress')[0];
  if (ingressObject && skeleton === 'web' && service) {
    const fit = ingressOf(ingressObject.value, name, servicePort ?? 80, probes?.readiness, namespace);
    if (typeof fit === 'string') warn(ingressObject, `kept as a resource of its own, not as spec.ingress: ${fit}`);
    else {
      ingress = fit;
      rendered.add(ingressObject);
      // scaffold gives an app behind an ALB a preStop pause; one the pod had is what it keeps.
      if (shutdown.preStopSeconds === undefined && grace !== undefined) shutdown.terminationGracePeriodSeconds = grace;
    }
  }

  // Zone spread: scaffold spreads a Deployment that runs more than one pod; one that did not keeps not doing it.
  const mayRunMore = kind === 'Deployment' && ((replicas ?? 1) > 1 || (autoscaling?.maxReplicas ?? 1) > 1);

  // A CronJob's schedule and run settings.
  let cron: SpecView['cron'];
  if (kind === 'CronJob') cron = cronOf(workload, options, error);
  let updateStrategy: SpecView['updateStrategy'];
  if (kind === 'DaemonSet') {
    const strategy = isMapping(spec.updateStrategy) ? spec.updateStrategy : {};
    const rolling = isMapping(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    if ((typeof rolling.maxUnavailable === 'number' && rolling.maxUnavailable !== 1) || typeof rolling.maxUnavailable === 'string') updateStrategy = { maxUnavailable: rolling.maxUnavailable as number | string };
  }

  if (findings.some((f) => f.severity === 'error') || !image || !resources || namespace === undefined) return { findings };

  for (const object of related) originals.push(clone(current(object)));
  const extraResources = related.filter((o) => !rendered.has(o)).map((o) => asResource(current(o), namespace));
  for (const store of stores.stores()) {
    // Not an original: the store is new, and the diff names it so (secret-store-added).
    extraResources.push(store.document);
    migrationAdded.add(`${store.kind}/${store.name}`);
  }

  const view: SpecView = {
    skeleton,
    namespace,
    image: image.repository,
    imageTag: image.tag,
    ...(port !== undefined ? { port } : {}),
    ...(servicePort !== undefined ? { servicePort } : {}),
    ...(probes ? { probes } : {}),
    resources,
    env,
    ...(replicas !== undefined && !autoscaling ? { replicas } : {}),
    ...(irsa ? { irsa } : {}),
    ...(secrets ? { secrets } : {}),
    ...(Object.keys(shutdown).length > 0 ? { shutdown } : {}),
    ...(istio ? { istio } : {}),
    ...(mayRunMore ? { zoneSpread: 'None' as const } : {}),
    ...(autoscaling ? { autoscaling } : {}),
    ...(disruptionBudget ? { disruptionBudget } : {}),
    ...(ingress ? { ingress } : {}),
    ...(updateStrategy ? { updateStrategy } : {}),
    ...(cron ? { cron } : {}),
  };
  return { adoption: { spec: view, originals, extraResources, synthetic, migrationAdded, kesNotes, ...(keptFromPolicy ? { podSecurityExemption: keptFromPolicy.reason } : {}) }, findings };
}

/** `repo`, `repo:tag`, `repo@sha256:...`, `repo:tag@sha256:...` into a repository and what an overlay's imageTag says. */
export function splitImage(image: string): { repository: string; tag: string } | undefined {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const named = at >= 0 ? image.slice(0, at) : image;
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const repository = hasTag ? named.slice(0, colon) : named;
  if (repository === '') return undefined;
  if (digest !== undefined) return /^sha256:[a-f0-9]{64}$/.test(digest) ? { repository, tag: digest } : undefined;
  return { repository, tag: hasTag ? named.slice(colon + 1) : 'latest' };
}

/** The cpu and memory the spec takes from a container: each its limit, else its request. */
function resourcesOf(container: Json): { cpu: string; memory: string } | undefined {
  const r = isMapping(container.resources) ? container.resources : {};
  const limits = isMapping(r.limits) ? r.limits : {};
  const requests = isMapping(r.requests) ? r.requests : {};
  const cpu = limits.cpu ?? requests.cpu;
  const memory = limits.memory ?? requests.memory;
  if ((typeof cpu !== 'string' && typeof cpu !== 'number') || (typeof memory !== 'string' && typeof memory !== 'number')) return undefined;
  return { cpu: String(cpu), memory: String(memory) };
}

/** An ExternalSecret as spec.secrets, or why it does not fit. */
function secretsOf(es: Json, container: Json, name: string): SpecView['secrets'] | string {
  const spec = isMapping(es.spec) ? es.spec : {};
  const target = isMapping(spec.target) ? spec.target : {};
  if (target.name !== undefined && target.name !== name) return `it writes Secret ${String(target.name)}, and the app's is named ${name}`;
  if ((target.creationPolicy ?? 'Owner') !== 'Owner') return `creationPolicy ${String(target.creationPolicy)} (the app's ExternalSecret owns its Secret)`;
  if (target.template !== undefined) return 'it has a template';
  if (spec.dataFrom !== undefined) return 'it reads with dataFrom';
  const store = isMapping(spec.secretStoreRef) ? spec.secretStoreRef : {};
  const storeKind = store.kind ?? 'SecretStore';
  if (typeof store.name !== 'string' || (storeKind !== 'SecretStore' && storeKind !== 'ClusterSecretStore')) return 'it names no SecretStore or ClusterSecretStore';
  const data = Array.isArray(spec.data) ? spec.data : [];
  if (data.length === 0) return 'it reads nothing with data';
  const keys: Record<string, string> = {};
  for (const entry of data) {
    if (!isMapping(entry) || !isMapping(entry.remoteRef)) return 'an entry of data has no remoteRef';
    const { key, ...rest } = entry.remoteRef;
    const defaults = { conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' } as Record<string, unknown>;
    if (Object.entries(rest).some(([k, v]) => defaults[k] !== v) || Object.keys(entry).some((k) => k !== 'secretKey' && k !== 'remoteRef')) {
      return `data entry ${String(entry.secretKey)} reads more than a parameter by name (a property or version)`;
    }
    if (typeof entry.secretKey !== 'string' || !ENV_NAME.test(entry.secretKey)) return `its key ${JSON.stringify(entry.secretKey)} is not an environment variable name`;
    if (typeof key !== 'string' || !key.startsWith('/') || !SECRET_KEY_NAME.test(key)) return `remote key ${JSON.stringify(key)} is not a Parameter Store name starting with /`;
    keys[entry.secretKey] = key;
  }
  const envFrom = Array.isArray(container.envFrom) ? container.envFrom.filter(isMapping) : [];
  const byEnvFrom = envFrom.some((f) => isMapping(f.secretRef) && f.secretRef.name === name && Object.keys(f).length === 1 && Object.keys(f.secretRef).length === 1);
  if (!byEnvFrom) return "the container does not read the Secret whole with envFrom (spec.secrets does), so it keeps reading it as it did";
  const refreshInterval = typeof spec.refreshInterval === 'string' ? spec.refreshInterval : '1h';
  return { store: { kind: storeKind as 'SecretStore' | 'ClusterSecretStore', name: store.name }, refreshInterval, keys };
}

const ALB = 'alb.ingress.kubernetes.io';

/**
 * An Ingress as spec.ingress, or why it does not fit: class alb, one host and one
 * path prefix to the app's Service. Its annotations need not be scaffold's: the
 * residual patch keeps the ones it had (a load balancer's group or target type
 * changing would replace the load balancer).
 */
function ingressOf(object: Json, name: string, servicePort: number, readiness: string | undefined, namespace: string | undefined): SpecView['ingress'] | string {
  if (apiVersionOf(object) !== 'networking.k8s.io/v1') return `${apiVersionOf(object)} (spec.ingress renders networking.k8s.io/v1)`;
  const spec = isMapping(object.spec) ? object.spec : {};
  const annotations = (metadataOf(object).annotations ?? {}) as Record<string, unknown>;
  const className = typeof spec.ingressClassName === 'string' ? spec.ingressClassName : annotations['kubernetes.io/ingress.class'];
  if (className !== 'alb') return `class ${String(className ?? '(none)')}, not the AWS Load Balancer Controller's alb`;
  if (readiness === undefined) return 'the app has no HTTP readiness probe, which the load balancer would health-check';
  const rules = Array.isArray(spec.rules) ? spec.rules.filter(isMapping) : [];
  const paths = rules.length === 1 && isMapping(rules[0]!.http) && Array.isArray(rules[0]!.http.paths) ? rules[0]!.http.paths.filter(isMapping) : [];
  if (rules.length !== 1 || paths.length !== 1 || spec.defaultBackend !== undefined || spec.tls !== undefined) return 'not one rule with one path (spec.ingress routes one host and path prefix)';
  const rule = rules[0]!;
  const path = paths[0]!;
  if (typeof rule.host !== 'string' || rule.host.includes('*')) return 'no host, or a wildcard one';
  if ((path.pathType ?? 'Prefix') !== 'Prefix' || (typeof path.path === 'string' && !path.path.startsWith('/'))) return `pathType ${String(path.pathType)} (spec.ingress routes a path prefix)`;
  const backend = isMapping(path.backend) && isMapping(path.backend.service) ? path.backend.service : {};
  const port = isMapping(backend.port) ? backend.port : {};
  if (backend.name !== name || !(port.name === 'http' || port.number === servicePort)) return `its backend is not the app's Service on port ${servicePort}`;
  const scheme = annotations[`${ALB}/scheme`];
  const group = annotations[`${ALB}/group.name`];
  const certificate = annotations[`${ALB}/certificate-arn`];
  return {
    host: rule.host,
    ...(typeof path.path === 'string' && path.path !== '/' ? { path: path.path } : {}),
    ...(scheme === 'internet-facing' ? { scheme } : {}),
    ...(typeof group === 'string' && group !== `${namespace}.${scheme === 'internet-facing' ? scheme : 'internal'}` ? { group } : {}),
    ...(typeof spec.ingressClassName === 'string' && spec.ingressClassName !== 'alb' ? { className: spec.ingressClassName } : {}),
    ...(typeof certificate === 'string' && /^arn:aws[a-z-]*:acm:/.test(certificate) ? { certificateArn: certificate } : {}),
  };
}

/** A HorizontalPodAutoscaler as spec.autoscaling, or why it does not fit. */
function autoscalingOf(hpa: Json): SpecView['autoscaling'] | string {
  if (apiVersionOf(hpa) !== 'autoscaling/v2') return `${apiVersionOf(hpa)} (spec.autoscaling renders autoscaling/v2)`;
  const spec = isMapping(hpa.spec) ? hpa.spec : {};
  if (spec.behavior !== undefined) return 'it sets a scaling behavior';
  if (typeof spec.maxReplicas !== 'number') return 'no maxReplicas';
  const out: NonNullable<SpecView['autoscaling']> = { minReplicas: typeof spec.minReplicas === 'number' ? spec.minReplicas : 1, maxReplicas: spec.maxReplicas };
  for (const metric of Array.isArray(spec.metrics) ? spec.metrics : []) {
    const resource = isMapping(metric) && metric.type === 'Resource' && isMapping(metric.resource) ? metric.resource : undefined;
    const target = resource && isMapping(resource.target) ? resource.target : undefined;
    if (!resource || !target || target.type !== 'Utilization' || typeof target.averageUtilization !== 'number' || target.averageUtilization > 100) return 'a metric that is not a cpu or memory utilization of at most 100%';
    if (resource.name === 'cpu') out.cpuUtilization = target.averageUtilization;
    else if (resource.name === 'memory') out.memoryUtilization = target.averageUtilization;
    else return `a metric of ${String(resource.name)}`;
  }
  if (out.cpuUtilization === undefined && out.memoryUtilization === undefined) return 'no cpu or memory target';
  return out;
}

function cronOf(workload: SourceObject, options: MapOptions, error: (o: SourceObject | undefined, m: string, p?: (string | number)[]) => void): SpecView['cron'] {
  const spec = isMapping(workload.value.spec) ? workload.value.spec : {};
  const job = isMapping(spec.jobTemplate) && isMapping(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
  const pod = podSpecOf(workload.value);
  const deadline = typeof job.activeDeadlineSeconds === 'number' ? job.activeDeadlineSeconds : options.activeDeadlineSeconds;
  if (typeof spec.schedule !== 'string') error(workload, 'has no schedule', ['spec', 'schedule']);
  if (deadline === undefined) {
    error(workload, 'sets no activeDeadlineSeconds, which scaffold requires (a hung run would hold back every later one): add spec.jobTemplate.spec.activeDeadlineSeconds, or pass --active-deadline-seconds N to set one (a change adopt then reports)', ['spec', 'jobTemplate', 'spec']);
  }
  const restartPolicy = pod.restartPolicy;
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') error(workload, 'a Job pod restarts Never or OnFailure', ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'restartPolicy']);
  if (typeof spec.schedule !== 'string' || deadline === undefined || (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure')) return undefined;
  const policy = spec.concurrencyPolicy;
  return {
    schedule: spec.schedule,
    ...(typeof spec.timeZone === 'string' ? { timeZone: spec.timeZone } : {}),
    // Kubernetes' default is Allow and scaffold's Forbid: say the one the CronJob had.
    concurrencyPolicy: policy === 'Forbid' || policy === 'Replace' ? policy : 'Allow',
    ...(typeof spec.successfulJobsHistoryLimit === 'number' ? { successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit } : {}),
    ...(typeof spec.failedJobsHistoryLimit === 'number' ? { failedJobsHistoryLimit: spec.failedJobsHistoryLimit } : {}),
    activeDeadlineSeconds: deadline,
    ...(typeof job.backoffLimit === 'number' ? { backoffLimit: job.backoffLimit } : {}),
    restartPolicy,
    ...(spec.suspend === true ? { suspend: true } : {}),
  };
}

/** An object kept as the app's own resource: with the app's namespace, without what the API server wrote. */
function asResource(object: Json, namespace: string): Json {
  const copy = clone(object);
  const metadata = isMapping(copy.metadata) ? copy.metadata : (copy.metadata = {});
  for (const field of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink']) delete metadata[field];
  if (isMapping(metadata.annotations)) {
    delete metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  delete copy.status;
  if (metadata.namespace === undefined) {
    // Keys in their usual order: name, then namespace.
    const { name: objectName, ...rest } = metadata;
    copy.metadata = { name: objectName, namespace, ...rest };
  }
  return copy;
}
