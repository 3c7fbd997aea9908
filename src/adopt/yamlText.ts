import { yaml } from '../yamlSource/yamlPackage.ts';
import { KUBERNETES_SCALAR_TAGS } from '../yamlSource/kubernetesScalars.ts';

/**
 * Kubernetes objects as a YAML stream that Kubernetes reads back as the same
 * values: a string go-yaml would take for a boolean, number or null (`yes`,
 * `0123`, `~`) is quoted, lines are never folded, documents are separated by `---`.
 */
export function yamlStream(documents: readonly unknown[]): string {
  return documents.map((d) => yaml().stringify(d, { lineWidth: 0, compat: [...KUBERNETES_SCALAR_TAGS] })).join('---\n');
}
