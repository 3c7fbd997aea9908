/**
 * A reader for the YAML that manifests are written in: block mappings and
 * sequences, one-line plain and quoted scalars, literal and folded block
 * scalars, comments, `---` between documents, and flow collections on one
 * line. It reads such a file two to three times faster than js-yaml
 * (about a third of a clean `scaffold validate` run was js-yaml), because
 * it goes line by line and does not have to handle the rest of YAML.
 *
 * It declines (returns undefined) wherever the text leaves that subset or
 * could be read more than one way: anchors, aliases, tags and directives,
 * multi-line plain or quoted scalars, flow collections over several lines,
 * explicit keys, tabs inside lines, lone carriage returns, control characters,
 * keys that are not text (`no:`), a key given twice, and anything js-yaml
 * would refuse. quickLoad then asks js-yaml, so a text it reads gives
 * exactly what js-yaml gives (a test holds this on every real file and on
 * random edits of them).
 *
 * Line breaks written CR LF, and tabs at a line's end (after its last
 * character but white space), it reads as the text without them: YAML
 * makes a line break of CR LF and drops white space before a break, but
 * in a block scalar's content, so a text holding one with such a tab is
 * declined.
 *
 * Two more things it knows, each held by tests to what the positioned
 * reader (parseYamlStream) says: text no reader reads, with that reader's
 * words for the commonest mistakes (readBlockStyle's `broken`), and where
 * each key and value of a document it read sits (blockStylePlaces).
 */
import { resolvePlainScalar } from './kubernetesScalars.ts';
import type { PathSegment } from '../vocabulary/issue.ts';
import { linePositions } from './linePositions.ts';
import type { Position } from './parse.ts';

export interface BlockStyleDocument {
  /** The document as plain data (`null` for an empty document). */
  value: unknown;
  /** Where its content starts. */
  start: Position;
  /** Offset in the text of the start of the line its content starts on. */
  lineOffset: number;
}

// Characters js-yaml refuses or that YAML readers treat differently (a CR not before a line feed, NEL, BOM, lone
// surrogates), and a tab anywhere but at a line's start (inside a scalar it is content, elsewhere readers differ).
// Separate scans, each after a cheap test: one regular expression with alternatives tries each at every character.
const OUTSIDE_SUBSET = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]/;
const LONE_CR = /\r(?!\n)/;
const TAB_IN_LINE = /[^\n]\t/;
// A tab inside a line (more than white space after it), and white space holding a tab between a line's content and its end.
const TAB_INSIDE_LINE = /[^\n]\t[ \t]*[^ \t\n]/;
const TAB_AT_LINE_END = /([^ \t\n])[ \t]*\t[ \t]*\n/g;
// Where a block scalar may start: its lines keep white space at their ends. False alarms only cost speed.
const BLOCK_SCALAR_MAY_START = /(?:^|[ \t])[|>]/m;
// Deeper than any manifest; js-yaml's own limit is far above.
const MAX_DEPTH = 64;

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DOUBLE = 0x22;
const SINGLE = 0x27;

class Declined {}
const DECLINED = new Declined();

/** A syntax error, said as the positioned reader (parseYamlStream) says it. */
export interface KnownSyntaxError {
  message: string;
  line: number;
  column: number;
}

/** Thrown at text every YAML reader refuses; `message` where the positioned reader's words for it are known. */
class Broken {
  constructor(
    readonly offset: number,
    readonly message?: string,
  ) {}
}

/**
 * What the reader made of a text: its documents, as js-yaml with
 * kubernetesSchema() (quickLoad.ts) reads them; `{ broken }`, a text no YAML reader reads,
 * with the positioned reader's error where this reader knows it (only in a
 * text of one document: a stream's other documents are the positioned
 * reader's to read); or undefined where it declines.
 */
export type BlockStyleReading = BlockStyleDocument[] | { broken: KnownSyntaxError | undefined } | undefined;

// A lost colon's words (lostColonWords: a key of two characters or more, then words, one space apart, which may hold
// quotes, as `memory "64Mi"`; the positioned reader says a one-character key otherwise), and what may follow them: lines of plain entries (`key: value`, `- item`,
// a double-quoted value without escapes), blank lines, lines of a comment alone, and nothing else (no comment after an entry, flow collection or other quote).
const KEY_WITHOUT_VALUE = 'Implicit map keys need to be followed by map values';
const KEY_OVER_LINES = 'Implicit keys need to be on a single line';
const LOST_COLON_WORDS = /^[A-Za-z0-9][^#'":[\]{}\n ]+(?: [^#:[\]{}\n ]+)+$/;
const PLAIN_ENTRIES = /^(?: *(?:- )?(?:[A-Za-z0-9][\w./-]*:(?: +(?:"[^"\\\n]*"|[A-Za-z0-9/.+-](?:[^#'":\n]|:(?=[^ \n]))*))?|[A-Za-z0-9/.+-](?:[^#'":\n]|:(?=[^ \n]))*)? *\n| *#[^\n]*\n)*$/;

// A line indented with a tab: YAML refuses tabs as indentation. (A line: after a line feed, not after a lone carriage return.)
const TAB_INDENTED = /(?:^|\n)\t+[^\s#]/;
const LATER_DOCUMENT = /^(?:---|\.\.\.)(?:[ \n]|$)/m;

export function readBlockStyle(text: string): BlockStyleReading {
  if (text.length === 0 || text.charCodeAt(0) === SPACE) return undefined;
  // Past that, only a character outside the subset stops the reader: a tab indenting a line is a mistake.
  const reader = readerFor(text);
  if (reader === undefined) return TAB_INDENTED.test(text) ? { broken: undefined } : undefined;
  try {
    return reader.documents();
  } catch (err) {
    if (err === DECLINED) return undefined;
    if (!(err instanceof Broken)) throw err;
    const known = err.message !== undefined && reader.documentsRead === 0 && !LATER_DOCUMENT.test(reader.src.slice(err.offset));
    return { broken: known ? { message: err.message!, ...reader.positionOf(err.offset) } : undefined };
  }
}

/** A reader of `text`, or undefined where the text leaves the subset from its first line or by a character. */
function readerFor(text: string): Reader | undefined {
  const subset = subsetText(text);
  return subset === undefined ? undefined : new Reader(subset.src, subset.given);
}

/** What a Reader reads of `text`: `src`, and `given` where src is the text rewritten; undefined where the text leaves the subset from its first line or by a character. */
function subsetText(text: string): { src: string; given: string | undefined } | undefined {
  if (text.length === 0 || text.charCodeAt(0) === SPACE || OUTSIDE_SUBSET.test(text)) return undefined;
  let src = text;
  if (text.includes('\r')) {
    if (LONE_CR.test(text)) return undefined;
    src = text.replaceAll('\r\n', '\n');
  }
  if (src.includes('\t') && TAB_IN_LINE.test(src)) {
    if (TAB_INSIDE_LINE.test(src) || BLOCK_SCALAR_MAY_START.test(src)) return undefined;
    src = src.replace(TAB_AT_LINE_END, '$1\n');
    // Left: a tab on a line of white space alone, which readers differ on.
    if (TAB_IN_LINE.test(src)) return undefined;
  }
  // Offsets past a dropped character are not the text's: the reader maps those it gives out.
  return { src: src.charCodeAt(src.length - 1) === NEWLINE ? src : `${src}\n`, given: src === text ? undefined : text };
}

function decline(): never {
  throw DECLINED;
}

/**
 * For text every YAML reader refuses: skips js-yaml's attempt, which would
 * fail too. Without a message only a speed hint: where it is wrong, the
 * positioned reader reads the text as it would have anyway. With one, the
 * tests hold it to what the positioned reader says.
 */
function broken(offset: number, message?: string): never {
  throw new Broken(offset, message);
}

class Reader {
  private pos = 0;
  private depth = 0;
  documentsRead = 0;
  // Line counting for document starts, carried forward from one document to the next (and in the text as given).
  private countedTo = 0;
  private countedLines = 1;
  private givenCountedTo = 0;

  // Where the value just read starts (-1: nothing, null), and whether it is a scalar: for places.
  private valueAt = -1;
  private valueIsScalar = false;
  private valueSource: string | undefined;
  // The end of the last line that held a whole mapping entry (`key: value`, the key starting the line).
  private entryLineEnd = -1;
  private inMappingDocument = false;

  /**
   * `given`: the text as given, where `src` is it without CRs before line
   * feeds or tabs at lines' ends. `places`: where each key and value of each
   * block collection read starts, kept only when asked for (blockStylePlaces).
   * `seek`: the one path whose places are asked, in a text read whole
   * before; what is off it is passed over (skip), not read.
   */
  constructor(
    readonly src: string,
    readonly given: string | undefined,
    private readonly places?: WeakMap<object, PlaceTable>,
    private seek?: readonly PathSegment[],
  ) {}

  // How many segments of `seek` lead to the collection being read.
  private seekDepth = 0;
  // The value at the end of `seek` is read: the rest of the text is not, since the read that took it whole found nothing wrong in it.
  private sought = false;

  documents(): BlockStyleDocument[] {
    const src = this.src;
    const docs: BlockStyleDocument[] = [];
    let content = false;
    // As js-yaml: a document for each stretch the stream's markers delimit, an empty one for a marker with nothing after it.
    while (this.pos < src.length - 1) {
      this.skipBlank();
      if (this.isMarker(this.pos, DASH)) {
        if (!this.restIsBlank(this.pos + 3)) decline();
        this.pos = src.indexOf('\n', this.pos + 3) + 1;
        this.skipBlank();
      }
      if (this.isMarker(this.pos, 0x2e /* . */)) decline();
      const at = this.pos;
      let value: unknown = null;
      if (at < src.length && !this.isMarker(at, DASH)) {
        content = true;
        const c = src.charCodeAt(at);
        if (c === SPACE) decline();
        this.inMappingDocument = !(c === DASH && this.isEntryIndicator(at));
        if (!this.inMappingDocument) value = this.sequence(0);
        else {
          const colon = this.keyEnd(at);
          value = colon >= 0 ? this.mapping(0, at, colon) : decline();
        }
        if (this.sought) return [{ value, ...this.startOf(at) }];
        this.skipBlank();
        if (this.pos < src.length && !this.isMarker(this.pos, DASH)) decline();
      }
      docs.push({ value, ...this.startOf(at) });
      this.documentsRead++;
    }
    // A stream of comments alone, or of blank lines: js-yaml's count of empty documents there is its own business.
    return content ? docs : decline();
  }

  private startOf(offset: number): { start: Position; lineOffset: number } {
    const src = this.src;
    for (let i = src.indexOf('\n', this.countedTo); i >= 0 && i < offset; i = src.indexOf('\n', i + 1)) {
      this.countedLines++;
      this.countedTo = i + 1;
      // Both texts have the same line feeds, and a line's start is the same character in both.
      if (this.given !== undefined) this.givenCountedTo = this.given.indexOf('\n', this.givenCountedTo) + 1;
    }
    return { start: { line: this.countedLines, column: offset - this.countedTo + 1 }, lineOffset: this.given === undefined ? this.countedTo : this.givenCountedTo };
  }

  /** Past blank lines and lines of a comment alone, to the start of the next line with content (or the end). */
  private skipBlank(): void {
    const src = this.src;
    let p = this.pos;
    while (p < src.length) {
      let q = p;
      while (src.charCodeAt(q) === SPACE) q++;
      const c = src.charCodeAt(q);
      if (c === NEWLINE) p = q + 1;
      else if (c === HASH) p = src.indexOf('\n', q) + 1;
      else if (c === TAB && q === p) this.tabIndented(p);
      else break;
    }
    this.pos = p;
  }

  /**
   * A line starting with a tab, where block content may come: refused when
   * content follows (a line of a comment alone is the positioned reader's).
   * The positioned reader's words for it depend on what comes before (under
   * a top-level list it may read the line as a scalar's continuation), so
   * they are claimed in one shape only.
   */
  private tabIndented(lineStart: number): never {
    const q = this.pastTabs(lineStart);
    const c = this.src.charCodeAt(q);
    if (c === SPACE || c === NEWLINE || c === HASH) decline();
    // Known in one shape, the one a tab typed for spaces makes in a manifest: a key and value right under a line
    // holding an entry of a block mapping (`key: value`, or `key:` before its block).
    const known = lineStart - 1 === this.entryLineEnd && this.keyInMappingDocument(q);
    return broken(lineStart, known ? 'Tabs are not allowed as indentation' : undefined);
  }

  /**
   * A line starting with a tab among a block scalar's lines, less indented
   * than they are: in the positioned reader's words where a key follows the
   * tab.
   */
  private tabInBlockScalar(lineStart: number): never {
    const known = this.keyInMappingDocument(this.pastTabs(lineStart));
    return broken(lineStart, known ? 'Block scalar lines must not be less indented than their first line' : undefined);
  }

  /** Where the tabs a line starts with end. */
  private pastTabs(lineStart: number): number {
    let q = lineStart;
    while (this.src.charCodeAt(q) === TAB) q++;
    return q;
  }

  /** Whether a key starts at `at` in a document that is a mapping: where a tab's words are known (under a top-level list they differ). */
  private keyInMappingDocument(at: number): boolean {
    return this.inMappingDocument && isWordStart(this.src.charCodeAt(at)) && this.keyEnd(at) >= 0;
  }

  /** The line and column of an offset at or after every one asked before. */
  positionOf(offset: number): Position {
    return this.startOf(offset).start;
  }

  /** `---` or `...` at a line's start, followed by a space or the line's end. */
  private isMarker(at: number, mark: number): boolean {
    const src = this.src;
    if (src.charCodeAt(at) !== mark || src.charCodeAt(at + 1) !== mark || src.charCodeAt(at + 2) !== mark) return false;
    const next = src.charCodeAt(at + 3);
    return next === SPACE || next === NEWLINE;
  }

  /** Nothing but spaces and a comment from `at` to the line's end. */
  private restIsBlank(at: number): boolean {
    const src = this.src;
    let p = at;
    while (src.charCodeAt(p) === SPACE) p++;
    const c = src.charCodeAt(p);
    return c === NEWLINE || (c === HASH && p > at);
  }

  private isEntryIndicator(at: number): boolean {
    const next = this.src.charCodeAt(at + 1);
    return next === SPACE || next === NEWLINE;
  }

  private indentAt(lineStart: number): number {
    let p = lineStart;
    while (this.src.charCodeAt(p) === SPACE) p++;
    return p - lineStart;
  }

  /**
   * Where the colon of a mapping key starting at `at` is, or -1 when the line
   * there does not start with a key: a quoted key followed by `:`, or plain
   * text up to `: ` (or a colon ending the line) with no comment before it.
   */
  private keyEnd(at: number): number {
    const src = this.src;
    const c = src.charCodeAt(at);
    if (c === DOUBLE || c === SINGLE) {
      const close = this.closingQuote(at);
      if (close < 0 || src.charCodeAt(close + 1) !== COLON) return -1;
      const after = src.charCodeAt(close + 2);
      return after === SPACE || after === NEWLINE ? close + 1 : -1;
    }
    // A key run into `---` or `...` at a line's start: js-yaml may take the three characters for a marker.
    if (!plainMayStartWith(c, src.charCodeAt(at + 1)) || (c === DASH && src.charCodeAt(at + 1) === DASH) || (c === 0x2e && src.startsWith('..', at + 1))) return -1;
    // Char by char within the line: indexOf would search on through the rest of the file.
    for (let p = at + 1; ; p++) {
      const ch = src.charCodeAt(p);
      if (ch === NEWLINE) return -1;
      if (ch === COLON) {
        const after = src.charCodeAt(p + 1);
        if (after === SPACE || after === NEWLINE) return p;
      } else if (ch === HASH && src.charCodeAt(p - 1) === SPACE) {
        return -1;
      }
    }
  }

  /** The offset of the quote closing the one-line quoted scalar opening at `at`, or -1. */
  private closingQuote(at: number): number {
    const src = this.src;
    const quote = src.charCodeAt(at);
    for (let p = at + 1; ; p++) {
      const c = src.charCodeAt(p);
      if (c === NEWLINE || Number.isNaN(c)) return -1;
      if (quote === DOUBLE && c === 0x5c /* \ */) p++;
      else if (c === quote) {
        if (quote === SINGLE && src.charCodeAt(p + 1) === SINGLE) p++;
        else return p;
      }
    }
  }

  /** Whether the line from `at` has a colon that could end a key (`: ` or at the line's end), before any comment. */
  private holdsColon(at: number): boolean {
    const src = this.src;
    for (let p = at; ; p++) {
      const ch = src.charCodeAt(p);
      if (ch === NEWLINE || (ch === HASH && src.charCodeAt(p - 1) === SPACE)) return false;
      if (ch === COLON && (src.charCodeAt(p + 1) === SPACE || src.charCodeAt(p + 1) === NEWLINE)) return true;
    }
  }

  /** Whether the line after the one at `at` starts (past spaces) with a colon: YAML lets a key's `:` come there. */
  private colonOpensNextLine(at: number): boolean {
    let p = this.src.indexOf('\n', at) + 1;
    while (this.src.charCodeAt(p) === SPACE) p++;
    return this.src.charCodeAt(p) === COLON;
  }

  /**
   * The positioned reader's words for a lost colon (`targetPort 8080` among
   * `key: value` lines, the keys before it `siblings`) at `at`, where they
   * are known. They turn on the next
   * line: a sibling key makes the words and it one key over two lines, a key
   * less indented (or the end) ends the words there, as a key with no value.
   * A later mistake of another kind can be said first, so they are claimed
   * only where the words and every line after them are plain entries, right
   * after a sibling's key, in a mapping that is not the document's own, in a
   * document that is a mapping (at the top level, under a top-level list, or
   * after a comment or a deeper line, the words differ).
   */
  private lostColonWords(at: number, indent: number, siblings: Record<string, unknown>): string | undefined {
    const src = this.src;
    const lineStart = at - indent;
    if (!this.inMappingDocument || indent === 0 || src.charCodeAt(lineStart - 1) !== NEWLINE || !this.siblingLineBefore(lineStart, indent)) return undefined;
    const end = src.indexOf('\n', at);
    const words = src.slice(at, end);
    // Words a sibling's key already is are said as a repeated key.
    if (!LOST_COLON_WORDS.test(words) || Object.prototype.hasOwnProperty.call(siblings, words) || !PLAIN_ENTRIES.test(src.slice(end + 1))) return undefined;
    const next = end + 1;
    if (next === src.length) return KEY_WITHOUT_VALUE;
    const nextIndent = this.indentAt(next);
    if (!isWordStart(src.charCodeAt(next + nextIndent)) || this.keyEnd(next + nextIndent) < 0) return undefined;
    if (nextIndent < indent) return KEY_WITHOUT_VALUE;
    return nextIndent === indent ? KEY_OVER_LINES : undefined;
  }

  /** Whether the line before the one starting at `lineStart` holds a key at column `indent` (after a `- ` or not): a sibling's. */
  private siblingLineBefore(lineStart: number, indent: number): boolean {
    const src = this.src;
    const previous = src.lastIndexOf('\n', lineStart - 2) + 1;
    let p = previous + this.indentAt(previous);
    if (src.charCodeAt(p) === DASH && this.isEntryIndicator(p)) for (p++; src.charCodeAt(p) === SPACE; p++);
    return p - previous === indent && isWordStart(src.charCodeAt(p)) && this.keyEnd(p) >= 0;
  }

  /** Where the value just read starts (-1: empty), whether it is a scalar, and how it was written if plain: for places. */
  private placeValue(at: number, scalar: boolean, source?: string): void {
    this.valueAt = at;
    this.valueIsScalar = scalar;
    this.valueSource = source;
  }

  /** Into the entry of the path sought: past its last segment, all of the entry's value is read. Gives what leaveSeek restores. */
  private enterSeek(): readonly PathSegment[] {
    const seek = this.seek!;
    if (++this.seekDepth === seek.length) this.seek = undefined;
    return seek;
  }

  private leaveSeek(seek: readonly PathSegment[]): void {
    if (this.seekDepth === seek.length) this.sought = true;
    this.seek = seek;
    this.seekDepth--;
  }

  /**
   * Past a value off the path sought, after a key's colon or a `- ` at
   * `at`, in a text read whole before: the rest of its line and the lines
   * below deeper than `indent`, and for a key whose line ends there, `- `
   * lines at its column. In the subset nothing of a value is anywhere else
   * (no scalar goes on over lines at the key's column, no flow collection
   * over lines), and blank lines and lines of a comment alone may sit
   * anywhere. Nothing of it is read, so its place is never asked: null.
   */
  private skip(indent: number, at: number, afterKey: boolean): null {
    const src = this.src;
    let p = at;
    while (src.charCodeAt(p) === SPACE) p++;
    const below = afterKey && (src.charCodeAt(p) === NEWLINE || (src.charCodeAt(p) === HASH && p > at));
    let line = src.indexOf('\n', p) + 1;
    while (line > 0 && line < src.length) {
      const lineIndent = this.indentAt(line);
      const first = line + lineIndent;
      const c = src.charCodeAt(first);
      if (!(c === NEWLINE || c === HASH || lineIndent > indent || (below && lineIndent === indent && c === DASH && this.isEntryIndicator(first)))) break;
      line = src.indexOf('\n', first) + 1;
    }
    this.pos = line > 0 ? line : src.length;
    this.placeValue(-1, false);
    return null;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) decline();
  }

  /** A block mapping whose keys sit at column `indent`; the first key starts at `first` (after a `- ` it is mid-line). */
  private mapping(indent: number, first: number, firstColon: number): Record<string, unknown> {
    this.enter();
    const src = this.src;
    const map: Record<string, unknown> = {};
    const table = this.places === undefined ? undefined : new Map<string, KeyPlace>();
    let at = first;
    for (;;) {
      const colon = at === first ? firstColon : this.keyEnd(at);
      // Words where a sibling key should be (`image nginx`): a missing colon.
      if (colon < 0) return at > first && isWordStart(src.charCodeAt(at)) && !this.holdsColon(at) && !this.colonOpensNextLine(at) ? broken(at, this.lostColonWords(at, indent, map)) : decline();
      const key = this.key(at, colon);
      if (Object.prototype.hasOwnProperty.call(map, key)) decline();
      const keyStartsLine = at === indent || src.charCodeAt(at - indent - 1) === NEWLINE;
      if (this.seek === undefined) map[key] = this.value(indent, colon + 1, true, keyStartsLine);
      else if (key !== String(this.seek[this.seekDepth])) map[key] = this.skip(indent, colon + 1, true);
      else {
        const seek = this.enterSeek();
        map[key] = this.value(indent, colon + 1, true, keyStartsLine);
        this.leaveSeek(seek);
      }
      table?.set(key, { key: at, value: this.valueAt, scalar: this.valueIsScalar, source: this.valueSource });
      if (this.sought) break;
      this.skipBlank();
      if (this.pos >= src.length) break;
      const lineIndent = this.indentAt(this.pos);
      if (lineIndent < indent || (indent === 0 && this.isMarker(this.pos, DASH))) break;
      if (lineIndent > indent) decline();
      at = this.pos + lineIndent;
      if (src.charCodeAt(at) === DASH && this.isEntryIndicator(at)) decline();
    }
    if (table !== undefined) this.places!.set(map, table);
    this.depth--;
    return map;
  }

  private key(at: number, colon: number): string {
    const src = this.src;
    const c = src.charCodeAt(at);
    if (c === DOUBLE || c === SINGLE) return this.quoted(at, colon - 1);
    const text = src.slice(at, colon);
    if (text.charCodeAt(text.length - 1) === SPACE || text.length > 1000 || text === '__proto__') decline();
    const resolved = resolvePlainScalar(text);
    if (resolved.kind === 'str') return text;
    // js-yaml names the field after the number (`80:` is "80", `0x1F:` is "31"); a boolean or null key is the positioned reader's.
    if (resolved.kind === 'int' || resolved.kind === 'float') return String(resolved.value);
    return decline();
  }

  /** A block sequence whose `- ` indicators sit at column `indent`; pos is at the line of the first. */
  private sequence(indent: number): unknown[] {
    this.enter();
    const src = this.src;
    const items: unknown[] = [];
    const table = this.places === undefined ? undefined : ([] as ItemPlace[]);
    let colon: number;
    for (;;) {
      let at = this.pos + indent + 1;
      while (src.charCodeAt(at) === SPACE) at++;
      const c = src.charCodeAt(at);
      const seek = this.seek === undefined ? undefined : items.length === this.seek[this.seekDepth] ? this.enterSeek() : null;
      if (seek === null) {
        items.push(this.skip(indent, at, false));
      } else if (c === NEWLINE || c === HASH) {
        this.pos = src.indexOf('\n', at) + 1;
        items.push(this.blockBelow(indent, false));
      } else if (c === DASH && this.isEntryIndicator(at)) {
        decline();
      } else if ((colon = this.keyEnd(at)) >= 0) {
        items.push(this.mapping(at - this.pos, at, colon));
        this.placeValue(at, false);
      } else {
        items.push(this.value(indent, at, false));
        // A line of a one-line item ends an entry as a `key: value` line does (for tabIndented).
        this.entryLineEnd = this.pos - 1;
      }
      if (seek) this.leaveSeek(seek);
      table?.push({ value: this.valueAt, scalar: this.valueIsScalar, source: this.valueSource });
      if (this.sought) break;
      this.skipBlank();
      if (this.pos >= src.length) break;
      const lineIndent = this.indentAt(this.pos);
      if (lineIndent < indent) break;
      if (lineIndent > indent) decline();
      const next = this.pos + indent;
      if (src.charCodeAt(next) !== DASH || !this.isEntryIndicator(next)) break;
    }
    if (table !== undefined) this.places!.set(items, table);
    this.depth--;
    return items;
  }

  /**
   * The value after a key's colon, or after a `- `, at `at`: inline, or on the
   * lines below when the line ends there. Leaves pos at the start of the line
   * after it. `indent` is the column of the key or of the `-`.
   */
  private value(indent: number, at: number, afterKey: boolean, entryStartsLine = false): unknown {
    const src = this.src;
    let p = at;
    while (src.charCodeAt(p) === SPACE) p++;
    const c = src.charCodeAt(p);
    if (c === NEWLINE || (c === HASH && p > at)) {
      this.pos = src.indexOf('\n', p) + 1;
      if (entryStartsLine) this.entryLineEnd = this.pos - 1;
      return this.blockBelow(indent, afterKey);
    }
    this.placeValue(p, c !== 0x5b && c !== 0x7b);
    if (c === 0x7c /* | */ || c === 0x3e /* > */) return this.blockScalar(indent, p);
    let value: unknown;
    let end: number;
    if (c === DOUBLE || c === SINGLE) {
      const close = this.closingQuote(p);
      // A quote nothing after it closes; with a backslash after it the positioned reader may first refuse an escape.
      if (close < 0) return src.indexOf(src[p]!, p + 1) >= 0 ? decline() : broken(p, src.indexOf('\\', p) < 0 ? `Missing closing ${src[p]}quote` : undefined);
      value = this.quoted(p, close);
      end = close + 1;
    } else if (c === 0x5b /* [ */) {
      [value, end] = this.flowSequence(p);
    } else if (c === 0x7b /* { */) {
      [value, end] = this.flowMapping(p);
    } else {
      if (!plainMayStartWith(c, src.charCodeAt(p + 1))) decline();
      let stop = p + 1;
      for (let ch = src.charCodeAt(stop); ch !== NEWLINE && !(ch === HASH && src.charCodeAt(stop - 1) === SPACE); ch = src.charCodeAt(++stop));
      const lineEnd = src.indexOf('\n', stop);
      while (src.charCodeAt(stop - 1) === SPACE) stop--;
      const text = src.slice(p, stop);
      // `a: b: c` is refused by every reader; a colon ending the text would make it a key.
      if (text.includes(': ') || text.charCodeAt(text.length - 1) === COLON) decline();
      const resolved = resolvePlainScalar(text);
      this.pos = lineEnd + 1;
      this.placeValue(p, true, text);
      if (entryStartsLine) this.entryLineEnd = lineEnd;
      return resolved.kind === 'str' ? text : resolved.value;
    }
    if (!this.restIsBlank(end)) decline();
    this.pos = src.indexOf('\n', end) + 1;
    if (entryStartsLine) this.entryLineEnd = this.pos - 1;
    return value;
  }

  /**
   * A value on the lines below a key or a `-` that ends its line: a block
   * collection indented deeper, or for a key, a sequence at the key's own
   * column; else nothing (null).
   */
  private blockBelow(indent: number, sequenceAtIndent: boolean): unknown {
    this.skipBlank();
    const src = this.src;
    this.placeValue(-1, false);
    if (this.pos >= src.length) return null;
    const lineIndent = this.indentAt(this.pos);
    const at = this.pos + lineIndent;
    const entry = src.charCodeAt(at) === DASH && this.isEntryIndicator(at);
    let colon: number;
    let value: unknown;
    if (lineIndent > indent && entry) value = this.sequence(lineIndent);
    else if (lineIndent > indent && (colon = this.keyEnd(at)) >= 0) value = this.mapping(lineIndent, at, colon);
    // A scalar alone on the lines below its key.
    else if (lineIndent > indent) decline();
    else if (lineIndent === indent && entry && sequenceAtIndent) value = this.sequence(lineIndent);
    else return null;
    // Set after the collection is read: what it holds set them meanwhile.
    this.placeValue(at, false);
    return value;
  }

  /** A one-line quoted scalar from the quote at `open` to the one at `close`. */
  private quoted(open: number, close: number): string {
    const src = this.src;
    const raw = src.slice(open + 1, close);
    if (src.charCodeAt(open) === SINGLE) return raw.includes("''") ? raw.replace(/''/g, "'") : raw;
    return raw.includes('\\') ? unescapeDouble(raw) : raw;
  }

  /** `[a, "b", {c: 3}]` on one line. Returns the items and the offset after `]`. */
  private flowSequence(open: number): [unknown[], number] {
    const src = this.src;
    const items: unknown[] = [];
    let p = open + 1;
    for (;;) {
      while (src.charCodeAt(p) === SPACE) p++;
      if (src.charCodeAt(p) === 0x5d /* ] */ && items.length === 0) return [items, p + 1];
      let item: unknown;
      [item, p] = this.flowNode(p, FLOW_SEQUENCE_END);
      items.push(item);
      if (src.charCodeAt(p) === 0x5d) return [items, p + 1];
      p++;
    }
  }

  /** `{app: web, ports: [80]}` on one line, with scalar keys. Returns the mapping and the offset after `}`. */
  private flowMapping(open: number): [Record<string, unknown>, number] {
    const src = this.src;
    const map: Record<string, unknown> = {};
    let p = open + 1;
    for (;;) {
      while (src.charCodeAt(p) === SPACE) p++;
      if (src.charCodeAt(p) === 0x7d /* } */ && Object.keys(map).length === 0) return [map, p + 1];
      const keyAt = p;
      let key: unknown;
      [key, p] = this.flowNode(p, FLOW_KEY_END);
      if (src.charCodeAt(p + 1) !== SPACE) decline();
      // The key as the block reader takes it: text, or a number named as text.
      const name = src.charCodeAt(keyAt) === DOUBLE || src.charCodeAt(keyAt) === SINGLE ? (key as string) : this.key(keyAt, p);
      if (Object.prototype.hasOwnProperty.call(map, name)) decline();
      [map[name], p] = this.flowNode(p + 1, FLOW_MAPPING_END);
      if (src.charCodeAt(p) === 0x7d) return [map, p + 1];
      p++;
    }
  }

  /**
   * A node inside a flow collection, from `at`: a quoted or plain scalar, or
   * (but for a key) a flow collection, followed by spaces and one of `ends`,
   * whose offset it returns. A plain scalar holding a colon or `#` is left to
   * js-yaml.
   */
  private flowNode(at: number, ends: ReadonlySet<number>): [unknown, number] {
    const src = this.src;
    let p = at;
    while (src.charCodeAt(p) === SPACE) p++;
    let value: unknown;
    const c = src.charCodeAt(p);
    if (c === DOUBLE || c === SINGLE) {
      const close = this.closingQuote(p);
      if (close < 0) decline();
      value = this.quoted(p, close);
      p = close + 1;
    } else if (c === 0x5b /* [ */ && ends !== FLOW_KEY_END) {
      this.enter();
      [value, p] = this.flowSequence(p);
      this.depth--;
    } else if (c === 0x7b /* { */ && ends !== FLOW_KEY_END) {
      this.enter();
      [value, p] = this.flowMapping(p);
      this.depth--;
    } else {
      const start = p;
      while (!FLOW_PLAIN_END.has(src.charCodeAt(p))) p++;
      const text = src.slice(start, p);
      // Spaces before the indicator that ends it (`{a : 1}`): the positioned reader has been seen to keep them in a key.
      if (text.length === 0 || text.charCodeAt(text.length - 1) === SPACE || !plainMayStartWith(text.charCodeAt(0), text.charCodeAt(1)) || text.includes('#')) decline();
      const resolved = resolvePlainScalar(text);
      value = resolved.kind === 'str' ? text : resolved.value;
    }
    while (src.charCodeAt(p) === SPACE) p++;
    if (!ends.has(src.charCodeAt(p))) decline();
    return [value, p];
  }

  /**
   * A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header is at
   * `header`, under a key or `-` at column `indent`. Keep chomping (`+`), an
   * indentation indicator, leading blank lines, lines of spaces alone that
   * reach past the content's indentation, and folded lines indented further,
   * are left to js-yaml.
   */
  private blockScalar(indent: number, header: number): string {
    const src = this.src;
    const folded = src.charCodeAt(header) === 0x3e;
    let p = header + 1;
    const strip = src.charCodeAt(p) === DASH;
    if (strip) p++;
    const c = src.charCodeAt(p);
    if (c !== SPACE && c !== NEWLINE) decline();
    if (!this.restIsBlank(p)) decline();
    let line = src.indexOf('\n', p) + 1;
    const contentIndent = this.indentAt(line);
    if (contentIndent <= indent || src.charCodeAt(line + contentIndent) === NEWLINE) decline();
    const lines: string[] = [];
    while (line < src.length) {
      const lineIndent = this.indentAt(line);
      const end = src.indexOf('\n', line);
      if (line + lineIndent === end) {
        if (lineIndent > contentIndent) decline();
        lines.push('');
      } else if (lineIndent < contentIndent) {
        // A tab where the scalar's indentation should be: refused, in words of their own where a key follows it.
        if (src.charCodeAt(line) === TAB) this.tabInBlockScalar(line);
        break;
      } else {
        if (folded && lineIndent > contentIndent) decline();
        lines.push(src.slice(line + contentIndent, end));
      }
      line = end + 1;
    }
    this.pos = line;
    let last = lines.length;
    while (lines[last - 1] === '') last--;
    let text: string;
    if (!folded) {
      text = lines.slice(0, last).join('\n');
    } else {
      text = lines[0]!;
      for (let i = 1; i < last; i++) {
        if (lines[i] === '') text += '\n';
        else text += lines[i - 1] === '' ? lines[i] : ` ${lines[i]}`;
      }
    }
    return strip ? text : `${text}\n`;
  }
}

/** Where a key and its value start (value -1: the value is empty, null), and how a plain scalar value was written. */
interface KeyPlace extends ItemPlace {
  key: number;
}

/** Where a sequence's item starts (-1: empty, null), and how a plain scalar item was written. */
interface ItemPlace {
  value: number;
  scalar: boolean;
  source: string | undefined;
}

type PlaceTable = Map<string, KeyPlace> | ItemPlace[];

/** What the block-style reader knows of a document's source, each answer undefined where it is unsure. */
export interface BlockStylePlaces {
  /**
   * As quickPositions (and locateNode): a scalar's own place, else the key
   * (or list item) that introduces the deepest node the path reaches; null
   * for the document's start; undefined where unsure (an empty or null
   * value, anything inside a flow collection).
   */
  locate(path: readonly PathSegment[], at?: 'key' | 'value'): Position | null | undefined;
  /** As SourceDocument.sourceOf, for a plain scalar: how it was written (`yes` for true). */
  sourceOf(path: readonly PathSegment[]): string | undefined;
}

/**
 * The places of the one document of `text`; undefined when the reader
 * declines the text. `inSubset`: this reader read the text whole before
 * (readBlockStyle), so each path asked is sought alone, passing over what
 * is off it, where a read for places would read everything again (most of
 * the cost of a place: the read, not the places kept).
 */
export function blockStylePlaces(text: string, inSubset = false): BlockStylePlaces | undefined {
  const subset = subsetText(text);
  if (subset === undefined) return undefined;
  const whole = inSubset ? undefined : readPlaces(subset);
  if (!inSubset && whole === undefined) return undefined;
  // A document is asked about a path or two (where a finding is, how its value was written): a list is enough.
  const sought: { path: readonly PathSegment[]; read: PlacesRead | undefined }[] = [];
  const readFor = (path: readonly PathSegment[]): PlacesRead | undefined => {
    if (!inSubset) return whole;
    let found = sought.find((s) => s.path.length === path.length && s.path.every((segment, i) => segment === path[i]));
    if (found === undefined) {
      found = { path, read: readPlaces(subset, path.length === 0 ? undefined : path) };
      sought.push(found);
    }
    return found.read;
  };
  const position = linePositions(subset.src);
  /** The place the path leads to (`reached` segments of it), the last key on the way; `unsure` where the places run out. */
  const walk = (path: readonly PathSegment[]) => {
    const read = readFor(path);
    if (read === undefined) return { unsure: true } as const;
    const { places } = read;
    let node: unknown = read.root;
    let keyAt = -1;
    let place: KeyPlace | ItemPlace | undefined;
    let reached = 0;
    for (const segment of path) {
      // A scalar has nothing below it: the path ends at its key.
      if (typeof node !== 'object') break;
      const table = places.get(node as object);
      // Inside a flow collection: unsure.
      if (table === undefined) return { unsure: true } as const;
      const next: KeyPlace | ItemPlace | undefined = table instanceof Map ? table.get(String(segment)) : typeof segment === 'number' ? table[segment] : undefined;
      if (next === undefined) break;
      place = next;
      keyAt = table instanceof Map ? (next as KeyPlace).key : next.value;
      node = (node as Record<string | number, unknown>)[table instanceof Map ? String(segment) : segment];
      reached++;
      if (next.value < 0 || node === null) return { unsure: true } as const;
    }
    return { unsure: false, place, keyAt, reached } as const;
  };
  return {
    locate: (path, at = 'value') => {
      const found = walk(path);
      if (found.unsure) return undefined;
      if (at === 'value' && found.reached === path.length && found.place?.scalar) return position(found.place.value);
      return found.keyAt < 0 ? null : position(found.keyAt);
    },
    sourceOf: (path) => {
      const found = walk(path);
      return !found.unsure && found.reached === path.length ? found.place?.source : undefined;
    },
  };
}

interface PlacesRead {
  root: object;
  places: WeakMap<object, PlaceTable>;
}

/** The document read with places (for `seek` alone, when given); undefined where the reader declines. */
function readPlaces(subset: { src: string; given: string | undefined }, seek?: readonly PathSegment[]): PlacesRead | undefined {
  const places = new WeakMap<object, PlaceTable>();
  const reader = new Reader(subset.src, subset.given, places, seek);
  let root: unknown;
  try {
    const [first, ...rest] = reader.documents();
    root = first?.value;
    if (rest.some((d) => d.value !== null)) return undefined;
  } catch {
    return undefined;
  }
  return root === null || typeof root !== 'object' ? undefined : { root, places };
}

// Where a plain scalar inside a flow collection ends: a colon too, so `a:b` is declined rather than read either way.
const FLOW_PLAIN_END = new Set([0x2c, 0x5b, 0x5d, 0x7b, 0x7d, COLON, NEWLINE]);
const FLOW_SEQUENCE_END = new Set([0x2c, 0x5d]);
const FLOW_KEY_END = new Set([COLON]);
const FLOW_MAPPING_END = new Set([0x2c, 0x7d]);

/**
 * Whether a plain scalar may start with `c` (followed by `next`): not an
 * indicator, and not `-` or `?` before a space. A leading `:` and `<` (of
 * a merge key) are left to js-yaml, whose reading the full reader does not
 * always share.
 */
function plainMayStartWith(c: number, next: number): boolean {
  // (NaN: a flow scalar's text ends there, at a flow indicator: `[-]` is refused.)
  if (c === DASH || c === 0x3f /* ? */) return next !== SPACE && next !== NEWLINE && !Number.isNaN(next) && c === DASH;
  return !PLAIN_NEVER_STARTS.has(c);
}

function isWordStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

const PLAIN_NEVER_STARTS = new Set([...',[]{}#&*!|>\'"%@`:<'].map((ch) => ch.charCodeAt(0)).concat([SPACE, NEWLINE]));

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f' };

function unescapeDouble(raw: string): string {
  let out = '';
  let from = 0;
  for (let i = raw.indexOf('\\'); i >= 0; i = raw.indexOf('\\', from)) {
    out += raw.slice(from, i);
    const e = raw[i + 1];
    if (e === undefined) decline();
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      from = i + 2;
    } else if (e === 'x' || e === 'u') {
      const digits = raw.slice(i + 2, i + (e === 'x' ? 4 : 6));
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== (e === 'x' ? 2 : 4)) decline();
      const code = Number.parseInt(digits, 16);
      if (code >= 0xd800 && code <= 0xdfff) decline();
      out += String.fromCharCode(code);
      from = i + (e === 'x' ? 4 : 6);
    } else {
      decline();
    }
  }
  return out + raw.slice(from);
}
