/**
 * Where scaffold keeps what it made for later runs (validators compiled from a user's schemas, V8's
 * compiled forms of its code): the user's own cache folder, never a shared temporary one, where another
 * user could plant code. A cache only saves time: one that cannot be written is passed over without a word.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFolders } from './files.ts';

/** `$XDG_CACHE_HOME/scaffold/<name>`, else `~/.cache/scaffold/<name>`. Throws where there is no home folder to find. */
export function userCacheFolder(name: string, env: NodeJS.ProcessEnv = process.env): string {
  // XDG: a relative XDG_CACHE_HOME is invalid and is to be ignored.
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'scaffold', name);
}

/** Writes a cache file, making its folders, or writes nothing. */
export function keepInCache(file: string, content: string | Uint8Array): void {
  // Written whole, then renamed: a run that reads while another writes sees the old file or the new one.
  const temp = `${file}.${process.pid}.tmp`;
  try {
    makeFolders(path.dirname(file));
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written, or it cannot be removed either: the cache folder is not ours to fix.
    }
  }
}
