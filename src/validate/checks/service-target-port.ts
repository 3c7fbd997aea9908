/**
 * A Service's named targetPort exists on the pods it selects, when those pods
 * are in the same input (a kustomize build, a folder). The API server does
 * not check this across objects: it stores the Service, and the endpoints
 * controller finds no port of that name (and protocol) on the pods, so the
 * Service has no endpoint for that port and its traffic goes nowhere.
 *
 * It judges a whole input, not one object: each object gives a small fact (a
 * Service its selector and named target ports, a pod template its labels and
 * named ports), and the facts are judged once the input is read. It is a
 * warning: pods outside the input (another folder, another tool) may carry
 * the port, so only a Service that selects some pod template of the input,
 * none of which declares the port, is reported.
 */
import type { PathSegment } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import { mappingAt, type InputFact, type InputFinding, type PolicySubject } from '../policies/policy.ts';
import { podMetadataOf } from '../policies/podTemplates.ts';
import type { ApiServerInputCheck } from './check.ts';
import { mappingsOf, workloadPodSpec } from './pods.ts';

const ID = 'service-target-port';

interface TargetPort {
  index: number;
  name: string;
  protocol: string;
}

interface ServiceFact extends InputFact {
  service: { namespace: string | undefined; selector: Record<string, unknown>; targetPorts: TargetPort[] };
}

interface PodTemplateFact extends InputFact {
  podTemplate: {
    who: string;
    namespace: string | undefined;
    labels: Record<string, unknown>;
    /** Port name and protocol pairs, `http/TCP`. */
    ports: string[];
  };
}

type TargetPortFact = ServiceFact | PodTemplateFact;

export const serviceTargetPort: ApiServerInputCheck = {
  id: ID,
  summary: "a Service's named targetPort is declared (with the same protocol) by a container of the pods it selects, when they are in the same input",
  severity: 'warning (the API server does not check it; pods outside the input may declare the port)',
  source: 'none: the endpoints controller looks the name up (FindPort in pkg/api/v1/pod/util.go) and leaves the port without endpoints',
  gather({ apiVersion, kind, value, partial }: PolicySubject): TargetPortFact | undefined {
    // A patch is judged as part of the resource it patches (validate --build).
    if (partial) return undefined;
    if (kind === 'Service' && apiVersion === 'v1') return serviceFact(value);
    return podTemplateFact(kind, value);
  },
  judge(facts) {
    // Pod templates by each of their labels, so that a Service looks only at those carrying its selector's labels.
    const byLabel = new Map<string, PodTemplateFact['podTemplate'][]>();
    for (const fact of facts) {
      if (fact.policy !== ID || !('podTemplate' in fact)) continue;
      const template = (fact as PodTemplateFact).podTemplate;
      for (const [k, v] of Object.entries(template.labels)) {
        const key = `${k}=${String(v)}`;
        const carrying = byLabel.get(key);
        if (carrying === undefined) byLabel.set(key, [template]);
        else carrying.push(template);
      }
    }
    const findings: InputFinding[] = [];
    facts.forEach((fact, index) => {
      if (fact.policy !== ID || !('service' in fact)) return;
      const { namespace, selector, targetPorts } = (fact as ServiceFact).service;
      const candidates = Object.entries(selector).map(([k, v]) => byLabel.get(`${k}=${String(v)}`) ?? []).reduce((a, b) => (b.length < a.length ? b : a));
      // A missing namespace is the one kubectl or Kustomize will give; it may be any, so it matches any.
      const selected = candidates.filter((t) => (namespace === undefined || t.namespace === undefined || t.namespace === namespace)
        && Object.entries(selector).every(([k, v]) => t.labels[k] === v));
      if (selected.length === 0) return;
      for (const { index: i, name, protocol } of targetPorts) {
        if (selected.some((t) => t.ports.includes(`${name}/${protocol}`))) continue;
        const declared = [...new Set(selected.flatMap((t) => t.ports))];
        const path: PathSegment[] = ['spec', 'ports', i, 'targetPort'];
        findings.push({
          fact: index,
          path,
          severity: 'warning',
          message: `targetPort "${name}" (${protocol}) is no port of the pods this Service selects (${selected.map((t) => t.who).join(', ')}; their named ports: ${declared.length === 0 ? 'none' : declared.join(', ')}): the Service gets no endpoint for it`,
        });
      }
    });
    return findings;
  },
};

function serviceFact(value: Record<string, unknown>): ServiceFact | undefined {
  const spec = mappingAt(value, 'spec');
  const selector = spec?.['selector'];
  if (!isMapping(selector) || Object.keys(selector).length === 0) return undefined;
  const targetPorts = mappingsOf(spec?.['ports']).flatMap(([index, port]) => {
    const target = port['targetPort'];
    return typeof target === 'string' ? [{ index, name: target, protocol: protocolOf(port) }] : [];
  });
  if (targetPorts.length === 0) return undefined;
  return { policy: ID, awaits: true, service: { namespace: namespaceOf(value), selector, targetPorts } };
}

function podTemplateFact(kind: string, value: Record<string, unknown>): PodTemplateFact | undefined {
  const pod = workloadPodSpec(kind, value);
  if (pod === undefined) return undefined;
  const labels = podMetadataOf(kind, value)?.metadata['labels'];
  const ports = new Set<string>();
  const serving = [
    ...mappingsOf(pod.spec['containers']).map(([, c]) => c),
    // Sidecars (init containers that keep running) serve ports too.
    ...mappingsOf(pod.spec['initContainers']).map(([, c]) => c).filter((c) => c['restartPolicy'] === 'Always'),
  ];
  for (const container of serving) {
    for (const [, port] of mappingsOf(container['ports'])) {
      if (typeof port['name'] === 'string') ports.add(`${port['name']}/${protocolOf(port)}`);
    }
  }
  const name = mappingAt(value, 'metadata')?.['name'];
  return {
    policy: ID,
    awaits: false,
    podTemplate: { who: `${kind}/${typeof name === 'string' ? name : '?'}`, namespace: namespaceOf(value), labels: isMapping(labels) ? labels : {}, ports: [...ports] },
  };
}

function protocolOf(port: Record<string, unknown>): string {
  return typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP';
}

function namespaceOf(value: Record<string, unknown>): string | undefined {
  const namespace = mappingAt(value, 'metadata')?.['namespace'];
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}
