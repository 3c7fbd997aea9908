/**
 * Random app specs for the property tests: valid ones covering what a user may write
 * (every quantity notation, env values that look like YAML syntax, many environments),
 * the texts a user may write them as, and one-mistake mutations of them together with
 * the field path the error must name.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import appSpecSchema from '../../schemas/app-spec.schema.json' with { type: 'json' };
import { serializeAppSpec } from '../../src/appSpec/serialize.ts';
import { KUBERNETES_SCALAR_TAGS } from '../../src/yamlSource/kubernetesScalars.ts';
import type { AppSpec, Environment, Resources, Secrets } from '../../src/appSpec/types.ts';
import type { PathSegment } from '../../src/vocabulary/issue.ts';
import { isWholeBytes } from '../../src/vocabulary/quantity.ts';

/** Longest app name generated: with the longest environment name, the `<app>-<env>` label value stays within 63. */
const appName = fc.stringMatching(/^[a-z](?:[-a-z0-9]{0,28}[a-z0-9])?$/);
const environmentName = fc.oneof(
  { weight: 9, arbitrary: fc.stringMatching(/^[a-z](?:[-a-z0-9]{0,30}[a-z0-9])?$/) },
  // Names a YAML 1.1 reader takes for booleans or null unless they are quoted.
  { weight: 1, arbitrary: fc.constantFrom('y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null') },
);
const dnsLabel = fc.stringMatching(/^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/);
const dnsSubdomain = fc.stringMatching(/^[a-z0-9](?:[-a-z0-9]{0,20}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,20}[a-z0-9])?){0,3}$/);
const image = fc
  .stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*){0,3}$/)
  .filter((s) => s.length <= 255);
const imageTag = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/),
  fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`),
);
const envVarName = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/) },
  // Names that are also properties of every JavaScript object.
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf') },
  // Names a YAML 1.1 reader takes for booleans or null unless they are quoted.
  { weight: 1, arbitrary: fc.constantFrom('Y', 'n', 'ON', 'off', 'Yes', 'NO', 'True', 'FALSE', 'null', 'NULL') },
);

/** Every notation of a positive Kubernetes quantity the spec accepts, as text or as a YAML number. */
export const quantity: fc.Arbitrary<string | number> = (() => {
  const digits = fc.integer({ min: 1, max: 99999 }).map(String);
  const fraction = fc.integer({ min: 0, max: 999 }).map(String);
  const mantissa = fc.oneof(
    digits,
    fc.tuple(digits, fraction).map(([i, f]) => `${i}.${f}`),
    fc.tuple(fc.constantFrom('0', ''), fc.integer({ min: 1, max: 999 })).map(([i, f]) => `${i}.${String(f).padStart(3, '0')}`),
    digits.map((i) => `${i}.`),
  );
  const suffix = fc.constantFrom('', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei');
  const exponent = fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 12 })).map(([e, sign, n]) => `${e}${sign}${n}`);
  const text = fc.tuple(fc.constantFrom('', '+'), mantissa, fc.oneof(suffix, exponent)).map(([sign, m, s]) => `${sign}${m}${s}`);
  const number = fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.001, max: 1e6, noNaN: true, noDefaultInfinity: true }));
  return fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: number });
})();

/** What the schema allows an env value to hold (see app-spec.schema.json, $defs.envMap). */
const ENV_VALUE_PATTERN = new RegExp(
  (appSpecSchema as { $defs: { envMap: { additionalProperties: { pattern: string } } } }).$defs.envMap.additionalProperties.pattern,
  'u',
);

/** Env values a user may write: YAML syntax, quotes, line breaks, unicode, empty, long. */
export const envValue: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '', ' ', 'a: b # c', "it's: a # test", 'she said "hi"', "'single'", '"', "'", 'line1\nline2', '\n', '\r\n', 'trailing\n\n',
        ' lead', 'trail ', '\t', '*alias', '&anchor', '!tag', '!!binary', '%TAG', '@at', '`tick', '#hash', '- dash', '? key', ': colon',
        '|', '>', '{a: 1}', '[1, 2]', 'yes', 'No', 'on', 'OFF', 'true', 'null', '~', '0777', '0x1F', '0o17', '1e3', '1_000', '.inf',
        '-.INF', '.NaN', '12:30:00', '2024-01-01', '<<', '=', '\\', '\\n', '${VAR}', '$(NOT_A_VARIABLE_ANYWHERE)',
        'pa$$w', '$$(ESCAPED)', '$$$$', '$$é', 'cost: 5$', '$(', '$)', '$(date +%s)', '\u0000', '\u0001', '\u001b[31m',
        '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', 'ünïcödé ✓ 日本語', '😀', '👩‍👩‍👧', 'x'.repeat(32768),
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.constantFrom('a', ' ', ':', '#', '"', "'", '\n', '\\', '*', '&', '!', '%', '@', '-', '{', '[', ',', '?', '|', '>', 'é', '日', '😀', '\t', '$', '('), { maxLength: 12 })
        .map((chars) => chars.join('')),
    },
  )
  // A lone $ before a character that is not ASCII is refused: Kubernetes garbles the character.
  .filter((value) => ENV_VALUE_PATTERN.test(value) && !/(?<!\$)(?:\$\$)*\$[^\x00-\x7f]/.test(value));

/** An env map with unique names, in the order generated (order matters: it is kept in the output). */
const envMap = (maxKeys: number) =>
  fc.uniqueArray(fc.tuple(envVarName, envValue), { maxLength: maxKeys, selector: ([name]) => name }).map((pairs) => Object.fromEntries(pairs));

/** Memory is a whole number of bytes (the spec check refuses `512m`, half a byte). */
const memory = quantity.filter(isWholeBytes);
const resources: fc.Arbitrary<Resources> = fc.record({ cpu: quantity, memory });
/** A Go duration that is not zero (a zero refreshInterval never refreshes: the spec check refuses it). */
const duration = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 999 }), fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }), fc.constantFrom('ns', 'us', 'µs', 'ms', 's', 'm', 'h')), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.map(([n, f, unit]) => `${n}${f === undefined ? '' : `.${f}`}${unit}`).join(''))
  .filter((d) => /[1-9]/.test(d));
const parameterName = fc.stringMatching(/^\/?[A-Za-z0-9_.-]{1,20}(?:\/[A-Za-z0-9_.-]{1,20}){0,3}$/);
const secrets: fc.Arbitrary<Secrets> = fc.record(
  {
    store: fc.record({ kind: fc.constantFrom('SecretStore' as const, 'ClusterSecretStore' as const), name: dnsSubdomain }),
    refreshInterval: duration,
    keys: fc.uniqueArray(fc.tuple(envVarName, parameterName), { minLength: 1, maxLength: 5, selector: ([name]) => name }).map((pairs) => Object.fromEntries(pairs)),
  },
  { requiredKeys: ['store', 'keys'] },
);

/** A DNS host name, never one that reads as an IPv4 address (which an Ingress refuses). */
const hostname = fc
  .stringMatching(/^(?:\*\.)?[a-z0-9](?:[-a-z0-9]{0,10}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,10}[a-z0-9])?){1,3}$/)
  .filter((h) => !/^[0-9]+(?:\.[0-9]+){3}$/.test(h));
const percent = fc.integer({ min: 1, max: 100 }).map((n) => `${n}%`);
/** Cron schedules that parse and fire, from the forms people write. */
const schedule = fc.oneof(
  fc.constantFrom('@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '*/15 * * * *', '0 0 29 2 *', '0 0 * JAN-MAR sun'),
  fc
    .tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom('*', '1', '1,15', '*/2', '28'), fc.constantFrom('*', '1-6', 'jan', '*/3'), fc.constantFrom('*', '1-5', 'MON', 'sat,sun', '0'))
    .map((fields) => fields.join(' ')),
);

const environmentShape = fc.record(
  {
    imageTag,
    replicas: fc.integer({ min: 0, max: 10000 }),
    resources: fc.oneof(fc.record({ cpu: quantity }), fc.record({ memory }), resources),
    env: envMap(4),
    awsAccountId: fc.stringMatching(/^[0-9]{12}$/),
    secretsPath: fc.stringMatching(/^(?:\/[A-Za-z0-9_.-]{1,15}){1,4}$/),
    autoscalingOff: fc.boolean(),
    budgetOff: fc.boolean(),
    host: hostname,
    certificateArn: fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}$/).map((id) => `arn:aws:acm:ap-northeast-2:222222222222:certificate/${id}`),
    schedule,
    suspend: fc.boolean(),
  },
  { requiredKeys: ['imageTag', 'awsAccountId', 'secretsPath', 'autoscalingOff', 'budgetOff'] },
);

/** The production features, each maybe; which apply is settled by the skeleton when the spec is put together. */
const features = fc.record(
  {
    // A Prefix path the API server takes: no empty, `.` or `..` segment.
    ingress: fc.record({ host: hostname, path: fc.stringMatching(/^\/[a-z0-9._~-]{0,10}(?:\/[a-z0-9._~-]{1,10}){0,2}$/).filter((p) => !/\/\/|\/\.\.?(?:\/|$)/.test(p)), scheme: fc.constantFrom('internal' as const, 'internet-facing' as const) }, { requiredKeys: [] }),
    autoscaling: fc
      .record({ minReplicas: fc.integer({ min: 1, max: 5 }), more: fc.integer({ min: 0, max: 20 }), cpu: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }), memory: fc.integer({ min: 1, max: 100 }) })
      .map(({ minReplicas, more, cpu, memory }) => ({ minReplicas, maxReplicas: minReplicas + more, ...(cpu === undefined ? { memoryUtilization: memory } : { cpuUtilization: cpu }) })),
    // maxUnavailable never blocks every eviction, whatever the pod count.
    disruptionBudget: fc.record({ maxUnavailable: fc.oneof(fc.integer({ min: 1, max: 5 }), percent) }),
    zoneSpread: fc.constantFrom('ScheduleAnyway' as const, 'DoNotSchedule' as const, 'None' as const),
    shutdown: fc.record({ preStopSeconds: fc.integer({ min: 1, max: 300 }), drain: fc.integer({ min: 1, max: 100 }) }),
    istio: fc.oneof(fc.constant({ sidecar: false }), fc.record({ sidecar: fc.constant(true), proxy: fc.oneof(fc.record({ cpu: quantity }), fc.record({ memory }), resources) }, { requiredKeys: ['sidecar'] })),
    tolerations: fc.array(
      fc.oneof(
        fc.record({ operator: fc.constant('Exists' as const), effect: fc.constantFrom('NoSchedule' as const, 'PreferNoSchedule' as const) }, { requiredKeys: ['operator'] }),
        fc.record(
          { key: fc.stringMatching(/^(?:[a-z]{1,8}\.[a-z]{2,4}\/)?[a-z](?:[-a-z0-9]{0,9}[a-z0-9])?$/), value: fc.stringMatching(/^[a-z0-9]{1,10}$/), effect: fc.constant('NoExecute' as const), tolerationSeconds: fc.integer({ min: 0, max: 3600 }) },
          { requiredKeys: ['key', 'effect'] },
        ),
      ),
      { maxLength: 3 },
    ),
    updateStrategy: fc.record({ maxUnavailable: fc.oneof(fc.integer({ min: 1, max: 10 }), percent) }),
    hostPaths: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z](?:[-a-z0-9]{0,9}[a-z0-9])?$/), fc.stringMatching(/^(?:\/[a-z0-9_-][a-z0-9._-]{0,9}){1,3}$/), fc.constantFrom('Directory' as const, 'File' as const)), {
      maxLength: 3,
      selector: ([name]) => name,
    }),
    schedule,
    timeZone: fc.constantFrom('UTC', 'Asia/Seoul', 'America/New_York', 'Europe/Kyiv', 'Etc/GMT+5', 'US/Eastern'),
    concurrencyPolicy: fc.constantFrom('Forbid' as const, 'Allow' as const, 'Replace' as const),
    activeDeadlineSeconds: fc.integer({ min: 1, max: 2592000 }),
    backoffLimit: fc.integer({ min: 0, max: 100 }),
    restartPolicy: fc.constantFrom('Never' as const, 'OnFailure' as const),
  },
  { requiredKeys: ['schedule', 'activeDeadlineSeconds'] },
);

/**
 * A valid app spec: every field a user may set, each environment consistent with
 * what the app uses (an account id with IRSA, a secrets path with relative keys), and
 * no variable both plain and secret.
 */
export const validAppSpec: fc.Arbitrary<AppSpec> = fc
  .record({
    name: appName,
    skeleton: fc.constantFrom('web', 'worker', 'daemonset', 'cronjob'),
    daemonSetPort: fc.boolean(),
    features,
    namespace: dnsLabel,
    image,
    port: fc.integer({ min: 1, max: 65535 }),
    probes: fc.option(fc.record({ readiness: httpPath(), liveness: httpPath(), startup: httpPath() }, { requiredKeys: [] }), { nil: undefined }),
    resources,
    env: fc.option(envMap(8), { nil: undefined }),
    irsa: fc.option(fc.record({ roleName: fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/) }), { nil: undefined }),
    secrets: fc.option(secrets, { nil: undefined }),
    environments: fc.uniqueArray(fc.tuple(environmentName, environmentShape), { minLength: 1, maxLength: 12, selector: ([name]) => name }),
    // $(NAME) references added to values: [from, to] picks among the variables, ranks keep them acyclic.
    references: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
    ranks: fc.array(fc.nat(100), { minLength: 8, maxLength: 8 }),
  })
  .map((r): AppSpec => {
    const { skeleton, features: f } = r;
    const deployment = skeleton === 'web' || skeleton === 'worker';
    const port = skeleton === 'web' || (skeleton === 'daemonset' && r.daemonSetPort) ? r.port : undefined;
    const ingress = skeleton === 'web' ? f.ingress : undefined;
    // An ingress health-checks the readiness probe; its default group, <namespace>.<scheme>, must fit 63 characters.
    const probes = port === undefined ? undefined : ingress ? { ...r.probes, readiness: r.probes?.readiness ?? '/healthz' } : r.probes;
    const group = ingress && `${r.namespace}.${ingress.scheme ?? 'internal'}`.length > 63 ? { group: 'shop.internal' } : {};
    const shutdown = f.shutdown && (port === undefined ? { terminationGracePeriodSeconds: f.shutdown.drain } : { preStopSeconds: f.shutdown.preStopSeconds, terminationGracePeriodSeconds: f.shutdown.preStopSeconds + f.shutdown.drain });
    const secretNames = new Set(Object.keys(r.secrets?.keys ?? {}));
    const baseNames = Object.keys(r.env ?? {}).filter((name) => !secretNames.has(name));
    const rank = (name: string) => (secretNames.has(name) ? -1 : r.ranks[baseNames.indexOf(name) % r.ranks.length]!);
    // A variable refers only to secrets and to base variables of lower rank: every environment stays acyclic.
    const withReferences = (env: Record<string, string>, from: readonly string[]) => {
      const targets = [...secretNames, ...baseNames];
      const out = { ...env };
      for (const [i, j] of r.references) {
        const source = from[i % Math.max(1, from.length)];
        const target = targets[j % Math.max(1, targets.length)];
        if (source === undefined || target === undefined || source === target) continue;
        if (baseNames.includes(source) && !(rank(target) < rank(source))) continue;
        const value = `${out[source]}$(${target})`;
        if (value.length <= 32768) Object.defineProperty(out, source, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    };
    const withoutSecrets = (env: Record<string, string> | undefined, from?: (kept: Record<string, string>) => string[]) => {
      if (env === undefined) return undefined;
      const kept = Object.fromEntries(Object.entries(env).filter(([name]) => !secretNames.has(name)));
      return from === undefined ? kept : withReferences(kept, from(kept));
    };
    const relativeKeys = Object.values(r.secrets?.keys ?? {}).some((key) => !key.startsWith('/'));
    const environments = Object.fromEntries(
      r.environments.map(([name, e]): [string, Environment] => {
        const { awsAccountId, secretsPath, env, replicas, autoscalingOff, budgetOff, host, certificateArn, schedule, suspend, ...rest } = e;
        const autoscaled = deployment && f.autoscaling !== undefined && !autoscalingOff;
        return [
          name,
          {
            ...rest,
            ...(r.irsa ? { awsAccountId } : {}),
            ...(relativeKeys ? { secretsPath } : {}),
            ...(deployment && !autoscaled && replicas !== undefined ? { replicas } : {}),
            // What an environment adds may refer to the base; what it overrides is left as generated.
            ...(env === undefined ? {} : { env: withoutSecrets(env, (kept) => Object.keys(kept).filter((n) => !baseNames.includes(n)))! }),
            ...(autoscaled || !deployment || f.autoscaling === undefined ? {} : { autoscaling: false }),
            ...(deployment && f.disruptionBudget && budgetOff ? { disruptionBudget: false } : {}),
            // Without a host of the app's own, every environment gives one.
            ...(ingress && (host !== undefined || certificateArn !== undefined || ingress.host === undefined)
              ? { ingress: { ...(host !== undefined || ingress.host === undefined ? { host: host ?? 'app.example.com' } : {}), ...(certificateArn === undefined ? {} : { certificateArn }) } }
              : {}),
            ...(skeleton === 'cronjob' && schedule !== undefined ? { schedule } : {}),
            ...(skeleton === 'cronjob' && suspend !== undefined ? { suspend } : {}),
          },
        ];
      }),
    );
    return {
      apiVersion: 'scaffold/v1alpha1',
      kind: 'App',
      metadata: { name: r.name },
      spec: {
        skeleton,
        namespace: r.namespace,
        image: r.image,
        ...(port === undefined ? {} : { port }),
        ...(probes && Object.keys(probes).length > 0 ? { probes } : {}),
        resources: r.resources,
        ...(r.env === undefined ? {} : { env: withoutSecrets(r.env, () => baseNames)! }),
        ...(r.irsa ? { irsa: r.irsa } : {}),
        ...(r.secrets ? { secrets: r.secrets } : {}),
        ...(ingress ? { ingress: { ...ingress, ...group } } : {}),
        ...(deployment && f.autoscaling ? { autoscaling: f.autoscaling } : {}),
        ...(deployment && f.disruptionBudget ? { disruptionBudget: f.disruptionBudget } : {}),
        ...(deployment && f.zoneSpread ? { zoneSpread: f.zoneSpread } : {}),
        ...(shutdown ? { shutdown } : {}),
        ...(f.istio ? { istio: f.istio } : {}),
        ...(skeleton === 'daemonset'
          ? {
              ...(f.tolerations && f.tolerations.length > 0 ? { tolerations: f.tolerations } : {}),
              ...(f.updateStrategy ? { updateStrategy: f.updateStrategy } : {}),
              ...(f.hostPaths && f.hostPaths.length > 0 ? { hostPaths: f.hostPaths.map(([name, path, type], i) => ({ name, path, mountPath: `/host/${i}${path}`, type })) } : {}),
            }
          : {}),
        ...(skeleton === 'cronjob'
          ? {
              schedule: f.schedule,
              ...(f.timeZone ? { timeZone: f.timeZone } : {}),
              ...(f.concurrencyPolicy ? { concurrencyPolicy: f.concurrencyPolicy } : {}),
              activeDeadlineSeconds: f.activeDeadlineSeconds,
              ...(f.backoffLimit === undefined ? {} : { backoffLimit: f.backoffLimit }),
              ...(f.restartPolicy ? { restartPolicy: f.restartPolicy } : {}),
            }
          : {}),
        environments,
      },
    };
  });

function httpPath() {
  return fc.stringMatching(/^\/[!-~]{0,30}$/);
}

/** The ways a user may write the same spec down; each must read back as the same spec. */
export const SPEC_WRITERS = {
  /** What `scaffold new-app` writes. */
  'new-app': serializeAppSpec,
  /** JSON is YAML 1.2 too, and some teams generate their specs. */
  json: (spec: AppSpec) => JSON.stringify(spec, null, 2),
  /**
   * Block style with the yaml library's own choices of scalar style (block scalars for multi-line values),
   * quoting what Kubernetes' YAML reader would not take for a string (yes, 0o17), as any writer must.
   */
  yaml: (spec: AppSpec) => stringify(spec, { lineWidth: 0, compat: [...KUBERNETES_SCALAR_TAGS] }),
  /** Flow mappings and double-quoted strings throughout. */
  flow: (spec: AppSpec) => stringify(spec, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', collectionStyle: 'flow', lineWidth: 0, compat: [...KUBERNETES_SCALAR_TAGS] }),
} as const;

export type SpecWriter = keyof typeof SPEC_WRITERS;
export const specWriter = fc.constantFrom(...(Object.keys(SPEC_WRITERS) as SpecWriter[]));

/** An invalid spec: one mistake, and the field path every report of it must name. */
export interface Mistake {
  description: string;
  /** The spec with the mistake, as plain data (it need not be an AppSpec any more). */
  spec: unknown;
  path: PathSegment[];
}

type Json = Record<string, unknown>;

/** Builds a mistake on a copy of the spec: `change` edits the copy and returns the path it broke. */
function mistake(spec: AppSpec, description: string, change: (copy: Json) => PathSegment[]): Mistake {
  const copy = structuredClone(spec) as unknown as Json;
  const path = change(copy);
  return { description, spec: copy, path };
}

const at = (root: Json, path: readonly PathSegment[]): Json => path.reduce<Json>((node, key) => node[key as string] as Json, root);

/** Sets (or, with `undefined`, deletes) the value at `path` and returns the path. */
function setAt(root: Json, path: PathSegment[], value: unknown): PathSegment[] {
  const parent = at(root, path.slice(0, -1));
  const key = path.at(-1) as string;
  if (value === undefined) delete parent[key];
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return path;
}

/** Renames a key in place, keeping its position among its siblings. */
function renameKey(parent: Json, from: string, to: string): void {
  const entries = Object.entries(parent).map(([k, v]): [string, unknown] => [k === from ? to : k, v]);
  for (const key of Object.keys(parent)) delete parent[key];
  for (const [k, v] of entries) Object.defineProperty(parent, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * One-mistake mutations of a valid spec, each with the path its error must name:
 * wrong types, numbers out of range, bad names, unknown fields, missing required fields,
 * and the rules between fields that no schema can say.
 */
export const invalidAppSpec: fc.Arbitrary<Mistake> = fc
  .tuple(validAppSpec, fc.nat(), fc.nat(), fc.constantFrom(...MISTAKE_KINDS()))
  .map(([spec, pick, variant, kind]) => kind(spec, pick, variant))
  .filter((m): m is Mistake => m !== undefined);

type MistakeKind = (spec: AppSpec, pick: number, variant: number) => Mistake | undefined;

function MISTAKE_KINDS(): MistakeKind[] {
  const envOf = (spec: AppSpec, pick: number) => {
    const names = Object.keys(spec.spec.environments);
    return names[pick % names.length]!;
  };
  const choose = <T>(list: readonly T[], n: number) => list[n % list.length]!;
  return [
    // Wrong types.
    (s, _p, v) => mistake(s, 'name is not a string', (c) => setAt(c, ['metadata', 'name'], choose([42, true, null, ['a'], { a: 1 }], v))),
    (s, p, v) => mistake(s, 'replicas is not an integer', (c) => setAt(c, ['spec', 'environments', envOf(s, p), 'replicas'], choose(['3', 2.5, true, [1], { n: 1 }], v))),
    (s, _p, v) =>
      s.spec.port === undefined ? undefined : mistake(s, 'port is not an integer', (c) => setAt(c, ['spec', 'port'], choose(['8080', 80.5, false, null], v))),
    (s, _p, v) => mistake(s, 'resources is not a mapping', (c) => setAt(c, ['spec', 'resources'], choose(['500m', 1, ['cpu'], null], v))),
    (s, _p, v) => mistake(s, 'environments is not a mapping', (c) => setAt(c, ['spec', 'environments'], choose([['alpha'], 'alpha', 3, null], v))),
    (s, p, v) => {
      const names = Object.keys(s.spec.env ?? {});
      if (names.length === 0) return undefined;
      return mistake(s, 'an env value is not a string', (c) => setAt(c, ['spec', 'env', choose(names, p)], choose([8080, true, null, ['a'], { a: 'b' }, 1.5], v)));
    },
    (s, p, v) =>
      s.spec.irsa ? mistake(s, 'awsAccountId is a number', (c) => setAt(c, ['spec', 'environments', envOf(s, p), 'awsAccountId'], choose([123456789012, 1.5e11], v))) : undefined,
    (s, _p, v) => (s.spec.secrets ? mistake(s, 'secrets.keys is not a mapping', (c) => setAt(c, ['spec', 'secrets', 'keys'], choose(['DB', ['DB'], 1], v))) : undefined),
    // Numbers out of range.
    (s, _p, v) => (s.spec.port === undefined ? undefined : mistake(s, 'port out of range', (c) => setAt(c, ['spec', 'port'], choose([0, -1, 65536, 1_000_000], v)))),
    (s, p, v) => mistake(s, 'replicas out of range', (c) => setAt(c, ['spec', 'environments', envOf(s, p), 'replicas'], choose([-1, 10001, 2 ** 31], v))),
    (s, _p, v) => mistake(s, 'cpu is not a positive quantity', (c) => setAt(c, ['spec', 'resources', 'cpu'], choose(['0', 0, '0m', '-1', -0.5, '0.0Gi', '0e3', '500 m', '1.5.0', 'Infinity'], v))),
    (s, _p, v) => mistake(s, 'memory is not a quantity', (c) => setAt(c, ['spec', 'resources', 'memory'], choose(['512mb', '1GB', '', '1Gib', 'e3', '1e', '0x10', '.'], v))),
    (s, _p, v) => mistake(s, 'memory is a fractional number of bytes', (c) => setAt(c, ['spec', 'resources', 'memory'], choose(['512m', '0.5', '1e-3', '0.1Ki', 0.25], v))),
    (s, _p, v) => (s.spec.secrets ? mistake(s, 'refreshInterval is not a duration', (c) => setAt(c, ['spec', 'secrets', 'refreshInterval'], choose(['1 hour', '-1h', 'h', '1d', ''], v))) : undefined),
    (s, _p, v) => (s.spec.secrets ? mistake(s, 'refreshInterval never refreshes', (c) => setAt(c, ['spec', 'secrets', 'refreshInterval'], choose(['0', '0s', '0h0m'], v))) : undefined),
    // Bad names.
    (s, _p, v) =>
      mistake(s, 'name is not a DNS-1123 label', (c) =>
        setAt(c, ['metadata', 'name'], choose(['Bad_Name', '-lead', 'trail-', 'a'.repeat(64), 'has space', 'x/y', '..', '../x', 'UPPER', '', 'é', 'a.b'], v)),
      ),
    (s, _p, v) => mistake(s, 'namespace is not a DNS-1123 label', (c) => setAt(c, ['spec', 'namespace'], choose(['Shop', 'kube_system', '-x', 'a'.repeat(64), ''], v))),
    (s, p, v) =>
      mistake(s, 'environment name is not a DNS-1123 label', (c) => {
        const from = envOf(s, p);
        const to = choose(['Prod', 'a/b', '..', '-x', 'x'.repeat(64), 'stag ing', 'prod.eu', ''], v);
        renameKey(at(c, ['spec', 'environments']), from, to);
        return ['spec', 'environments', to];
      }),
    (s, _p, v) =>
      mistake(s, 'env variable name is not a valid name', (c) => {
        const name = choose(['1BAD', 'BAD-NAME', 'with space', '', 'a.b', 'ÜML'], v);
        const spec = at(c, ['spec']);
        spec['env'] = { ...(spec['env'] as object), [name]: 'x' };
        return ['spec', 'env', name];
      }),
    (s, p, v) => mistake(s, 'imageTag is not a tag or digest', (c) => setAt(c, ['spec', 'environments', envOf(s, p), 'imageTag'], choose(['v1 2', ':latest', '', 'sha256:abc', '-lead', 'x'.repeat(129)], v))),
    (s, _p, v) => mistake(s, 'image carries a tag or is not a repository', (c) => setAt(c, ['spec', 'image'], choose(['nginx:latest', 'Registry/App', 'repo@sha256:abc', 'a//b', ''], v))),
    // Unknown fields.
    (s, p, v) => {
      const where = choose<[PathSegment[], string]>(
        [
          [[], 'status'],
          [['metadata'], 'labels'],
          [['spec'], 'replicas'],
          [['spec'], 'enviroments'],
          [['spec', 'resources'], 'gpu'],
          [['spec', 'environments', envOf(s, p)], 'replica'],
          [['spec', 'environments', envOf(s, p)], 'image'],
        ],
        v,
      );
      return mistake(s, 'unknown field', (c) => setAt(c, [...where[0], where[1]], 1));
    },
    // Missing required fields.
    (s, p, v) => {
      const path = choose<PathSegment[]>(
        [
          ['apiVersion'],
          ['kind'],
          ['metadata'],
          ['metadata', 'name'],
          ['spec'],
          ['spec', 'skeleton'],
          ['spec', 'namespace'],
          ['spec', 'image'],
          ['spec', 'resources'],
          ['spec', 'resources', 'cpu'],
          ['spec', 'resources', 'memory'],
          ['spec', 'environments'],
          ['spec', 'environments', envOf(s, p), 'imageTag'],
        ],
        v,
      );
      return mistake(s, `missing ${path.join('.')}`, (c) => setAt(c, path, undefined));
    },
    (s, p) => (s.spec.irsa ? mistake(s, 'missing awsAccountId with IRSA', (c) => setAt(c, ['spec', 'environments', envOf(s, p), 'awsAccountId'], undefined)) : undefined),
    (s, p) =>
      Object.values(s.spec.secrets?.keys ?? {}).some((k) => !k.startsWith('/'))
        ? mistake(s, 'missing secretsPath with relative keys', (c) => setAt(c, ['spec', 'environments', envOf(s, p), 'secretsPath'], undefined))
        : undefined,
    (s) => (s.spec.skeleton === 'web' ? mistake(s, 'web without a port', (c) => setAt(c, ['spec', 'port'], undefined)) : undefined),
    // Values and rules between fields.
    (s, _p, v) =>
      mistake(s, 'an env value Kustomize cannot carry', (c) => {
        const spec = at(c, ['spec']);
        spec['env'] = { ...(spec['env'] as object), UNWRITABLE: choose(['\u007f', 'a\u0080b', 'a\u0085b', '\u009f', '\ufffe', '\uffff', '\ud800', 'x\udfff'], v) };
        return ['spec', 'env', 'UNWRITABLE'];
      }),
    (s) => mistake(s, 'no environments', (c) => setAt(c, ['spec', 'environments'], {})),
    (s, _p, v) => mistake(s, 'unknown skeleton', (c) => setAt(c, ['spec', 'skeleton'], choose(['webb', 'job', 'x'], v))),
    (s) => (s.spec.skeleton === 'worker' ? mistake(s, 'worker with a port', (c) => setAt(c, ['spec', 'port'], 8080)) : undefined),
    (s, _p, v) => mistake(s, 'wrong apiVersion or kind', (c) => (v % 2 === 0 ? setAt(c, ['apiVersion'], 'scaffold/v1') : setAt(c, ['kind'], 'Application'))),
    (s, p) => {
      const names = Object.keys(s.spec.secrets?.keys ?? {});
      if (names.length === 0) return undefined;
      const name = names[p % names.length]!;
      return mistake(s, 'a variable both plain and secret', (c) => {
        const spec = at(c, ['spec']);
        spec['env'] = { ...(spec['env'] as object), [name]: 'plain' };
        return ['spec', 'secrets', 'keys', name];
      });
    },
    (s, p) =>
      mistake(s, 'app and environment names too long together', (c) => {
        const from = envOf(s, p);
        const to = `e${'x'.repeat(Math.max(1, 63 - s.metadata.name.length - 1))}`.slice(0, 63);
        renameKey(at(c, ['spec', 'environments']), from, to);
        return ['spec', 'environments', to];
      }),
  ];
}
