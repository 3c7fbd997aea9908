import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(PROJECT_ROOT, 'bin/scaffold.js');
export const EXAMPLES = join(PROJECT_ROOT, 'examples');
export const SHARED = resolve(PROJECT_ROOT, '../shared');
export const HAS_SHARED = existsSync(SHARED);
