/**
 * The bundled Kubernetes minors as tests read them, and what changes from
 * one minor to the next (compareKind on every kind both serve): the kinds
 * added and removed, the fields added and removed, the fields whose
 * required-ness changed, and any field whose shape (type, integer width,
 * grammar, enum, openness) changed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinKubernetesIndex, versionIndexPath } from '../../src/schemas/kubernetesBundle.ts';
import type { SchemaIndex } from '../../src/schemas/layout.ts';
import type { ServedTable } from '../../src/schemas/servedTable.ts';
import type { JsonSchema } from '../../src/schemas/strict.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { compareKind, emptyComparison } from './schemaComparison.ts';

const SCHEMAS = path.join(PROJECT_ROOT, 'schemas');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as T;

export function servedTableOfBundle(): ServedTable {
  return readJson<ServedTable>('kubernetes/served.json');
}

export function bundledVersions(): string[] {
  return servedTableOfBundle().versions;
}

/** `apiVersion/Kind` → file under schemas/ of one bundled minor. */
export function bundledIndex(version: string): SchemaIndex {
  return builtinKubernetesIndex(version, readJson<SchemaIndex>(versionIndexPath(version)));
}

const parsed = new Map<string, JsonSchema>();

/** `apiVersion/Kind` → strict schema, for one bundled minor. */
export function bundledSchemas(version: string): Map<string, JsonSchema> {
  return new Map(Object.entries(bundledIndex(version)).map(([key, file]) => [key, (parsed.get(file) ?? parsed.set(file, readJson<JsonSchema>(file)).get(file))!]));
}

export interface VersionChange {
  kindsAdded: string[];
  kindsRemoved: string[];
  fieldsAdded: string[];
  fieldsRemoved: string[];
  /** `owner field: required <older> vs <newer>` */
  requiredChanged: string[];
  shapeChanged: string[];
}

/** `1.30 -> 1.31` → what changed, for each pair of consecutive bundled minors. */
export function versionChanges(): Record<string, VersionChange> {
  const versions = bundledVersions();
  const out: Record<string, VersionChange> = {};
  for (let i = 1; i < versions.length; i++) {
    out[`${versions[i - 1]} -> ${versions[i]}`] = compareVersions(bundledSchemas(versions[i - 1]!), bundledSchemas(versions[i]!));
  }
  return out;
}

export function compareVersions(older: Map<string, JsonSchema>, newer: Map<string, JsonSchema>): VersionChange {
  const comparison = emptyComparison();
  for (const [key, schema] of older) {
    const next = newer.get(key);
    if (next !== undefined && next !== schema) compareKind(key, schema, next, { bounds: true, patterns: true, enums: true, additionalProperties: true }, comparison);
  }
  const sorted = (values: Iterable<string>) => [...values].sort();
  return {
    kindsAdded: sorted([...newer.keys()].filter((k) => !older.has(k))),
    kindsRemoved: sorted([...older.keys()].filter((k) => !newer.has(k))),
    fieldsAdded: sorted(comparison.onlyRight),
    fieldsRemoved: sorted(comparison.onlyLeft),
    requiredChanged: sorted(comparison.requiredDiffers),
    shapeChanged: sorted(comparison.mismatches),
  };
}
