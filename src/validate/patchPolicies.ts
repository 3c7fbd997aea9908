/**
 * A user patch listed in app.yaml must not make the resource it patches
 * break a policy or check: a patch that sets `limits.cpu: "2"` beside a
 * generated request of 500m makes the pod Burstable, and neither the patch
 * (a partial document) nor the base (Guaranteed) shows it alone. Each user
 * patch is merged into its resource as Kustomize merges it (in the render
 * plan, in memory), and what the policies find after it and not before is
 * reported at the patch, on the field it sets.
 */
import type { AppPlan, PlannedFile } from '../render/plan.ts';
import { formatPath, POLICY_IDS, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { quickLoad } from '../yamlSource/quickLoad.ts';
import { applyExemptions } from './checks/exemptions.ts';
import { identityOf } from './documents.ts';
import { buildOverlay, type AppliedPatch } from './overlayBuild.ts';
import { isObjectPolicy, type Policy } from './policies/policy.ts';
import { commonPrefix, patchedFields, type PatchedField } from './patchedFields.ts';

interface Finding {
  rule: Policy['id'];
  path: PathSegment[];
  message: string;
  severity: 'error' | 'warning';
}

/**
 * What the policies find on resources only because of a user patch, for every
 * user patch of the plan. `read` gives a user file's text. A folder the
 * in-memory build cannot build (a skeleton of one's own may write what it
 * does not know) is left to Kustomize.
 */
export function patchPolicyBreaks(plan: AppPlan, read: (path: string) => string | undefined, policies: readonly Policy[]): Issue[] {
  const userPatches = new Set(plan.userFiles.filter((f) => f.role === 'patch').map((f) => f.path));
  const files: PlannedFile[] = [...plan.files, ...plan.userFiles.map((f) => ({ path: f.path, role: f.role, content: read(f.path) ?? '' }))];
  return breaksOfPatches(files, userPatches, read, policies);
}

/**
 * What the policies find in the files a skeleton rendered, before any user file
 * joins them: on each resource whole (as `validate` judges a file), and on what
 * each generated patch makes of its resource in its overlay. A skeleton of
 * one's own is held to the policies its apps' output is held to by `validate`.
 */
export function renderedPolicyBreaks(plan: AppPlan, policies: readonly Policy[]): Issue[] {
  const issues: Issue[] = [];
  for (const file of plan.files.filter((f) => f.role === 'resource')) {
    // Read again with positions only where there is something to place: that read is most of the cost.
    const quick = quickLoad(file.content);
    if (quick !== undefined && quick.every((doc) => findingsOn(doc.value, policies).length === 0)) continue;
    for (const doc of parseYamlStream(file.content, file.path).documents) {
      const { apiVersion, kind, name } = identityOf(doc.value);
      for (const finding of findingsOn(doc.value, policies)) {
        issues.push({
          severity: finding.severity,
          rule: finding.rule,
          file: file.path,
          ...doc.locate(finding.path),
          documentLine: doc.start.line,
          path: formatPath(finding.path),
          ...(apiVersion === undefined ? {} : { apiVersion }),
          ...(kind === undefined ? {} : { kind }),
          ...(name === undefined ? {} : { name }),
          message: finding.message,
        });
      }
    }
  }
  const generatedPatches = new Set(plan.files.filter((f) => f.role === 'patch').map((f) => f.path));
  const contents = new Map(plan.files.map((f) => [f.path, f.content]));
  return [...issues, ...breaksOfPatches(plan.files, generatedPatches, (path) => contents.get(path), policies)];
}

/** What the policies find on resources only because of one of `patches` (paths), each merged into its resource as Kustomize merges it. */
function breaksOfPatches(files: readonly PlannedFile[], patches: ReadonlySet<string>, read: (path: string) => string | undefined, policies: readonly Policy[]): Issue[] {
  if (patches.size === 0) return [];
  const folders = [...new Set([...patches].map((path) => path.slice(0, path.lastIndexOf('/'))))];
  const issues: Issue[] = [];
  // A base patch is applied again in every overlay's build: it is judged once.
  const judged = new Set<string>();
  for (const folder of folders) {
    buildOverlay(files, folder, (applied) => {
      const key = `${applied.file}#${applied.document}`;
      if (!patches.has(applied.file) || judged.has(key)) return;
      judged.add(key);
      issues.push(...breaks(applied, read(applied.file) ?? '', policies));
    });
  }
  return issues;
}

function breaks(applied: AppliedPatch, text: string, policies: readonly Policy[]): Issue[] {
  const before = findingsOn(applied.before, policies);
  const known = new Set(before.map(keyOf));
  const fresh = findingsOn(applied.after, policies).filter((f) => !known.has(keyOf(f)));
  if (fresh.length === 0) return [];
  const doc = parseYamlStream(text, applied.file).documents.filter((d) => d.value !== null)[applied.document];
  const { apiVersion, kind, name } = identityOf(applied.after);
  const fields = patchedFields(applied.patch, applied.after);
  return fresh.map((finding) => {
    const at = fieldOf(finding.path, fields);
    return {
      severity: finding.severity,
      rule: finding.rule,
      file: applied.file,
      ...(doc === undefined ? {} : { ...doc.locate(at), documentLine: doc.start.line }),
      path: formatPath(at),
      ...(apiVersion === undefined ? {} : { apiVersion }),
      ...(kind === undefined ? {} : { kind }),
      ...(name === undefined ? {} : { name }),
      message: `with this patch, the ${kind ?? 'resource'} breaks ${finding.rule}: ${samePath(at, finding.path) ? '' : `${formatPath(finding.path)}: `}${finding.message}`,
    };
  });
}

/** What the policies of one object find on a whole resource, less what it exempts itself from. */
function findingsOn(value: unknown, policies: readonly Policy[]): readonly Finding[] {
  if (!isMapping(value)) return [];
  const { apiVersion, kind } = identityOf(value);
  if (apiVersion === undefined || kind === undefined) return [];
  const found: Finding[] = policies.filter(isObjectPolicy).flatMap((policy) =>
    policy.check({ apiVersion, kind, value, partial: false }).map((f) => ({ rule: policy.id, path: f.path, message: f.message, severity: f.severity ?? 'error' })),
  );
  return applyExemptions(value, found, POLICY_IDS).kept;
}

function keyOf(finding: Finding): string {
  return `${finding.rule} ${formatPath(finding.path)}`;
}

/**
 * The field of the patch a finding is about: the field the patch sets that is
 * nearest to the finding's path (`limits.cpu` for a finding on `requests.cpu`
 * of the same container), or, for a finding about something the patch set
 * whole (a container it adds), that thing.
 */
function fieldOf(path: readonly PathSegment[], fields: readonly PatchedField[]): PathSegment[] {
  let best: PatchedField | undefined;
  let bestLength = -1;
  for (const field of fields) {
    const length = commonPrefix(path, field.inResult);
    if (length > bestLength) {
      best = field;
      bestLength = length;
    }
  }
  if (best === undefined) return [];
  // The finding is about a node the patch set, or one that holds what it set: name that node in the patch.
  if (bestLength === path.length) return best.inPatch.slice(0, path.length);
  return best.inPatch;
}

function samePath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return a.length === b.length && commonPrefix(a, b) === a.length;
}
