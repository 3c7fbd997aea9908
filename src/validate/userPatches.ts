/**
 * The patches a user lists in app.yaml must each find their target, or `kubectl kustomize`
 * fails later with "no resource matches strategic merge patch". Kustomize matches a
 * strategic merge patch by apiVersion, kind, name and namespace, all four: a patch without
 * `namespace:` does not match the app's resources, which all carry one. Saying so at
 * render time, with the fix, saves a round trip through CI. A patch that finds its target
 * must also leave it within the policies and checks (patchPolicies.ts).
 */
import type { AppPlan } from '../render/plan.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';
import { identityOf, type DocumentIdentity } from './documents.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { isJsonPatchDocument } from './jsonPatch.ts';
import { patchPolicyBreaks } from './patchPolicies.ts';
import { POLICIES, type Policy } from './policies/index.ts';

type ResourceId = Required<Pick<DocumentIdentity, 'apiVersion' | 'kind' | 'name'>> & Pick<DocumentIdentity, 'namespace'>;

/**
 * Checks every user patch of an app against the resources its folder builds: the base's
 * (generated and the user's extra resources) and, in an overlay, the overlay's own extras.
 * `read` returns a user file's text (undefined when it cannot be read: the spec check has
 * already said so). `policies` are those a patch must not break (the repository may turn some off).
 */
export function checkUserPatches(plan: AppPlan, read: (path: string) => string | undefined, policies: readonly Policy[] = POLICIES): Issue[] {
  const patches = plan.userFiles.filter((f) => f.role === 'patch');
  if (patches.length === 0) return [];
  const issues: Issue[] = [];
  const idsOf = (path: string, text: string | undefined): ResourceId[] => {
    if (text === undefined) return [];
    return readDocuments(text, path).documents.flatMap((d) => {
      const id = resourceId(d.value);
      return id ? [id] : [];
    });
  };
  const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
  const baseFolder = `${plan.appDir}/base`;
  // Each folder's resources are read once, however many patches look at them.
  const resources = new Map<string, ResourceId[]>();
  const inFolder = (folder: string) => {
    let ids = resources.get(folder);
    if (!ids) {
      ids = [
        ...plan.files.filter((f) => f.role === 'resource' && folderOf(f.path) === folder).flatMap((f) => idsOf(f.path, f.content)),
        ...plan.userFiles.filter((f) => f.role === 'resource' && folderOf(f.path) === folder).flatMap((f) => idsOf(f.path, read(f.path))),
      ];
      resources.set(folder, ids);
    }
    return ids;
  };
  for (const patch of patches) {
    const text = read(patch.path);
    if (text === undefined) continue;
    const folder = folderOf(patch.path);
    const targets = folder === baseFolder ? inFolder(baseFolder) : [...inFolder(baseFolder), ...inFolder(folder)];
    const where = folder.slice(plan.appDir.length + 1);
    const parsed = readDocuments(text, patch.path);
    issues.push(...parsed.issues);
    for (const doc of parsed.documents) {
      const at = { severity: 'error' as const, rule: 'user-patch' as const, file: patch.path, ...doc.start, documentLine: doc.start.line };
      if (isJsonPatchDocument(doc.value)) {
        issues.push({
          ...at,
          message: `is a JSON 6902 patch (a list of operations), which Kustomize applies only with a target, and app.yaml lists patches without one: write it as a strategic merge patch (apiVersion, kind, metadata.name and namespace, and the fields to change)`,
        });
        continue;
      }
      const id = resourceId(doc.value);
      if (!id) continue;
      const problem = mismatch(id, targets, where);
      if (problem) issues.push({ ...at, apiVersion: id.apiVersion, kind: id.kind, name: id.name, ...problem });
    }
  }
  // Only patches that find their targets can be merged into them.
  return issues.length > 0 ? issues : patchPolicyBreaks(plan, read, policies);
}

function resourceId(value: unknown): ResourceId | undefined {
  const { apiVersion, kind, name, namespace } = identityOf(value);
  return apiVersion !== undefined && kind !== undefined && name !== undefined ? { apiVersion, kind, name, namespace } : undefined;
}

/** Why a patch matches no resource, in the terms of the field to change; undefined when it matches one. */
function mismatch(patch: ResourceId, targets: readonly ResourceId[], where: string): { path: string; message: string } | undefined {
  const sameKind = targets.filter((t) => t.kind === patch.kind);
  const sameName = sameKind.filter((t) => t.name === patch.name);
  if (sameName.some((t) => t.apiVersion === patch.apiVersion && t.namespace === patch.namespace)) return undefined;
  const lead = `patches no resource of ${where}: Kustomize matches a patch by apiVersion, kind, name and namespace`;
  const sameVersion = sameName.filter((t) => t.apiVersion === patch.apiVersion);
  if (sameVersion.length > 0) {
    const ns = sameVersion[0]!.namespace;
    const has = patch.namespace === undefined ? 'this patch has no namespace' : `this patch says namespace "${patch.namespace}"`;
    const target = `${patch.kind} ${patch.name} is in ${ns === undefined ? 'no namespace' : `namespace "${ns}"`}`;
    return { path: 'metadata.namespace', message: `${lead}; ${target} and ${has}: ${ns === undefined ? 'remove metadata.namespace' : `set metadata.namespace: ${ns}`}` };
  }
  if (sameName.length > 0) {
    return { path: 'apiVersion', message: `${lead}; ${patch.kind} ${patch.name} is ${sameName[0]!.apiVersion}, this patch says ${patch.apiVersion}` };
  }
  const names = [...new Set(sameKind.map((t) => `"${t.name}"`))];
  const known = names.length > 0 ? `it has ${patch.kind} ${names.join(', ')}` : `it has no ${patch.kind} at all`;
  return { path: 'metadata.name', message: `${lead}; ${where} has no ${patch.kind} named "${patch.name}" (${known})` };
}
