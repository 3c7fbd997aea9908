/**
 * The IngressGroup rules (appSpec/ingressGroups.ts) for the apps a command
 * judges, against every other app of the gitops root: a group is one load
 * balancer per cluster, whichever app's render or commit brings the second
 * scheme or the missing certificate into it. `render apps/a`, `new-app`,
 * `adopt` and `validate apps/a/app.yaml` (the pre-commit hook, given the
 * changed files) judge some apps only; the others are read from disk here,
 * and only when a judged app has an ingress.
 */
import { join } from 'node:path';
import { ingressGroupConflicts, type GroupConflict } from '../appSpec/ingressGroups.ts';
import { listAppSpecs } from '../io/appSpecs.ts';
import { readTextFile } from '../io/inputFiles.ts';
import type { ResolvedApp } from '../orgConfig/resolve.ts';
import { formatPath, hasErrors, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { checkSpecText, type SpecSetting } from './specCheck.ts';

/** An app spec as judged: where it is, its text (to place findings) and the app resolved. */
export interface JudgedSpec {
  specPath: string;
  text: string;
  app: ResolvedApp;
}

/**
 * The other apps of `root` (not in `judged`) that have an ingress, resolved as render resolves
 * them; an app render would refuse is left out, for its own render to report.
 */
export function ingressNeighbours(root: string, judged: ReadonlySet<string>, setting: SpecSetting): JudgedSpec[] {
  const neighbours: JudgedSpec[] = [];
  for (const specPath of listAppSpecs(root)) {
    if (judged.has(specPath)) continue;
    const read = readTextFile(join(root, specPath), specPath);
    if (!('text' in read)) continue;
    const loaded = checkSpecText(read.text, { root, specPath }, setting);
    if (loaded.resolved?.app.spec.ingress === undefined || hasErrors(loaded.issues)) continue;
    neighbours.push({ specPath, text: read.text, app: loaded.resolved.app });
  }
  return neighbours;
}

/**
 * The conflicts of the judged apps' groups, each at a judged app's field: among the judged apps, and
 * between a judged app and a neighbour (which comes first, so that the judged app is the one told).
 */
export function ingressGroupIssues(judged: readonly JudgedSpec[], neighbours: readonly JudgedSpec[]): Issue[] {
  const judgedPaths = new Set(judged.map((s) => s.specPath));
  const members = [...neighbours, ...judged];
  const conflicts = ingressGroupConflicts(members.map((s) => ({ specPath: s.specPath, spec: s.app.spec }))).filter((c) => judgedPaths.has(c.at.specPath));
  return conflicts.length === 0 ? [] : conflictIssues(conflicts, members);
}

/** Conflicts as issues at the one app's field, naming the other app's file, line, column and field. */
function conflictIssues(conflicts: readonly GroupConflict[], members: readonly JudgedSpec[]): Issue[] {
  // Read again with positions only when there is something to place.
  const documents = new Map<string, ReturnType<typeof parseYamlStream>['documents'][number] | undefined>();
  const memberOf = (specPath: string) => members.find((s) => s.specPath === specPath)!;
  const place = (specPath: string, path: readonly PathSegment[]) => {
    if (!documents.has(specPath)) documents.set(specPath, parseYamlStream(memberOf(specPath).text, specPath).documents.find((d) => d.value !== null));
    return documents.get(specPath)?.locate(path, 'key');
  };
  return conflicts.map(({ at, other, message }) => {
    const there = place(other.specPath, other.path);
    const where = there === undefined ? other.specPath : `${other.specPath}:${there.line}:${there.column}`;
    return {
      severity: 'error',
      rule: 'spec',
      file: at.specPath,
      kind: 'App',
      name: memberOf(at.specPath).app.metadata.name,
      ...place(at.specPath, at.path),
      path: formatPath(at.path),
      message: `${message} (${where}: ${formatPath(other.path)})`,
    };
  });
}
