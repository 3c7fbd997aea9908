/**
 * QoS class Guaranteed: every container and init container has cpu and memory
 * limits, and a request it sets equals its limit. A missing request is fine:
 * the API server sets it to the limit. Capacity is planned from limits, and a
 * Guaranteed pod is the last one the kubelet evicts under memory pressure.
 */
import { sameQuantity } from '../../vocabulary/quantity.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import { mappingAt, type ObjectPolicy, type PolicyFinding } from './policy.ts';
import { podSpecOf } from './podTemplates.ts';

const RESOURCES = ['cpu', 'memory'] as const;

export const qosGuaranteed: ObjectPolicy = {
  id: 'qos-guaranteed',
  summary: 'every container and init container of a pod template has cpu and memory limits, and any request equals its limit (QoS class Guaranteed)',
  check({ kind, value, partial }) {
    // A patch changes some fields of a pod template; the merged result is judged where the resource is defined.
    if (partial) return [];
    const pod = podSpecOf(kind, value);
    if (pod === undefined) return [];
    const findings: PolicyFinding[] = [];
    for (const list of ['initContainers', 'containers'] as const) {
      const containers = pod.spec[list];
      if (!Array.isArray(containers)) continue;
      containers.forEach((container: unknown, index) => {
        const at = [...pod.path, list, index];
        const name = isMapping(container) ? container['name'] : undefined;
        const who = `${list === 'containers' ? 'container' : 'init container'} ${typeof name === 'string' ? `"${name}"` : index}`;
        const resources = mappingAt(container, 'resources');
        const limits = mappingAt(resources, 'limits');
        const requests = mappingAt(resources, 'requests');
        const missing = RESOURCES.filter((r) => limits?.[r] === undefined || limits[r] === null);
        if (missing.length > 0) {
          const where = limits !== undefined ? [...at, 'resources', 'limits'] : resources !== undefined ? [...at, 'resources'] : at;
          findings.push({
            path: where,
            message: `${who} has no ${missing.join(' or ')} limit; QoS Guaranteed needs resources.limits.cpu and resources.limits.memory on every container`,
          });
        }
        for (const r of RESOURCES) {
          const limit = limits?.[r];
          const request = requests?.[r];
          if (request === undefined || request === null || limit === undefined || limit === null) continue;
          if (!isQuantityValue(request) || !isQuantityValue(limit) || sameQuantity(request, limit)) continue;
          findings.push({
            path: [...at, 'resources', 'requests', r],
            message: `${who} requests ${r} ${String(request)} but its limit is ${String(limit)}; QoS Guaranteed needs the request equal to the limit (or no request)`,
          });
        }
      });
    }
    return findings;
  },
};

function isQuantityValue(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}
