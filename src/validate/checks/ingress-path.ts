/**
 * An Ingress's paths as the API server accepts them: a pathType it knows,
 * and with Exact or Prefix an absolute path without the sequences a proxy
 * would normalise (`//`, `/./`, `/../`, an escaped slash) or a `/..` or `/.`
 * at the end; with ImplementationSpecific only an absolute path (the rest is
 * the controller's, regular expressions included). A path without a
 * pathType is the schema's to refuse (it is required).
 */
import { ingressPathProblems, PATH_TYPES } from '../../vocabulary/ingressPath.ts';
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { mappingsOf } from './pods.ts';

export const ingressPath: ApiServerCheck = {
  id: 'ingress-path',
  summary: "an Ingress path's pathType is Exact, Prefix or ImplementationSpecific, and an Exact or Prefix path is absolute without //, /./, /../ or %2F and does not end in /.. or /.",
  severity: 'error',
  source: 'validateHTTPIngressPath in pkg/apis/networking/validation/validation.go (invalidPathSequences, invalidPathSuffixes, supportedPathTypes)',
  check({ apiVersion, kind, value, partial }) {
    if (kind !== 'Ingress' || apiVersion !== 'networking.k8s.io/v1') return [];
    const findings: PolicyFinding[] = [];
    for (const [r, rule] of mappingsOf(mappingAt(value, 'spec')?.['rules'])) {
      for (const [p, entry] of mappingsOf(mappingAt(rule, 'http')?.['paths'])) {
        const at = ['spec', 'rules', r, 'http', 'paths', p];
        const pathType = entry['pathType'];
        if (typeof pathType !== 'string') continue;
        if (!(PATH_TYPES as readonly string[]).includes(pathType)) {
          findings.push({ path: [...at, 'pathType'], message: `pathType ${JSON.stringify(pathType)} is not one of ${PATH_TYPES.join(', ')}` });
          continue;
        }
        // No path is an empty one to the server; a patch may leave it to the resource.
        if (entry['path'] === undefined && partial) continue;
        const path = typeof entry['path'] === 'string' ? entry['path'] : '';
        const problems = ingressPathProblems(path, pathType);
        if (problems.length > 0) findings.push({ path: [...at, 'path'], message: `${JSON.stringify(path)} is refused as a ${pathType} path: ${problems.join('; ')}` });
      }
    }
    return findings;
  },
};
