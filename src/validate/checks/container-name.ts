/**
 * Container names are DNS-1123 labels, unique among a pod's containers and
 * init containers: the kubelet, `kubectl logs -c` and `kubectl exec -c` name
 * a container by it.
 */
import type { PolicyFinding } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { dns1123LabelProblems } from './grammar.ts';
import { atPodSeverity, containersOf, wholeWorkloadPodSpec } from './pods.ts';

export const containerName: ApiServerCheck = {
  id: 'container-name',
  summary: "container and init container names are DNS-1123 labels (lower case, at most 63 characters), unique within the pod",
  severity: "error; a warning in a StatefulSet's pod template, which the server checks only when it creates the pods",
  source: 'validateContainerCommon (ValidateDNS1123Label), validateContainers and validateInitContainers (field.Duplicate) in pkg/apis/core/validation/validation.go',
  check(subject) {
    const pod = wholeWorkloadPodSpec(subject);
    if (pod === undefined) return [];
    const findings: PolicyFinding[] = [];
    const seen = new Set<string>();
    for (const { container, path } of containersOf(pod)) {
      const name = container['name'];
      if (typeof name !== 'string') continue;
      const problems = dns1123LabelProblems(name);
      if (problems.length > 0) findings.push({ path: [...path, 'name'], message: `container name ${JSON.stringify(name)} is not a DNS-1123 label: ${problems.join('; ')}` });
      else if (seen.has(name)) findings.push({ path: [...path, 'name'], message: `duplicate container name ${JSON.stringify(name)}: containers and init containers of a pod need distinct names` });
      seen.add(name);
    }
    return atPodSeverity(pod, findings);
  },
};
