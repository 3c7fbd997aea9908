/**
 * The semantic diff of the objects an app ran as against what its overlay
 * builds: objects matched by group, kind, namespace and name, compared field by
 * field as Kubernetes reads them. Lists the API merges by a key (containers and
 * env by name, container ports by number and protocol, ...) are matched element
 * by element, so order alone is no difference, except for env entries whose
 * values refer to each other; `500m` equals `0.5`; a port given by name equals
 * the number it names. Every difference is then classified by src/adopt/rules.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { sameQuantity } from '../vocabulary/quantity.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { apiVersionOf, containersOf, groupOf, kindOf, nameOf, namespaceOf, podSpecOf, type Json } from './objects.ts';

/** One step into an object: a mapping key, or the element of a keyed list with these key values. */
export type Step = string | { keys: Record<string, unknown> };

export interface ObjectKey {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Difference {
  object: ObjectKey;
  /** Empty for a whole object that only one side has. */
  path: Step[];
  op: 'added' | 'removed' | 'changed';
  /** The original's value (absent when added). */
  from?: unknown;
  /** The built value (absent when removed). */
  to?: unknown;
}

/** How a list is matched element by element, as the API server's strategic merge matches it. */
interface ListKey {
  fields: string[];
  /** Values a missing key field takes (a port's protocol is TCP). */
  defaults?: Record<string, unknown>;
}

const BY_NAME: ListKey = { fields: ['name'] };
const POD_LISTS: Record<string, ListKey> = {
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  volumes: BY_NAME,
  imagePullSecrets: BY_NAME,
  resourceClaims: BY_NAME,
  schedulingGates: BY_NAME,
  hostAliases: { fields: ['ip'] },
  topologySpreadConstraints: { fields: ['topologyKey', 'whenUnsatisfiable'] },
};
const CONTAINER_LISTS: Record<string, ListKey> = {
  env: BY_NAME,
  volumeMounts: { fields: ['mountPath'] },
  volumeDevices: { fields: ['devicePath'] },
  ports: { fields: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } },
  resizePolicy: { fields: ['resourceName'] },
};
const SERVICE_PORTS: ListKey = { fields: ['port', 'protocol'], defaults: { protocol: 'TCP' } };

/** The key of the list at `path` (steps after the object root), or undefined for a list compared whole. */
export function listKeyAt(kind: string, path: readonly Step[]): ListKey | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  if (kind === 'Service' && path.length === 2 && path[0] === 'spec' && last === 'ports') return SERVICE_PORTS;
  const parent = path[path.length - 2];
  const inContainer = parent !== undefined && typeof parent !== 'string' && ['containers', 'initContainers', 'ephemeralContainers'].includes(path[path.length - 3] as string);
  if (inContainer) return CONTAINER_LISTS[last];
  if (isPodSpecPath(path.slice(0, -1))) return POD_LISTS[last];
  return undefined;
}

/** Whether `path` leads to a pod spec: spec.template.spec, or a CronJob's spec.jobTemplate.spec.template.spec. */
export function isPodSpecPath(path: readonly Step[]): boolean {
  const p = path.join('.');
  return p === 'spec.template.spec' || p === 'spec.jobTemplate.spec.template.spec';
}

export function keyOf(element: unknown, key: ListKey): Record<string, unknown> {
  const object = isMapping(element) ? element : {};
  return Object.fromEntries(key.fields.map((f) => [f, object[f] ?? key.defaults?.[f]]));
}

export function objectKeyOf(object: Json): ObjectKey {
  const namespace = namespaceOf(object);
  return { apiVersion: apiVersionOf(object), kind: kindOf(object), name: nameOf(object), ...(namespace === undefined ? {} : { namespace }) };
}

/** Objects are the same object when group, kind, namespace and name agree (the version may differ). */
export function identity(object: Json, namespace?: string): string {
  return JSON.stringify([groupOf(object), kindOf(object), namespaceOf(object) ?? namespace ?? '', nameOf(object)]);
}

/** Port names to numbers, from every container of every workload of one side. */
function portNames(objects: readonly Json[]): Map<string, number> {
  const names = new Map<string, number>();
  for (const object of objects) {
    const pod = podSpecOf(object);
    for (const container of [...containersOf(pod), ...containersOf(pod, 'initContainers')]) {
      const ports = Array.isArray(container.ports) ? container.ports.filter(isMapping) : [];
      for (const port of ports) if (typeof port.name === 'string' && typeof port.containerPort === 'number') names.set(port.name, port.containerPort);
    }
  }
  return names;
}

/** Where a value may be a port's name: a Service's targetPort, a probe's or a preStop hook's port. */
function isPortReference(path: readonly Step[]): boolean {
  const last = path[path.length - 1];
  if (last === 'targetPort') return true;
  return last === 'port' && ['httpGet', 'tcpSocket'].includes(path[path.length - 2] as string);
}

function isQuantityPath(path: readonly Step[]): boolean {
  const section = path[path.length - 2];
  return path[path.length - 3] === 'resources' && (section === 'requests' || section === 'limits');
}

/** Env entries whose values refer to other variables: then the order decides what the kubelet expands. */
function orderMatters(list: readonly unknown[]): boolean {
  return list.some((e) => isMapping(e) && typeof e.value === 'string' && e.value.includes('$('));
}

interface Sides {
  originalPorts: Map<string, number>;
  builtPorts: Map<string, number>;
}

function sameScalar(a: unknown, b: unknown, path: readonly Step[], sides: Sides): boolean {
  if (a === b) return true;
  if (isQuantityPath(path) && (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number')) return sameQuantity(a, b);
  if (isPortReference(path)) {
    const resolve = (v: unknown, names: Map<string, number>) => (typeof v === 'string' ? names.get(v) : v);
    const left = resolve(a, sides.originalPorts);
    return left !== undefined && left === resolve(b, sides.builtPorts);
  }
  return false;
}

/**
 * Every difference between the original objects and the built ones. Each original is
 * paired with the built object of the same identity (an original that names no
 * namespace is in `namespace`, where it is applied); an original with no partner is
 * `removed` whole, a built object with none `added` whole.
 */
export function semanticDiff(originals: readonly Json[], built: readonly Json[], namespace?: string): Difference[] {
  const sides: Sides = { originalPorts: portNames(originals), builtPorts: portNames(built) };
  const byIdentity = new Map(built.map((b) => [identity(b), b]));
  const paired = new Set<string>();
  const out: Difference[] = [];
  for (const original of originals) {
    const id = identity(original, namespace);
    const partner = byIdentity.get(id);
    if (!partner) {
      out.push({ object: objectKeyOf(original), path: [], op: 'removed', from: original });
      continue;
    }
    paired.add(id);
    const object = objectKeyOf(partner);
    diffValues(original, partner, [], kindOf(original), sides, (d) => out.push({ object, ...d }));
  }
  for (const b of built) if (!paired.has(identity(b))) out.push({ object: objectKeyOf(b), path: [], op: 'added', to: b });
  return out;
}

type Emit = (d: Omit<Difference, 'object'>) => void;

function diffValues(a: unknown, b: unknown, path: Step[], kind: string, sides: Sides, emit: Emit): void {
  if (isDeepStrictEqual(a, b)) return;
  if (isMapping(a) && isMapping(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const at = [...path, key];
      if (!Object.hasOwn(b, key)) emit({ path: at, op: 'removed', from: a[key] });
      else if (!Object.hasOwn(a, key)) emit({ path: at, op: 'added', to: b[key] });
      else diffValues(a[key], b[key], at, kind, sides, emit);
    }
    return;
  }
  const listKey = Array.isArray(a) && Array.isArray(b) ? listKeyAt(kind, path) : undefined;
  if (listKey && Array.isArray(a) && Array.isArray(b)) {
    diffKeyedLists(a, b, listKey, path, kind, sides, emit);
    return;
  }
  if (!Array.isArray(a) && !Array.isArray(b) && !isMapping(a) && !isMapping(b) && sameScalar(a, b, path, sides)) return;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => !isMapping(x) && !Array.isArray(x) && sameScalar(x, b[i], path, sides))) return;
  emit({ path, op: 'changed', from: a, to: b });
}

function diffKeyedLists(a: unknown[], b: unknown[], listKey: ListKey, path: Step[], kind: string, sides: Sides, emit: Emit): void {
  const keyText = (e: unknown) => JSON.stringify(keyOf(e, listKey));
  const builtByKey = new Map(b.map((e) => [keyText(e), e]));
  const originalKeys = new Set(a.map(keyText));
  for (const element of a) {
    const keys = keyOf(element, listKey);
    const partner = builtByKey.get(keyText(element));
    const at = [...path, { keys }];
    if (partner === undefined) emit({ path: at, op: 'removed', from: element });
    else diffValues(element, partner, at, kind, sides, emit);
  }
  for (const element of b) if (!originalKeys.has(keyText(element))) emit({ path: [...path, { keys: keyOf(element, listKey) }], op: 'added', to: element });
  // Order counts for env entries that refer to each other, and for containers: the kubelet starts them in
  // order, and kubectl logs and exec default to the first.
  const last = path[path.length - 1];
  if ((last === 'env' && (orderMatters(a) || orderMatters(b))) || last === 'containers' || last === 'initContainers') {
    const common = (list: unknown[], other: Set<string>) => list.map(keyText).filter((k) => other.has(k));
    const orderA = common(a, new Set(b.map(keyText)));
    const orderB = common(b, originalKeys);
    if (!isDeepStrictEqual(orderA, orderB)) emit({ path, op: 'changed', from: a, to: b });
  }
}

/** `spec.template.spec.containers[name=web].ports[containerPort=80,protocol=TCP]`: a path as people read it. */
export function formatSteps(path: readonly Step[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step !== 'string') out += `[${Object.entries(step.keys).map(([k, v]) => `${k}=${String(v)}`).join(',')}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/** The value at a path of steps, keyed steps matched as the diff matches them. */
export function valueAtSteps(root: unknown, path: readonly Step[], kind: string): unknown {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (typeof step === 'string') {
      if (!isMapping(node)) return undefined;
      node = node[step];
      continue;
    }
    if (!Array.isArray(node)) return undefined;
    const listKey = listKeyAt(kind, path.slice(0, i));
    if (!listKey) return undefined;
    const want = JSON.stringify(step.keys);
    node = node.find((e) => JSON.stringify(keyOf(e, listKey)) === want);
  }
  return node;
}
