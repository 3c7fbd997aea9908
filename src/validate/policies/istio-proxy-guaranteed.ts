/**
 * A pod that asks for the Istio sidecar stays QoS Guaranteed only if the
 * injected proxy does: Istio's injection template takes the proxy's resources
 * from the sidecar.istio.io/proxyCPU, proxyCPULimit, proxyMemory and
 * proxyMemoryLimit annotations when any is set, and otherwise from its global
 * defaults (requests 100m/128Mi, limits 2000m/1024Mi: Burstable). The label
 * sidecar.istio.io/inject decides over the annotation of the same name, as in
 * Istio; only "true" asks for the sidecar.
 */
import { isQuantity, sameQuantity } from '../../vocabulary/quantity.ts';
import { mappingAt, type ObjectPolicy, type PolicyFinding } from './policy.ts';
import { podMetadataOf } from './podTemplates.ts';

const INJECT = 'sidecar.istio.io/inject';
const PAIRS = [
  ['sidecar.istio.io/proxyCPU', 'sidecar.istio.io/proxyCPULimit'],
  ['sidecar.istio.io/proxyMemory', 'sidecar.istio.io/proxyMemoryLimit'],
] as const;

export const istioProxyGuaranteed: ObjectPolicy = {
  id: 'istio-proxy-guaranteed',
  summary:
    'a pod template that asks for the Istio sidecar (sidecar.istio.io/inject: "true") sets sidecar.istio.io/proxyCPU, proxyCPULimit, proxyMemory and proxyMemoryLimit, each request equal to its limit, so that the injected pod stays QoS Guaranteed',
  check({ kind, value, partial }) {
    if (partial) return [];
    const pod = podMetadataOf(kind, value);
    if (pod === undefined) return [];
    const labels = mappingAt(pod.metadata, 'labels');
    const annotations = mappingAt(pod.metadata, 'annotations');
    const inject = labels?.[INJECT] ?? annotations?.[INJECT];
    if (inject !== 'true') return [];
    const findings: PolicyFinding[] = [];
    for (const [request, limit] of PAIRS) {
      const missing = [request, limit].filter((name) => annotations?.[name] === undefined);
      if (missing.length > 0) {
        findings.push({
          path: [...pod.path, 'annotations'],
          message: `asks for the Istio sidecar but does not set ${missing.join(' or ')}: Istio then injects its default proxy resources (requests 100m and 128Mi, limits 2000m and 1024Mi) and the pod is Burstable`,
        });
        continue;
      }
      const values = [annotations![request], annotations![limit]];
      const bad = values.find((v) => typeof v !== 'string' || !isQuantity(v));
      if (bad !== undefined) {
        findings.push({ path: [...pod.path, 'annotations', values[0] === bad ? request : limit], message: `${JSON.stringify(bad)} is not a Kubernetes quantity` });
      } else if (!sameQuantity(values[0] as string, values[1] as string)) {
        findings.push({
          path: [...pod.path, 'annotations', request],
          message: `${request} ${String(values[0])} differs from ${limit} ${String(values[1])}; QoS Guaranteed needs them equal`,
        });
      }
    }
    return findings;
  },
};
