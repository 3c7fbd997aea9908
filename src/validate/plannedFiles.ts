import type { PlannedFile } from '../render/plan.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { validateDocument } from './documents.ts';
import type { Issue } from './issue.ts';
import type { SchemaRegistry } from './registry.ts';

/**
 * Validates rendered files before they are written, read as Kustomize will read them
 * (YAML 1.1). Resources must be complete, patches only well typed, and kustomizations
 * hold Kustomize v5 fields only.
 */
export function validatePlannedFiles(files: readonly PlannedFile[], registry: SchemaRegistry): Issue[] {
  const issues: Issue[] = [];
  for (const file of files) {
    const parsed = parseYamlStream(file.content, file.path, { version: '1.1' });
    issues.push(...parsed.issues);
    for (const doc of parsed.documents) {
      issues.push(
        ...validateDocument(doc, file.path, { registry, partial: file.role === 'patch', kustomizationFile: file.role === 'kustomization' }),
      );
    }
  }
  return issues;
}
