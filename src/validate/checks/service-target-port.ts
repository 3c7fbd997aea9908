/**
 * A Service's named targetPort exists on the pods it selects, when those pods
 * are in the same input (a kustomize build, a folder). The API server does
 * not check this across objects: it stores the Service, and the endpoints
 * controller finds no port of that name (and protocol) on the pods, so the
 * Service has no endpoint for that port and its traffic goes nowhere.
 *
 * This judges a whole input, not one object, so it is no Policy: the caller
 * gives every whole (non-patch) object it read with a reference of its own
 * (file and document), and gets findings on the Services back with that
 * reference, a field path and a message, to locate as it locates any other.
 * It is a warning: pods outside the input (another folder, another tool) may
 * carry the port, so only a Service that selects some pod template of the
 * input, none of which declares the port, is reported.
 */
import type { PathSegment, Severity } from '../issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import { mappingAt } from '../policies/policy.ts';
import { mappingsOf, workloadPodSpec } from './pods.ts';

export const SERVICE_TARGET_PORT = {
  id: 'service-target-port',
  summary: "a Service's named targetPort is declared (with the same protocol) by a container of the pods it selects, when they are in the same input",
  severity: 'warning (the API server does not check it; pods outside the input may declare the port)',
  source: 'none: the endpoints controller looks the name up (FindPort in pkg/api/v1/pod/util.go) and leaves the port without endpoints',
} as const;

export interface InputObject<Ref> {
  /** The object as read, schema-valid, not a patch. */
  value: Record<string, unknown>;
  ref: Ref;
}

export interface CrossObjectFinding<Ref> {
  rule: string;
  /** The object the finding is about (a Service). */
  ref: Ref;
  path: PathSegment[];
  severity: Severity;
  message: string;
}

interface PodTemplate {
  who: string;
  namespace: string | undefined;
  labels: Record<string, unknown>;
  /** Port name and protocol pairs, `http/TCP`. */
  ports: Set<string>;
}

export function serviceTargetPortFindings<Ref>(objects: readonly InputObject<Ref>[]): CrossObjectFinding<Ref>[] {
  const templates = objects.flatMap(({ value }) => podTemplateOf(value));
  const findings: CrossObjectFinding<Ref>[] = [];
  for (const { value, ref } of objects) {
    if (value['kind'] !== 'Service' || value['apiVersion'] !== 'v1') continue;
    const spec = mappingAt(value, 'spec');
    const selector = spec?.['selector'];
    if (!isMapping(selector) || Object.keys(selector).length === 0) continue;
    const namespace = namespaceOf(value);
    // A missing namespace is the one kubectl or Kustomize will give; it may be any, so it matches any.
    const selected = templates.filter((t) => (namespace === undefined || t.namespace === undefined || t.namespace === namespace)
      && Object.entries(selector).every(([k, v]) => t.labels[k] === v));
    if (selected.length === 0) continue;
    for (const [i, port] of mappingsOf(spec?.['ports'])) {
      const target = port['targetPort'];
      if (typeof target !== 'string') continue;
      const protocol = typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP';
      if (selected.some((t) => t.ports.has(`${target}/${protocol}`))) continue;
      const declared = [...new Set(selected.flatMap((t) => [...t.ports]))];
      findings.push({
        rule: SERVICE_TARGET_PORT.id,
        ref,
        path: ['spec', 'ports', i, 'targetPort'],
        severity: 'warning',
        message: `targetPort "${target}" (${protocol}) is no port of the pods this Service selects (${selected.map((t) => t.who).join(', ')}; their named ports: ${declared.length === 0 ? 'none' : declared.join(', ')}): the Service gets no endpoint for it`,
      });
    }
  }
  return findings;
}

function namespaceOf(value: Record<string, unknown>): string | undefined {
  const namespace = mappingAt(value, 'metadata')?.['namespace'];
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

function podTemplateOf(value: Record<string, unknown>): PodTemplate[] {
  const kind = value['kind'];
  if (typeof kind !== 'string') return [];
  const pod = workloadPodSpec(kind, value);
  if (pod === undefined) return [];
  const metadataPath = kind === 'Pod' ? ['metadata'] : [...pod.path.slice(0, -1), 'metadata'];
  let metadata: Record<string, unknown> | undefined = value;
  for (const key of metadataPath) metadata = mappingAt(metadata, String(key));
  const labels = metadata?.['labels'];
  const ports = new Set<string>();
  const serving = [
    ...mappingsOf(pod.spec['containers']).map(([, c]) => c),
    // Sidecars (init containers that keep running) serve ports too.
    ...mappingsOf(pod.spec['initContainers']).map(([, c]) => c).filter((c) => c['restartPolicy'] === 'Always'),
  ];
  for (const container of serving) {
    for (const [, port] of mappingsOf(container['ports'])) {
      if (typeof port['name'] === 'string') ports.add(`${port['name']}/${typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP'}`);
    }
  }
  const name = mappingAt(value, 'metadata')?.['name'];
  return [{ who: `${kind}/${typeof name === 'string' ? name : '?'}`, namespace: namespaceOf(value), labels: isMapping(labels) ? labels : {}, ports }];
}
