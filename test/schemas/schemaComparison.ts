/**
 * Walks two strict schemas of the same kind side by side and reports, per
 * definition and field, what only one side has (real version differences)
 * where both have a field but one requires it (also a version difference:
 * Kubernetes moves fields between required and optional), and where both
 * have a field but disagree on its shape (type, integer width, quantity or
 * base64 grammar, enum, open/closed object), which a version change never
 * explains.
 */
import { BASE64_PATTERN, QUANTITY_PATTERN } from '../../src/schemas/patterns.ts';
import type { JsonSchema } from '../../src/schemas/strict.ts';

export interface Aspects {
  bounds: boolean;
  patterns: boolean;
  enums: boolean;
  additionalProperties: boolean;
}

export interface Comparison {
  onlyLeft: Set<string>;
  onlyRight: Set<string>;
  requiredDiffers: Set<string>;
  mismatches: Set<string>;
}

export function emptyComparison(): Comparison {
  return { onlyLeft: new Set(), onlyRight: new Set(), requiredDiffers: new Set(), mismatches: new Set() };
}

interface Resolved {
  node: JsonSchema;
  ref?: string;
}

/** Compares `left` and `right`, both roots of the kind `label`; root fields in `skipRootFields` are not walked. */
export function compareKind(
  label: string,
  left: JsonSchema,
  right: JsonSchema,
  aspects: Aspects,
  out: Comparison,
  skipRootFields: readonly string[] = [],
): void {
  const visited = new Set<string>();
  walk({ node: left }, { node: right }, label, '', true);

  function walk(l: Resolved, r: Resolved, owner: string, path: string, root = false): void {
    if (l.ref !== undefined && r.ref !== undefined) {
      owner = l.ref === r.ref ? l.ref : `${l.ref}|${r.ref}`;
      path = '';
      if (visited.has(owner)) return;
      visited.add(owner);
    }
    const where = `${owner}${path === '' ? '' : ` ${path}`}`;
    const ls = signature(l.node, aspects);
    const rs = signature(r.node, aspects);
    for (const key of Object.keys(ls)) {
      if (ls[key] !== rs[key]) out.mismatches.add(`${where}: ${key} ${ls[key]} vs ${rs[key]}`);
    }
    const lp = (l.node['properties'] ?? {}) as Record<string, JsonSchema>;
    const rp = (r.node['properties'] ?? {}) as Record<string, JsonSchema>;
    const lr = new Set((l.node['required'] ?? []) as string[]);
    const rr = new Set((r.node['required'] ?? []) as string[]);
    for (const name of new Set([...Object.keys(lp), ...Object.keys(rp)])) {
      if (root && skipRootFields.includes(name)) continue;
      const field = path === '' ? name : `${path}.${name}`;
      if (!(name in rp)) out.onlyLeft.add(`${owner} ${field}`);
      else if (!(name in lp)) out.onlyRight.add(`${owner} ${field}`);
      else {
        if (lr.has(name) !== rr.has(name)) out.requiredDiffers.add(`${owner} ${field}: required ${lr.has(name)} vs ${rr.has(name)}`);
        walk(resolve(left, lp[name]!), resolve(right, rp[name]!), owner, field);
      }
    }
    for (const [keyword, suffix] of [['items', '[]'], ['additionalProperties', '{}']] as const) {
      const li = l.node[keyword];
      const ri = r.node[keyword];
      if (typeof li === 'object' && typeof ri === 'object') {
        walk(resolve(left, li as JsonSchema), resolve(right, ri as JsonSchema), owner, `${path}${suffix}`);
      }
    }
  }
}

/** Follows $ref and the nullable if/else guard; remembers the last definition name passed. */
function resolve(root: JsonSchema, node: JsonSchema): Resolved {
  let ref: string | undefined;
  let current = node;
  for (;;) {
    if (typeof current['$ref'] === 'string') {
      ref = (current['$ref'] as string).replace('#/definitions/', '');
      current = (root['definitions'] as Record<string, JsonSchema>)[ref]!;
    } else if (current['if'] !== undefined && current['else'] !== undefined) {
      current = current['else'] as JsonSchema;
    } else {
      return ref === undefined ? { node: current } : { node: current, ref };
    }
  }
}

function signature(node: JsonSchema, aspects: Aspects): Record<string, string> {
  const types = [node['type'] ?? 'any'].flat().filter((t) => t !== 'null');
  const out: Record<string, string> = { type: types.sort().join('|') };
  if (aspects.bounds && types.includes('integer')) {
    const max = node['maximum'];
    out['integer'] = max === 2147483647 ? 'int32' : max === Number.MAX_SAFE_INTEGER ? 'int64' : `${String(node['minimum'])}..${String(max)}`;
  }
  if (aspects.patterns) {
    const pattern = node['pattern'];
    out['grammar'] = pattern === QUANTITY_PATTERN ? 'quantity' : pattern === BASE64_PATTERN ? 'base64' : 'none';
  }
  if (aspects.enums) {
    const values = node['enum'] as unknown[] | undefined;
    out['enum'] = values === undefined ? 'none' : JSON.stringify(values.filter((v) => v !== null).sort());
  }
  if (aspects.additionalProperties && types.includes('object')) {
    const additional = node['additionalProperties'];
    out['additionalProperties'] = additional === false ? 'closed' : typeof additional === 'object' ? 'map' : 'open';
  }
  return out;
}
