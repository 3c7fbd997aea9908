/**
 * An env var defined twice in one container. The API server stores it and
 * warns: the later definition hides the earlier one, and `kubectl apply`,
 * which merges env by name, may drop one of them. A redefinition that refers
 * to the earlier value (PATH: "$(PATH):/extra") is deliberate and passes.
 */
import type { PolicyFinding } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { containersOf, mappingsOf, wholeWorkloadPodSpec } from './pods.ts';

export const envDuplicate: ApiServerCheck = {
  id: 'env-duplicate',
  summary: 'no container defines an env var twice, unless the later value refers to the earlier one as $(NAME) (the server stores it, with a warning)',
  severity: 'warning (the server warns and stores the object)',
  source: 'warningsForPodSpecAndMeta in pkg/api/pod/warnings.go ("hides previous definition of ..., which may be dropped when using apply")',
  check(subject) {
    const pod = wholeWorkloadPodSpec(subject);
    if (pod === undefined) return [];
    const findings: PolicyFinding[] = [];
    for (const { container, path, who } of containersOf(pod)) {
      const seen = new Set<string>();
      for (const [i, variable] of mappingsOf(container['env'])) {
        const name = variable['name'];
        if (typeof name !== 'string') continue;
        if (!seen.has(name)) {
          seen.add(name);
          continue;
        }
        const reference = `$(${name})`;
        const text = typeof variable['value'] === 'string' ? variable['value'] : '';
        const hides = (variable['valueFrom'] !== undefined && variable['valueFrom'] !== null) || text === reference || !text.includes(reference);
        if (hides) findings.push({ path: [...path, 'env', i, 'name'], severity: 'warning', message: `${who} defines env var ${JSON.stringify(name)} twice: this definition hides the earlier one, which kubectl apply may drop` });
      }
    }
    return findings;
  },
};
