/**
 * The rules of the workload and production fields of an app spec that a
 * schema cannot say: which fields a skeleton's workload uses, autoscaler and
 * disruption budget arithmetic per environment, ingress hosts, shutdown
 * timing, the proxy of the Istio sidecar, CronJob schedules and time zones,
 * and DaemonSet host paths and tolerations.
 */
import { everFires, parseCronSchedule } from '../vocabulary/cronSchedule.ts';
import { ingressPathProblems } from '../vocabulary/ingressPath.ts';
import type { PathSegment } from '../vocabulary/issue.ts';
import { timeZoneProblem } from '../vocabulary/timeZones.ts';
import type { SkeletonContract, SpecProblem } from './check.ts';
import { blocksEveryEviction, desiredHealthy, effectiveAutoscaling, effectiveBudget, effectiveShutdown, ingressGroup, ingressHost, podRange, type WorkloadKind } from './effective.ts';
import type { AppSpec, DisruptionBudget, Environment, Toleration } from './types.ts';

type Spec = AppSpec['spec'];

/** Fields only skeletons of one workload use, in spec and in each environment. */
const WORKLOAD_FIELDS: Record<WorkloadKind, { spec: readonly (keyof Spec)[]; environment: readonly (keyof Environment)[] }> = {
  Deployment: { spec: ['autoscaling', 'disruptionBudget', 'zoneSpread'], environment: ['autoscaling', 'disruptionBudget', 'replicas'] },
  DaemonSet: { spec: ['tolerations', 'updateStrategy', 'hostPaths'], environment: [] },
  CronJob: {
    spec: ['schedule', 'timeZone', 'concurrencyPolicy', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'activeDeadlineSeconds', 'backoffLimit', 'restartPolicy'],
    environment: ['schedule', 'suspend'],
  },
};

/** What each CronJob skeleton must be told. */
const CRONJOB_REQUIRED = [
  ['schedule', 'when Jobs run, such as "0 3 * * *"'],
  ['activeDeadlineSeconds', 'how long one run may take, retries included, such as 3600: with concurrencyPolicy Forbid a run that never ends would hold back every later one'],
] as const;

/** The controller adds 11 characters to name each Job, which must stay a 63-character label. */
const CRONJOB_NAME_LIMIT = 52;

export function featureProblems(app: AppSpec, skeleton: SkeletonContract, skeletons: readonly SkeletonContract[]): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const workload = skeleton.workload ?? 'Deployment';
  workloadGates(app.spec, skeleton, workload, skeletons, problems);
  if (workload === 'Deployment') {
    autoscalingProblems(app.spec, problems);
    budgetProblems(app.spec, problems);
  }
  if (workload === 'CronJob') cronJobProblems(app, problems);
  if (workload === 'DaemonSet') daemonSetProblems(app.spec, problems);
  ingressProblems(app.spec, skeleton, problems);
  shutdownProblems(app.spec, problems);
  if (app.spec.istio?.proxy !== undefined && !app.spec.istio.sidecar) {
    problems.push({ path: ['spec', 'istio', 'proxy'], message: 'proxy resources are for an injected sidecar; set sidecar: true, or remove proxy' });
  }
  return problems;
}

function workloadGates(spec: Spec, skeleton: SkeletonContract, workload: WorkloadKind, skeletons: readonly SkeletonContract[], problems: SpecProblem[]) {
  const runs = `the ${skeleton.name} skeleton, which runs a ${workload}`;
  for (const other of Object.keys(WORKLOAD_FIELDS) as WorkloadKind[]) {
    if (other === workload) continue;
    const which = skeletons.filter((s) => (s.workload ?? 'Deployment') === other).map((s) => s.name);
    const forWhom = `skeletons that run a ${other}${which.length > 0 ? ` (${which.join(', ')})` : ''}`;
    for (const field of WORKLOAD_FIELDS[other].spec) {
      if (spec[field] !== undefined) problems.push({ path: ['spec', field], message: `not used by ${runs}: ${field} is for ${forWhom}` });
    }
    for (const [envName, env] of Object.entries(spec.environments)) {
      for (const field of WORKLOAD_FIELDS[other].environment) {
        if (env[field] === undefined) continue;
        const message =
          field === 'replicas'
            ? workload === 'DaemonSet'
              ? 'a DaemonSet runs one pod on every node; remove replicas'
              : 'a CronJob runs one Job at each scheduled time; remove replicas'
            : `not used by ${runs}: ${field} is for ${forWhom}`;
        problems.push({ path: ['spec', 'environments', envName, field], message });
      }
    }
  }
  if (workload === 'CronJob') {
    for (const [field, what] of CRONJOB_REQUIRED) {
      if (spec[field] === undefined) problems.push({ path: ['spec', field], message: `required by ${runs}: ${what}` });
    }
  }
}

function autoscalingProblems(spec: Spec, problems: SpecProblem[]) {
  // A field the spec lacks is reported once at spec.autoscaling for every environment that relies on it.
  const missingAtSpec = new Map<string, string[]>();
  for (const [envName, env] of Object.entries(spec.environments)) {
    const at: PathSegment[] = ['spec', 'environments', envName];
    if (env.autoscaling === false && spec.autoscaling === undefined) {
      problems.push({ path: [...at, 'autoscaling'], message: 'nothing to turn off: spec.autoscaling is not set' });
    }
    const autoscaling = effectiveAutoscaling(spec, env);
    if (!autoscaling) continue;
    if (env.replicas !== undefined) {
      problems.push({
        path: [...at, 'replicas'],
        message: `the HorizontalPodAutoscaler owns the replica count in ${envName}; remove replicas, or set autoscaling: false in ${envName}`,
      });
    }
    const own = typeof env.autoscaling === 'object' ? env.autoscaling : undefined;
    const lacks = (what: string) => {
      if (own) problems.push({ path: [...at, 'autoscaling'], message: `needs ${what}: neither spec.autoscaling nor this environment sets it` });
      else missingAtSpec.set(what, [...(missingAtSpec.get(what) ?? []), envName]);
    };
    if (autoscaling.minReplicas === undefined) lacks('minReplicas');
    if (autoscaling.maxReplicas === undefined) lacks('maxReplicas');
    if (autoscaling.cpuUtilization === undefined && autoscaling.memoryUtilization === undefined) {
      lacks('cpuUtilization or memoryUtilization (the autoscaler scales on at least one)');
    }
    const { minReplicas: min, maxReplicas: max } = autoscaling;
    if (min !== undefined && max !== undefined && min > max) {
      const field = own?.maxReplicas !== undefined || own?.minReplicas === undefined ? 'maxReplicas' : 'minReplicas';
      const where = own?.[field] !== undefined ? [...at, 'autoscaling', field] : ['spec', 'autoscaling', field];
      problems.push({ path: where, message: `maxReplicas ${max} is below minReplicas ${min} in ${envName}` });
    }
  }
  for (const [what, envs] of missingAtSpec) {
    problems.push({ path: ['spec', 'autoscaling'], message: `needs ${what}, for ${envs.join(', ')}` });
  }
}

function budgetProblems(spec: Spec, problems: SpecProblem[]) {
  const both = (budget: DisruptionBudget | false | undefined, at: PathSegment[]) => {
    if (budget && budget.minAvailable !== undefined && budget.maxUnavailable !== undefined) {
      problems.push({ path: at, message: 'give minAvailable or maxUnavailable, not both' });
    }
  };
  both(spec.disruptionBudget, ['spec', 'disruptionBudget']);
  for (const [envName, env] of Object.entries(spec.environments)) {
    const at: PathSegment[] = ['spec', 'environments', envName, 'disruptionBudget'];
    both(env.disruptionBudget, at);
    if (env.disruptionBudget === false && spec.disruptionBudget === undefined) {
      problems.push({ path: at, message: 'nothing to turn off: spec.disruptionBudget is not set' });
    }
    const effective = effectiveBudget(spec, env);
    if (!effective) continue;
    const { budget } = effective;
    const range = podRange(spec, env);
    if (!blocksEveryEviction(budget, range.min)) continue;
    const field = budget.minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
    const value = budget[field]!;
    const runs = range.autoscaled ? `can run as few as ${range.min} (autoscaling.minReplicas)` : `runs ${range.min} (replicas)`;
    const rounded = typeof value === 'string' ? ` of ${range.min} pods rounds up to ${desiredHealthy(budget, range.min)}, which` : '';
    problems.push({
      path: [...(effective.from === 'spec' ? ['spec', 'disruptionBudget'] : at), field],
      message: `${field} ${value}${rounded} would block every eviction in ${envName}, which ${runs}: a node drain could never move a pod. Use maxUnavailable: 1, or a smaller minAvailable`,
    });
  }
}

function cronJobProblems(app: AppSpec, problems: SpecProblem[]) {
  const { spec } = app;
  if (app.metadata.name.length > CRONJOB_NAME_LIMIT) {
    problems.push({
      path: ['metadata', 'name'],
      message: `a CronJob's name has at most ${CRONJOB_NAME_LIMIT} characters (the controller adds 11 to name each Job); "${app.metadata.name}" has ${app.metadata.name.length}`,
    });
  }
  const schedule = (text: string | undefined, path: PathSegment[]) => {
    const problem = text === undefined ? undefined : scheduleProblem(text);
    if (problem) problems.push({ path, message: problem });
  };
  schedule(spec.schedule, ['spec', 'schedule']);
  for (const [envName, env] of Object.entries(spec.environments)) schedule(env.schedule, ['spec', 'environments', envName, 'schedule']);
  if (spec.timeZone !== undefined) {
    const problem = timeZoneProblem(spec.timeZone);
    if (problem) problems.push({ path: ['spec', 'timeZone'], message: problem });
  }
}

const SCHEDULE_FORM =
  'five fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12 or jan-dec, day of week 0-6 or sun-sat (Sunday is 0); or @hourly, @daily, @weekly, @monthly, @yearly';

/** A schedule as the API server checks it on create, and stricter where what it accepts is not what it seems. */
export function scheduleProblem(text: string): string | undefined {
  if (text.includes('TZ')) return 'cannot use TZ or CRON_TZ in the schedule (the API server refuses it); set spec.timeZone instead';
  const parsed = parseCronSchedule(text);
  if ('problem' in parsed) {
    const where = parsed.field ? `${parsed.field.label} "${parsed.field.text}": ` : '';
    return `not a cron schedule: ${where}${parsed.problem} (${SCHEDULE_FORM})`;
  }
  if (parsed.kind === 'every') {
    return '@every is not a documented CronJob schedule, and its runs count from when the CronJob was created, not from the clock; write five fields, such as */30 * * * *';
  }
  const starRange = text
    .trim()
    .split(/\s+/u)
    .flatMap((field) => field.split(','))
    .find((item) => /^[*?]-/.test(item));
  if (starRange !== undefined) return `"${starRange}" means every value: the API server ignores what follows ${starRange[0]}; write a range such as 0-5`;
  if (!everFires(parsed.fields)) return 'never runs: no month in the schedule has the day of month it asks for';
  return undefined;
}

function daemonSetProblems(spec: Spec, problems: SpecProblem[]) {
  const seen = { name: new Map<string, number>(), mountPath: new Map<string, number>() };
  (spec.hostPaths ?? []).forEach((hostPath, i) => {
    const at: PathSegment[] = ['spec', 'hostPaths', i];
    for (const field of ['name', 'mountPath'] as const) {
      const first = seen[field].get(hostPath[field]);
      if (first !== undefined) problems.push({ path: [...at, field], message: `"${hostPath[field]}" is already used by hostPaths[${first}]` });
      else seen[field].set(hostPath[field], i);
    }
    for (const field of ['path', 'mountPath'] as const) {
      if (hostPath[field].split('/').includes('..')) problems.push({ path: [...at, field], message: 'must not contain ".." (the API server refuses it)' });
    }
  });
  (spec.tolerations ?? []).forEach((toleration, i) => {
    const problem = tolerationProblem(toleration);
    if (problem) problems.push({ path: ['spec', 'tolerations', i], message: problem });
  });
}

function tolerationProblem(t: Toleration): string | undefined {
  if ((t.operator ?? 'Equal') === 'Equal' && t.key === undefined) return 'operator Equal needs a key; use operator: Exists to tolerate every taint';
  if (t.operator === 'Exists' && t.value !== undefined) return 'operator Exists matches any value; remove value';
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') return 'tolerationSeconds applies to effect NoExecute only';
  return undefined;
}

function ingressProblems(spec: Spec, skeleton: SkeletonContract, problems: SpecProblem[]) {
  // spec.ingress itself is held to the skeleton's fields by the contract check.
  const supported = (skeleton.fields.ingress ?? 'unsupported') !== 'unsupported';
  for (const [envName, env] of Object.entries(spec.environments)) {
    if (env.ingress !== undefined && spec.ingress === undefined) {
      problems.push({ path: ['spec', 'environments', envName, 'ingress'], message: supported ? 'needs spec.ingress' : `not used by the ${skeleton.name} skeleton; remove it` });
    }
  }
  if (!spec.ingress || !supported) return;
  if (spec.probes?.readiness === undefined) {
    problems.push({ path: ['spec', 'ingress'], message: 'needs spec.probes.readiness: the load balancer health-checks that path (alb.ingress.kubernetes.io/healthcheck-path)' });
  }
  // The namespace may come from the organisation config, and then the default group is not known here.
  const group = spec.namespace === undefined && spec.ingress.group === undefined ? undefined : ingressGroup({ ...spec, namespace: spec.namespace ?? '' });
  if (spec.ingress.group === undefined && group !== undefined && group.length > 63) {
    problems.push({ path: ['spec', 'ingress'], message: `the default IngressGroup name "${group}" is longer than 63 characters; set spec.ingress.group` });
  }
  // The skeletons route it with pathType Prefix, which the API server holds to this rule.
  const pathProblems = spec.ingress.path === undefined ? [] : ingressPathProblems(spec.ingress.path, 'Prefix');
  if (pathProblems.length > 0) {
    problems.push({ path: ['spec', 'ingress', 'path'], message: `${JSON.stringify(spec.ingress.path)} is refused by the API server as a Prefix path: ${pathProblems.join('; ')}` });
  }
  const ipAddress = /^[0-9]+(?:\.[0-9]+){3}$/;
  if (spec.ingress.host !== undefined && ipAddress.test(spec.ingress.host)) problems.push({ path: ['spec', 'ingress', 'host'], message: 'must be a DNS name, not an IP address' });
  for (const [envName, env] of Object.entries(spec.environments)) {
    const at: PathSegment[] = ['spec', 'environments', envName];
    const host = ingressHost(spec, env);
    if (host === undefined) {
      problems.push({ path: at, message: `needs ingress.host: spec.ingress.host is not set, and an Ingress without a host would take every request to its load balancer${group === undefined ? '' : ` (group ${group})`}` });
    } else if (env.ingress?.host !== undefined && ipAddress.test(env.ingress.host)) {
      problems.push({ path: [...at, 'ingress', 'host'], message: 'must be a DNS name, not an IP address' });
    }
  }
}

function shutdownProblems(spec: Spec, problems: SpecProblem[]) {
  if (spec.shutdown?.preStopSeconds !== undefined && spec.port === undefined) {
    problems.push({
      path: ['spec', 'shutdown', 'preStopSeconds'],
      message: 'the pause lets load balancers stop sending requests before the app stops; this app has no port, so there is nothing to drain',
    });
    return;
  }
  const { preStopSeconds, gracePeriodSeconds } = effectiveShutdown(spec);
  if (preStopSeconds !== null && gracePeriodSeconds !== null && preStopSeconds >= gracePeriodSeconds) {
    const given = spec.shutdown?.preStopSeconds !== undefined ? '' : ' (the default with spec.ingress)';
    problems.push({
      path: ['spec', 'shutdown', 'terminationGracePeriodSeconds'],
      message: `must be greater than preStopSeconds ${preStopSeconds}${given}: the pause and the app's own shutdown after SIGTERM both come out of the grace period`,
    });
  }
}
