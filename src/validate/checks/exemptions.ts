/**
 * Exemptions written in the object itself: an annotation
 * `ignore-check.scaffold.dev/<rule-id>: "<reason>"` keeps that rule from
 * failing that object, and the reason is shown with -v, so an exception is
 * reviewed where it is made and travels with the object (through Kustomize
 * too). A reason is required; an annotation naming no known rule is a
 * warning, since it exempts nothing (a typo would otherwise go unnoticed).
 */
import { closestMatch } from '../../vocabulary/didYouMean.ts';
import { EXEMPTION_PREFIX, type PathSegment, type Severity } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';

export interface Exemption<F> {
  rule: string;
  reason: string;
  /** The findings it kept from failing the object. */
  findings: F[];
}

export interface ExemptionProblem {
  path: PathSegment[];
  severity: Severity;
  message: string;
}

export interface ExemptionResult<F> {
  /** The findings no exemption covers. */
  kept: readonly F[];
  /** The exemptions the object declares, for -v. */
  exemptions: Exemption<F>[];
  /** Exemptions without a reason (errors) and for unknown rules (warnings), at their annotation. */
  problems: ExemptionProblem[];
}

/**
 * Drops the findings of the rules an object exempts itself from. `known` is
 * every rule id that can be exempted (policies and checks: not syntax or
 * schema, whose findings mean the object cannot be read as intended).
 */
export function applyExemptions<F extends { rule: string }>(object: unknown, findings: readonly F[], known: readonly string[]): ExemptionResult<F> {
  const metadata = isMapping(object) && isMapping(object['metadata']) ? object['metadata'] : undefined;
  const annotations = metadata !== undefined && isMapping(metadata['annotations']) ? metadata['annotations'] : {};
  // Most objects exempt themselves from nothing: they cost one look at their annotation keys.
  if (!Object.keys(annotations).some((key) => key.startsWith(EXEMPTION_PREFIX))) return { kept: findings, exemptions: [], problems: [] };
  const reasons = new Map<string, string>();
  const problems: ExemptionProblem[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(EXEMPTION_PREFIX)) continue;
    const rule = key.slice(EXEMPTION_PREFIX.length);
    const path = ['metadata', 'annotations', key];
    if (!known.includes(rule)) {
      const guess = closestMatch(rule, known);
      problems.push({ path, severity: 'warning', message: `"${rule}" is no rule that can be exempted, so this annotation exempts nothing${guess ? ` (did you mean "${guess}"?)` : ''}; rules: ${known.join(', ')}` });
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ path, severity: 'error', message: `an exemption from ${rule} needs a reason: ${key}: "<why this object may break the rule>"` });
      continue;
    }
    reasons.set(rule, value.trim());
  }
  const kept = findings.filter((f) => !reasons.has(f.rule));
  const exemptions = [...reasons].map(([rule, reason]) => ({ rule, reason, findings: findings.filter((f) => f.rule === rule) }));
  return { kept, exemptions, problems };
}
