/**
 * A policy is a rule a schema cannot say (QoS class, an ARN's shape, what a
 * gitops repository must not hold). Each has an id the user can switch off
 * with `--skip-policy ID`, and judges one Kubernetes object at a time.
 */
import type { PathSegment, PolicyId, Severity } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';

export interface PolicyFinding {
  /** Field path within the object, where the problem is (or where the missing field belongs). */
  path: PathSegment[];
  message: string;
  severity?: Severity;
}

/** The object a policy judges: already schema-valid for its apiVersion/kind. */
export interface PolicySubject {
  apiVersion: string;
  kind: string;
  value: Record<string, unknown>;
  /** A patch (partial document): fields it leaves out come from the resource it patches. */
  partial: boolean;
}

/** A rule that judges one object at a time. */
export interface ObjectPolicy {
  id: PolicyId;
  /** One line for `--help` and the docs. */
  summary: string;
  check(subject: PolicySubject): PolicyFinding[];
}

/**
 * What one object gives a rule across objects: small, since it is kept until
 * the whole input is read. Only the policy that gathered it reads its fields.
 */
export interface InputFact {
  policy: PolicyId;
  /** A finding may come on this object, so its verdict waits for the end of the input. */
  awaits: boolean;
}

export interface InputFinding extends PolicyFinding {
  /** The index, among the facts given, of the fact of the object the finding is about. */
  fact: number;
}

/**
 * A rule that judges the objects of one input together (a Service and the
 * pods it selects): each whole, schema-valid object gives a fact, and the
 * facts of the whole input are judged at its end.
 */
export interface InputPolicy {
  id: PolicyId;
  summary: string;
  gather(subject: PolicySubject): InputFact | undefined;
  judge(facts: readonly InputFact[]): InputFinding[];
}

/** A rule a user can turn off by its id: of one object, or across the objects of an input. */
export type Policy = ObjectPolicy | InputPolicy;

export function isObjectPolicy(policy: Policy): policy is ObjectPolicy {
  return 'check' in policy;
}

/** The mapping at `key` of a mapping, else undefined: policies read documents of any shape. */
export function mappingAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!isMapping(value)) return undefined;
  const child = value[key];
  return isMapping(child) ? child : undefined;
}
