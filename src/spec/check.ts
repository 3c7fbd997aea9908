import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import appSpecSchema from '../../schemas/app-spec.schema.json' with { type: 'json' };
import type { Issue, PathSegment } from '../validate/issue.ts';
import { formatPath } from '../validate/issue.ts';
import { closestMatch } from './didYouMean.ts';
import { parseQuantity } from './quantity.ts';
import type { AppSpec, UserFiles } from './types.ts';

/** What a skeleton says about the optional, skeleton-dependent fields of the spec. */
export interface SkeletonContract {
  name: string;
  fields: Partial<Record<SkeletonField, 'required' | 'optional' | 'unsupported'>>;
  /** File names the skeleton may generate in base/ and in each overlay, which user files must not take. */
  outputs?: { base: readonly string[]; overlay: readonly string[] };
}
export type SkeletonField = 'port' | 'probes';

export interface SpecCheckContext {
  /** Skeletons found on disk. */
  skeletons: readonly SkeletonContract[];
  /** The folder name the app.yaml sits in, which must equal metadata.name. */
  folderName?: string;
  /** Whether a user file exists, given its path relative to the app folder (base/x.yaml). */
  fileExists?: (pathInAppDir: string) => boolean;
}

/** A problem found in a spec, located by field path; the loader adds file, line and column. */
export interface SpecProblem {
  path: PathSegment[];
  message: string;
}

let compiled: ReturnType<Ajv2020['compile']> | undefined;
function schemaValidator() {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true }).compile(appSpecSchema);
  return compiled;
}

/** Checks a parsed app.yaml: schema first, then the rules a schema cannot express. */
export function checkAppSpec(value: unknown, context: SpecCheckContext): SpecProblem[] {
  const validate = schemaValidator();
  if (!validate(value)) return schemaProblems(validate.errors ?? [], value);
  return semanticProblems(value as AppSpec, context);
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

  const skeleton = context.skeletons.find((s) => s.name === spec.skeleton);
  if (!skeleton) {
    const names = context.skeletons.map((s) => s.name);
    const guess = closestMatch(spec.skeleton, names);
    problems.push({
      path: ['spec', 'skeleton'],
      message: `unknown skeleton "${spec.skeleton}"${guess ? ` (did you mean "${guess}"?)` : ''}; available: ${names.join(', ') || 'none'}`,
    });
  } else {
    for (const field of ['port', 'probes'] as const) {
      const rule = skeleton.fields[field] ?? 'unsupported';
      if (rule === 'required' && spec[field] === undefined) {
        problems.push({ path: ['spec', field], message: `required by the ${skeleton.name} skeleton` });
      }
      if (rule === 'unsupported' && spec[field] !== undefined) {
        problems.push({ path: ['spec', field], message: `not used by the ${skeleton.name} skeleton; remove it` });
      }
    }
  }

  if (spec.probes && spec.port === undefined && skeleton?.fields.port !== 'required') {
    problems.push({ path: ['spec', 'probes'], message: 'HTTP probes need spec.port' });
  }

  checkPositive(problems, ['spec', 'resources'], spec.resources);

  checkUserFiles(problems, context, skeleton, 'base', ['spec'], spec);

  const secretKeys = Object.keys(spec.secrets?.keys ?? {});
  for (const key of secretKeys) {
    if (spec.env && Object.hasOwn(spec.env, key)) {
      problems.push({ path: ['spec', 'secrets', 'keys', key], message: `"${key}" is also set in spec.env; a variable comes from one place only` });
    }
  }
  const relativeSecretKeys = Object.entries(spec.secrets?.keys ?? {}).filter(([, p]) => !p.startsWith('/'));

  for (const [envName, env] of Object.entries(spec.environments)) {
    const at = ['spec', 'environments', envName];
    if (spec.irsa && env.awsAccountId === undefined) {
      problems.push({ path: [...at, 'awsAccountId'], message: 'required because spec.irsa is set (the role ARN names the account): a 12-digit account id in quotes' });
    }
    if (relativeSecretKeys.length > 0 && env.secretsPath === undefined) {
      problems.push({
        path: [...at, 'secretsPath'],
        message: `required because spec.secrets.keys has relative parameter names (${relativeSecretKeys.map(([k]) => k).join(', ')}): for example /${envName}/${name}`,
      });
    }
    if (env.resources) checkPositive(problems, [...at, 'resources'], env.resources);
    checkUserFiles(problems, context, skeleton, `overlays/${envName}`, at, env);
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
    const v = resources[key];
    if (v !== undefined && !((parseQuantity(v) ?? 0) > 0)) {
      problems.push({ path: [...at, key], message: `must be greater than zero, got "${v}"` });
    }
  }
}

function schemaProblems(errors: readonly ErrorObject[], root: unknown): SpecProblem[] {
  const problems = new Map<string, SpecProblem>();
  // An anyOf failure also reports each failed branch; the anyOf itself says it best.
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && anyOfAt.has(e.instancePath) && e.schemaPath.includes('/anyOf/')) continue;
    const base = pointerToPath(e.instancePath, root);
    const problem = describe(e, base);
    if (!problem) continue;
    const key = `${formatPath(problem.path)}\u0000${problem.message}`;
    if (!problems.has(key)) problems.set(key, problem);
  }
  return [...problems.values()];
}

function describe(e: ErrorObject, at: PathSegment[]): SpecProblem | undefined {
  const params = e.params as Record<string, unknown>;
  // A bad mapping key (propertyNames) is reported at the key itself.
  const base = e.propertyName === undefined ? at : [...at, e.propertyName];
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closestMatch(field, known);
      return {
        path: [...base, field],
        message: `unknown field "${field}"${guess ? ` (did you mean "${guess}"?)` : known.length ? `; known fields: ${known.join(', ')}` : ''}`,
      };
    }
    case 'required':
      return { path: [...base, String(params.missingProperty)], message: 'required field is missing' };
    case 'type':
      return { path: base, message: `expected ${String(params.type)}${typeHint(e)}` };
    case 'const':
      return { path: base, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'enum':
      return { path: base, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'anyOf':
    case 'pattern':
    case 'maxLength':
      return { path: base, message: `${JSON.stringify(e.propertyName ?? e.data)} is not ${patternMeaning(e)}` };
    case 'minimum':
    case 'maximum':
      return { path: base, message: `must be ${e.keyword === 'minimum' ? '>=' : '<='} ${String(params.limit)}, got ${String(e.data)}` };
    case 'minProperties':
      return { path: base, message: `needs at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}` };
    case 'propertyNames':
      return undefined; // ajv also reports the failing keyword of the name itself, with propertyName set.
    default:
      return { path: base, message: e.message ?? e.keyword };
  }
}

function typeHint(e: ErrorObject): string {
  const got = e.data === null ? 'null' : Array.isArray(e.data) ? 'a list' : typeof e.data === 'object' ? 'a mapping' : `${typeof e.data} ${JSON.stringify(e.data)}`;
  const hint = (e.params as { type: string }).type === 'string' && (typeof e.data === 'number' || typeof e.data === 'boolean')
    ? `; quote it: "${String(e.data)}"`
    : '';
  return `, got ${got}${hint}`;
}

const PATTERN_MEANINGS: Record<string, string> = {
  dnsLabel: 'a DNS-1123 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters)',
  dnsSubdomain: 'a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")',
  quantity: 'a Kubernetes quantity such as 500m, 0.5, 512Mi or 1Gi',
  httpPath: 'an absolute HTTP path such as /healthz',
  envName: 'an environment variable name (letters, digits and "_", not starting with a digit)',
  userFiles: 'a .yaml file name relative to its folder (no "..", not kustomization.yaml)',
  duration: 'a duration such as 1h, 15m or 30s',
};

function patternMeaning(e: ErrorObject): string {
  const ref = /\$defs\/([A-Za-z]+)\//.exec(e.schemaPath)?.[1];
  if (ref && PATTERN_MEANINGS[ref]) return PATTERN_MEANINGS[ref];
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  if (description) return `valid: ${description}`;
  return `valid (${e.message ?? e.keyword})`;
}

/** JSON pointer to path segments; a segment is an index only where the data there is a list. */
function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(node) ? Number(key) : key;
    path.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}
