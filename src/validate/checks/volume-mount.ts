/**
 * Volumes are named by DNS-1123 labels, once each; every volumeMount names a
 * volume of the pod, and no two mounts of a container share a mountPath. A
 * StatefulSet's volumeClaimTemplates are volumes of its pods too.
 */
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { dns1123LabelProblems } from './grammar.ts';
import { atPodSeverity, containersOf, mappingsOf, wholeWorkloadPodSpec } from './pods.ts';

export const volumeMount: ApiServerCheck = {
  id: 'volume-mount',
  summary: "volume names are unique DNS-1123 labels, every volumeMount names a volume of the pod (or a StatefulSet's volumeClaimTemplate), and a container's mountPaths are unique",
  severity: "error; a warning in a StatefulSet's pod template, which the server checks only when it creates the pods",
  source: 'ValidateVolumes (ValidateDNS1123Label, field.Duplicate) and ValidateVolumeMounts (field.NotFound, "must be unique") in pkg/apis/core/validation/validation.go',
  check(subject) {
    const pod = wholeWorkloadPodSpec(subject);
    if (pod === undefined) return [];
    const findings: PolicyFinding[] = [];
    const volumes = new Set<string>();
    for (const [i, volume] of mappingsOf(pod.spec['volumes'])) {
      const name = volume['name'];
      if (typeof name !== 'string') continue;
      const problems = dns1123LabelProblems(name);
      if (problems.length > 0) findings.push({ path: [...pod.path, 'volumes', i, 'name'], message: `volume name ${JSON.stringify(name)} is not a DNS-1123 label: ${problems.join('; ')}` });
      else if (volumes.has(name)) findings.push({ path: [...pod.path, 'volumes', i, 'name'], message: `duplicate volume name ${JSON.stringify(name)}` });
      volumes.add(name);
    }
    const claims = subject.kind === 'StatefulSet' ? mappingsOf(mappingAt(subject.value, 'spec')?.['volumeClaimTemplates']) : [];
    for (const [, claim] of claims) {
      const name = mappingAt(claim, 'metadata')?.['name'];
      if (typeof name === 'string') volumes.add(name);
    }
    for (const { container, path, who } of containersOf(pod)) {
      const mountPaths = new Set<string>();
      for (const [i, mount] of mappingsOf(container['volumeMounts'])) {
        const name = mount['name'];
        if (typeof name === 'string' && !volumes.has(name)) {
          const known = [...volumes].map((v) => JSON.stringify(v)).join(', ');
          findings.push({ path: [...path, 'volumeMounts', i, 'name'], message: `${who} mounts volume ${JSON.stringify(name)}, which the pod does not define (${known === '' ? 'it has no volumes' : `its volumes: ${known}`})` });
        }
        const mountPath = mount['mountPath'];
        if (typeof mountPath !== 'string') continue;
        if (mountPaths.has(mountPath)) findings.push({ path: [...path, 'volumeMounts', i, 'mountPath'], message: `${who} mounts two volumes at ${JSON.stringify(mountPath)}: mountPath must be unique` });
        mountPaths.add(mountPath);
      }
    }
    return atPodSeverity(pod, findings);
  },
};
