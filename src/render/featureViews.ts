/**
 * The views of the workload and production features (src/appSpec/effective.ts
 * says what each comes to in an environment; these say how templates print it).
 */
import {
  DEFAULT_INGRESS_CLASS,
  DEFAULT_INGRESS_PATH,
  DEFAULT_INGRESS_SCHEME,
  effectiveAutoscaling,
  effectiveBudget,
  effectiveShutdown,
  ingressGroup,
  ingressHost,
  proxyResources,
  zoneSpreadOf,
} from '../appSpec/effective.ts';
import type { IntOrPercent } from '../appSpec/types.ts';
import type { ResolvedApp, ResolvedEnvironment } from '../orgConfig/resolve.ts';
import type {
  AutoscalerView,
  CronJobView,
  DaemonSetView,
  DisruptionBudgetView,
  IngressPatchView,
  IngressView,
  IntOrPercentView,
  KeyValue,
  PodView,
  TopologySpreadView,
} from './viewModel.ts';

type Spec = ResolvedApp['spec'];
type Environment = ResolvedEnvironment;

const ISTIO_INJECT = 'sidecar.istio.io/inject';
const ALB = 'alb.ingress.kubernetes.io';

export function podView(spec: Spec, labels: KeyValue[]): PodView {
  const { preStopSeconds, gracePeriodSeconds } = effectiveShutdown(spec);
  const istio = spec.istio;
  const proxy = proxyResources(spec);
  return {
    // The label, not the annotation of the same name, which Istio deprecated. `false` keeps a namespace-wide injection off this pod.
    labels: istio ? [...labels, { name: ISTIO_INJECT, value: String(istio.sidecar) }] : labels,
    // Set, any of these replaces Istio's default proxy resources (requests 100m/128Mi, limits 2 cpu/1Gi: Burstable) with exactly these.
    annotations: istio?.sidecar
      ? [
          // A native sidecar (an init container that keeps running) stops after the app, and lets a Job's pod complete.
          { name: 'sidecar.istio.io/nativeSidecar', value: 'true' },
          { name: 'sidecar.istio.io/proxyCPU', value: String(proxy.cpu) },
          { name: 'sidecar.istio.io/proxyCPULimit', value: String(proxy.cpu) },
          { name: 'sidecar.istio.io/proxyMemory', value: String(proxy.memory) },
          { name: 'sidecar.istio.io/proxyMemoryLimit', value: String(proxy.memory) },
        ]
      : [],
    gracePeriod: gracePeriodSeconds === null ? null : { seconds: gracePeriodSeconds },
    preStop: preStopSeconds === null ? null : { seconds: preStopSeconds },
  };
}

export function daemonSetView(spec: Spec): DaemonSetView {
  return {
    maxUnavailable: intOrPercent(spec.updateStrategy?.maxUnavailable ?? 1),
    tolerations: (spec.tolerations ?? []).map((t) => ({
      operator: t.operator ?? 'Equal',
      key: t.key ?? null,
      value: t.value ?? null,
      effect: t.effect ?? null,
      tolerationSeconds: t.tolerationSeconds === undefined ? null : { seconds: t.tolerationSeconds },
    })),
    hostPaths: (spec.hostPaths ?? []).map((h) => ({ name: h.name, path: h.path, type: h.type ?? 'Directory', mountPath: h.mountPath })),
  };
}

export function cronJobView(spec: Spec): CronJobView {
  return {
    // The spec check made sure these are there.
    schedule: spec.schedule!,
    timeZone: spec.timeZone ?? null,
    // Kubernetes' default is Allow: two runs of a report or a clean-up at once are rarely wanted.
    concurrencyPolicy: spec.concurrencyPolicy ?? 'Forbid',
    successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit ?? 3,
    failedJobsHistoryLimit: spec.failedJobsHistoryLimit ?? 1,
    activeDeadlineSeconds: spec.activeDeadlineSeconds!,
    backoffLimit: spec.backoffLimit ?? 6,
    // Each retry a new pod: failed pods and their logs stay to be looked at.
    restartPolicy: spec.restartPolicy ?? 'Never',
  };
}

export function ingressView(app: ResolvedApp): IngressView | null {
  const { spec } = app;
  const ingress = spec.ingress;
  if (!ingress) return null;
  const { preStopSeconds, gracePeriodSeconds } = effectiveShutdown(spec);
  const annotations: KeyValue[] = [
    { name: `${ALB}/scheme`, value: ingress.scheme ?? DEFAULT_INGRESS_SCHEME },
    // Pod IPs as targets: the ALB skips the node port hop, and the pod readiness gate works.
    { name: `${ALB}/target-type`, value: 'ip' },
    { name: `${ALB}/group.name`, value: ingressGroup(spec) },
    // The spec check makes an ingress need a readiness probe.
    { name: `${ALB}/healthcheck-path`, value: spec.probes!.readiness! },
    { name: `${ALB}/listen-ports`, value: '[{"HTTP":80}]' },
  ];
  if (preStopSeconds !== null && gracePeriodSeconds !== null) {
    // The ALB gives up on a draining pod's requests before the kubelet kills it (AWS's default waits 300 s).
    annotations.push({ name: `${ALB}/target-group-attributes`, value: `deregistration_delay.timeout_seconds=${gracePeriodSeconds - preStopSeconds}` });
  }
  return { className: ingress.className ?? DEFAULT_INGRESS_CLASS, annotations, host: ingress.host ?? null, path: ingress.path ?? DEFAULT_INGRESS_PATH, serviceName: app.metadata.name };
}

export function ingressPatchView(app: ResolvedApp, env: Environment): IngressPatchView | null {
  const { spec } = app;
  if (!spec.ingress) return null;
  const certificate = env.ingress?.certificateArn;
  const annotations: KeyValue[] = certificate
    ? [
        { name: `${ALB}/certificate-arn`, value: certificate },
        { name: `${ALB}/listen-ports`, value: '[{"HTTP":80},{"HTTPS":443}]' },
        { name: `${ALB}/ssl-redirect`, value: '443' },
      ]
    : [];
  const host = ingressHost(spec, env);
  const rule = host !== undefined && host !== spec.ingress.host ? { host, path: spec.ingress.path ?? DEFAULT_INGRESS_PATH, serviceName: app.metadata.name } : null;
  return annotations.length > 0 || rule ? { annotations, rule } : null;
}

export function topologySpreadView(spec: Spec, env: Environment, selector: KeyValue[]): TopologySpreadView | null {
  const mode = zoneSpreadOf(spec, env);
  return mode === null ? null : { whenUnsatisfiable: mode, selector };
}

export function autoscalerView(spec: Spec, env: Environment): AutoscalerView | null {
  const autoscaling = effectiveAutoscaling(spec, env);
  if (!autoscaling) return null;
  const metrics: AutoscalerView['metrics'] = [];
  if (autoscaling.cpuUtilization !== undefined) metrics.push({ resource: 'cpu', averageUtilization: autoscaling.cpuUtilization });
  if (autoscaling.memoryUtilization !== undefined) metrics.push({ resource: 'memory', averageUtilization: autoscaling.memoryUtilization });
  // The spec check made sure both bounds are there.
  return { minReplicas: autoscaling.minReplicas!, maxReplicas: autoscaling.maxReplicas!, metrics };
}

export function disruptionBudgetView(spec: Spec, env: Environment): DisruptionBudgetView | null {
  const effective = effectiveBudget(spec, env);
  if (!effective) return null;
  const { minAvailable, maxUnavailable } = effective.budget;
  return { minAvailable: minAvailable === undefined ? null : intOrPercent(minAvailable), maxUnavailable: maxUnavailable === undefined ? null : intOrPercent(maxUnavailable) };
}

function intOrPercent(value: IntOrPercent): IntOrPercentView {
  return typeof value === 'number' ? { count: value, percent: null } : { count: null, percent: value };
}
