/**
 * What the production features of an app spec come to in one environment,
 * defaults applied: the checks judge these values and the view model renders
 * them, so what is checked is what is written.
 */
import type { AppFeatures, Autoscaling, DisruptionBudget, EnvironmentFeatures, IntOrPercent, Probes, Resources } from './types.ts';

/** What the features are read from: app.yaml's spec as written, or as resolved with the organisation config. */
export interface FeatureSpec extends AppFeatures {
  namespace?: string;
  port?: number;
  probes?: Probes;
}
export interface FeatureEnvironment extends EnvironmentFeatures {
  replicas?: number;
}
type Spec = FeatureSpec;
type Environment = FeatureEnvironment;

/** What a skeleton runs, from its skeleton.yaml `workload` (default Deployment). */
export type WorkloadKind = 'Deployment' | 'DaemonSet' | 'CronJob';
export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'DaemonSet', 'CronJob'];

export const DEFAULT_REPLICAS = 1;
export const DEFAULT_INGRESS_CLASS = 'alb';
export const DEFAULT_INGRESS_SCHEME = 'internal';
export const DEFAULT_INGRESS_PATH = '/';
export const DEFAULT_ZONE_SPREAD = 'ScheduleAnyway';
/** The pause of a web app behind an ALB: long enough for the controller to deregister the pod's IP. */
export const DEFAULT_PRE_STOP_SECONDS = 15;
/** The app's own shutdown after SIGTERM, when only the pause is given; Kubernetes' own default grace period. */
export const DEFAULT_DRAIN_SECONDS = 30;
/** Istio's own default proxy requests; the annotations make them the limits too. */
export const DEFAULT_PROXY: Resources = { cpu: '100m', memory: '128Mi' };

/** The autoscaler of an environment: spec.autoscaling with the environment's fields over it; null when there is none or it is turned off. */
export function effectiveAutoscaling(spec: Spec, env: Environment): Autoscaling | null {
  if (env.autoscaling === false) return null;
  if (spec.autoscaling === undefined && env.autoscaling === undefined) return null;
  return { ...spec.autoscaling, ...env.autoscaling };
}

/** Fewest and most pods a Deployment runs in an environment: its replicas, or what the autoscaler may choose. */
export function podRange(spec: Spec, env: Environment): { min: number; max: number; autoscaled: boolean } {
  const autoscaling = effectiveAutoscaling(spec, env);
  if (autoscaling) {
    const min = autoscaling.minReplicas ?? DEFAULT_REPLICAS;
    return { min, max: autoscaling.maxReplicas ?? min, autoscaled: true };
  }
  const replicas = env.replicas ?? DEFAULT_REPLICAS;
  return { min: replicas, max: replicas, autoscaled: false };
}

/** The disruption budget of an environment and where it was given; null when there is none or it is turned off. */
export function effectiveBudget(spec: Spec, env: Environment): { budget: DisruptionBudget; from: 'spec' | 'environment' } | null {
  if (env.disruptionBudget === false) return null;
  if (env.disruptionBudget !== undefined) return { budget: env.disruptionBudget, from: 'environment' };
  return spec.disruptionBudget ? { budget: spec.disruptionBudget, from: 'spec' } : null;
}

/**
 * The healthy pods the disruption controller keeps for `n` expected pods
 * (getExpectedPodCount in pkg/controller/disruption): both percentages round up.
 */
export function desiredHealthy(budget: DisruptionBudget, n: number): number {
  if (budget.maxUnavailable !== undefined) return Math.max(0, n - scaled(budget.maxUnavailable, n));
  return budget.minAvailable === undefined ? 0 : scaled(budget.minAvailable, n);
}

/** A budget that lets no pod of `n` be evicted: a node drain could never move one. */
export function blocksEveryEviction(budget: DisruptionBudget, n: number): boolean {
  return n > 0 && desiredHealthy(budget, n) >= n;
}

export function scaled(value: IntOrPercent, n: number): number {
  return typeof value === 'number' ? value : Math.ceil((Number.parseInt(value, 10) * n) / 100);
}

/** The preStop pause and the grace period, each null when Kubernetes' default applies. */
export function effectiveShutdown(spec: Spec): { preStopSeconds: number | null; gracePeriodSeconds: number | null } {
  const preStop = spec.shutdown?.preStopSeconds ?? (spec.ingress && spec.port !== undefined ? DEFAULT_PRE_STOP_SECONDS : null);
  const grace = spec.shutdown?.terminationGracePeriodSeconds ?? (preStop === null ? null : preStop + DEFAULT_DRAIN_SECONDS);
  return { preStopSeconds: preStop, gracePeriodSeconds: grace };
}

/** The ALB IngressGroup: every Ingress of a group shares one load balancer, and so one scheme. */
export function ingressGroup(spec: Pick<Spec, 'ingress'> & { namespace: string }): string {
  return spec.ingress?.group ?? `${spec.namespace}.${spec.ingress?.scheme ?? DEFAULT_INGRESS_SCHEME}`;
}

export function ingressHost(spec: Spec, env: Environment): string | undefined {
  return env.ingress?.host ?? spec.ingress?.host;
}

/** The proxy's cpu and memory, requests and limits alike. */
export function proxyResources(spec: Spec): Resources {
  return { ...DEFAULT_PROXY, ...spec.istio?.proxy };
}

/** How a Deployment spreads over zones in an environment; null when at most one pod runs there or spreading is off. */
export function zoneSpreadOf(spec: Spec, env: Environment): 'ScheduleAnyway' | 'DoNotSchedule' | null {
  const mode = spec.zoneSpread ?? DEFAULT_ZONE_SPREAD;
  if (mode === 'None') return null;
  return podRange(spec, env).max > 1 ? mode : null;
}
