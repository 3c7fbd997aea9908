import { hasErrors, type Issue } from '../vocabulary/issue.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { quickLoad } from '../yamlSource/quickLoad.ts';
import { byPosition } from '../vocabulary/order.ts';
import { checkAppSpec, type SpecCheckContext } from './check.ts';
import type { AppSpec } from './types.ts';

export interface SpecLoadResult {
  spec?: AppSpec;
  issues: Issue[];
}

/** Parses and checks the text of one app.yaml; every problem comes back as an Issue with line and column. */
export function parseAppSpec(text: string, file: string, context: SpecCheckContext): SpecLoadResult {
  // A repo of a thousand apps is read on every render: the quick reader settles the common
  // case of a valid spec, and anything to report is read again with positions to say where.
  const quick = quickLoad(text)?.filter((d) => d.value !== null);
  const quickValue: unknown = quick?.length === 1 ? quick[0]!.value : undefined;
  if (isMapping(quickValue) && checkAppSpec(quickValue, context, { file }).length === 0) return { spec: quickValue as unknown as AppSpec, issues: [] };
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
  if (!isMapping(doc.value)) {
    return { issues: [{ severity: 'error', rule: 'spec', file, ...doc.start, message: 'expected a mapping with apiVersion, kind, metadata and spec' }] };
  }
  const problems = checkAppSpec(doc.value, context, { file, locate: doc.locate, sourceOf: doc.sourceOf, nonStringKeys: doc.nonStringKeys }).sort(byPosition);
  // Warnings go with the spec: the app renders, and the user reads them.
  return hasErrors(problems) ? { issues: problems } : { spec: doc.value as unknown as AppSpec, issues: problems };
}
