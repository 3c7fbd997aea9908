/**
 * Finds the schema validator for an apiVersion/kind among the schema
 * catalogs given, the first catalog that has the kind winning (user folders
 * before the built-in schemas). A kind is compiled or loaded once per
 * registry, on first use; where the schemas come from (files, precompiled
 * code) is the business of whoever builds the catalog (src/io/schemaFolders.ts).
 */
import { indexKey } from '../schemas/layout.ts';
import type { JsonSchema } from '../schemas/strict.ts';
import type { CompiledSchema, SchemaError } from '../schemas/compiler.ts';
import { closestMatch } from '../vocabulary/didYouMean.ts';
import { byApiVersionAndKind } from '../vocabulary/order.ts';
import type { KubernetesTarget } from './apiLifecycle.ts';

export type { SchemaError } from '../schemas/compiler.ts';

/** Validates one document: null when valid, else ajv-style errors (see ajvIssues.ts for messages). */
export interface Validator {
  (document: unknown): SchemaError[] | null;
  /** The JSON schema behind the validator, read on first call (messages need it, valid documents don't). */
  schema(): JsonSchema;
  /** `builtin:<folder>` or the user schema folder it came from. */
  source: string;
}

export interface RegisteredKind {
  apiVersion: string;
  kind: string;
  source: string;
}

export interface SchemaRegistry {
  /** The kind's validator; undefined when no catalog has the kind, or when its schema cannot be used (see `unusable`). */
  lookup(apiVersion: string, kind: string): Validator | undefined;
  /** Why the kind's schema cannot be used (it does not compile); undefined when it can, or there is none. */
  unusable(apiVersion: string, kind: string): string | undefined;
  /** Every kind that has a schema, the one `lookup` would use; sorted by apiVersion then kind. */
  list(): readonly RegisteredKind[];
  /** For a kind without a schema: the `apiVersion/Kind` with one that it is likely a typo of (see closestMatch). */
  closestKind(apiVersion: string, kind: string): string | undefined;
}

/** What objects for one Kubernetes minor are checked with: the schemas, and what that minor serves. */
export interface TargetSchemas {
  registry: SchemaRegistry;
  kubernetes: KubernetesTarget;
}

/** One kind's schema as a catalog offers it. */
export interface SchemaEntry {
  source: string;
  /** The validator: precompiled code, or the schema compiled now; or why it cannot be compiled. Called once. */
  compile(): CompiledSchema | { unusable: string };
  /** The schema itself. Called at most once. */
  schema(): JsonSchema;
}

/** `apiVersion/Kind` (see indexKey) to the kind's schema. */
export type SchemaCatalog = ReadonlyMap<string, SchemaEntry>;

/**
 * A registry over catalogs in search order, each made on first need, once:
 * for a kind the catalogs before it lack, or for the list of every kind. A
 * run whose kinds are all in a user's folder never opens the built-in schemas.
 */
export function schemaRegistry(catalogs: readonly (() => SchemaCatalog)[]): SchemaRegistry {
  const cache = new Map<string, Validator | { unusable: string } | null>();
  const opened: SchemaCatalog[] = [];
  let merged: Map<string, SchemaEntry> | undefined;
  let listed: readonly RegisteredKind[] | undefined;
  // A repository holds the same foreign kinds again and again (a Rollout per app): each is guessed once.
  const guesses = new Map<string, string | undefined>();
  let kindNames: readonly string[] | undefined;

  const catalog = (i: number): SchemaCatalog => (opened[i] ??= catalogs[i]!());

  function entryOf(key: string): SchemaEntry | undefined {
    if (merged !== undefined) return merged.get(key);
    for (let i = 0; i < catalogs.length; i++) {
      const entry = catalog(i).get(key);
      if (entry !== undefined) return entry;
    }
    return undefined;
  }

  function entries(): Map<string, SchemaEntry> {
    if (merged !== undefined) return merged;
    merged = new Map();
    for (let i = 0; i < catalogs.length; i++) {
      for (const [key, entry] of catalog(i)) if (!merged.has(key)) merged.set(key, entry);
    }
    return merged;
  }

  function find(apiVersion: string, kind: string): Validator | { unusable: string } | undefined {
    const key = indexKey(apiVersion, kind);
    let found = cache.get(key);
    if (found === undefined) {
      const entry = entryOf(key);
      found = entry === undefined ? null : validatorOf(entry);
      cache.set(key, found);
    }
    return found ?? undefined;
  }

  return {
    lookup(apiVersion, kind) {
      const found = find(apiVersion, kind);
      return found === undefined || 'unusable' in found ? undefined : found;
    },
    unusable(apiVersion, kind) {
      const found = find(apiVersion, kind);
      return found !== undefined && 'unusable' in found ? found.unusable : undefined;
    },
    list,
    closestKind(apiVersion, kind) {
      const key = `${apiVersion}/${kind}`;
      if (!guesses.has(key)) guesses.set(key, closestMatch(key, (kindNames ??= list().map((k) => `${k.apiVersion}/${k.kind}`))));
      return guesses.get(key);
    },
  };

  // The catalogs never change.
  function list(): readonly RegisteredKind[] {
    return (listed ??= [...entries()]
      .map(([key, entry]) => {
        const slash = key.lastIndexOf('/');
        return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), source: entry.source };
      })
      .sort(byApiVersionAndKind));
  }
}

function validatorOf(entry: SchemaEntry): Validator | { unusable: string } {
  let schema: JsonSchema | undefined;
  const compiled = entry.compile();
  if ('unusable' in compiled) return compiled;
  const validator = (document: unknown) => (compiled(document) ? null : (compiled.errors ?? []));
  return Object.assign(validator, { schema: () => (schema ??= entry.schema()), source: entry.source });
}
