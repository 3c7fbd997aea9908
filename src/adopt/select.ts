/**
 * Which objects of a set make the app: the workload `--name` names, and the
 * objects that belong to it (the Services selecting its pods, its ServiceAccount,
 * the ExternalSecrets, Secrets and ConfigMaps its pods read, its autoscaler,
 * disruption budget, network policies and ingresses). Objects of the set's other
 * workloads are left out, each with the command that adopts its workload; an object
 * two workloads share, and a workload named twice, are refused.
 */
import { isMapping } from '../yamlSource/mapping.ts';
import {
  containersOf,
  describeObject,
  isWorkload,
  kindOf,
  labelSelectorSelects,
  nameOf,
  namespaceOf,
  OTHER_POD_KINDS,
  podLabelsOf,
  podSpecOf,
  selects,
  WORKLOAD_KINDS,
  type Json,
  type SourceObject,
} from './objects.ts';

export interface LeftOut {
  object: SourceObject;
  reason: string;
  /** The workload it belongs to, to adopt it with. */
  workload?: string;
}

export interface Selection {
  workload: SourceObject;
  /** The objects that belong to it, in the order read. */
  related: SourceObject[];
  leftOut: LeftOut[];
}

export interface SelectionProblem {
  object?: SourceObject;
  message: string;
}

/** Kinds that are not namespaced: no app owns them. */
const CLUSTER_KINDS = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'PriorityClass', 'PersistentVolume', 'IngressClass', 'ClusterSecretStore', 'ClusterExternalSecret', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'RuntimeClass']);

export function selectApp(objects: readonly SourceObject[], name: string): { selection?: Selection; problems: SelectionProblem[] } {
  const workloads = objects.filter((o) => isWorkload(o.value));
  if (workloads.length === 0) return { problems: [{ message: `no workload among the inputs: adopt takes a ${WORKLOAD_KINDS.join(', a ')} (with the objects that belong to it)` }] };
  const named = workloads.filter((w) => nameOf(w.value) === name);
  if (named.length === 0) {
    const found = workloads.map((w) => describeObject(w.value)).join(', ');
    const hint = workloads.length === 1 ? `the app takes its workload's name (scaffold names the ${kindOf(workloads[0]!.value)} after the app): --name ${nameOf(workloads[0]!.value)}` : 'name one of them with --name';
    return { problems: [{ message: `no workload named ${name} among the inputs, which hold ${found}: ${hint}` }] };
  }
  if (named.length > 1) return { problems: named.map((w) => ({ object: w, message: `${name} names ${named.length} workloads (${named.map((n) => describeObject(n.value)).join(', ')}): one app runs one workload; adopt them from separate inputs` })) };
  const workload = named[0]!;
  const kind = kindOf(workload.value);
  if (OTHER_POD_KINDS.includes(kind)) {
    return { problems: [{ object: workload, message: `${kind} is not adopted: no skeleton runs one (scaffold's skeletons run a ${WORKLOAD_KINDS.join(', a ')})` }] };
  }

  const problems: SelectionProblem[] = [];
  const related: SourceObject[] = [];
  const leftOut: LeftOut[] = [];
  const owners = ownersOf(objects, workloads);
  for (const object of objects) {
    if (object === workload) continue;
    if (isWorkload(object.value)) {
      leftOut.push({ object, reason: 'another workload', workload: nameOf(object.value) });
      continue;
    }
    const owning = owners.get(object) ?? [];
    const mine = owning.includes(workload);
    if (mine && owning.length > 1) {
      const others = owning.filter((w) => w !== workload).map((w) => describeObject(w.value)).join(', ');
      problems.push({ object, message: `belongs to ${describeObject(workload.value)} and to ${others} as well: an object of two apps cannot be adopted with one; split it (one per workload), or adopt it as a resource of its own` });
      continue;
    }
    if (mine) {
      related.push(object);
      continue;
    }
    if (owning.length > 0) {
      leftOut.push({ object, reason: `belongs to ${describeObject(owning[0]!.value)}`, workload: nameOf(owning[0]!.value) });
      continue;
    }
    if (CLUSTER_KINDS.has(kindOf(object.value))) {
      leftOut.push({ object, reason: 'not namespaced: no app owns it' });
      continue;
    }
    // Alone with one workload, an object nobody references still came with it: keep it, as a resource of the app.
    if (workloads.length === 1) related.push(object);
    else leftOut.push({ object, reason: 'belongs to no workload of the inputs' });
  }
  for (const object of [workload, ...related]) {
    if (kindOf(object.value) === 'Secret' && (hasEntries(object.value.data) || hasEntries(object.value.stringData))) {
      problems.push({ object, message: 'a Secret with data is not adopted: secrets do not belong in a gitops repository (the no-plain-secret policy); put its values in Parameter Store, read them with an ExternalSecret named after the Secret, then adopt' });
    }
  }
  if (problems.length > 0) return { problems };
  return { selection: { workload, related, leftOut }, problems: [] };
}

function hasEntries(value: unknown): boolean {
  return isMapping(value) && Object.keys(value).length > 0;
}

/** For each object that is not a workload, the workloads it belongs to. */
function ownersOf(objects: readonly SourceObject[], workloads: readonly SourceObject[]): Map<SourceObject, SourceObject[]> {
  const owners = new Map<SourceObject, SourceObject[]>();
  const add = (object: SourceObject, workload: SourceObject) => {
    const list = owners.get(object) ?? [];
    if (!list.includes(workload)) owners.set(object, [...list, workload]);
  };
  for (const w of workloads) {
    const labels = podLabelsOf(w.value);
    const references = referencesOf(w.value);
    const namespace = namespaceOf(w.value);
    const services = new Set<string>();
    const serviceAccounts = new Set([references.serviceAccount]);
    for (const object of objects) {
      const o = object.value;
      if (isWorkload(o) || namespaceOf(o) !== namespace) continue;
      const spec = isMapping(o.spec) ? o.spec : {};
      const belongs = (() => {
        switch (kindOf(o)) {
          case 'Service':
            return selects(spec.selector, labels);
          case 'ServiceAccount':
            return nameOf(o) === references.serviceAccount;
          case 'Secret':
            return references.secrets.has(nameOf(o));
          case 'ConfigMap':
            return references.configMaps.has(nameOf(o));
          case 'ExternalSecret':
            return references.secrets.has(targetSecretOf(o));
          case 'HorizontalPodAutoscaler': {
            const target = isMapping(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
            return target.kind === kindOf(w.value) && target.name === nameOf(w.value);
          }
          case 'PodDisruptionBudget':
            return labelSelectorSelects(spec.selector, labels);
          case 'NetworkPolicy':
            return labelSelectorSelects(spec.podSelector, labels);
          default:
            return false;
        }
      })();
      if (belongs) {
        add(object, w);
        if (kindOf(o) === 'Service') services.add(nameOf(o));
      }
    }
    // What refers to what belongs: ingresses to its Services, role bindings to its ServiceAccount.
    for (const object of objects) {
      const o = object.value;
      if (namespaceOf(o) !== namespace) continue;
      if (kindOf(o) === 'Ingress' && backendServices(o).some((s) => services.has(s))) add(object, w);
      if (kindOf(o) === 'RoleBinding' && subjectsOf(o).some((s) => serviceAccounts.has(s))) {
        add(object, w);
        const role = isMapping(o.roleRef) ? o.roleRef : {};
        for (const r of objects) if (role.kind === 'Role' && kindOf(r.value) === 'Role' && nameOf(r.value) === role.name && namespaceOf(r.value) === namespace) add(r, w);
      }
    }
  }
  return owners;
}

/** The Secret an ExternalSecret writes: its target name, else its own (both External Secrets and KES). */
function targetSecretOf(object: Json): string {
  const spec = isMapping(object.spec) ? object.spec : {};
  const target = isMapping(spec.target) ? spec.target : {};
  return typeof target.name === 'string' && target.name !== '' ? target.name : nameOf(object);
}

interface References {
  serviceAccount: string;
  secrets: Set<string>;
  configMaps: Set<string>;
}

/** What a workload's pods read: their ServiceAccount, the Secrets and ConfigMaps of env, envFrom and volumes. */
function referencesOf(workload: Json): References {
  const pod = podSpecOf(workload);
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  const serviceAccount = typeof pod.serviceAccountName === 'string' ? pod.serviceAccountName : 'default';
  for (const container of [...containersOf(pod), ...containersOf(pod, 'initContainers')]) {
    for (const from of Array.isArray(container.envFrom) ? container.envFrom.filter(isMapping) : []) {
      if (isMapping(from.secretRef) && typeof from.secretRef.name === 'string') secrets.add(from.secretRef.name);
      if (isMapping(from.configMapRef) && typeof from.configMapRef.name === 'string') configMaps.add(from.configMapRef.name);
    }
    for (const env of Array.isArray(container.env) ? container.env.filter(isMapping) : []) {
      const source = isMapping(env.valueFrom) ? env.valueFrom : {};
      if (isMapping(source.secretKeyRef) && typeof source.secretKeyRef.name === 'string') secrets.add(source.secretKeyRef.name);
      if (isMapping(source.configMapKeyRef) && typeof source.configMapKeyRef.name === 'string') configMaps.add(source.configMapKeyRef.name);
    }
  }
  for (const volume of Array.isArray(pod.volumes) ? pod.volumes.filter(isMapping) : []) {
    if (isMapping(volume.secret) && typeof volume.secret.secretName === 'string') secrets.add(volume.secret.secretName);
    if (isMapping(volume.configMap) && typeof volume.configMap.name === 'string') configMaps.add(volume.configMap.name);
    const sources = isMapping(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources.filter(isMapping) : [];
    for (const s of sources) {
      if (isMapping(s.secret) && typeof s.secret.name === 'string') secrets.add(s.secret.name);
      if (isMapping(s.configMap) && typeof s.configMap.name === 'string') configMaps.add(s.configMap.name);
    }
  }
  for (const pull of Array.isArray(pod.imagePullSecrets) ? pod.imagePullSecrets.filter(isMapping) : []) if (typeof pull.name === 'string') secrets.add(pull.name);
  return { serviceAccount, secrets, configMaps };
}

function backendServices(ingress: Json): string[] {
  const spec = isMapping(ingress.spec) ? ingress.spec : {};
  const out: string[] = [];
  const backend = (b: unknown) => {
    const service = isMapping(b) && isMapping(b.service) ? b.service : undefined;
    if (service && typeof service.name === 'string') out.push(service.name);
  };
  backend(spec.defaultBackend);
  for (const rule of Array.isArray(spec.rules) ? spec.rules.filter(isMapping) : []) {
    const paths = isMapping(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths.filter(isMapping) : [];
    for (const p of paths) backend(p.backend);
  }
  return out;
}

function subjectsOf(binding: Json): string[] {
  const subjects = Array.isArray(binding.subjects) ? binding.subjects.filter(isMapping) : [];
  return subjects.filter((s) => s.kind === 'ServiceAccount' && typeof s.name === 'string').map((s) => s.name as string);
}

