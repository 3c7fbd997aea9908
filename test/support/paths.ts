import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(PROJECT_ROOT, 'bin/scaffold.js');
export const EXAMPLES = join(PROJECT_ROOT, 'examples');

/**
 * Read-only reference data in `../shared` beside the project: the official Kubernetes
 * OpenAPI document, the External Secrets CRDs and real-world manifests. Tests use it only
 * as an independent judge, and skip visibly without it.
 */
export const SHARED = resolve(PROJECT_ROOT, '../shared');
export const SWAGGER_FILE = join(SHARED, 'oracle/kubernetes/swagger-v1.36.json');
export const CRD_DIR = join(SHARED, 'oracle/crds');
export const REALWORLD_DIR = join(SHARED, 'realworld');

/** True when `file` exists; otherwise says on the console which tests are skipped and why. */
export function available(file: string, what: string): boolean {
  if (existsSync(file)) return true;
  console.warn(`SKIPPED ${what}: ${file} is missing (reference data is expected in ../shared)`);
  return false;
}
