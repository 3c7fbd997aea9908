/**
 * A check is a rule the Kubernetes API server enforces that a JSON schema
 * cannot say (a name's grammar, a selector that matches its template, a
 * schedule that parses), so that `validate` finds what only
 * `kubectl apply --dry-run=server` would. It is a policy (the same findings,
 * turned off the same way) that also says how severe its findings are and
 * where the server's own validation refuses the object: no check may refuse
 * what the server accepts.
 */
import type { InputPolicy, ObjectPolicy } from '../policies/policy.ts';

interface CheckDescription {
  /** When a finding is an error (the server refuses the object) and when a warning (it stores it, and warns or fails later). */
  severity: string;
  /** The server's validation that says so: function and file in kubernetes/kubernetes. */
  source: string;
}

/** A check of one object. */
export interface ApiServerCheck extends ObjectPolicy, CheckDescription {}

/** A check across the objects of one input. */
export interface ApiServerInputCheck extends InputPolicy, CheckDescription {}
