/**
 * CRDs vendored beside these scripts, as the definitions the strict converter
 * takes, over the Kubernetes ones they refer to. CRDs leave `metadata` a bare
 * object; like `scaffold schemas import --crd`, the schema checks it as the
 * API server does, as ObjectMeta (taken from `kubernetes`).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { definitionsFromCrd, OBJECT_META } from '../../src/schemas/crd.ts';
import type { Definition } from '../../src/schemas/strict.ts';

export function vendoredCrdDefinitions(files: readonly string[], kubernetes: Readonly<Record<string, Definition>>): Record<string, Definition> {
  const out: Record<string, Definition> = { ...kubernetes };
  for (const file of files) {
    for (const [name, definition] of Object.entries(definitionsFromCrd(parse(readFileSync(file, 'utf8'))))) {
      out[name] = { ...definition, properties: { ...definition.properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } } };
    }
  }
  return out;
}
