/**
 * The same containerPort and protocol declared twice in a pod (in one
 * container or two). The API server stores the pod and warns ("duplicate
 * port definition"): the declaration is informational, but `kubectl apply`
 * merges ports by containerPort and the duplicate is dropped or shadows the
 * other's name. A missing protocol is TCP.
 */
import type { PolicyFinding } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { containersOf, mappingsOf, wholeWorkloadPodSpec } from './pods.ts';

export const containerPortDuplicate: ApiServerCheck = {
  id: 'container-port-duplicate',
  summary: 'no containerPort and protocol is declared twice in a pod (the server stores it, with a warning)',
  severity: 'warning (the server warns and stores the object)',
  source: 'warningsForPodSpecAndMeta in pkg/api/pod/warnings.go ("duplicate port definition with ...")',
  check(subject) {
    const pod = wholeWorkloadPodSpec(subject);
    if (pod === undefined) return [];
    const findings: PolicyFinding[] = [];
    const seen = new Map<string, string>();
    for (const { container, path, who } of containersOf(pod)) {
      for (const [i, port] of mappingsOf(container['ports'])) {
        const number = port['containerPort'];
        if (typeof number !== 'number') continue;
        const protocol = typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP';
        // Declarations that differ in hostIP or hostPort are a different warning the server gives; only exact duplicates are judged here.
        const key = JSON.stringify([number, protocol, port['hostIP'] ?? '', port['hostPort'] ?? 0]);
        const first = seen.get(key);
        if (first !== undefined) {
          findings.push({ path: [...path, 'ports', i], severity: 'warning', message: `containerPort ${number}/${protocol} of ${who} is already declared by ${first}` });
        } else {
          seen.set(key, `${who} ports[${i}]`);
        }
      }
    }
    return findings;
  },
};
