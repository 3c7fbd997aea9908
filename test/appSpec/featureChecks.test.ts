/** The rules of the workload and production fields of app.yaml, and the arithmetic they rest on. */
import { describe, expect, it } from 'vitest';
import { checkAppSpec, type SkeletonContract } from '../../src/appSpec/check.ts';
import { blocksEveryEviction, desiredHealthy, effectiveShutdown, zoneSpreadOf } from '../../src/appSpec/effective.ts';
import { scheduleProblem } from '../../src/appSpec/featureChecks.ts';
import type { AppSpec, DisruptionBudget } from '../../src/appSpec/types.ts';

const SKELETONS: SkeletonContract[] = [
  { name: 'cronjob', fields: {}, workload: 'CronJob' },
  { name: 'daemonset', fields: { port: 'optional', probes: 'optional' }, workload: 'DaemonSet' },
  { name: 'web', fields: { port: 'required', probes: 'optional', ingress: 'optional' }, workload: 'Deployment' },
  { name: 'worker', fields: { port: 'unsupported', probes: 'unsupported' } },
];

type Spec = Partial<AppSpec['spec']>;

function app(skeleton: string, spec: Spec, name = 'shop'): AppSpec {
  const base: AppSpec['spec'] = { skeleton, namespace: 'shop', image: 'example.com/shop', resources: { cpu: '500m', memory: '1Gi' }, environments: { production: { imageTag: 'v1' } } };
  if (skeleton === 'web') Object.assign(base, { port: 8080 });
  if (skeleton === 'cronjob') Object.assign(base, { schedule: '0 3 * * *', activeDeadlineSeconds: 600 });
  return { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name }, spec: { ...base, ...spec } as AppSpec['spec'] };
}

/** Each problem as `path: message`. */
function problems(value: AppSpec): string[] {
  return checkAppSpec(value, { skeletons: SKELETONS }).map((i) => `${i.path}: ${i.message}`);
}

const web = (spec: Spec) => problems(app('web', spec));

describe('disruption budgets', () => {
  it('follow the disruption controller: both percentages round up', () => {
    expect(desiredHealthy({ maxUnavailable: 1 }, 3)).toBe(2);
    expect(desiredHealthy({ maxUnavailable: '10%' }, 3)).toBe(2);
    expect(desiredHealthy({ minAvailable: '67%' }, 2)).toBe(2);
    expect(desiredHealthy({ minAvailable: '50%' }, 2)).toBe(1);
    expect(desiredHealthy({ minAvailable: 2 }, 5)).toBe(2);
  });

  it('block every eviction when the pods they keep are all the pods there are', () => {
    const cases: [DisruptionBudget, number, boolean][] = [
      [{ minAvailable: 3 }, 3, true],
      [{ minAvailable: 2 }, 3, false],
      [{ minAvailable: '67%' }, 2, true],
      [{ minAvailable: '50%' }, 2, false],
      [{ minAvailable: '100%' }, 5, true],
      [{ maxUnavailable: 1 }, 1, false],
      [{ maxUnavailable: '10%' }, 3, false],
      [{ minAvailable: 1 }, 0, false],
    ];
    for (const [budget, pods, blocked] of cases) expect(blocksEveryEviction(budget, pods), `${JSON.stringify(budget)} of ${pods}`).toBe(blocked);
  });

  it('are refused when they would block every eviction in an environment, naming it', () => {
    const production = { imageTag: 'v1', replicas: 3 };
    expect(web({ disruptionBudget: { minAvailable: 3 }, environments: { production } })).toEqual([
      'spec.disruptionBudget.minAvailable: minAvailable 3 would block every eviction in production, which runs 3 (replicas): a node drain could never move a pod. Use maxUnavailable: 1, or a smaller minAvailable',
    ]);
    expect(web({ disruptionBudget: { minAvailable: 2 }, environments: { production } })).toEqual([]);
    expect(web({ disruptionBudget: { minAvailable: '67%' }, environments: { alpha: { imageTag: 'v1', replicas: 2 } } })).toEqual([
      'spec.disruptionBudget.minAvailable: minAvailable 67% of 2 pods rounds up to 2, which would block every eviction in alpha, which runs 2 (replicas): a node drain could never move a pod. Use maxUnavailable: 1, or a smaller minAvailable',
    ]);
    // One replica by default: a budget keeping one pod keeps them all.
    expect(web({ disruptionBudget: { minAvailable: 1 } })[0]).toMatch(/^spec.disruptionBudget.minAvailable: minAvailable 1 would block every eviction in production, which runs 1 \(replicas\)/);
    expect(web({ disruptionBudget: { maxUnavailable: 1 } })).toEqual([]);
    expect(web({ disruptionBudget: { minAvailable: 1 }, environments: { production: { imageTag: 'v1', replicas: 0 } } })).toEqual([]);
  });

  it('are checked against the autoscaler\'s floor, and per environment where one overrides', () => {
    const autoscaling = { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 };
    expect(web({ autoscaling, disruptionBudget: { minAvailable: 2 } })).toEqual([
      'spec.disruptionBudget.minAvailable: minAvailable 2 would block every eviction in production, which can run as few as 2 (autoscaling.minReplicas): a node drain could never move a pod. Use maxUnavailable: 1, or a smaller minAvailable',
    ]);
    const environments = { alpha: { imageTag: 'v1', disruptionBudget: { minAvailable: 6 } }, production: { imageTag: 'v1', disruptionBudget: false as const } };
    expect(web({ autoscaling, disruptionBudget: { minAvailable: 2 }, environments })).toEqual([
      'spec.environments.alpha.disruptionBudget.minAvailable: minAvailable 6 would block every eviction in alpha, which can run as few as 2 (autoscaling.minReplicas): a node drain could never move a pod. Use maxUnavailable: 1, or a smaller minAvailable',
    ]);
  });

  it('take one of minAvailable and maxUnavailable, never 0, and false only to turn a budget off', () => {
    expect(web({ disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } })).toContain('spec.disruptionBudget: give minAvailable or maxUnavailable, not both');
    expect(web({ disruptionBudget: { maxUnavailable: 0 } })).toEqual(['spec.disruptionBudget.maxUnavailable: must be >= 1, got integer 0']);
    expect(web({ disruptionBudget: { maxUnavailable: '0%' } })).toEqual(['spec.disruptionBudget.maxUnavailable: must be a percentage from 1% to 100%, such as 25%, got string "0%"']);
    expect(web({ environments: { production: { imageTag: 'v1', disruptionBudget: false } } })).toEqual([
      'spec.environments.production.disruptionBudget: nothing to turn off: spec.disruptionBudget is not set',
    ]);
  });
});

describe('autoscaling', () => {
  const autoscaling = { minReplicas: 3, maxReplicas: 20, cpuUtilization: 70 };

  it('owns the replica count: an environment that sets replicas is refused', () => {
    expect(web({ autoscaling, environments: { production: { imageTag: 'v1', replicas: 3 } } })).toEqual([
      'spec.environments.production.replicas: the HorizontalPodAutoscaler owns the replica count in production; remove replicas, or set autoscaling: false in production',
    ]);
    expect(web({ autoscaling, environments: { production: { imageTag: 'v1', replicas: 3, autoscaling: false } } })).toEqual([]);
  });

  it('needs both bounds, in order, and a target, from the spec or the environment', () => {
    expect(web({ autoscaling: { maxReplicas: 5 }, environments: { alpha: { imageTag: 'v1' }, production: { imageTag: 'v1' } } })).toEqual([
      'spec.autoscaling: needs minReplicas, for alpha, production',
      'spec.autoscaling: needs cpuUtilization or memoryUtilization (the autoscaler scales on at least one), for alpha, production',
    ]);
    expect(web({ environments: { production: { imageTag: 'v1', autoscaling: { maxReplicas: 5, cpuUtilization: 50 } } } })).toEqual([
      'spec.environments.production.autoscaling: needs minReplicas: neither spec.autoscaling nor this environment sets it',
    ]);
    expect(web({ autoscaling, environments: { production: { imageTag: 'v1', autoscaling: { maxReplicas: 2 } } } })).toEqual([
      'spec.environments.production.autoscaling.maxReplicas: maxReplicas 2 is below minReplicas 3 in production',
    ]);
    expect(web({ autoscaling: { ...autoscaling, cpuUtilization: 101 } })).toEqual(['spec.autoscaling.cpuUtilization: must be <= 100, got integer 101']);
  });

  it('is for skeletons that run a Deployment', () => {
    expect(problems(app('cronjob', { autoscaling }))).toEqual([
      'spec.autoscaling: not used by the cronjob skeleton, which runs a CronJob: autoscaling is for skeletons that run a Deployment (web, worker)',
    ]);
  });
});

describe('workloads', () => {
  it('keep each workload\'s fields to the skeletons that run it', () => {
    expect(problems(app('daemonset', { schedule: '0 3 * * *', environments: { production: { imageTag: 'v1', replicas: 2 } } }))).toEqual([
      'spec.environments.production.replicas: a DaemonSet runs one pod on every node; remove replicas',
      'spec.schedule: not used by the daemonset skeleton, which runs a DaemonSet: schedule is for skeletons that run a CronJob (cronjob)',
    ]);
    expect(web({ hostPaths: [{ name: 'logs', path: '/var/log', mountPath: '/logs' }] })).toEqual([
      'spec.hostPaths: not used by the web skeleton, which runs a Deployment: hostPaths is for skeletons that run a DaemonSet (daemonset)',
    ]);
    expect(problems(app('worker', { ingress: { host: 'shop.example.com' } }))).toEqual(['spec.ingress: not used by the worker skeleton; remove it']);
    expect(problems(app('worker', { environments: { production: { imageTag: 'v1', ingress: { host: 'shop.example.com' } } } }))).toEqual([
      'spec.environments.production.ingress: not used by the worker skeleton; remove it',
    ]);
  });

  it('require a CronJob\'s schedule and deadline, and a name its Jobs can be named after', () => {
    const value = app('cronjob', { environments: { prod: { imageTag: 'v1' } } }, 'a'.repeat(53));
    delete value.spec.schedule;
    delete value.spec.activeDeadlineSeconds;
    expect(problems(value)).toEqual([
      'spec.schedule: required by the cronjob skeleton, which runs a CronJob: when Jobs run, such as "0 3 * * *"',
      'spec.activeDeadlineSeconds: required by the cronjob skeleton, which runs a CronJob: how long one run may take, retries included, such as 3600: with concurrencyPolicy Forbid a run that never ends would hold back every later one',
      `metadata.name: a CronJob's name has at most 52 characters (the controller adds 11 to name each Job); "${'a'.repeat(53)}" has 53`,
    ]);
  });

  it('check schedules as the API server does, and time zones by their exact IANA names', () => {
    expect(problems(app('cronjob', { timeZone: 'asia/seoul', environments: { alpha: { imageTag: 'v1', schedule: '0 0 * * 7' } } }))).toEqual([
      'spec.environments.alpha.schedule: not a cron schedule: day of week "7": end of range (7) above maximum (6): 7 (five fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12 or jan-dec, day of week 0-6 or sun-sat (Sunday is 0); or @hourly, @daily, @weekly, @monthly, @yearly)',
      'spec.timeZone: unknown time zone "asia/seoul" (did you mean "Asia/Seoul"?): names are IANA zones, letter case included, such as UTC or Asia/Seoul',
    ]);
    expect(problems(app('cronjob', { schedule: '30 6 * * 1-5', timeZone: 'Asia/Seoul' }))).toEqual([]);
  });

  it('refuse schedules the server refuses, and those that are not what they seem', () => {
    expect(scheduleProblem('CRON_TZ=Asia/Seoul 0 3 * * *')).toBe('cannot use TZ or CRON_TZ in the schedule (the API server refuses it); set spec.timeZone instead');
    expect(scheduleProblem('@every 1h')).toMatch(/^@every is not a documented CronJob schedule/);
    expect(scheduleProblem('*-5 * * * *')).toBe('"*-5" means every value: the API server ignores what follows *; write a range such as 0-5');
    expect(scheduleProblem('0 0 30 2 *')).toBe('never runs: no month in the schedule has the day of month it asks for');
    expect(scheduleProblem('0 0 31 4,6,9,11 *')).toBe('never runs: no month in the schedule has the day of month it asks for');
    for (const good of ['@daily', '0 0 29 2 *', '0 0 30 2 1', '*/15 * * * *', '0 0 * JAN-MAR sun']) expect(scheduleProblem(good), good).toBeUndefined();
  });

  it('check a DaemonSet\'s host paths and tolerations', () => {
    const hostPaths = [
      { name: 'logs', path: '/var/log', mountPath: '/host/logs' },
      { name: 'logs', path: '/var/../etc', mountPath: '/host/logs' },
    ];
    const tolerations = [{ value: 'gpu' }, { operator: 'Exists' as const, value: 'x' }, { key: 'a', tolerationSeconds: 30 }, { operator: 'Exists' as const }];
    expect(problems(app('daemonset', { hostPaths, tolerations }))).toEqual([
      'spec.hostPaths[1].name: "logs" is already used by hostPaths[0]',
      'spec.hostPaths[1].mountPath: "/host/logs" is already used by hostPaths[0]',
      'spec.hostPaths[1].path: must not contain ".." (the API server refuses it)',
      'spec.tolerations[0]: operator Equal needs a key; use operator: Exists to tolerate every taint',
      'spec.tolerations[1]: operator Exists matches any value; remove value',
      'spec.tolerations[2]: tolerationSeconds applies to effect NoExecute only',
    ]);
  });
});

describe('ingress, shutdown and the Istio sidecar', () => {
  const probes = { readiness: '/healthz' };

  it('an ingress needs a readiness probe and a host in every environment', () => {
    expect(web({ ingress: {} })).toEqual([
      'spec.ingress: needs spec.probes.readiness: the load balancer health-checks that path (alb.ingress.kubernetes.io/healthcheck-path)',
      'spec.environments.production: needs ingress.host: spec.ingress.host is not set, and an Ingress without a host would take every request to its load balancer (group shop.internal)',
    ]);
    expect(web({ probes, ingress: {}, environments: { production: { imageTag: 'v1', ingress: { host: 'shop.example.com' } } } })).toEqual([]);
    expect(web({ probes, ingress: { host: '10.0.0.1' } })).toEqual(['spec.ingress.host: must be a DNS name, not an IP address']);
    expect(web({ environments: { production: { imageTag: 'v1', ingress: { host: 'shop.example.com' } } } })).toEqual(['spec.environments.production.ingress: needs spec.ingress']);
    expect(web({ probes, ingress: { host: 'Shop.example.com' } })[0]).toMatch(/^spec.ingress.host: must be a DNS host name in lowercase/);
  });

  it("an ingress path is one the API server accepts as a Prefix path (validateHTTPIngressPath)", () => {
    const at = (path: string) => web({ probes, ingress: { host: 'a.example.com', path } });
    expect(at('/a/../b')).toEqual([`spec.ingress.path: "/a/../b" is refused by the API server as a Prefix path: must not contain '/../'`]);
    expect(at('/a//b')).toEqual([`spec.ingress.path: "/a//b" is refused by the API server as a Prefix path: must not contain '//'`]);
    expect(at('/a/./b')).toEqual([`spec.ingress.path: "/a/./b" is refused by the API server as a Prefix path: must not contain '/./'`]);
    expect(at('/a%2Fb')).toEqual([`spec.ingress.path: "/a%2Fb" is refused by the API server as a Prefix path: must not contain '%2F'`]);
    expect(at('/a/..')).toEqual([`spec.ingress.path: "/a/.." is refused by the API server as a Prefix path: cannot end with '/..'`]);
    expect(at('/a/.')).toEqual([`spec.ingress.path: "/a/." is refused by the API server as a Prefix path: cannot end with '/.'`]);
    for (const accepted of ['/', '/a', '/a/', '/a.b/..c', '/a%20b', '/.well-known']) expect(at(accepted), accepted).toEqual([]);
  });

  it('graceful shutdown: a pause behind an ALB by default, shorter than the grace period', () => {
    expect(effectiveShutdown(app('web', { probes, ingress: { host: 'a.example.com' } }).spec)).toEqual({ preStopSeconds: 15, gracePeriodSeconds: 45 });
    expect(effectiveShutdown(app('web', { shutdown: { preStopSeconds: 5 } }).spec)).toEqual({ preStopSeconds: 5, gracePeriodSeconds: 35 });
    expect(effectiveShutdown(app('worker', { shutdown: { terminationGracePeriodSeconds: 120 } }).spec)).toEqual({ preStopSeconds: null, gracePeriodSeconds: 120 });
    expect(effectiveShutdown(app('web', {}).spec)).toEqual({ preStopSeconds: null, gracePeriodSeconds: null });
    expect(web({ probes, ingress: { host: 'a.example.com' }, shutdown: { terminationGracePeriodSeconds: 10 } })).toEqual([
      "spec.shutdown.terminationGracePeriodSeconds: must be greater than preStopSeconds 15 (the default with spec.ingress): the pause and the app's own shutdown after SIGTERM both come out of the grace period",
    ]);
    expect(problems(app('worker', { shutdown: { preStopSeconds: 5 } }))).toEqual([
      'spec.shutdown.preStopSeconds: the pause lets load balancers stop sending requests before the app stops; this app has no port, so there is nothing to drain',
    ]);
  });

  it('zone spread where more than one pod can run, unless turned off', () => {
    const spread = (spec: Spec, env: AppSpec['spec']['environments'][string]) => zoneSpreadOf(app('web', spec).spec, env);
    expect(spread({}, { imageTag: 'v1' })).toBeNull();
    expect(spread({}, { imageTag: 'v1', replicas: 2 })).toBe('ScheduleAnyway');
    expect(spread({ zoneSpread: 'DoNotSchedule' }, { imageTag: 'v1', replicas: 2 })).toBe('DoNotSchedule');
    expect(spread({ zoneSpread: 'None' }, { imageTag: 'v1', replicas: 5 })).toBeNull();
    expect(spread({ autoscaling: { minReplicas: 1, maxReplicas: 2, cpuUtilization: 50 } }, { imageTag: 'v1' })).toBe('ScheduleAnyway');
  });

  it('proxy resources are for an injected sidecar, and more than zero', () => {
    expect(web({ istio: { sidecar: false, proxy: { cpu: '100m' } } })).toEqual(['spec.istio.proxy: proxy resources are for an injected sidecar; set sidecar: true, or remove proxy']);
    expect(web({ istio: { sidecar: true, proxy: { memory: 0 } } })).toEqual(['spec.istio.proxy.memory: must be greater than zero, got "0"']);
    expect(web({ istio: { sidecar: true } })).toEqual([]);
  });
});
