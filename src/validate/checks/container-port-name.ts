/**
 * A container port's name is an IANA service name (RFC 6335, lower case):
 * at most 15 characters of a-z, 0-9 and '-', with at least one letter and no
 * leading, trailing or doubled '-'; `http-metrics-port` (17) is refused. It is
 * unique within its container. A probe or lifecycle handler naming its port
 * (httpGet.port: http) uses the same grammar.
 */
import type { PathSegment } from '../../vocabulary/issue.ts';
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { portNameProblems } from './grammar.ts';
import { atPodSeverity, containersOf, mappingsOf, wholeWorkloadPodSpec } from './pods.ts';

const HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop'],
];

export const containerPortName: ApiServerCheck = {
  id: 'container-port-name',
  summary: 'container port names (and port names in probes and lifecycle handlers) are IANA service names: at most 15 characters, lower case, at least one letter; unique within the container',
  severity: "error; a warning in a StatefulSet's pod template, which the server checks only when it creates the pods",
  source: 'validateContainerPorts (validation.IsValidPortName, field.Duplicate) and ValidatePortNumOrName in pkg/apis/core/validation/validation.go; IsValidPortName in staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go',
  check(subject) {
    const pod = wholeWorkloadPodSpec(subject);
    if (pod === undefined) return [];
    const findings: PolicyFinding[] = [];
    for (const { container, path } of containersOf(pod)) {
      const names = new Set<string>();
      for (const [i, port] of mappingsOf(container['ports'])) {
        const name = port['name'];
        if (typeof name !== 'string' || name === '') continue;
        const problems = portNameProblems(name);
        if (problems.length > 0) findings.push(portNameFinding([...path, 'ports', i, 'name'], name, problems));
        else if (names.has(name)) findings.push({ path: [...path, 'ports', i, 'name'], message: `duplicate port name ${JSON.stringify(name)} in the container` });
        names.add(name);
      }
      for (const handler of HANDLERS) {
        let node: Record<string, unknown> | undefined = container;
        for (const key of handler) node = mappingAt(node, key);
        for (const action of ['httpGet', 'tcpSocket']) {
          const port = mappingAt(node, action)?.['port'];
          if (typeof port !== 'string') continue;
          const problems = portNameProblems(port);
          if (problems.length > 0) findings.push(portNameFinding([...path, ...handler, action, 'port'], port, problems));
        }
      }
    }
    return atPodSeverity(pod, findings);
  },
};

export function portNameFinding(path: PathSegment[], name: string, problems: readonly string[]): PolicyFinding {
  // YAML gives a quoted number as a string, and a string port is a name.
  const hint = /^[0-9]+$/.test(name) ? `; a quoted number is a port name: write the number unquoted, ${name}` : '';
  return { path, message: `port name ${JSON.stringify(name)} is not an IANA service name: ${problems.join('; ')}${hint}` };
}
