/**
 * A JSON 6902 patch file (what a kustomization's patchesJson6902, or a
 * `patches` entry with a target, may point to): a list of operations, each
 * checked for the fields RFC 6902 gives its op.
 */
import { closestMatch } from '../vocabulary/didYouMean.ts';
import type { PathSegment } from '../vocabulary/issue.ts';
import { isMapping } from '../yamlSource/mapping.ts';

const OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  add: ['path', 'value'],
  remove: ['path'],
  replace: ['path', 'value'],
  move: ['from', 'path'],
  copy: ['from', 'path'],
  test: ['path', 'value'],
};
const FIELDS = ['op', 'path', 'from', 'value'];

export interface JsonPatchFinding {
  path: PathSegment[];
  message: string;
}

/** Whether a parsed document is meant as a JSON patch: a list (a strategic merge patch is a mapping). */
export function isJsonPatchDocument(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

export function jsonPatchFindings(operations: readonly unknown[]): JsonPatchFinding[] {
  const findings: JsonPatchFinding[] = [];
  operations.forEach((operation, index) => {
    if (!isMapping(operation)) {
      findings.push({ path: [index], message: 'expected an operation such as {op: replace, path: /spec/replicas, value: 3}' });
      return;
    }
    const op = operation['op'];
    const needs = typeof op === 'string' ? OPERATIONS[op] : undefined;
    if (needs === undefined) {
      const guess = typeof op === 'string' ? closestMatch(op, Object.keys(OPERATIONS)) : undefined;
      findings.push({
        path: [index, 'op'],
        message: `${op === undefined ? 'missing op' : `unknown op ${JSON.stringify(op)}`}${guess ? ` (did you mean "${guess}"?)` : ''}: one of ${Object.keys(OPERATIONS).join(', ')}`,
      });
      return;
    }
    // RFC 6902 ignores members an op does not define; a misspelt member is still a mistake worth naming.
    const misspelt = new Map<string, string | undefined>();
    for (const field of Object.keys(operation)) {
      if (!FIELDS.includes(field)) misspelt.set(field, closestMatch(field, FIELDS));
    }
    const meant = new Set(misspelt.values());
    for (const field of needs) {
      if (!(field in operation) && !meant.has(field)) findings.push({ path: [index, field], message: `missing "${field}", which ${op} needs` });
    }
    for (const field of ['path', 'from']) {
      const pointer = operation[field];
      if (pointer !== undefined && (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/')))) {
        findings.push({ path: [index, field], message: `must be a JSON pointer such as /spec/replicas, got ${JSON.stringify(pointer)}` });
      }
    }
    for (const [field, guess] of misspelt) {
      findings.push({ path: [index, field], message: `unknown field "${field}"${guess ? ` (did you mean "${guess}"?)` : ''}; an operation has ${FIELDS.join(', ')}` });
    }
  });
  return findings;
}
