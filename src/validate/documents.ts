import type { SourceDocument } from '../yamlSource/parse.ts';
import { schemaIssues } from './ajvIssues.ts';
import type { Issue } from './issue.ts';
import type { SchemaRegistry } from './registry.ts';

export interface DocumentCheckOptions {
  registry: SchemaRegistry;
  /**
   * The document is a patch: it only has to be well typed, since its required
   * fields come from the resource it patches.
   */
  partial?: boolean;
}

/** What a Kubernetes document says about itself, for issues and reports. */
export interface DocumentIdentity {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export function identityOf(value: unknown): DocumentIdentity {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const metadata = (v.metadata ?? {}) as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return { apiVersion: str(v.apiVersion), kind: str(v.kind), name: str(metadata.name), namespace: str(metadata.namespace) };
}

/**
 * Validates one parsed document against the schema of its apiVersion/kind. Returns
 * issues, never throws; an empty document is nothing to validate.
 */
export function validateDocument(doc: SourceDocument, file: string, options: DocumentCheckOptions): Issue[] {
  const value = doc.value;
  if (value === null) return [];
  const at = { file, ...doc.start };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [{ severity: 'error', rule: 'syntax', ...at, message: `expected a Kubernetes object (a mapping with apiVersion and kind), found ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}` }];
  }
  const id = identityOf(value);
  const base = { file, apiVersion: id.apiVersion, kind: id.kind, name: id.name };
  const missing = (['apiVersion', 'kind'] as const).filter((f) => id[f] === undefined);
  if (missing.length > 0) {
    return missing.map((field) => ({ ...base, severity: 'error', rule: 'syntax', ...doc.locate([field]), path: field, message: `missing ${field} (a string)` }));
  }
  const validator = options.registry.lookup(id.apiVersion!, id.kind!);
  if (!validator) {
    return [{
      ...base,
      severity: 'error',
      rule: 'missing-schema',
      ...at,
      message: `no schema for ${id.apiVersion}/${id.kind}: import it (scaffold schemas import --crd FILE --out DIR) and pass --schemas DIR, or pass --ignore-missing-schemas`,
    }];
  }
  const errors = validator(value);
  if (!errors) return [];
  const relevant = options.partial ? errors.filter((e) => e.keyword !== 'required') : errors;
  return schemaIssues(relevant, { document: value, schema: () => validator.schema(), base, locate: doc.locate });
}
