import { objectYaml } from '../render/argoCd.ts';

/**
 * Kubernetes objects as a YAML stream that Kubernetes reads back as the same
 * values: a string go-yaml would take for a boolean, number or null (`yes`,
 * `0123`, `~`) is quoted, lines are never folded, documents are separated by `---`.
 */
export function yamlStream(documents: readonly object[]): string {
  return documents.map(objectYaml).join('---\n');
}
