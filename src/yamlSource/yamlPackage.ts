/**
 * The two YAML libraries, loaded on first use rather than imported: yaml
 * (YAML with source positions, and YAML written back) and js-yaml (what
 * scaffold's own block-style reader declines, and places inside flow
 * collections). `validate` reads a valid file with neither (quickLoad.ts)
 * and needs yaml only for a document with something to report, so a
 * pre-commit run over valid files loads none: parsing and starting yaml was
 * a tenth of a cold start, js-yaml some 2 ms of 65. The bundle replaces this
 * module with one that loads dist/runtime/yaml.cjs and js-yaml.cjs
 * (scripts/runtimeModules.mjs), the one copy of each every command uses.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
let loadedYaml: typeof import('yaml') | undefined;
let loadedJsYaml: typeof import('js-yaml') | undefined;

export function yaml(): typeof import('yaml') {
  return (loadedYaml ??= load('yaml') as typeof import('yaml'));
}

export function jsYaml(): typeof import('js-yaml') {
  return (loadedJsYaml ??= load('js-yaml') as typeof import('js-yaml'));
}
