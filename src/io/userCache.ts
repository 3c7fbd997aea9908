/**
 * Where scaffold keeps what it made for later runs (validators compiled from a user's schemas, V8's
 * compiled forms of its code): the user's own cache folder, never a shared temporary one, where another
 * user could plant code. A cache only saves time: one that cannot be written is passed over without a word.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import { crc32 } from 'node:zlib';
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

// The CRC-32 that heads what keepChecked keeps.
const CHECK_BYTES = 4;

/**
 * Keeps `content` headed by a CRC-32 of it, continued from `seed` (a CRC-32 of what it was made from):
 * for V8's compiled forms, which V8 would take damaged, or made from other code of the same length.
 */
export function keepChecked(file: string, content: Uint8Array, seed = 0): void {
  const check = Buffer.alloc(CHECK_BYTES);
  check.writeUInt32BE(crc32(content, seed));
  keepInCache(file, Buffer.concat([check, content]));
}

/** What keepChecked kept in `file` from the same `seed`, if it is there and whole; never an empty content, which V8 would take as a whole form. */
export function readChecked(file: string, seed = 0): Buffer | undefined {
  let kept: Buffer;
  try {
    kept = readFileSync(file);
  } catch {
    return undefined;
  }
  const content = kept.subarray(CHECK_BYTES);
  return content.length > 0 && kept.readUInt32BE(0) === crc32(content, seed) ? content : undefined;
}

interface Pending {
  file: string;
  make: () => Uint8Array | undefined;
  seed: number;
  // V8's tag for its version and flags when the code was compiled.
  tag: number;
}

const pending: Pending[] = [];
let listening = false;

/**
 * Keeps V8's compiled form of code just compiled, which `make` gives, as keepChecked does, as the
 * run ends (or when keepPending is called): it then holds every function the run compiled, where
 * one made earlier holds those compiled so far. Only while V8's flags are those the code was
 * compiled under (onePass.ts changes them for a long run): under others V8 would make a form the
 * next start, named for these, passes over. `make` may give nothing; then nothing is kept.
 */
export function keepFormAtExit(file: string, make: () => Uint8Array | undefined, seed = 0): void {
  if (!listening) {
    listening = true;
    process.once('exit', keepPending);
  }
  pending.push({ file, make, seed, tag: cachedDataVersionTag() });
}

/** Keeps now what keepFormAtExit was given so far. */
export function keepPending(): void {
  for (const { file, make, seed, tag } of pending.splice(0)) {
    const content = tag === cachedDataVersionTag() ? make() : undefined;
    if (content !== undefined) keepChecked(file, content, seed);
  }
}
