import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tempDir } from './tempDir.ts';

/** Every file under `dir` (relative path -> content), sorted by path. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** mtimes of every file under `dir`, to prove a run wrote nothing. */
export function mtimes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const path of Object.keys(readTree(dir))) out[path] = statSync(join(dir, path)).mtimeMs;
  return out;
}

/** A temporary folder holding a copy of `source` (empty without one), removed as tempDir's are. */
export function tempCopy(source: string | undefined, prefix = 'scaffold-test-'): string {
  const dir = tempDir(prefix);
  if (source) cpSync(source, dir, { recursive: true });
  return dir;
}
