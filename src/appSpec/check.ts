import appSpecSchema from '../../schemas/app-spec.schema.json' with { type: 'json' };
import { closestMatch } from '../vocabulary/didYouMean.ts';
import type { JsonSchema } from '../schemas/strict.ts';
import { schemaIssues } from '../schemas/ajvIssues.ts';
import { formatPath, type Issue, type PathSegment, type Severity } from '../vocabulary/issue.ts';
import type { SchemaError } from '../schemas/compiler.ts';
import { appSpecValidator } from './schemaValidator.ts';
import { isWholeBytes, parseQuantity } from '../vocabulary/quantity.ts';
import type { WorkloadKind } from './effective.ts';
import { featureProblems } from './featureChecks.ts';
import type { AppSpec, Environment, UserFiles } from './types.ts';
import { envProblems } from './envReferences.ts';
import { bundledMinor } from '../schemas/kubernetesVersions.ts';

/** What a skeleton says about the optional, skeleton-dependent fields of the spec. */
export interface SkeletonContract {
  name: string;
  fields: Partial<Record<SkeletonField, 'required' | 'optional' | 'unsupported'>>;
  /** What the skeleton runs (skeleton.yaml `workload`); Deployment when not said. */
  workload?: WorkloadKind;
  /** File names the skeleton may generate in base/ and in each overlay, which user files must not take. */
  outputs?: { base: readonly string[]; overlay: readonly string[] };
}
export type SkeletonField = 'port' | 'servicePort' | 'probes' | 'ingress';

/**
 * What the checks may know beyond the spec itself. `validate` knows only the bundled
 * Kubernetes minors, and judges what the spec alone says; `render` knows all of it.
 */
export interface SpecCheckContext {
  /** Skeletons found on disk; without them the skeleton-dependent fields are not judged. */
  skeletons?: readonly SkeletonContract[];
  /** The folder name the app.yaml sits in, which must equal metadata.name. */
  folderName?: string;
  /** Whether a user file exists, given its path relative to the app folder (base/x.yaml). */
  fileExists?: (pathInAppDir: string) => boolean;
  /**
   * Problems with the values the organisation config may give (an image, an account
   * id): src/orgConfig/resolve.ts, which knows the config, fills those in.
   */
  resolve?: (spec: AppSpec) => SpecProblem[];
  /** The bundled Kubernetes minors an environment's kubernetesVersion may name. */
  kubernetesVersions?: readonly string[];
}

/** Where issues point: the spec's file, a way from a field path to its line and column, and to how a scalar was written. */
export interface SpecSource {
  file?: string;
  locate?: (path: readonly PathSegment[], at?: 'key' | 'value') => { line: number; column: number };
  sourceOf?: (path: readonly PathSegment[]) => string | undefined;
  /** Keys the reader did not take for text (see SourceDocument.nonStringKeys). */
  nonStringKeys?: () => { path: PathSegment[]; written: string; value: unknown }[];
}

const SCHEMA = appSpecSchema as unknown as SchemaNode;
interface SchemaNode {
  pattern?: string;
  anyOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
}

/** The pattern at a path of schema keywords, such as `$defs.environment.properties.imageTag`. */
function patternAt(...path: string[]): string {
  let node: SchemaNode | undefined = SCHEMA;
  for (const key of path) node = (node as Record<string, SchemaNode> | undefined)?.[key];
  const pattern = node?.pattern ?? node?.anyOf?.find((b) => b.pattern)?.pattern;
  if (!pattern) throw new Error(`app-spec.schema.json has no pattern at ${path.join('.')}`);
  return pattern;
}

/** The spec schema's patterns in plain words, for messages such as `must be a DNS-1123 label ..., got "Bad_Name"`. */
const PATTERN_MEANINGS: Record<string, string> = {
  [patternAt('$defs', 'dnsLabel')]: 'a DNS-1123 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters)',
  [patternAt('$defs', 'dnsSubdomain')]: 'a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")',
  [patternAt('$defs', 'quantity')]: 'a Kubernetes quantity such as 500m, 0.5, 512Mi or 1Gi',
  [patternAt('$defs', 'httpPath')]: 'an absolute HTTP path such as /healthz',
  [patternAt('$defs', 'envName')]: 'an environment variable name (letters, digits and "_", not starting with a digit)',
  [patternAt('$defs', 'envMap', 'additionalProperties')]:
    'text without the characters Kustomize cannot carry (U+007F to U+009F, U+FFFE, U+FFFF, unpaired surrogates)',
  [patternAt('$defs', 'duration')]: 'a duration such as 1h, 15m or 30s',
  [patternAt('$defs', 'userFiles', 'items')]: 'a .yaml file name relative to its folder (no "..", not kustomization.yaml)',
  [patternAt('$defs', 'environment', 'properties', 'awsAccountId')]: 'a 12-digit AWS account id (in quotes)',
  [patternAt('$defs', 'environment', 'properties', 'imageTag')]: 'an image tag (letters, digits, "_", "." and "-", at most 128 characters) or a digest sha256:<64 hex>',
  [patternAt('$defs', 'environment', 'properties', 'imagePolicy')]: 'a Flux ImagePolicy as <namespace>:<name>, such as flux-system:checkout',
  [patternAt('$defs', 'environment', 'properties', 'secretsPath')]: 'an absolute Parameter Store path such as /production/checkout',
  [patternAt('$defs', 'environment', 'properties', 'cluster')]: 'an EKS cluster name (letters, digits, "-" and "_", starting with a letter or digit, at most 100 characters)',
  [patternAt('$defs', 'environment', 'properties', 'kubernetesVersion')]: 'a Kubernetes version such as "1.33" (in quotes)',
  [patternAt('properties', 'spec', 'properties', 'image')]: 'an image repository without tag or digest, such as 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout',
  [patternAt('$defs', 'awsRole', 'properties', 'roleName')]: 'an IAM role name (letters, digits and +=,.@_-, at most 64 characters)',
  [patternAt('properties', 'spec', 'properties', 'secrets', 'properties', 'keys', 'additionalProperties')]: 'a Parameter Store parameter name, relative (db-password) or absolute (/shared/db-password)',
  [patternAt('$defs', 'positiveIntOrPercent')]: 'a percentage from 1% to 100%, such as 25%',
  [patternAt('$defs', 'hostname')]: 'a DNS host name in lowercase, such as shop.example.com or *.example.com',
  [patternAt('$defs', 'ingressPath')]: 'an absolute URL path such as / or /api, without spaces, * or ?',
  [patternAt('$defs', 'acmCertificateArn')]: 'an ACM certificate ARN, arn:aws:acm:<region>:<12-digit account>:certificate/<id>',
  [patternAt('$defs', 'absolutePath')]: 'an absolute path such as /var/log, without ":" or control characters',
  [patternAt('$defs', 'cronSchedule')]: 'a cron schedule on one line, such as "0 3 * * *"',
  [patternAt('$defs', 'toleration', 'properties', 'key')]: 'a taint key such as dedicated or node.kubernetes.io/not-ready',
  [patternAt('$defs', 'toleration', 'properties', 'value')]: 'a taint value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit)',
  [patternAt('properties', 'spec', 'properties', 'ingress', 'properties', 'group')]: 'an IngressGroup name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)',
  [patternAt('properties', 'spec', 'properties', 'timeZone')]: 'an IANA time zone name such as UTC or Asia/Seoul',
};

/**
 * Checks a parsed app.yaml: its keys are text, then the schema, then the rules a schema cannot
 * express (some of them warnings: what Kubernetes will do to an env value).
 */
export function checkAppSpec(value: unknown, context: SpecCheckContext, source: SpecSource = {}): Issue[] {
  // An environment under a key written `no` is the environment "false" to a YAML 1.1 reader: say so, before anything is judged by that name.
  const misread = (source.nonStringKeys?.() ?? []).map(
    (key): Issue => ({
      ...issueBase(source),
      severity: 'error',
      rule: 'spec',
      ...source.locate?.(key.path, 'key'),
      path: formatPath(key.path),
      message: `the key ${key.written} is read as ${key.value === null ? 'null' : `${typeof key.value} ${String(key.value)}`}, not as text; quote it: ${JSON.stringify(key.written)}`,
    }),
  );
  if (misread.length > 0) return misread;
  const schemaProblems = appSpecSchemaIssues(value, source);
  if (schemaProblems.length > 0) return schemaProblems;
  const spec = value as AppSpec;
  return [...semanticProblems(spec, context), ...(context.resolve?.(spec) ?? [])].map((p) => ({
    ...issueBase(source),
    severity: p.severity ?? 'error',
    rule: 'spec',
    ...source.locate?.(p.path),
    path: formatPath(p.path),
    message: p.message,
  }));
}

/** The app spec schema alone: fields, types, patterns. */
function appSpecSchemaIssues(value: unknown, source: SpecSource = {}): Issue[] {
  const validate = appSpecValidator();
  if (validate(value)) return [];
  return schemaIssues((validate.errors ?? []) as SchemaError[], {
    document: value,
    schema: () => appSpecSchema as JsonSchema,
    base: issueBase(source),
    ...(source.locate ? { locate: source.locate } : {}),
    ...(source.sourceOf ? { sourceOf: source.sourceOf } : {}),
    patternMeanings: PATTERN_MEANINGS,
  }).map((i) => ({ ...i, rule: 'spec' }));
}

function issueBase(source: SpecSource) {
  return { ...(source.file === undefined ? {} : { file: source.file }), kind: 'App' } as const;
}

export interface SpecProblem {
  path: PathSegment[];
  message: string;
  /** An error unless said otherwise. */
  severity?: Severity;
}

function semanticProblems(app: AppSpec, context: SpecCheckContext): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const { spec } = app;
  const name = app.metadata.name;

  if (context.folderName !== undefined && context.folderName !== name) {
    problems.push({
      path: ['metadata', 'name'],
      message: `must match the app's folder: the file is in "${context.folderName}/" but metadata.name is "${name}"`,
    });
  }

  const skeleton = context.skeletons?.find((s) => s.name === spec.skeleton);
  if (context.skeletons !== undefined) problems.push(...skeletonProblems(spec, context.skeletons, skeleton));
  if (context.skeletons !== undefined && skeleton) problems.push(...featureProblems(app, skeleton, context.skeletons));

  if (context.skeletons !== undefined && spec.probes && spec.port === undefined && skeleton?.fields.port !== 'required') {
    problems.push({ path: ['spec', 'probes'], message: 'HTTP probes need spec.port' });
  }

  if (spec.resources) checkPositive(problems, ['spec', 'resources'], spec.resources);
  if (spec.istio?.proxy) checkPositive(problems, ['spec', 'istio', 'proxy'], spec.istio.proxy);
  checkUserFiles(problems, context, skeleton, 'base', ['spec'], spec);
  checkOneIdentity(problems, ['spec'], spec);

  const refresh = refreshIntervalProblem(spec.secrets?.refreshInterval);
  if (refresh !== undefined) problems.push({ path: ['spec', 'secrets', 'refreshInterval'], message: refresh });

  const secretKeys = Object.keys(spec.secrets?.keys ?? {});
  if (spec.secrets && secretKeys.length === 0 && spec.secrets.fromPath !== true) {
    problems.push({ path: ['spec', 'secrets'], message: 'reads no parameter: give keys (env var -> parameter), fromPath: true (every parameter under secretsPath), or both' });
  }
  for (const key of secretKeys) {
    if (spec.env && Object.hasOwn(spec.env, key)) {
      problems.push({ path: ['spec', 'secrets', 'keys', key], message: `"${key}" is also set in spec.env; a variable comes from one place only` });
    }
  }
  problems.push(...envProblems(spec));

  for (const [envName, env] of Object.entries(spec.environments)) {
    const at = ['spec', 'environments', envName];
    if (env.resources) checkPositive(problems, [...at, 'resources'], env.resources);
    if (context.kubernetesVersions !== undefined) problems.push(...kubernetesVersionProblems(envName, env, context.kubernetesVersions));
    checkUserFiles(problems, context, skeleton, `overlays/${envName}`, at, env);
    checkOneIdentity(problems, at, env);
    if (env.imagePolicy !== undefined && env.imageTag.startsWith('sha256:')) {
      problems.push({ path: [...at, 'imagePolicy'], message: `Flux's tag setter writes a tag, and imageTag is a digest: give imageTag a tag (v1.4.2), or remove imagePolicy` });
    }
    for (const key of secretKeys) {
      if (env.env && Object.hasOwn(env.env, key)) {
        problems.push({ path: [...at, 'env', key], message: `"${key}" comes from spec.secrets; a variable comes from one place only` });
      }
    }
    const instance = `${name}-${envName}`;
    if (instance.length > 63) {
      problems.push({ path: at, message: `app name and environment name together ("${instance}") exceed the 63 characters of a Kubernetes label value` });
    }
  }
  return problems;
}

/** The spec against the skeleton it names: known, and given exactly the fields it uses. */
function skeletonProblems(spec: AppSpec['spec'], skeletons: readonly SkeletonContract[], skeleton: SkeletonContract | undefined): SpecProblem[] {
  if (!skeleton) {
    const names = skeletons.map((s) => s.name);
    const guess = closestMatch(spec.skeleton, names);
    return [{
      path: ['spec', 'skeleton'],
      message: `unknown skeleton "${spec.skeleton}"${guess ? ` (did you mean "${guess}"?)` : ''}; available: ${names.join(', ') || 'none'}`,
    }];
  }
  const problems: SpecProblem[] = [];
  for (const field of ['port', 'servicePort', 'probes', 'ingress'] as const) {
    const rule = skeleton.fields[field] ?? 'unsupported';
    if (rule === 'required' && spec[field] === undefined) problems.push({ path: ['spec', field], message: `required by the ${skeleton.name} skeleton` });
    if (rule === 'unsupported' && spec[field] !== undefined) problems.push({ path: ['spec', field], message: `not used by the ${skeleton.name} skeleton; remove it` });
  }
  return problems;
}

/** IRSA and Pod Identity are two ways to the same role: one place says which. */
function checkOneIdentity(problems: SpecProblem[], at: PathSegment[], owner: { irsa?: unknown; podIdentity?: unknown }) {
  if (owner.irsa !== undefined && owner.podIdentity !== undefined) {
    problems.push({ path: [...at, 'podIdentity'], message: 'use either irsa or podIdentity, not both' });
  }
}

function kubernetesVersionProblems(envName: string, env: Environment, bundled: readonly string[]): SpecProblem[] {
  if (env.kubernetesVersion === undefined) return [];
  const chosen = bundledMinor(env.kubernetesVersion, bundled);
  return 'problem' in chosen ? [{ path: ['spec', 'environments', envName, 'kubernetesVersion'], message: `${chosen.problem}; leave it out for the newest` }] : [];
}

function checkUserFiles(
  problems: SpecProblem[],
  context: SpecCheckContext,
  skeleton: SkeletonContract | undefined,
  folder: string,
  at: PathSegment[],
  owner: UserFiles,
) {
  const generated = new Set(['kustomization.yaml', ...((folder === 'base' ? skeleton?.outputs?.base : skeleton?.outputs?.overlay) ?? [])]);
  for (const field of ['extraResources', 'patches'] as const) {
    (owner[field] ?? []).forEach((name, i) => {
      const path = [...at, field, i];
      if (generated.has(name)) {
        problems.push({ path, message: `"${name}" is a file scaffold generates in ${folder}/; give your file another name` });
      } else if (context.fileExists && !context.fileExists(`${folder}/${name}`)) {
        problems.push({ path, message: `${folder}/${name} does not exist in the app's folder: create it, or remove it from the list` });
      }
    });
  }
}

function checkPositive(problems: SpecProblem[], at: PathSegment[], resources: Partial<Record<'cpu' | 'memory', string | number>>) {
  for (const key of ['cpu', 'memory'] as const) {
    const problem = resourceQuantityProblem(key, resources[key]);
    if (problem !== undefined) problems.push({ path: [...at, key], message: problem });
  }
}

/** What is wrong with a cpu or memory amount an app's containers would get, or undefined (the organisation config's defaults too). */
export function resourceQuantityProblem(key: 'cpu' | 'memory', v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!((parseQuantity(v) ?? 0) > 0)) return `must be greater than zero, got "${v}"`;
  if (key === 'memory' && !isWholeBytes(v)) {
    // The API server rounds it up with a warning; it is almost always Mi or M written as m.
    const hint = typeof v === 'string' && v.endsWith('m') ? ` (m means milli: did you mean ${v.slice(0, -1)}Mi?)` : '';
    return `must be a whole number of bytes, got "${v}"${hint}`;
  }
  return undefined;
}

/** What is wrong with an ExternalSecret refresh interval, or undefined (the organisation config's default too). */
export function refreshIntervalProblem(interval: string | undefined): string | undefined {
  if (interval === undefined || /[1-9]/.test(interval)) return undefined;
  // External Secrets reads the parameters once and never again: a rotation would never reach the pods.
  return `"${interval}" never refreshes the secret, so a change in Parameter Store never reaches the pods: give a duration such as 1h (validate's externalsecret-refresh refuses it too)`;
}
