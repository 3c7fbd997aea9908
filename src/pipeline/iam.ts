/**
 * `iam` as a use case: the IAM trust policy an app's role needs in one
 * environment, from its app.yaml resolved with the organisation config, and
 * the repository's other apps that name the same role.
 */
import { join } from 'node:path';
import { listAppSpecs } from '../io/appSpecs.ts';
import { missingFolderFlags } from '../io/flagFolders.ts';
import { readTextFile } from '../io/inputFiles.ts';
import { oidcProviderProblem } from '../orgConfig/check.ts';
import type { LoadedConfig } from '../orgConfig/types.ts';
import { trustPolicy, type RoleTrust, type TrustProblem } from '../orgConfig/trustPolicy.ts';
import type { ResolvedSpec } from '../orgConfig/loadApp.ts';
import { formatPath, hasErrors, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { findApp, unknownEnvironment, usage } from './appArgument.ts';
import { planApps } from './appPlans.ts';
import type { Outcome } from './outcome.ts';
import { openRepository } from './repository.ts';

export interface IamRequest {
  /** The gitops root, absolute. */
  root: string;
  cwd: string;
  /** The app: its name, or its folder or app.yaml (relative to cwd). */
  app: string;
  env: string;
  /** The cluster's OIDC issuer for IRSA in `env`, instead of the config's. */
  oidcProvider?: string;
}

export interface IamResult extends RoleTrust {
  app: string;
  environment: string;
  /** How the role is assumed in the environment asked for. */
  kind: 'irsa' | 'podIdentity';
  /** The EKS cluster (Pod Identity) in that environment. */
  cluster?: string;
}

export function roleTrust(request: IamRequest): Outcome<IamResult> {
  const missing = missingFolderFlags({ root: request.root }, request.cwd);
  if (missing.length > 0) return { issues: missing };
  const issuer = request.oidcProvider === undefined ? undefined : oidcProviderProblem(request.oidcProvider);
  if (issuer !== undefined) return usage(`--oidc-provider: ${issuer}`);
  const found = findApp(request.root, request.cwd, request.app);
  if ('issues' in found) return found;
  const repository = openRepository(request.root, []);
  if (!repository.result) return { issues: repository.issues };
  const { config, skeletonDirs } = repository.result;
  // Every app is read: another naming the same role must be trusted too, or applying the policy locks it out.
  const others = listAppSpecs(request.root).filter((specPath) => specPath !== found.specPath);
  const planned = planApps(request.root, [found.specPath, ...others], skeletonDirs, config ? { config } : {});
  // A warning (an env reference Kubernetes leaves as written) stops no policy: it is said beside it.
  if (hasErrors(planned.issues)) return { issues: planned.issues };
  const loaded = planned.specs.find((s) => s.specPath === found.specPath)!;
  const { app } = loaded;

  if (!Object.keys(app.spec.environments).includes(request.env)) return unknownEnvironment(app, request.env);
  const otherApps = planned.specs.filter((s) => s !== loaded).map((s) => s.app);
  const trust = trustPolicy(app, request.env, request.oidcProvider === undefined ? {} : { [request.env]: request.oidcProvider }, otherApps);
  if ('problems' in trust) return { issues: trust.problems.map((p) => trustIssue(p, loaded, config, request.root)) };
  const env = app.spec.environments[request.env]!;
  return {
    result: {
      ...trust,
      app: app.metadata.name,
      environment: request.env,
      kind: env.identity!.kind,
      ...(env.cluster !== undefined && env.identity!.kind === 'podIdentity' ? { cluster: env.cluster } : {}),
    },
    issues: planned.issues,
  };
}

/** A missing identity is app.yaml's to fix; a missing OIDC provider the config's (or the flag's). */
function trustIssue(problem: TrustProblem, loaded: ResolvedSpec, config: LoadedConfig | undefined, root: string): Issue {
  if (problem.field === 'oidcProvider') {
    if (!config) return { severity: 'error', rule: 'usage', message: problem.message };
    const path: PathSegment[] = ['environments', problem.environment, 'oidcProvider'];
    return { severity: 'error', rule: 'config', file: config.file, kind: 'Config', ...config.locate(path), path: formatPath(path), message: problem.message };
  }
  const path: PathSegment[] = ['spec', 'environments', problem.environment];
  // planApps read it already, strictly: read again the same way, only to place the issue.
  const read = readTextFile(join(root, loaded.specPath), loaded.specPath);
  const at = 'text' in read ? parseYamlStream(read.text, loaded.specPath).documents[0]?.locate(path) : {};
  return { severity: 'error', rule: 'spec', file: loaded.specPath, kind: 'App', name: loaded.app.metadata.name, ...at, path: formatPath(path), message: problem.message };
}
