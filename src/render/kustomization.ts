import { stringify } from 'yaml';

/** The Kustomize v5 fields scaffold writes (never commonLabels, patchesStrategicMerge, bases or vars). */
export interface Kustomization {
  apiVersion: 'kustomize.config.k8s.io/v1beta1';
  kind: 'Kustomization';
  resources: string[];
  labels?: { pairs: Record<string, string>; includeSelectors: boolean; includeTemplates: boolean }[];
  images?: ({ name: string; newTag: string } | { name: string; digest: string })[];
  replicas?: { name: string; count: number }[];
  patches?: { path: string }[];
}

export function baseKustomization(resources: string[], patches: string[]): Kustomization {
  const k: Kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
  if (patches.length > 0) k.patches = patches.map((path) => ({ path }));
  return k;
}

export interface OverlayInput {
  app: string;
  environment: string;
  image: string;
  imageTag: string;
  replicas: number;
  resources: string[];
  patches: string[];
}

export function overlayKustomization(o: OverlayInput): Kustomization {
  const image = o.imageTag.startsWith('sha256:') ? { name: o.image, digest: o.imageTag } : { name: o.image, newTag: o.imageTag };
  const k: Kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['../../base', ...o.resources],
    // Selectors are immutable once deployed, so the instance label stays out of them.
    labels: [{ pairs: { 'app.kubernetes.io/instance': `${o.app}-${o.environment}` }, includeSelectors: false, includeTemplates: true }],
    images: [image],
    replicas: [{ name: o.app, count: o.replicas }],
  };
  if (o.patches.length > 0) k.patches = o.patches.map((path) => ({ path }));
  return k;
}

export function kustomizationYaml(k: Kustomization): string {
  return stringify(k, { lineWidth: 0, version: '1.1' });
}
