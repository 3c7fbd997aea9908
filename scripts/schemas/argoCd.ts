/**
 * Argo CD's `argoproj.io/v1alpha1` Application, ApplicationSet and AppProject
 * CRDs (argoproj/argo-cd 3.6 `manifests/crds`, Apache-2.0), vendored in
 * argo-cd/ from ../shared/oracle/argo-cd/, as the definitions the strict
 * converter takes. `metadata` is checked as ObjectMeta, as `scaffold schemas
 * import --crd` does.
 *
 * The CRDs repeat whole types: an ApplicationSet holds the Application
 * template once per generator, and generators nest in matrix and merge
 * generators, so its strict schema is 2.9 MB and its precompiled validator
 * 7.9 MB. Every repeated subtree is therefore written once, as a definition
 * the others refer to (sharedSubtrees.ts); the verdicts are the same.
 */
import { fileURLToPath } from 'node:url';
import type { Definition } from '../../src/schemas/strict.ts';
import { vendoredCrdDefinitions } from './vendoredCrds.ts';

export const ARGO_CD_CRDS = ['application-crd.yaml', 'applicationset-crd.yaml', 'appproject-crd.yaml'].map((file) =>
  fileURLToPath(new URL(`argo-cd/${file}`, import.meta.url)),
);

export function readArgoCd(kubernetes: Readonly<Record<string, Definition>>): Record<string, Definition> {
  return vendoredCrdDefinitions(ARGO_CD_CRDS, kubernetes);
}
