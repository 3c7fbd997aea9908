import type { Issue, PathSegment } from '../vocabulary/issue.ts';
import { byPosition } from '../vocabulary/order.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { checkOrgConfig, type ConfigCheckContext } from './check.ts';
import type { OrgConfig } from './types.ts';

export interface ConfigLoadResult {
  config?: OrgConfig;
  /** Where a field of the config is, for messages about it found later (scaffold iam). */
  locate?: (path: readonly PathSegment[]) => { line: number; column: number };
  issues: Issue[];
}

/** Parses and checks the text of a .scaffold.yaml; every problem is an Issue with line and column. */
export function parseOrgConfig(text: string, file: string, context: ConfigCheckContext = {}): ConfigLoadResult {
  const { documents, issues } = parseYamlStream(text, file);
  if (issues.length > 0) return { issues };
  const content = documents.filter((d) => d.value !== null);
  if (content.length !== 1) {
    const at = content[1]?.start ?? { line: 1, column: 1 };
    const message = content.length === 0 ? 'the file is empty; expected a Config (apiVersion: scaffold/v1alpha1, kind: Config)' : 'expected one YAML document (a Config), found several';
    return { issues: [{ severity: 'error', rule: 'config', file, ...at, message }] };
  }
  const doc = content[0]!;
  if (!isMapping(doc.value)) {
    return { issues: [{ severity: 'error', rule: 'config', file, ...doc.start, message: 'expected a mapping with apiVersion: scaffold/v1alpha1 and kind: Config' }] };
  }
  const problems = checkOrgConfig(doc.value, { file, locate: doc.locate }, context);
  if (problems.length > 0) return { issues: problems.sort(byPosition) };
  return { config: doc.value as unknown as OrgConfig, locate: (path) => doc.locate(path), issues: [] };
}
