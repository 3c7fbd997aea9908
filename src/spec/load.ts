import type { Issue } from '../validate/issue.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { checkAppSpec, type SpecCheckContext } from './check.ts';
import type { AppSpec } from './types.ts';

export interface SpecLoadResult {
  spec?: AppSpec;
  issues: Issue[];
}

/** Parses and checks the text of one app.yaml; every problem comes back as an Issue with line and column. */
export function parseAppSpec(text: string, file: string, context: SpecCheckContext): SpecLoadResult {
  const { documents, issues } = parseYamlStream(text, file);
  if (issues.length > 0) return { issues };
  const contentDocs = documents.filter((d) => d.value !== null);
  if (contentDocs.length !== 1) {
    const at = contentDocs[1]?.start ?? { line: 1, column: 1 };
    return {
      issues: [{
        severity: 'error',
        rule: 'spec',
        file,
        ...at,
        message: contentDocs.length === 0 ? 'the file is empty; expected an App spec' : 'expected one YAML document (an App spec), found several',
      }],
    };
  }
  const doc = contentDocs[0]!;
  if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    return { issues: [{ severity: 'error', rule: 'spec', file, ...doc.start, message: 'expected a mapping with apiVersion, kind, metadata and spec' }] };
  }
  const problems = checkAppSpec(doc.value, context, { file, locate: doc.locate });
  if (problems.length === 0) return { spec: doc.value as AppSpec, issues: [] };
  const byPosition = (a: Issue, b: Issue) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  return { issues: problems.sort(byPosition) };
}
