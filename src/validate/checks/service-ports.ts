/**
 * A Service's ports: each named by a DNS-1123 label, a name required once
 * there are two ports and unique among them, no port and protocol twice, and
 * a targetPort given by name an IANA service name (the name of a container
 * port, at most 15 characters).
 */
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { portNameFinding } from './container-port-name.ts';
import { dns1123LabelProblems, portNameProblems } from './grammar.ts';
import { mappingsOf } from './pods.ts';

export const servicePorts: ApiServerCheck = {
  id: 'service-ports',
  summary: "a Service's ports have unique DNS-1123 label names (required with two or more ports), no port and protocol twice, and a named targetPort is an IANA service name",
  severity: 'error',
  source: 'ValidateService and validateServicePort in pkg/apis/core/validation/validation.go (field.Required, ValidateDNS1123Label, field.Duplicate, ValidatePortNumOrName)',
  check({ apiVersion, kind, value, partial }) {
    if (kind !== 'Service' || apiVersion !== 'v1') return [];
    const ports = mappingsOf(mappingAt(value, 'spec')?.['ports']);
    const findings: PolicyFinding[] = [];
    const names = new Set<string>();
    const numbers = new Map<string, number>();
    for (const [i, port] of ports) {
      const at = ['spec', 'ports', i];
      const name = port['name'];
      if (typeof name === 'string' && name !== '') {
        const problems = dns1123LabelProblems(name);
        if (problems.length > 0) findings.push({ path: [...at, 'name'], message: `Service port name ${JSON.stringify(name)} is not a DNS-1123 label: ${problems.join('; ')}` });
        if (names.has(name)) findings.push({ path: [...at, 'name'], message: `duplicate Service port name ${JSON.stringify(name)}` });
        names.add(name);
      } else if (ports.length > 1 && !partial) {
        // A patch's ports merge into the resource's by port number; their names may be there.
        findings.push({ path: at, message: 'a Service with more than one port must name each of them' });
      }
      const number = port['port'];
      if (typeof number === 'number') {
        const protocol = typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP';
        const key = `${number}/${protocol}`;
        const first = numbers.get(key);
        if (first !== undefined) findings.push({ path: at, message: `port ${key} is already declared by spec.ports[${first}]` });
        else numbers.set(key, i);
      }
      const target = port['targetPort'];
      if (typeof target === 'string') {
        const problems = portNameProblems(target);
        if (problems.length > 0) findings.push(portNameFinding([...at, 'targetPort'], target, problems));
      }
    }
    return findings;
  },
};
