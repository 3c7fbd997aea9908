/**
 * Where the read-only reference data lives: `../shared` beside the project
 * root. Tests use it only as an independent judge and skip visibly without it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const sharedRoot = path.resolve(projectRoot, '../shared');
export const swaggerFile = path.join(sharedRoot, 'oracle/kubernetes/swagger-v1.36.json');
export const crdDir = path.join(sharedRoot, 'oracle/crds');
export const realworldDir = path.join(sharedRoot, 'realworld');

/** True when `file` exists; otherwise says on the console which tests are skipped and why. */
export function available(file: string, what: string): boolean {
  if (existsSync(file)) return true;
  console.warn(`SKIPPED ${what}: ${file} is missing (reference data is expected in ../shared)`);
  return false;
}
