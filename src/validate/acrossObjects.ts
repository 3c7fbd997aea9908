/**
 * The policies across objects (a Service's named targetPort on the pods it
 * selects) judge an input once it is read whole. Memory stays flat: every
 * object leaves only its small facts, and only the results of objects a
 * finding may come on (a Service with a named targetPort) wait for the end;
 * every other result goes to the report at once.
 */
import type { Position } from '../yamlSource/parse.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { formatPath, type Issue, type PathSegment } from '../vocabulary/issue.ts';
import { documentResources } from './documents.ts';
import { statusOf, type ResourceResult } from './manifests.ts';
import { isObjectPolicy, type InputFact, type InputPolicy, type Policy } from './policies/policy.ts';

export class InputJudgement {
  private readonly policies: readonly InputPolicy[];
  private readonly facts: InputFact[] = [];
  /** For each fact, the waiting result it belongs to, if it waits. */
  private readonly owners: (number | undefined)[] = [];
  private readonly waiting: ResourceResult[] = [];

  constructor(policies: readonly Policy[]) {
    this.policies = policies.filter((p): p is InputPolicy => !isObjectPolicy(p));
  }

  /**
   * Keeps a result's facts. Returns the result to report now, without its
   * facts, or undefined when it waits for the end of the input (finish).
   */
  add(result: ResourceResult): ResourceResult | undefined {
    if (result.facts === undefined) return result;
    const { facts, ...rest } = result;
    const waits = facts.some((f) => f.awaits);
    for (const fact of facts) {
      this.facts.push(fact);
      this.owners.push(waits ? this.waiting.length : undefined);
    }
    if (!waits) return rest;
    this.waiting.push(rest);
    return undefined;
  }

  /**
   * The waiting results, in the order they came, each with the findings the
   * policies across objects make on it. `locate` places a finding's path in
   * the object's source (undefined: at the object's first line).
   */
  finish(locate: (result: ResourceResult, path: readonly PathSegment[]) => Position | undefined): ResourceResult[] {
    const found = new Map<number, Issue[]>();
    for (const policy of this.policies) {
      for (const finding of policy.judge(this.facts)) {
        const owner = this.owners[finding.fact];
        // Only an object whose fact awaits can be found at fault; a finding elsewhere would come too late to report.
        if (owner === undefined) continue;
        const result = this.waiting[owner]!;
        const place = locate(result, finding.path) ?? (result.line === undefined ? {} : { line: result.line });
        const issue: Issue = {
          severity: finding.severity ?? 'error',
          rule: policy.id,
          message: finding.message,
          file: result.file,
          ...place,
          ...(result.line === undefined ? {} : { documentLine: result.line }),
          path: formatPath(finding.path),
          ...(result.apiVersion === undefined ? {} : { apiVersion: result.apiVersion }),
          ...(result.kind === undefined ? {} : { kind: result.kind }),
          ...(result.name === undefined ? {} : { name: result.name }),
        };
        found.set(owner, [...(found.get(owner) ?? []), issue]);
      }
    }
    return this.waiting.map((result, i) => withFindings(result, found.get(i) ?? []));
  }
}

/** A result with more findings: those of a rule it exempts itself from go to its exemption. */
function withFindings(result: ResourceResult, findings: readonly Issue[]): ResourceResult {
  if (findings.length === 0) return result;
  const exemptions = result.exemptions?.map((e) => ({ ...e, findings: [...e.findings, ...findings.filter((f) => f.rule === e.rule)] }));
  const exempted = new Set(exemptions?.map((e) => e.rule));
  const issues = [...result.issues, ...findings.filter((f) => !exempted.has(f.rule))];
  return { ...result, status: statusOf(issues), issues, ...(exemptions === undefined ? {} : { exemptions }) };
}

/**
 * Where a path of the object starting at `line` is in a manifest's text; undefined
 * when no object starts there (the file changed since it was read).
 */
export function locateInManifest(text: string, line: number, path: readonly PathSegment[]): Position | undefined {
  const parsed = parseYamlStream(text, '');
  for (const doc of parsed.documents) {
    for (const resource of documentResources(doc, '').resources) {
      if (resource.start.line === line) return doc.locate([...resource.at, ...path]);
    }
  }
  return undefined;
}
