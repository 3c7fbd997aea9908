/**
 * Which Kubernetes minors a file is checked against, and the verdicts of
 * several minors made one. A file of an app's overlay goes to one cluster,
 * its environment's; a file of the app's base goes into every overlay, so it
 * must hold in every environment's minor: it is checked against each, and a
 * finding that only some of them make says which.
 */
import { kubernetesVersionFor } from '../schemas/kubernetesVersions.ts';
import { compareMinors } from '../schemas/servedTable.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { statusOf, type ResourceResult } from './manifests.ts';

/** A minor to check against, and the environments of the app that run it (none when the file belongs to no app). */
export interface VersionTarget {
  version: string;
  environments: string[];
}

/** Where a file sits in an app folder: the app's environments as app.yaml writes them, and the overlay the file is in, if any. */
export interface AppFilePlace {
  /** `spec.environments` of the app's app.yaml (unchecked: whatever the file says). */
  environments: unknown;
  /** The environment of the overlay folder the file is in; absent for a base file. */
  overlay?: string;
}

/** What says which minor, besides the app: the command line, and the organisation config's environments. */
export interface VersionSources {
  /** `--kubernetes-version`: wins everywhere. */
  flag?: string;
  /** `.scaffold.yaml`'s `environments.<env>.kubernetesVersion`, by environment: where app.yaml says none. */
  organisation?: Readonly<Record<string, string | undefined>>;
}

/**
 * The minors to check a file against (see kubernetesVersionFor for which
 * setting wins): a file of an overlay against its environment's minor, a
 * base file against the minor of each environment, and any other file
 * against the default.
 */
export function kubernetesTargetsOf(place: AppFilePlace | undefined, sources: VersionSources, bundled: readonly string[]): VersionTarget[] {
  const { flag, organisation = {} } = sources;
  const environments = isMapping(place?.environments) ? place.environments : {};
  const settingOf = (env: string) => {
    const setting = isMapping(environments[env]) ? environments[env]['kubernetesVersion'] : undefined;
    return typeof setting === 'string' ? setting : undefined;
  };
  const versionOf = (env: string | undefined) =>
    kubernetesVersionFor(env === undefined ? { flag } : { flag, environment: settingOf(env), organisation: Object.hasOwn(organisation, env) ? organisation[env] : undefined }, bundled);
  if (place === undefined || flag !== undefined) return [{ version: versionOf(undefined), environments: [] }];
  const names = place.overlay !== undefined ? [place.overlay] : Object.keys(environments).sort();
  if (names.length === 0) return [{ version: versionOf(undefined), environments: [] }];
  const byVersion = new Map<string, string[]>();
  for (const env of names) {
    const version = versionOf(env);
    byVersion.set(version, [...(byVersion.get(version) ?? []), env]);
  }
  return [...byVersion].sort(([a], [b]) => compareMinors(a, b)).map(([version, envs]) => ({ version, environments: envs }));
}

/**
 * The results of one file checked against several minors, as one list: an
 * object's findings are those of every minor, each once; one that only some
 * of the minors that checked the object make ends with where it holds
 * (`(Kubernetes 1.31: environment alpha)`). An object's status is that of
 * its merged findings.
 */
export function mergeTargetResults(runs: readonly { target: VersionTarget; results: readonly ResourceResult[] }[]): ResourceResult[] {
  if (runs.length === 1) return [...runs[0]!.results];
  const merged = new Map<string, { result: ResourceResult; checkedBy: VersionTarget[]; issues: Map<string, { issue: Issue; foundBy: VersionTarget[] }> }>();
  for (const { target, results } of runs) {
    for (const result of results) {
      const key = [result.file, result.line, result.apiVersion, result.kind, result.name, result.status === 'empty'].join('\0');
      let entry = merged.get(key);
      if (entry === undefined) {
        entry = { result, checkedBy: [], issues: new Map() };
        merged.set(key, entry);
      }
      // Skipped for want of a schema in one minor, judged in another: the judgement counts.
      if (entry.result.status === 'skipped' && result.status !== 'skipped') entry.result = result;
      entry.checkedBy.push(target);
      for (const issue of result.issues) {
        const issueKey = JSON.stringify([issue.severity, issue.rule, issue.line, issue.column, issue.path, issue.message]);
        const found = entry.issues.get(issueKey);
        if (found === undefined) entry.issues.set(issueKey, { issue, foundBy: [target] });
        else found.foundBy.push(target);
      }
    }
  }
  return [...merged.values()].map(({ result, checkedBy, issues }) => {
    const all = [...issues.values()].map(({ issue, foundBy }) =>
      foundBy.length === checkedBy.length ? issue : { ...issue, message: `${issue.message} (${foundBy.map(targetText).join('; ')})` },
    );
    if (result.status === 'skipped' || result.status === 'empty') return { ...result, issues: all };
    return { ...result, status: statusOf(all), issues: all };
  });
}

/** `Kubernetes 1.31: environment alpha`, `Kubernetes 1.33: environments production and staging`. */
function targetText(target: VersionTarget): string {
  const envs = target.environments;
  if (envs.length === 0) return `Kubernetes ${target.version}`;
  const names = envs.length === 1 ? envs[0]! : `${envs.slice(0, -1).join(', ')} and ${envs.at(-1)!}`;
  return `Kubernetes ${target.version}: environment${envs.length === 1 ? '' : 's'} ${names}`;
}
