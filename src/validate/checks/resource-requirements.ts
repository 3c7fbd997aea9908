/**
 * A container's resources as the API server reads them, past the quantity
 * grammar the schema already checks: resource names are standard
 * (cpu, memory, ephemeral-storage, hugepages-<size>) or prefixed extended
 * resources (`cpus` and `mem` are refused), quantities are not negative, a
 * request is at most its limit, and an extended resource (nvidia.com/gpu) is
 * a whole number whose request equals its limit. A fractional byte count
 * (`memory: 100m`, a tenth of a byte) is stored with a warning.
 */
import { parseQuantity } from '../../vocabulary/quantity.ts';
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { qualifiedNameProblems } from './grammar.ts';
import { atPodSeverity, containersOf, wholeWorkloadPodSpec } from './pods.ts';

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);
const BYTES = new Set(['memory', 'ephemeral-storage']);

const isHugePages = (name: string) => name.startsWith('hugepages-');
/** A native resource: unprefixed or under kubernetes.io; the others are extended resources. */
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** Requests may be below limits only for native resources other than huge pages. */
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

/** Milli-units, the API server's smallest step, so 0.5 and 500m compare equal. */
function milli(quantity: unknown): number | undefined {
  if (typeof quantity !== 'string' && typeof quantity !== 'number') return undefined;
  const value = parseQuantity(quantity);
  return value === undefined ? undefined : Math.round(value * 1000);
}

export const resourceRequirements: ApiServerCheck = {
  id: 'resource-requirements',
  summary: 'container resource names are standard or prefixed extended resources, quantities are not negative, a request is at most its limit, extended resources are whole numbers with request equal to limit',
  severity: "error; a fractional byte count of memory or ephemeral-storage is a warning (the server warns), as is any finding in a StatefulSet's pod template",
  source: 'validateResourceRequirements, validateContainerResourceName and ValidateResourceQuantityValue in pkg/apis/core/validation/validation.go; fractional bytes: warningsForPodSpecAndMeta in pkg/api/pod/warnings.go',
  check(subject) {
    const pod = wholeWorkloadPodSpec(subject);
    if (pod === undefined) return [];
    const findings: PolicyFinding[] = [];
    for (const { container, path, who } of containersOf(pod)) {
      const resources = mappingAt(container, 'resources');
      const limits = mappingAt(resources, 'limits') ?? {};
      const requests = mappingAt(resources, 'requests') ?? {};
      for (const [list, entries] of [['limits', limits], ['requests', requests]] as const) {
        for (const [name, quantity] of Object.entries(entries)) {
          const at = [...path, 'resources', list, name];
          const nameProblem = resourceNameProblem(name);
          if (nameProblem !== undefined) {
            findings.push({ path: at, message: `${who}: ${nameProblem}` });
            continue;
          }
          const amount = milli(quantity);
          if (amount === undefined) continue;
          if (amount < 0) findings.push({ path: at, message: `${who}: ${list}.${name} must be greater than or equal to 0, got ${String(quantity)}` });
          else if (!isNative(name) && amount % 1000 !== 0) findings.push({ path: at, message: `${who}: ${list}.${name} is an extended resource and must be a whole number, got ${String(quantity)}` });
          else if (BYTES.has(name) && amount % 1000 !== 0) {
            findings.push({ path: at, severity: 'warning', message: `${who}: ${list}.${name} ${String(quantity)} is a fractional number of bytes${String(quantity).endsWith('m') ? ` (m means milli: ${String(quantity)} is ${amount / 1000} bytes; did you mean ${String(quantity).slice(0, -1)}M or ${String(quantity).slice(0, -1)}Mi?)` : ''}; the server rounds it up and warns` });
          }
        }
      }
      for (const [name, request] of Object.entries(requests)) {
        if (resourceNameProblem(name) !== undefined) continue;
        const at = [...path, 'resources', 'requests', name];
        const wanted = milli(request);
        const limit = limits[name];
        const cap = milli(limit);
        if (limit === undefined || limit === null) {
          if (!overcommitAllowed(name)) findings.push({ path: at, message: `${who}: ${name} needs a limit equal to its request (it cannot be overcommitted)` });
          continue;
        }
        if (wanted === undefined || cap === undefined) continue;
        if (!overcommitAllowed(name) && wanted !== cap) findings.push({ path: at, message: `${who}: the ${name} request ${String(request)} must equal its limit ${String(limit)} (it cannot be overcommitted)` });
        else if (wanted > cap) findings.push({ path: at, message: `${who}: the ${name} request ${String(request)} must be less than or equal to its limit ${String(limit)}` });
      }
    }
    return atPodSeverity(pod, findings);
  },
};

/** What is wrong with a container resource name, as validateContainerResourceName says. */
function resourceNameProblem(name: string): string | undefined {
  const problems = qualifiedNameProblems(name);
  if (problems.length > 0) return `resource name ${JSON.stringify(name)} is not a qualified name: ${problems.join('; ')}`;
  if (!name.includes('/') && !STANDARD.has(name) && !isHugePages(name)) {
    return `${JSON.stringify(name)} is not a standard resource for containers: use cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain prefix (example.com/device)`;
  }
  return undefined;
}
