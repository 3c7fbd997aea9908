/**
 * The one walker over the inputs a command names: files as they are,
 * folders recursively (hidden folders and node_modules left out, entries in
 * code-unit order, symbolic links followed once), and `-` for standard
 * input. Every command that reads a list of inputs (validate, schemas
 * import, capacity --manifests) finds them here.
 *
 * A named pipe, a socket or a device found in a folder is listed but never
 * read: a pipe nothing writes to would block the run for good. One named on
 * the command line is read, as `cat` reads it: that is how
 * `scaffold validate <(kubectl kustomize overlays/prod)` works. A symbolic
 * link that leads to no file is an input that cannot be read, found in a
 * folder or named, when its name is one the folder's inputs have.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { byName } from '../vocabulary/order.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { decodeYamlBytes, textReadAsUtf8 } from '../yamlSource/decode.ts';
import { brokenLink, errorCode, notRegularKind, readBytes } from './files.ts';

export const STDIN = '-';

export interface InputFile {
  /** The path as shown in reports: as the user gave it, or joined onto a folder they gave; `stdin` for `-`. */
  display: string;
  /** Absolute path; undefined for stdin. */
  absolute?: string;
  /** Found by walking a folder, rather than named by the user. */
  discovered: boolean;
  /** The path does not exist. */
  missing?: boolean;
  /** Found in a folder, and not a regular file: what it is (`a named pipe (FIFO)`). */
  notRegular?: string;
  /** A symbolic link that leads to no file, found in a folder or named: what is wrong with it. */
  brokenLink?: string;
}

export interface WalkOptions {
  cwd: string;
  /** Which files a folder contributes, by name. */
  names: RegExp;
  /** Leave out files whose shown path matches one of these. */
  ignore?: readonly RegExp[];
  /** Told each folder's listing as the walk reads it, for a caller that would otherwise list the folder again (PatchIndex). */
  onListing?: (dir: string, entries: readonly Dirent[]) => void;
}

// Folders a walk never enters: dependencies and tool state, never manifests.
const SKIPPED_FOLDERS = new Set(['node_modules']);

/** Expands the paths a user gave into input files, each once, in the order given. */
export function findInputFiles(paths: readonly string[], options: WalkOptions): InputFile[] {
  const inputs: InputFile[] = [];
  const seen = new Set<string>();
  const add = (input: InputFile) => {
    const key = input.absolute ?? STDIN;
    if (seen.has(key) || options.ignore?.some((pattern) => pattern.test(input.display))) return;
    seen.add(key);
    inputs.push(input);
  };
  for (const given of paths) {
    if (given === STDIN) {
      add({ display: 'stdin', discovered: false });
      continue;
    }
    const absolute = path.resolve(options.cwd, given);
    const stat = statOf(absolute);
    if (stat === undefined) add({ display: given, absolute, discovered: false, ...brokenOrMissing(absolute) });
    else if (stat.isDirectory()) walk(absolute, shownPrefix(given), options, new Set(), add);
    else add({ display: given, absolute, discovered: false });
  }
  return inputs;
}

/** Whether the path (relative to `cwd`) is a folder; a missing path is not. */
export function isFolderInput(given: string, cwd: string): boolean {
  return given !== STDIN && (statOf(path.resolve(cwd, given))?.isDirectory() ?? false);
}

/** What reading an input gave: its content, why it cannot be read, or why it was not read (a warning). */
export type InputRead<T> = T | { problem: string } | { skipped: string };

/** The bytes of an input, or why they cannot be read; `stdin` holds standard input, read by the caller. */
export function readInputBytes(input: InputFile, stdin: Uint8Array | undefined): InputRead<{ bytes: Uint8Array }> {
  if (input.missing) return { problem: 'no such file or folder' };
  if (input.brokenLink !== undefined) return { problem: input.brokenLink };
  if (input.notRegular !== undefined) return { skipped: `${input.notRegular}, not a regular file: skipped (name it on the command line to read it)` };
  if (input.absolute === undefined) return stdin === undefined ? { problem: 'standard input was not read' } : { bytes: stdin };
  try {
    return { bytes: readFileSync(input.absolute) };
  } catch (err) {
    return { problem: `cannot read: ${errorCode(err)}` };
  }
}

// Made once: given a string, readFileSync makes these options for each file.
const UTF8_READ = { encoding: 'utf8', flag: 'r' } as const;

/**
 * A YAML input: its text, read as UTF-8 in one call (less work than reading
 * bytes and decoding them), where that text shows the file is UTF-8 without
 * a NUL; else its bytes, for decodeYamlBytes to say what is wrong with them.
 */
export function readInputYaml(input: InputFile, stdin: Uint8Array | undefined): InputRead<{ text: string } | { bytes: Uint8Array }> {
  if (input.absolute !== undefined && !input.missing && input.notRegular === undefined && input.brokenLink === undefined) {
    let text: string | undefined;
    try {
      text = textReadAsUtf8(readFileSync(input.absolute, UTF8_READ));
    } catch {
      // readInputBytes says why.
    }
    if (text !== undefined) return { text };
  }
  return readInputBytes(input, stdin);
}

/**
 * The text of a YAML or JSON input a person wrote, or why it has none: read
 * as validate reads it (readInputYaml) and decoded by decodeYamlBytes, so a
 * file that is binary or not UTF-8 is the same issue (file, line 1, column
 * 1) in every command that reads one, never text with U+FFFD where its bad
 * bytes were. Every command reads the inputs it interprets through this.
 */
export function readInputText(input: InputFile, stdin: Uint8Array | undefined): InputRead<{ text: string } | { issue: Issue }> {
  const read = readInputYaml(input, stdin);
  return 'bytes' in read ? decodeYamlBytes(read.bytes, input.display) : read;
}

/**
 * A file found by its path (an app.yaml, `.scaffold.yaml`), decoded as readInputText decodes an input;
 * read by readBytes, which neither waits on a named pipe nor takes a broken link for no file.
 * `display` is the path its issue shows.
 */
export function readTextFile(absolute: string, display: string): { text: string } | { issue: Issue } | { problem: string } {
  const read = readBytes(absolute);
  return 'bytes' in read ? decodeYamlBytes(read.bytes, display) : read;
}

/**
 * `shown` is how the folder's entries are shown: that prefix and their name.
 * `real` is the folder's real path where the walk knows it: a folder reached
 * from one it knows through a plain folder entry, not a link, is that
 * folder's real path joined with its name, so only where a link was followed
 * is the system asked.
 */
function walk(dir: string, shown: string, options: WalkOptions, visiting: Set<string>, add: (input: InputFile) => void, real = realpathOf(dir)): void {
  // A symlink loop would otherwise walk forever.
  if (visiting.has(real)) return;
  visiting.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch {
    return;
  }
  options.onListing?.(dir, entries);
  for (const entry of entries) {
    const { name } = entry;
    const absolute = joinName(dir, name);
    // Only a link needs a stat to say what it leads to; the listing already says what the rest are.
    const link = entry.isSymbolicLink();
    const stat = link ? statOf(absolute) : entry;
    if (stat === undefined) {
      // Where the link leads is unknown, so its name alone says whether it is an input; one that is must not pass unseen (kubeconform calls it an error too).
      if (link && options.names.test(name)) add({ display: shown + name, absolute, discovered: true, ...brokenOrMissing(absolute) });
      continue;
    }
    if (stat.isDirectory()) {
      if (!name.startsWith('.') && !SKIPPED_FOLDERS.has(name)) walk(absolute, `${shown}${name}/`, options, visiting, add, link ? realpathOf(absolute) : joinName(real, name));
    } else if (options.names.test(name)) {
      const notRegular = stat.isFile() ? undefined : notRegularKind(stat);
      add({ display: shown + name, absolute, discovered: true, ...(notRegular === undefined ? {} : { notRegular }) });
    }
  }
  visiting.delete(real);
}

/**
 * How the entries of a folder the user named are shown, up to their name: as
 * path.join shows the folder and a name joined (`./apps/` shows `apps/x`, `.`
 * shows `x`), in forward slashes. Below it each name is added as it is, which
 * path.join would give too: an entry's name is never `.`, `..` or holds a
 * separator.
 */
function shownPrefix(given: string): string {
  return toPosix(path.join(given, '_')).slice(0, -1);
}

/** path.join of a normalised folder and an entry's name, without normalising again what is already normal. */
function joinName(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

/** A path that cannot be stat'ed: a link that leads to no file, said as such, or else missing. */
function brokenOrMissing(absolute: string): Pick<InputFile, 'missing' | 'brokenLink'> {
  const broken = brokenLink(absolute);
  return broken === undefined ? { missing: true } : { brokenLink: `is a symbolic link to ${broken.target}, ${broken.problem}` };
}

function statOf(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function realpathOf(dir: string): string {
  try {
    // The system's realpath: one call, where the JavaScript one stats every part of the path, for every folder walked.
    return realpathSync.native(dir);
  } catch {
    return dir;
  }
}
