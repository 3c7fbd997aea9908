/**
 * Nothing lost, by construction: every difference no rule intends becomes part of
 * a strategic merge patch that puts the original back, in the app's own files.
 * A value removed or changed is set again; a key the skeleton added that the
 * original lacked takes its map back whole (`$patch: replace`), an element it
 * added to a list takes the list back whole. What no patch can take back (a
 * field of the container itself, an object the overlay adds) is refused.
 * Kustomize matches list elements by their merge keys, so every element a patch
 * names carries all of them (a port its protocol, or the patch silently matches
 * nothing).
 */
import { isMapping } from '../yamlSource/mapping.ts';
import { clone, type Json } from './objects.ts';
import { withRestrictedDefaults } from './podSecurity.ts';
import { keyOf, listKeyAt, valueAtSteps, type Difference, type Step } from './semanticDiff.ts';

/** Patch documents by object identity (`Kind/name`), built up over the passes of an adoption. */
export type PatchDocuments = Map<string, Json>;

export interface ResidualOutcome {
  /** Whether any patch changed: when not, another pass would find the same differences. */
  changed: boolean;
  /** Originals the overlay lacks entirely: they become resources of the app. */
  missing: Json[];
  /** Differences no patch can take back, with why. */
  refused: { difference: Difference; reason: string }[];
}

/** Maps a replace of which would take more than the field with it: the object, its spec, a pod spec, a container. */
function replaceable(path: readonly Step[]): boolean {
  const dotted = path.filter((s) => typeof s === 'string').join('.');
  if (['', 'metadata', 'spec', 'spec.template', 'spec.template.metadata', 'spec.template.spec', 'spec.jobTemplate', 'spec.jobTemplate.spec', 'spec.jobTemplate.metadata', 'spec.jobTemplate.spec.template', 'spec.jobTemplate.spec.template.metadata', 'spec.jobTemplate.spec.template.spec'].includes(dotted)) return false;
  return typeof path[path.length - 1] === 'string';
}

const isContainerList = (step: Step | undefined) => step === 'containers' || step === 'initContainers' || step === 'ephemeralContainers';

/**
 * Adds to `patches` what takes each unintended difference back. `originalOf` gives
 * the original object of a difference; `containerResources` the app container's,
 * which an init container without any borrows; `pod` is the path of the pod spec.
 */
export function addResidual(
  unintended: readonly Difference[],
  originalOf: (d: Difference) => Json | undefined,
  patches: PatchDocuments,
  containerResources: { cpu: string; memory: string },
): ResidualOutcome {
  const outcome: ResidualOutcome = { changed: false, missing: [], refused: [] };
  for (const d of unintended) {
    const original = originalOf(d);
    if (d.path.length === 0) {
      if (d.op === 'removed' && original) outcome.missing.push(original);
      else outcome.refused.push({ difference: d, reason: 'the overlay adds this object, which the original set did not have, and a patch cannot remove an object' });
      continue;
    }
    if (!original) continue;
    const kind = d.object.kind;
    const key = `${kind}/${d.object.name}`;
    const doc = patches.get(key) ?? { apiVersion: d.object.apiVersion, kind, metadata: { name: d.object.name, ...(d.object.namespace === undefined ? {} : { namespace: d.object.namespace }) } };
    const before = JSON.stringify(doc);
    const last = d.path[d.path.length - 1]!;
    if (d.op === 'added' && typeof last !== 'string') {
      // An element the skeleton added to a keyed list: the list goes back whole.
      const listPath = d.path.slice(0, -1);
      if (isContainerList(listPath[listPath.length - 1])) {
        outcome.refused.push({ difference: d, reason: 'the skeleton renders this container, which a patch cannot remove' });
        continue;
      }
      setAt(doc, listPath, replacedList(valueAtSteps(original, listPath, kind)), kind);
    } else if (d.op === 'added') {
      const parent = d.path.slice(0, -1);
      const parentLast = parent[parent.length - 1];
      if (parentLast !== undefined && typeof parentLast !== 'string' && isContainerList(parent[parent.length - 2])) {
        outcome.refused.push({ difference: d, reason: `the skeleton sets ${String(last)} on the container, and a patch cannot take a field of it back` });
        continue;
      }
      if (parentLast !== undefined && typeof parentLast !== 'string') {
        // A key added to an element of a keyed list (a port's name): the list goes back whole.
        setAt(doc, parent.slice(0, -1), replacedList(valueAtSteps(original, parent.slice(0, -1), kind)), kind);
      } else if (replaceable(parent)) {
        const map = valueAtSteps(original, parent, kind);
        setAt(doc, parent, { $patch: 'replace', ...(isMapping(map) ? clone(map) : {}) }, kind);
      } else {
        outcome.refused.push({ difference: d, reason: `the skeleton sets ${String(last)} there, and a patch cannot take it back without replacing ${parent.filter((s) => typeof s === 'string').join('.') || 'the object'} whole` });
        continue;
      }
    } else if (d.op === 'changed' && last === 'env' && Array.isArray(d.from)) {
      // Env entries out of the order their references need: the list goes back whole.
      setAt(doc, d.path, replacedList(d.from), kind);
    } else if (d.op === 'changed' && isContainerList(last) && Array.isArray(d.from)) {
      // Containers out of their order: Kustomize puts a patch's elements first, in its order, so the
      // patch lists every container in the original order, those it has nothing to say of by name alone.
      const listed = valueAtSteps(doc, d.path, kind);
      const byName = new Map((Array.isArray(listed) ? listed : []).filter(isMapping).map((c) => [c.name, c]));
      setAt(doc, d.path, d.from.filter(isMapping).map((c) => byName.get(c.name) ?? { name: c.name }), kind);
    } else {
      setAt(doc, d.path, asPatchValue(d.path, d.from, containerResources), kind);
    }
    patches.set(key, doc);
    if (JSON.stringify(doc) !== before) outcome.changed = true;
  }
  return outcome;
}

/** `[{$patch: replace}, ...elements]`: Kustomize then takes the elements for the whole list. */
function replacedList(elements: unknown): unknown[] {
  return [{ $patch: 'replace' }, ...(Array.isArray(elements) ? clone(elements) : [])];
}

/**
 * A container the patch adds (a sidecar, an init container) is QoS Guaranteed like
 * every container scaffold writes: its requests are its limits, and an init
 * container with none borrows the app container's (the pod's effective request is
 * the larger of the init containers' and the sum of the others', so it does not grow).
 * It gets Pod Security "restricted"'s settings where it says nothing, as the app's container does.
 */
function asPatchValue(path: readonly Step[], value: unknown, app: { cpu: string; memory: string }): unknown {
  const last = path[path.length - 1];
  // A whole list of containers the overlay lacks (the init containers), or one element of it.
  if (isContainerList(last) && Array.isArray(value)) return value.map((c) => (isMapping(c) ? adoptedContainer(c, last as string, app) : clone(c)));
  const list = path[path.length - 2];
  if (!isMapping(value) || typeof last === 'string' || !isContainerList(list)) return clone(value);
  return adoptedContainer(value, list as string, app);
}

function adoptedContainer(original: Json, list: string, app: { cpu: string; memory: string }): Json {
  const container = withRestrictedDefaults(original);
  const resources = isMapping(container.resources) ? container.resources : {};
  const limits = isMapping(resources.limits) ? resources.limits : {};
  const requests = isMapping(resources.requests) ? resources.requests : {};
  const cpu = limits.cpu ?? requests.cpu;
  const memory = limits.memory ?? requests.memory;
  if (cpu !== undefined && memory !== undefined) container.resources = { ...resources, requests: { ...requests, cpu, memory }, limits: { ...limits, cpu, memory } };
  else if (list === 'initContainers') container.resources = { requests: { cpu: app.cpu, memory: app.memory }, limits: { cpu: app.cpu, memory: app.memory } };
  return container;
}

/** Sets `value` at `path` in a patch document, creating maps and keyed list elements (with all their keys) on the way. */
function setAt(doc: Json, path: readonly Step[], value: unknown, kind: string): void {
  let node: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const isLast = i === path.length - 1;
    if (typeof step === 'string') {
      const map = node as Json;
      if (isLast) {
        map[step] = value;
        return;
      }
      const next = path[i + 1]!;
      const existing = map[step];
      if (typeof next === 'string') {
        if (!isMapping(existing)) map[step] = {};
      } else if (!Array.isArray(existing)) map[step] = [];
      // A list already taken back whole holds the original: nothing within it needs setting.
      if (Array.isArray(map[step]) && isMapping((map[step] as unknown[])[0]) && ((map[step] as Json[])[0]!.$patch === 'replace')) return;
      node = map[step];
      continue;
    }
    const list = node as Json[];
    const listKey = listKeyAt(kind, path.slice(0, i));
    const want = JSON.stringify(step.keys);
    let element = list.find((e) => listKey !== undefined && JSON.stringify(keyOf(e, listKey)) === want);
    if (isLast) {
      const full = isMapping(value) ? { ...step.keys, ...value } : value;
      if (element) list[list.indexOf(element)] = full as Json;
      else list.push(full as Json);
      return;
    }
    if (!element) {
      element = { ...step.keys };
      list.push(element);
    }
    node = element;
  }
}
