/**
 * One app spec from the views of its environments: what every environment says
 * alike goes to spec, what differs to environments.<env> (image tag and replicas
 * always, resources and env where they differ, the role's account, the secrets'
 * path). A field the spec has no environment override for takes the first
 * environment's value; an environment that differs is then put right by its own
 * residual patch, which the semantic diff finds.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AppSpec, Environment } from '../appSpec/types.ts';
import type { SpecView } from './toSpec.ts';

export interface NamedView {
  env: string;
  view: SpecView;
}

export function foldViews(name: string, views: readonly NamedView[]): AppSpec {
  const first = views[0]!.view;
  const all = <T>(pick: (v: SpecView) => T) => views.map((v) => pick(v.view));

  const resources = mostCommon(all((v) => v.resources));
  const commonEnv = Object.fromEntries(Object.entries(first.env).filter(([k, value]) => views.every((v) => v.view.env[k] === value)));
  const roles = all((v) => v.irsa?.roleName);
  const sharedRole = roles.every((r) => r !== undefined && r === roles[0]) ? roles[0] : undefined;
  const secrets = foldSecrets(views);
  const autoscaling = first.autoscaling;
  const budget = first.disruptionBudget;

  const environments: Record<string, Environment> = {};
  for (const { env, view } of views) {
    const e: Environment = { imageTag: view.imageTag };
    if (view.irsa) {
      e.awsAccountId = view.irsa.accountId;
      if (sharedRole === undefined) e.irsa = { roleName: view.irsa.roleName };
    }
    const secretsPath = secrets?.paths[env];
    if (secretsPath !== undefined) e.secretsPath = secretsPath;
    if (view.replicas !== undefined) e.replicas = view.replicas;
    if (!isDeepStrictEqual(view.resources, resources)) e.resources = { ...(view.resources.cpu !== resources.cpu ? { cpu: view.resources.cpu } : {}), ...(view.resources.memory !== resources.memory ? { memory: view.resources.memory } : {}) };
    const own = Object.fromEntries(Object.entries(view.env).filter(([k]) => !Object.hasOwn(commonEnv, k)));
    if (Object.keys(own).length > 0) e.env = own;
    if (autoscaling && !isDeepStrictEqual(view.autoscaling, autoscaling)) e.autoscaling = view.autoscaling ? differing(view.autoscaling, autoscaling) : false;
    else if (!autoscaling && view.autoscaling) e.autoscaling = view.autoscaling;
    if (budget && !isDeepStrictEqual(view.disruptionBudget, budget)) e.disruptionBudget = view.disruptionBudget ?? false;
    else if (!budget && view.disruptionBudget) e.disruptionBudget = view.disruptionBudget;
    if (view.cron && first.cron && view.cron.schedule !== first.cron.schedule) e.schedule = view.cron.schedule;
    if (view.cron?.suspend) e.suspend = true;
    const ingress = { ...(view.ingress && view.ingress.host !== first.ingress?.host ? { host: view.ingress.host } : {}), ...(view.ingress?.certificateArn ? { certificateArn: view.ingress.certificateArn } : {}) };
    if (Object.keys(ingress).length > 0) e.ingress = ingress;
    environments[env] = e;
  }

  const cron = first.cron;
  const spec: AppSpec['spec'] = {
    skeleton: first.skeleton,
    namespace: first.namespace,
    image: first.image,
    ...(first.port !== undefined ? { port: first.port } : {}),
    ...(first.servicePort !== undefined ? { servicePort: first.servicePort } : {}),
    ...(first.probes ? { probes: first.probes } : {}),
    resources,
    ...(Object.keys(commonEnv).length > 0 ? { env: commonEnv } : {}),
    ...(sharedRole !== undefined ? { irsa: { roleName: sharedRole } } : {}),
    ...(secrets ? { secrets: secrets.spec } : {}),
    ...(autoscaling ? { autoscaling } : {}),
    ...(budget ? { disruptionBudget: budget } : {}),
    ...(views.some((v) => v.view.zoneSpread) ? { zoneSpread: 'None' as const } : {}),
    ...(first.ingress ? { ingress: withoutCertificate(first.ingress) } : {}),
    ...(first.shutdown ? { shutdown: first.shutdown } : {}),
    ...(first.istio ? { istio: first.istio } : {}),
    ...(first.updateStrategy ? { updateStrategy: first.updateStrategy } : {}),
    ...(cron
      ? {
          schedule: cron.schedule,
          ...(cron.timeZone !== undefined ? { timeZone: cron.timeZone } : {}),
          concurrencyPolicy: cron.concurrencyPolicy,
          ...(cron.successfulJobsHistoryLimit !== undefined ? { successfulJobsHistoryLimit: cron.successfulJobsHistoryLimit } : {}),
          ...(cron.failedJobsHistoryLimit !== undefined ? { failedJobsHistoryLimit: cron.failedJobsHistoryLimit } : {}),
          activeDeadlineSeconds: cron.activeDeadlineSeconds,
          ...(cron.backoffLimit !== undefined ? { backoffLimit: cron.backoffLimit } : {}),
          restartPolicy: cron.restartPolicy,
        }
      : {}),
    environments,
  };
  // An autoscaled environment takes no replica count.
  if (spec.autoscaling) for (const e of Object.values(environments)) if (e.autoscaling !== false) delete e.replicas;
  return { apiVersion: 'scaffold/v1alpha1', kind: 'App', metadata: { name }, spec };
}

function withoutCertificate(ingress: NonNullable<SpecView['ingress']>): NonNullable<AppSpec['spec']['ingress']> {
  const { certificateArn: _perEnvironment, ...rest } = ingress;
  return rest;
}

/** The value most environments share; on a tie, the first environment's. */
function mostCommon<T>(values: readonly T[]): T {
  let best = values[0] as T;
  let count = 0;
  for (const v of values) {
    const n = values.filter((w) => isDeepStrictEqual(v, w)).length;
    if (n > count) {
      best = v;
      count = n;
    }
  }
  return best;
}

function differing<T extends object>(value: T, base: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => !isDeepStrictEqual(v, (base as Record<string, unknown>)[k]))) as Partial<T>;
}

/**
 * The keys of the environments' ExternalSecrets as spec.secrets: parameter names
 * under one folder per environment become that environment's secretsPath and the
 * names below it, when those are the same everywhere; otherwise the first
 * environment's absolute names (another environment's patch puts its own back).
 */
function foldSecrets(views: readonly NamedView[]): { spec: NonNullable<AppSpec['spec']['secrets']>; paths: Record<string, string> } | undefined {
  const first = views[0]!.view.secrets;
  if (!first) return undefined;
  const split = views.map(({ env, view }) => ({ env, keys: view.secrets?.keys ?? {} }));
  const folders = split.map(({ keys }) => commonFolder(Object.values(keys)));
  const relative = split.map(({ keys }, i) => Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, folders[i] === undefined ? v : v.slice(folders[i]!.length + 1)])));
  const base = { store: first.store, refreshInterval: first.refreshInterval };
  if (folders.every((f) => f !== undefined) && relative.every((r) => isDeepStrictEqual(r, relative[0]))) {
    return { spec: { ...base, keys: relative[0]! }, paths: Object.fromEntries(split.map((s, i) => [s.env, folders[i]!])) };
  }
  return { spec: { ...base, keys: first.keys }, paths: {} };
}

/** The longest folder every name is below (`/production/checkout` of `/production/checkout/db-password`). */
function commonFolder(names: readonly string[]): string | undefined {
  const parts = names.map((n) => n.split('/').slice(0, -1));
  if (parts.length === 0) return undefined;
  const shared: string[] = [];
  for (let i = 0; i < parts[0]!.length; i++) {
    const segment = parts[0]![i]!;
    if (parts.every((p) => p[i] === segment)) shared.push(segment);
    else break;
  }
  const folder = shared.join('/');
  return folder === '' ? undefined : folder;
}
