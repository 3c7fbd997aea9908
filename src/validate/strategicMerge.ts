/**
 * A strategic merge patch, as Kubernetes applies one, to the extent the
 * objects scaffold renders and their users patch need it: mappings merge, a
 * field patched to null is deleted, lists of named things merge item by item
 * on their merge key (a container by its name, a container port by its
 * number), `$patch: delete` removes an item, `$patch: replace` replaces a
 * mapping whole (and, as an item of its own, a list of named things), and
 * other lists are replaced. A merged list is ordered as Kustomize orders it:
 * the patch's items first. Directives Kubernetes uses for
 * ordering (`$setElementOrder/...`, `$retainKeys`) change no value and are
 * dropped.
 */
import { isMapping } from '../yamlSource/mapping.ts';

/**
 * The merge keys of lists, by field name, as the Kubernetes API's patchMergeKey
 * tags say; `ports` holds container ports (containerPort) or Service ports (port).
 */
const MERGE_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  ports: ['containerPort', 'port'],
  hostAliases: ['ip'],
  resizePolicy: ['resourceName'],
  schedulingGates: ['name'],
  resourceClaims: ['name'],
  topologySpreadConstraints: ['topologyKey'],
};

/** The merge key a list of this field uses for this item: the first of its keys the item sets. */
export function mergeKeyOf(field: string | undefined, item: unknown): string | undefined {
  if (field === undefined || !isMapping(item)) return undefined;
  return MERGE_KEYS[field]?.find((key) => item[key] !== undefined);
}

export function strategicMerge(base: unknown, patch: unknown, key?: string): unknown {
  if (patch === null) return undefined;
  if (Array.isArray(patch)) return mergeList(base, patch, key);
  if (!isMapping(patch)) return patch;
  if (patch['$patch'] === 'replace') return withoutDirectives(patch);
  if (patch['$patch'] === 'delete') return undefined;
  if (!isMapping(base)) return withoutDirectives(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    const merged = strategicMerge(out[k], v, k);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

/** A list with a merge key, as Kustomize merges it: the patch's items first, in its order, then the base's other items in theirs. */
function mergeList(base: unknown, patch: readonly unknown[], field: string | undefined): unknown {
  if (!Array.isArray(base) || field === undefined || MERGE_KEYS[field] === undefined) return patch.map(withoutDirectives);
  // `- $patch: replace` in a list of named things: the patch's other items are the whole list.
  const replaces = (item: unknown) => isMapping(item) && item['$patch'] === 'replace';
  if (patch.some(replaces)) return patch.filter((item) => !replaces(item)).map(withoutDirectives);
  const matched = new Set<number>();
  const merged: unknown[] = [];
  for (const item of patch) {
    const mergeKey = mergeKeyOf(field, item);
    const at = mergeKey === undefined ? -1 : base.findIndex((b, i) => !matched.has(i) && isMapping(b) && b[mergeKey] === (item as Record<string, unknown>)[mergeKey]);
    if (at >= 0) matched.add(at);
    if ((item as Record<string, unknown>)['$patch'] === 'delete') continue;
    merged.push(at >= 0 ? strategicMerge(base[at], item) : withoutDirectives(item));
  }
  return [...merged, ...base.filter((_, i) => !matched.has(i))];
}

function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectives);
  if (!isMapping(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, withoutDirectives(v)]));
}
