/**
 * A gitops repository must not hold secret values: a Secret carrying data or
 * stringData (base64 is an encoding, not encryption), or a kustomize
 * secretGenerator reading literals or files from the repository. The value
 * belongs in AWS SSM Parameter Store, read by an ExternalSecret.
 */
import { isMapping } from '../../yamlSource/mapping.ts';
import type { ObjectPolicy, PolicyFinding } from './policy.ts';

const FIX = 'keep the value in AWS SSM Parameter Store and create the Secret with an ExternalSecret (external-secrets.io/v1)';

export const noPlainSecret: ObjectPolicy = {
  id: 'no-plain-secret',
  summary: 'no Secret carries data or stringData, and no kustomization generates a Secret from files or literals: use an ExternalSecret',
  check({ kind, value }) {
    if (kind === 'Secret') {
      return (['data', 'stringData'] as const)
        .filter((field) => isMapping(value[field]) && Object.keys(value[field]).length > 0)
        .map((field) => ({ path: [field], message: `a Secret with ${field} puts its values in git; ${FIX}` }));
    }
    if (kind === 'Kustomization' || kind === 'Component') {
      const generators = value['secretGenerator'];
      if (!Array.isArray(generators)) return [];
      const findings: PolicyFinding[] = [];
      generators.forEach((generator: unknown, index) => {
        if (!isMapping(generator)) return;
        for (const source of ['literals', 'files', 'envs', 'env'] as const) {
          const given = generator[source];
          if ((Array.isArray(given) && given.length > 0) || (typeof given === 'string' && given !== '')) {
            findings.push({ path: ['secretGenerator', index, source], message: `a secretGenerator reading ${source} from the repository puts secret values in git; ${FIX}` });
          }
        }
      });
      return findings;
    }
    return [];
  },
};
