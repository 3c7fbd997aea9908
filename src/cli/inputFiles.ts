/**
 * Reads the YAML or JSON inputs a command names: a file, a folder (every
 * .yaml, .yml and .json file under it, in name order) or `-` for stdin.
 * Unreadable inputs come back with the problem instead of text, so a command
 * reports every one of them at once.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

export interface InputFile {
  /** The path as the user gave it (joined under a folder they gave), or `<stdin>`. */
  file: string;
  text?: string;
  problem?: string;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export function readInputFiles(source: string): InputFile[] {
  if (source === '-') {
    try {
      return [{ file: '<stdin>', text: readFileSync(0, 'utf8') }];
    } catch (err) {
      return [{ file: '<stdin>', problem: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }];
    }
  }
  let isDirectory: boolean;
  try {
    isDirectory = statSync(source).isDirectory();
  } catch (err) {
    return [{ file: source, problem: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }];
  }
  const files = isDirectory ? manifestFilesUnder(source) : [source];
  if (isDirectory && files.length === 0) return [{ file: source, problem: 'no .yaml, .yml or .json files in this folder' }];
  return files.map((file) => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (err) {
      return { file, problem: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  });
}

function manifestFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return manifestFilesUnder(path);
      return entry.isFile() && MANIFEST_EXTENSIONS.has(extname(entry.name)) ? [path] : [];
    });
}
