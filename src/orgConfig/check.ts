import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import { bundledMinor } from '../schemas/kubernetesVersions.ts';
import { schemaIssues } from '../schemas/ajvIssues.ts';
import type { SchemaError } from '../schemas/compiler.ts';
import type { JsonSchema } from '../schemas/strict.ts';
import { closestMatch } from '../vocabulary/didYouMean.ts';
import { formatPath, POLICY_IDS, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { refreshIntervalProblem, resourceQuantityProblem } from '../appSpec/check.ts';
import { orgConfigValidator } from './schemaValidator.ts';
import type { OrgConfig } from './types.ts';

/** Where issues point: the config's file, and a way from a field path to its line and column. */
export interface ConfigSource {
  file?: string;
  locate?: (path: readonly PathSegment[], at?: 'key' | 'value') => { line: number; column: number };
}

interface SchemaNode {
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
}

function patternAt(...path: string[]): string {
  let node: SchemaNode | undefined = configSchema as unknown as SchemaNode;
  for (const key of path) node = (node as Record<string, SchemaNode> | undefined)?.[key];
  if (!node?.pattern) throw new Error(`config.schema.json has no pattern at ${path.join('.')}`);
  return node.pattern;
}

const environmentField = (field: string) => patternAt('$defs', 'environment', 'properties', field);

/** The config schema's patterns in plain words, for messages. */
const PATTERN_MEANINGS: Record<string, string> = {
  [patternAt('$defs', 'dnsLabel')]: 'a DNS-1123 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters)',
  [patternAt('$defs', 'dnsSubdomain')]: 'a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")',
  [patternAt('$defs', 'relativePath')]: 'a folder relative to the folder of .scaffold.yaml, without ".." (platform/skeletons)',
  [patternAt('$defs', 'duration')]: 'a duration such as 1h, 15m or 30s',
  [environmentField('awsAccountId')]: 'a 12-digit AWS account id (in quotes)',
  [environmentField('kubernetesVersion')]: 'a Kubernetes version such as "1.33" (in quotes)',
  [environmentField('cluster')]: 'an EKS cluster name (letters, digits, "-" and "_", starting with a letter or digit, at most 100 characters)',
  [environmentField('secretsPathPrefix')]: 'an absolute Parameter Store path such as /production',
  [environmentField('oidcProvider')]: 'an OIDC issuer such as oidc.eks.ap-northeast-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E',
  [patternAt('$defs', 'defaults', 'properties', 'imageRegistry')]: 'an image registry and path without a trailing /, such as 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com',
  [patternAt('$defs', 'validate', 'properties', 'skip', 'items', 'properties', 'policy')]: 'a policy id such as qos-guaranteed',
  [patternAt('$defs', 'validate', 'properties', 'skip', 'items', 'properties', 'reason')]: 'a reason in words',
  [patternAt('$defs', 'argocd', 'properties', 'repoURL')]: 'text without spaces',
  [patternAt('$defs', 'argocd', 'properties', 'environments', 'additionalProperties', 'properties', 'destination', 'properties', 'server')]:
    'the URL of the cluster\'s API server, such as https://kubernetes.default.svc',
};

/** What the check may know beyond the config itself. */
export interface ConfigCheckContext {
  /** The bundled Kubernetes minors an environment's kubernetesVersion may name. */
  kubernetesVersions?: readonly string[];
}

/** Checks a parsed .scaffold.yaml: the schema first, then what a schema cannot say. */
export function checkOrgConfig(value: unknown, source: ConfigSource = {}, context: ConfigCheckContext = {}): Issue[] {
  const validate = orgConfigValidator();
  const base = { ...(source.file === undefined ? {} : { file: source.file }), kind: 'Config' } as const;
  if (!validate(value)) {
    return schemaIssues((validate.errors ?? []) as SchemaError[], {
      document: value,
      schema: () => configSchema as JsonSchema,
      base,
      ...(source.locate ? { locate: source.locate } : {}),
      patternMeanings: PATTERN_MEANINGS,
    }).map((issue) => ({ ...issue, rule: 'config' }));
  }
  return semanticProblems(value as OrgConfig, context).map((p) => ({
    ...base,
    severity: 'error',
    rule: 'config',
    ...source.locate?.(p.path),
    path: formatPath(p.path),
    message: p.message,
  }));
}

/**
 * What is wrong with an OIDC issuer given on the command line (`iam --oidc-provider`), by the rule the
 * config's environments.<env>.oidcProvider is held to; undefined when nothing is.
 */
export function oidcProviderProblem(issuer: string): string | undefined {
  const path = formatPath(['environments', 'sample', 'oidcProvider']);
  const sample = { apiVersion: 'scaffold/v1alpha1', kind: 'Config', environments: { sample: { oidcProvider: issuer } } };
  return checkOrgConfig(sample).find((issue) => issue.path === path)?.message;
}

interface ConfigProblem {
  path: PathSegment[];
  message: string;
}

function semanticProblems(config: OrgConfig, context: ConfigCheckContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, environment] of Object.entries(config.environments ?? {})) {
    if (environment.kubernetesVersion === undefined || context.kubernetesVersions === undefined) continue;
    const chosen = bundledMinor(environment.kubernetesVersion, context.kubernetesVersions);
    if ('problem' in chosen) problems.push({ path: ['environments', name, 'kubernetesVersion'], message: `${chosen.problem}; leave it out for the newest` });
  }
  // Read from the list validate uses, so a policy added there can be skipped here without a change.
  const ids: readonly string[] = POLICY_IDS;
  const seen = new Set<string>();
  (config.validate?.skip ?? []).forEach(({ policy }, i) => {
    const path = ['validate', 'skip', i, 'policy'];
    if (!ids.includes(policy)) {
      const guess = closestMatch(policy, ids);
      problems.push({ path, message: `unknown policy "${policy}"${guess ? ` (did you mean "${guess}"?)` : ''}; policies: ${ids.join(', ')}` });
    } else if (seen.has(policy)) {
      problems.push({ path, message: `"${policy}" is skipped twice; give it one entry and one reason` });
    }
    seen.add(policy);
  });
  const known = Object.keys(config.environments ?? {});
  for (const [envName, env] of Object.entries(config.argocd?.environments ?? {})) {
    const at = ['argocd', 'environments', envName];
    if (known.length > 0 && !known.includes(envName)) {
      const guess = closestMatch(envName, known);
      problems.push({ path: at, message: `"${envName}" is not one of the environments above${guess ? ` (did you mean "${guess}"?)` : ''}; they are: ${known.join(', ')}` });
    }
    const given = (['name', 'server'] as const).filter((field) => env.destination[field] !== undefined);
    if (given.length !== 1) {
      problems.push({
        path: [...at, 'destination'],
        message: given.length === 0 ? 'give the cluster: name (as registered in Argo CD) or server (its API URL)' : 'give name or server, not both (Argo CD refuses a destination with both)',
      });
    }
  }
  // Defaults become apps' own values: they are held to the rules an app's own values are.
  const resources = config.defaults?.resources;
  for (const key of ['cpu', 'memory'] as const) {
    const problem = resourceQuantityProblem(key, resources?.[key]);
    if (problem !== undefined) problems.push({ path: ['defaults', 'resources', key], message: problem });
  }
  const refresh = refreshIntervalProblem(config.defaults?.secretStore?.refreshInterval);
  if (refresh !== undefined) problems.push({ path: ['defaults', 'secretStore', 'refreshInterval'], message: refresh });
  return problems;
}
