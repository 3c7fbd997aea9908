import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLES, PROJECT_ROOT, REALWORLD_DIR } from './paths.ts';

/** The text of every YAML file below `dir`; none where the folder is absent (the reference data may be). */
export function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  } catch {
    return [];
  }
}

/** Real manifests for the readers' tests: the valid corpus, the examples, and ../shared/realworld where present. */
export const REAL_YAML: readonly string[] = [...yamlFiles(path.join(PROJECT_ROOT, 'test/validate/corpus/valid')), ...yamlFiles(EXAMPLES), ...yamlFiles(REALWORLD_DIR)];
