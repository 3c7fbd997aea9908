/**
 * What adoption changes on purpose. Each difference between the original objects
 * and the built overlay is intended only when a rule here names it; anything else is
 * unintended, and adoption carries the original value through a patch or refuses.
 * The rules are data, one entry each, with what they change and what to watch for.
 */
import { isDeepStrictEqual } from 'node:util';
import { sameQuantity } from '../vocabulary/quantity.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { POD_SECURITY_EXEMPTION } from './podSecurity.ts';
import { isPodSpecPath, valueAtSteps, type Difference, type ObjectKey, type Step } from './semanticDiff.ts';

export interface RuleContext {
  app: string;
  namespace: string;
  /** The built object a difference is in, and the original it came from. */
  built(object: ObjectKey): Record<string, unknown> | undefined;
  original(object: ObjectKey): Record<string, unknown> | undefined;
  /** Objects that exist because a kubernetes-external-secrets object was migrated (its stores), by `Kind/name`. */
  migrationAdded: ReadonlySet<string>;
  /** The pod asked for the Istio sidecar, so scaffold sets the proxy's resources. */
  istio: boolean;
  /** The HorizontalPodAutoscaler became spec.autoscaling, so the overlay sets no replicas. */
  autoscaled: boolean;
  /** The deadline --active-deadline-seconds gave a CronJob that had none. */
  deadline?: number;
  /** The Ingress became spec.ingress, so the pods pause before they stop (scaffold's graceful shutdown). */
  ingress: boolean;
}

export interface IntendedRule {
  id: string;
  /** What it changes, for the README table and `-v`. */
  summary: string;
  /** What it may break, printed once per adoption that has it; absent when nothing. */
  risk?: string;
  matches(d: Difference, ctx: RuleContext): boolean;
}

const last = (path: readonly Step[], n = 1) => path[path.length - n];
const names = (path: readonly Step[]) => path.filter((s): s is string => typeof s === 'string');
const inSelector = (path: readonly Step[]) => names(path).some((s) => s === 'selector' || s === 'matchLabels' || s === 'labelSelector' || s === 'podSelector');

/** Leaf paths and values of a value (a map is its leaves; anything else is one leaf). */
export function leaves(value: unknown, path: Step[] = []): { path: Step[]; value: unknown }[] {
  if (isMapping(value) && Object.keys(value).length > 0) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value }];
}

/** Whether every leaf of an added or removed value satisfies `test`, given its full path. */
function everyLeaf(d: Difference, test: (path: Step[], value: unknown) => boolean): boolean {
  const value = d.op === 'added' ? d.to : d.from;
  return leaves(value).every((l) => test([...d.path, ...l.path], l.value));
}

/** The path of the pod spec inside the object, or undefined when `path` is not within one. */
function podRelative(path: readonly Step[]): Step[] | undefined {
  for (const prefix of [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec']]) {
    if (path.length >= prefix.length && isPodSpecPath(path.slice(0, prefix.length))) return path.slice(prefix.length);
  }
  return undefined;
}

/** Within a container (app, init or sidecar): the path inside it. */
function containerRelative(path: readonly Step[]): { list: string; rest: Step[] } | undefined {
  const inPod = podRelative(path);
  if (!inPod || inPod.length < 2 || typeof inPod[1] === 'string') return undefined;
  const list = inPod[0] as string;
  return ['containers', 'initContainers', 'ephemeralContainers'].includes(list) ? { list, rest: inPod.slice(2) } : undefined;
}

const POD_DEFAULTS: Record<string, unknown> = {
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
  enableServiceLinks: true,
};
const PROBE_DEFAULTS: Record<string, unknown> = { periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, 'httpGet.scheme': 'HTTP' };
const CONTAINER_DEFAULTS: Record<string, unknown> = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
const OBJECT_DEFAULTS: Record<string, Record<string, unknown>> = {
  Service: { 'spec.type': 'ClusterIP', 'spec.sessionAffinity': 'None', 'spec.internalTrafficPolicy': 'Cluster', 'spec.ipFamilyPolicy': 'SingleStack' },
  Deployment: {
    'spec.revisionHistoryLimit': 10,
    'spec.progressDeadlineSeconds': 600,
    'spec.strategy.type': 'RollingUpdate',
    'spec.strategy.rollingUpdate.maxSurge': '25%',
    'spec.strategy.rollingUpdate.maxUnavailable': '25%',
  },
  DaemonSet: { 'spec.revisionHistoryLimit': 10, 'spec.updateStrategy.type': 'RollingUpdate', 'spec.updateStrategy.rollingUpdate.maxUnavailable': 1, 'spec.updateStrategy.rollingUpdate.maxSurge': 0 },
  CronJob: {
    'spec.concurrencyPolicy': 'Allow',
    'spec.suspend': false,
    'spec.successfulJobsHistoryLimit': 3,
    'spec.failedJobsHistoryLimit': 1,
    'spec.jobTemplate.spec.backoffLimit': 6,
    'spec.jobTemplate.spec.completions': 1,
    'spec.jobTemplate.spec.parallelism': 1,
  },
  ExternalSecret: {
    'spec.refreshInterval': '1h',
    'spec.secretStoreRef.kind': 'SecretStore',
    'spec.target.creationPolicy': 'Owner',
    'spec.target.deletionPolicy': 'Retain',
    'spec.target.template.engineVersion': 'v2',
    'spec.target.template.mergePolicy': 'Replace',
  },
  HorizontalPodAutoscaler: { 'spec.minReplicas': 1 },
};
const REMOTE_REF_DEFAULTS: Record<string, unknown> = { conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' };

/** The value Kubernetes (or the controller of a kind) gives a field left out, or undefined when it gives none. */
function defaultAt(kind: string, path: readonly Step[], object: Record<string, unknown> | undefined): unknown {
  const dotted = names(path).join('.');
  const byKind = OBJECT_DEFAULTS[kind]?.[dotted];
  if (byKind !== undefined) return byKind;
  if (kind === 'Service' && last(path) === 'targetPort' && typeof last(path, 2) !== 'string' && names(path).join('.') === 'spec.ports.targetPort') {
    return valueAtSteps(object, [...path.slice(0, -1), 'port'], kind);
  }
  if (kind === 'Service' && dotted === 'spec.ports.protocol') return 'TCP';
  if (kind === 'ExternalSecret' && dotted === 'spec.target.name') return isMapping(object?.metadata) ? object.metadata.name : undefined;
  if (kind === 'ExternalSecret' && /^spec\.(data\.remoteRef|dataFrom\.extract)\.\w+$/.test(dotted)) return REMOTE_REF_DEFAULTS[String(last(path))];
  const inPod = podRelative(path);
  if (!inPod) return undefined;
  if (inPod.length === 1 && typeof inPod[0] === 'string') {
    if (inPod[0] === 'restartPolicy' && kind === 'CronJob') return undefined;
    return POD_DEFAULTS[inPod[0]];
  }
  const container = containerRelative(path);
  if (!container) return undefined;
  const rest = names(container.rest).join('.');
  // A container with limits alone requests them.
  if (/^resources\.requests\.[^.]+$/.test(rest)) return valueAtSteps(object, [...path.slice(0, -2), 'limits', last(path)!], kind);
  if (CONTAINER_DEFAULTS[rest] !== undefined) return CONTAINER_DEFAULTS[rest];
  if (rest === 'ports.protocol') return 'TCP';
  if (rest === 'imagePullPolicy') {
    const image = valueAtSteps(object, [...path.slice(0, -1), 'image'], kind);
    if (typeof image !== 'string') return undefined;
    const tag = /:([^/:@]+)(@|$)/.exec(image)?.[1];
    return tag === undefined || tag === 'latest' ? (image.includes('@') ? 'IfNotPresent' : 'Always') : 'IfNotPresent';
  }
  const probe = /^(readinessProbe|livenessProbe|startupProbe)\.(.+)$/.exec(rest);
  return probe ? PROBE_DEFAULTS[probe[2]!] : undefined;
}

const SERVER_FIELDS = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences']);
const SERVER_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision']);
const RELOADER = 'secret.reloader.stakater.com/reload';
const ISTIO_PROXY_ANNOTATIONS = new Set(['sidecar.istio.io/nativeSidecar', 'sidecar.istio.io/proxyCPU', 'sidecar.istio.io/proxyCPULimit', 'sidecar.istio.io/proxyMemory', 'sidecar.istio.io/proxyMemoryLimit']);

const isRestrictedDefault = (path: Step[], value: unknown): boolean => {
  const inPod = podRelative(path);
  if (!inPod) return false;
  const dotted = names(inPod).join('.');
  if (dotted === 'securityContext.runAsNonRoot') return value === true;
  if (dotted === 'securityContext.seccompProfile.type') return value === 'RuntimeDefault';
  const container = containerRelative(path);
  if (!container) return false;
  const rest = names(container.rest).join('.');
  if (rest === 'securityContext.allowPrivilegeEscalation') return value === false;
  if (rest === 'securityContext.capabilities.drop') return isDeepStrictEqual(value, ['ALL']);
  return false;
};

/** The rules, in the order a difference is tried against them. */
export const INTENDED_RULES: readonly IntendedRule[] = [
  {
    id: 'server-set-field-dropped',
    summary: 'status, and metadata the API server or kubectl writes (uid, resourceVersion, managedFields, last-applied-configuration, ...), are not part of a manifest',
    matches: (d) =>
      d.op === 'removed' &&
      ((d.path.length === 1 && d.path[0] === 'status') ||
        (d.path.length === 2 && d.path[0] === 'metadata' && SERVER_FIELDS.has(String(d.path[1]))) ||
        (names(d.path).join('.').startsWith('metadata.annotations') && everyLeaf(d, (p) => SERVER_ANNOTATIONS.has(String(p[2]))))),
  },
  {
    id: 'namespace-set',
    summary: "metadata.namespace set on an object that had none: scaffold writes every object's namespace",
    risk: 'the app must be adopted into the namespace it runs in today; into another one, it would start a second copy there',
    matches: (d, ctx) => d.op === 'added' && isDeepStrictEqual(d.path, ['metadata', 'namespace']) && d.to === ctx.namespace,
  },
  {
    id: 'labels-added',
    summary: 'the app.kubernetes.io labels (name, managed-by, instance) added to objects and pod templates, never to a selector',
    risk: 'new labels on the pod template roll the pods out once',
    matches: (d) =>
      d.op === 'added' &&
      !inSelector(d.path) &&
      everyLeaf(d, (p) => {
        const i = p.length - 2;
        return p[i] === 'labels' && p[i - 1] === 'metadata' && String(p[i + 1]).startsWith('app.kubernetes.io/');
      }),
  },
  {
    id: 'container-named-after-app',
    summary: "the app's container is named after the app, as every skeleton names it",
    risk: 'a container name is part of the pod template: the pods roll out once; log queries and `kubectl logs -c` name the new container',
    matches: () => false,
  },
  {
    id: 'image-tag-made-explicit',
    summary: 'an image without a tag gets `:latest`, the tag Kubernetes already pulled',
    matches: (d) => d.op === 'changed' && last(d.path) === 'image' && typeof d.from === 'string' && !/[:@][^/]*$/.test(d.from) && d.to === `${d.from}:latest`,
  },
  {
    id: 'image-pinned-by-digest',
    summary: 'an image with a tag and a digest is written with the digest alone (the container runtime pulls by the digest either way)',
    matches: (d) => d.op === 'changed' && last(d.path) === 'image' && typeof d.from === 'string' && typeof d.to === 'string' && /^(.*):[^/:@]+(@sha256:[0-9a-f]{64})$/.test(d.from) && d.from.replace(/:[^/:@]+(?=@)/, '') === d.to,
  },
  {
    id: 'container-port-named',
    summary: "the app's container port, unnamed before, is named http: the Service, the probes and the Ingress refer to it by that name",
    matches: (d) => d.op === 'added' && last(d.path) === 'name' && d.to === 'http' && containerRelative(d.path)?.list === 'containers' && names(containerRelative(d.path)!.rest).join('.') === 'ports.name',
  },
  {
    id: 'qos-requests-raised-to-limits',
    summary: "each container's requests raised to its limits, so the pod is QoS Guaranteed",
    risk: 'the scheduler now reserves the limits: the cluster needs more capacity (scaffold capacity counts it)',
    matches: (d, ctx) => {
      if (d.op !== 'changed' || last(d.path, 2) !== 'requests' || last(d.path, 3) !== 'resources') return false;
      const limit = valueAtSteps(ctx.built(d.object), [...d.path.slice(0, -2), 'limits', last(d.path)!], d.object.kind);
      return (typeof limit === 'string' || typeof limit === 'number') && (typeof d.to === 'string' || typeof d.to === 'number') && sameQuantity(limit, d.to);
    },
  },
  {
    id: 'qos-limits-set-to-requests',
    summary: 'a container with requests and no limits gets limits equal to its requests',
    risk: 'a pod that used to burst above its requests is now throttled (cpu) or OOM-killed (memory) at them',
    matches: (d, ctx) => {
      if (d.op !== 'added' || last(d.path, 2) !== 'limits' || last(d.path, 3) !== 'resources') return false;
      const request = valueAtSteps(ctx.original(d.object), [...d.path.slice(0, -2), 'requests', last(d.path)!], d.object.kind);
      return (typeof request === 'string' || typeof request === 'number') && (typeof d.to === 'string' || typeof d.to === 'number') && sameQuantity(request, d.to);
    },
  },
  {
    id: 'qos-init-container-resources',
    summary: "an init container without resources gets the app container's, so the pod is QoS Guaranteed; the pod's effective request (the larger of the init containers' and the sum of the others') does not grow",
    matches: (d) => d.op === 'added' && containerRelative(d.path)?.list === 'initContainers' && names(containerRelative(d.path)!.rest)[0] === 'resources',
  },
  {
    id: 'pod-security-restricted-default',
    summary: 'Pod Security "restricted" defaults added where the pod said nothing: runAsNonRoot, the RuntimeDefault seccomp profile, no privilege escalation, all capabilities dropped (a value the pod set is kept)',
    risk: 'runAsNonRoot stops a pod whose image runs as root without runAsUser; dropping every capability breaks tools that need NET_RAW or setuid',
    matches: (d) => d.op === 'added' && everyLeaf(d, isRestrictedDefault),
  },
  {
    id: 'pod-security-exempted',
    summary: `a workload that keeps what Pod Security "restricted" forbids (hostNetwork, privileged, a hostPath volume, ...) carries the exemption ${POD_SECURITY_EXEMPTION}, whose reason names what it kept`,
    risk: 'the namespace must enforce a level that admits the pod (privileged for host namespaces, hostPath volumes or privileged containers); the exemption covers the whole policy, so review later patches of the workload with that in mind',
    matches: (d) => d.op === 'added' && everyLeaf(d, (p) => p.length === 3 && p[0] === 'metadata' && p[1] === 'annotations' && p[2] === POD_SECURITY_EXEMPTION),
  },
  {
    id: 'reloader-annotation',
    summary: 'the Stakater Reloader annotation, so a changed secret restarts the pods',
    risk: 'pods now restart when the secret changes',
    matches: (d) => d.op === 'added' && isDeepStrictEqual(d.path, ['metadata', 'annotations', RELOADER]),
  },
  {
    id: 'istio-proxy-resources',
    summary: "a pod that asks for the Istio sidecar gets the proxy's resources with requests equal to limits, as a native sidecar",
    risk: 'the proxy reserves its limits; the native sidecar needs Kubernetes 1.29 or newer',
    matches: (d, ctx) => ctx.istio && d.op === 'added' && everyLeaf(d, (p) => p[p.length - 2] === 'annotations' && ISTIO_PROXY_ANNOTATIONS.has(String(last(p)))),
  },
  {
    id: 'own-serviceaccount',
    summary: "the app's own ServiceAccount, named after it, where the pod ran as the namespace's default one (a token-only identity, no RBAC)",
    matches: (d, ctx) =>
      (d.path.length === 0 && d.op === 'added' && d.object.kind === 'ServiceAccount' && d.object.name === ctx.app) ||
      (last(d.path) === 'serviceAccountName' && podRelative(d.path)?.length === 1 && d.to === ctx.app && (d.op === 'added' || d.from === 'default')),
  },
  {
    id: 'replicas-made-explicit',
    summary: 'replicas: 1 written where the manifests set none (1 is what Kubernetes created them with)',
    risk: 'a Deployment scaled by hand (kubectl scale) goes back to 1 pod on the next sync: set environments.<env>.replicas',
    matches: (d) => d.op === 'added' && d.object.kind === 'Deployment' && isDeepStrictEqual(d.path, ['spec', 'replicas']) && d.to === 1,
  },
  {
    id: 'replicas-left-to-autoscaler',
    summary: "no replicas in the manifests of an autoscaled Deployment: the HorizontalPodAutoscaler owns the count, and a sync no longer resets it",
    risk: 'the first sync without spec.replicas may set the Deployment to 1 pod once, until the autoscaler scales it back (see the Kubernetes docs, "Migrating Deployments to horizontal autoscaling")',
    matches: (d, ctx) => ctx.autoscaled && d.op === 'removed' && d.object.kind === 'Deployment' && isDeepStrictEqual(d.path, ['spec', 'replicas']),
  },
  {
    id: 'graceful-shutdown',
    summary: 'an app behind an ALB pauses in preStop (15 s) before SIGTERM and gets the grace period for it (45 s), and its target group drains for the rest, so a rollout drops no request',
    risk: 'pods take up to the grace period to stop; the preStop sleep action needs Kubernetes 1.30 or newer',
    matches: (d, ctx) =>
      ctx.ingress &&
      d.op !== 'removed' &&
      everyLeaf(d, (p, v) => {
        const container = containerRelative(p);
        if (container && names(container.rest).join('.') === 'lifecycle.preStop.sleep.seconds') return typeof v === 'number';
        if (names(p).join('.') === 'spec.template.spec.terminationGracePeriodSeconds') return typeof v === 'number';
        return d.object.kind === 'Ingress' && p[p.length - 2] === 'annotations' && last(p) === 'alb.ingress.kubernetes.io/target-group-attributes' && typeof v === 'string' && v.startsWith('deregistration_delay.timeout_seconds=');
      }),
  },
  {
    id: 'job-deadline-set',
    summary: 'a CronJob without a deadline gets the one --active-deadline-seconds gives (scaffold requires one: a hung run would hold back every later one)',
    risk: 'a run that takes longer than the deadline is stopped',
    matches: (d, ctx) => ctx.deadline !== undefined && d.op === 'added' && d.object.kind === 'CronJob' && names(d.path).join('.') === 'spec.jobTemplate.spec.activeDeadlineSeconds' && d.to === ctx.deadline,
  },
  {
    id: 'pdb-unhealthy-pods-evictable',
    summary: 'the PodDisruptionBudget lets unhealthy pods be evicted (unhealthyPodEvictionPolicy: AlwaysAllow), so a crash-looping pod never blocks a node drain',
    matches: (d) => d.op === 'added' && d.object.kind === 'PodDisruptionBudget' && isDeepStrictEqual(d.path, ['spec', 'unhealthyPodEvictionPolicy']) && d.to === 'AlwaysAllow',
  },
  {
    id: 'secret-store-added',
    summary: 'the SecretStore a migrated kubernetes-external-secrets object needs (see scaffold migrate kes)',
    risk: 'the store uses the External Secrets controller\'s own AWS credentials: give its role the rights the KES controller had',
    matches: (d, ctx) => d.path.length === 0 && d.op === 'added' && ctx.migrationAdded.has(`${d.object.kind}/${d.object.name}`),
  },
  {
    id: 'default-made-explicit',
    summary: 'a field written with the value Kubernetes gives it when left out (protocol TCP, type ClusterIP, ...), or left out where it had that value',
    matches: (d, ctx) => {
      if (d.op === 'changed' || d.path.length === 0) return false;
      const object = d.op === 'added' ? ctx.built(d.object) : ctx.original(d.object);
      return everyLeaf(d, (p, v) => {
        const fallback = defaultAt(d.object.kind, p, object);
        if (fallback === undefined) return false;
        if (fallback === v || (typeof v === 'number' && fallback === String(v))) return true;
        return last(p, 3) === 'resources' && (typeof v === 'string' || typeof v === 'number') && (typeof fallback === 'string' || typeof fallback === 'number') && sameQuantity(v, fallback);
      });
    },
  },
];

/** Synthetic rules for what the diff cannot see by itself: a migrated API. */
export const MIGRATION_RULES: readonly IntendedRule[] = [
  {
    id: 'kes-migrated',
    summary: 'a kubernetes-external-secrets ExternalSecret (kubernetes-client.io/v1) migrated to External Secrets v1, as scaffold migrate kes maps it',
    risk: 'delete the KES object with --cascade=orphan before the new one takes over, or its Secret is deleted in between',
    matches: () => false,
  },
  {
    id: 'eso-v1',
    summary: 'an external-secrets.io/v1beta1 object written as v1 (External Secrets no longer serves v1beta1)',
    matches: () => false,
  },
];

const ALL = [...INTENDED_RULES, ...MIGRATION_RULES];

export function ruleById(id: string): IntendedRule | undefined {
  return ALL.find((r) => r.id === id);
}

/**
 * The intended rule of a difference. A map added or removed whole that no rule
 * explains as one is tried leaf by leaf (labels and an annotation added at once are
 * two rules); it stays one unintended difference unless every leaf has a rule.
 */
export function classify(d: Difference, ctx: RuleContext): (Difference & { rule?: string })[] {
  const whole = INTENDED_RULES.find((rule) => rule.matches(d, ctx))?.id;
  if (whole !== undefined) return [{ ...d, rule: whole }];
  const value = d.op === 'added' ? d.to : d.op === 'removed' ? d.from : undefined;
  if (isMapping(value) && Object.keys(value).length > 0 && d.path.length > 0) {
    const parts = leaves(value).map((l): Difference => ({ object: d.object, path: [...d.path, ...l.path], op: d.op, ...(d.op === 'added' ? { to: l.value } : { from: l.value }) }));
    const classified = parts.map((p) => ({ ...p, rule: INTENDED_RULES.find((rule) => rule.matches(p, ctx))?.id }));
    if (classified.every((c) => c.rule !== undefined)) return classified;
  }
  return [d];
}
