/**
 * The fields a strategic merge patch sets, each with where it lands in the
 * resource it was merged into (list items by their merge key), so that a
 * finding on the resource can be traced to the patch that set its field.
 */
import type { PathSegment } from '../vocabulary/issue.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { mergeKeyOf } from './strategicMerge.ts';

/** A field a patch sets: where it is in the patch, and where in the merged resource. */
export interface PatchedField {
  inPatch: PathSegment[];
  inResult: PathSegment[];
}

/** Every field a patch sets (its leaves), with where each lands in the merged resource: list items by their merge key. */
export function patchedFields(patch: unknown, result: unknown, inPatch: PathSegment[] = [], inResult: PathSegment[] = [], field?: string): PatchedField[] {
  // A list merged item by item: each item lands where the item with its merge key is; any other list is set whole.
  if (Array.isArray(patch) && Array.isArray(result) && patch.every((item: unknown) => mergeKeyOf(field, item) !== undefined)) {
    return patch.flatMap((item: Record<string, unknown>, i) => {
      const mergeKey = mergeKeyOf(field, item)!;
      const j = result.findIndex((r) => isMapping(r) && r[mergeKey] === item[mergeKey]);
      return j < 0 ? [] : patchedFields(item, result[j], [...inPatch, i], [...inResult, j]);
    });
  }
  if (!isMapping(patch)) return [{ inPatch, inResult }];
  const entries = Object.entries(patch).filter(([k]) => !k.startsWith('$'));
  // The identity of the resource is how Kustomize finds it, no field it sets.
  const fields = entries.filter(([k]) => !(inPatch.length === 0 && (k === 'apiVersion' || k === 'kind'))).flatMap(([k, v]) => {
    if (inPatch.length === 1 && inPatch[0] === 'metadata' && (k === 'name' || k === 'namespace')) return [];
    const child = isMapping(result) ? result[k] : undefined;
    return patchedFields(v, child, [...inPatch, k], [...inResult, k], k);
  });
  return fields.length === 0 && inPatch.length > 0 ? [{ inPatch, inResult }] : fields;
}

/** How many leading segments two paths share. */
export function commonPrefix(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
