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

export interface Policy {
  id: PolicyId;
  /** One line for `--help` and the docs. */
  summary: string;
  check(subject: PolicySubject): PolicyFinding[];
}

/** The mapping at `key` of a mapping, else undefined: policies read documents of any shape. */
export function mappingAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!isMapping(value)) return undefined;
  const child = value[key];
  return isMapping(child) ? child : undefined;
}
