/**
 * The yaml package (YAML with source positions, and YAML written back),
 * loaded on first use rather than imported. `validate` reads a valid file
 * with js-yaml alone (quickLoad.ts) and needs yaml only for a document with
 * something to report, so a pre-commit run over valid files never loads
 * it: parsing and starting yaml was a tenth of a cold start. The bundle
 * replaces this module with one that loads dist/runtime/yaml.cjs
 * (scripts/runtimeModules.mjs), the one copy of yaml every command uses.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
let loaded: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  return (loaded ??= load('yaml') as typeof import('yaml'));
}
