/** Reading single files, and making folders. Whoever needs a file to exist says so; the readers only report what they found. */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { compareCodeUnits } from '../vocabulary/order.ts';
import { writtenText } from '../yamlSource/decode.ts';

/**
 * A named pipe opened for reading waits for a writer, for good when there is none: the
 * readers open without waiting, look at what they opened, and read only a regular file.
 * (Windows has no such flag, and no named pipes in the file system.)
 */
const OPEN_WITHOUT_WAITING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * A regular file's content, to compare with what scaffold would write there (see
 * writtenText: `utf8: false` when its bytes are not UTF-8, which no plan equals), or
 * why it cannot be read.
 */
export function readWrittenText(path: string): { text: string; utf8: boolean } | { problem: string } {
  const read = readBytes(path);
  return 'bytes' in read ? writtenText(read.bytes) : read;
}

/**
 * A regular file's bytes, or why they cannot be read: a named pipe, socket, device or
 * folder is named as what it is and not read; a symbolic link that leads to no file is
 * named with where it points.
 */
export function readBytes(path: string): { bytes: Buffer } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_WITHOUT_WAITING);
  } catch (err) {
    const broken = brokenLink(path);
    return { problem: broken === undefined ? `cannot read: ${errorCode(err)}` : `is a symbolic link to ${broken.target}, ${broken.problem}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: `is ${notRegularKind(stat)}, not a regular file` };
    return { bytes: readFileSync(fd) };
  } catch (err) {
    return { problem: `cannot read: ${errorCode(err)}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * A symbolic link that leads to no file: where it points, and what is wrong (nothing is
 * there, or it leads back to itself); undefined for a link that works, or no link.
 */
export function brokenLink(path: string): { target: string; problem: string } | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
    statSync(path);
    return undefined;
  } catch (err) {
    let target: string;
    try {
      target = readlinkSync(path);
    } catch {
      return undefined;
    }
    return { target, problem: errorCode(err) === 'ELOOP' ? 'which leads back to itself (a loop of links)' : 'where there is nothing (a broken link)' };
  }
}

/** What a path that is no regular file is, for messages (`a named pipe (FIFO)`). */
export function notRegularKind(entry: Pick<Dirent | Stats, 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (entry.isDirectory()) return 'a folder';
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  return 'not a file or a folder';
}

/**
 * A JSON file of the package's own (the built-in schemas, the instance types). A person's file is
 * read strictly instead (readTextFile in inputFiles.ts), never with U+FFFD for a bad byte.
 */
export function readJsonFile<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Whether anything is at `path`, a symbolic link counted as itself (one that leads nowhere too). */
export function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file system error's code (ENOENT), or its message when it has none. */
export function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/** The names in a folder, sorted by code unit; undefined when it cannot be listed. */
export function folderNames(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).sort(compareCodeUnits);
  } catch {
    return undefined;
  }
}

/**
 * Makes a folder and the folders above it that are missing, as `mkdir -p`
 * does. Not Node's recursive mkdir: where the system says a folder it cannot
 * make does not exist though its parent does (a path under /proc, as an
 * XDG_CACHE_HOME may be), that retries the parent forever at full CPU. Here
 * each missing folder is made once, from the top, and a failure is thrown.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !madeOrFound(at); at = path.dirname(at)) {
    if (path.dirname(at) === at) throw new Error(`no folder to make ${dir} in`);
    missing.push(at);
  }
  // Where one is still not found (under /proc), mkdir itself says why.
  for (const folder of missing.reverse()) if (!madeOrFound(folder)) mkdirSync(folder);
}

/** Makes `folder` if its parent is there: true when it is a folder now, false when its parent is missing; anything else at that name, or any other failure, is thrown. */
function madeOrFound(folder: string): boolean {
  try {
    mkdirSync(folder);
    return true;
  } catch (err) {
    if (errorCode(err) === 'EEXIST' && isFolder(folder)) return true;
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
}
