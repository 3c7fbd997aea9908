import type { Document } from 'yaml';
import { yaml } from './yamlPackage.ts';
import type { Issue, PathSegment } from '../vocabulary/issue.ts';
import { kubernetesTags } from './kubernetesScalars.ts';

export interface Position {
  line: number;
  column: number;
}

/** One YAML document of a file, with its value and a way back to source positions. */
export interface SourceDocument {
  /** 0-based index of the document in its file. */
  index: number;
  /** Position of the document's first content node. */
  start: Position;
  /** The document as plain data (`null` for an empty document). */
  value: unknown;
  /**
   * Position of the node at `path`, or of its closest existing ancestor. For a scalar
   * it is the value's position, unless `at` is 'key' (an unknown field is its key).
   */
  locate(path: readonly PathSegment[], at?: 'key' | 'value'): Position;
  /**
   * How the scalar at `path` was written, when it is one: `yes` for a value read
   * as `true`, so a message can quote what the user typed.
   */
  sourceOf?(path: readonly PathSegment[]): string | undefined;
  /**
   * Where the content of the literal block scalar (`|`, `|-`) at `path` starts:
   * its lines are the source's lines from there, less that column's indentation.
   * Undefined for any other node.
   */
  literalBlockStart?(path: readonly PathSegment[]): Position | undefined;
  /**
   * Mapping keys the reader took for something other than text, as Kubernetes does (`no:` is
   * the boolean false and names the field "false", `0777:` names "511"), each with its path,
   * as the value has it, and how it was written.
   */
  nonStringKeys?(): { path: PathSegment[]; written: string; value: unknown }[];
}

export interface ParsedStream {
  documents: SourceDocument[];
  /** Syntax errors, each with line and column. A file with any is not worth validating further. */
  issues: Issue[];
}

// A YAML alias bomb expands to gigabytes; refuse long before that.
const MAX_ALIAS_COUNT = 1000;

/**
 * Every YAML file scaffold reads, manifests and app.yaml alike, is read as Kubernetes and
 * Kustomize read it (go-yaml, YAML 1.1): `yes` and `on` are booleans, `0123` is an octal
 * number, `<<` merges a mapping, with go-yaml's own scalar rules (kubernetesScalars.ts).
 * One reading means one verdict: `render` and `validate` cannot disagree on a file.
 */
export function parseYamlStream(text: string, file: string): ParsedStream {
  const lineCounter = new (yaml().LineCounter)();
  const issues: Issue[] = [];
  const documents: SourceDocument[] = [];
  let docs: Document.Parsed[];
  try {
    docs = yaml().parseAllDocuments(text, {
      lineCounter,
      version: '1.1',
      customTags: kubernetesTags,
      uniqueKeys: sameKeyOnceJson,
      // An issue keeps a message's first line (firstLine), and says where itself: the library's
      // " at line N, column M" and source excerpt would cost time to make and to strip off again.
      prettyErrors: false,
      strict: true,
      // Problems come back as issues; nothing goes to the process's own warnings on stderr.
      logLevel: 'error',
    }) as Document.Parsed[];
  } catch (err) {
    return { documents, issues: [syntaxIssue(file, `cannot parse YAML: ${(err as Error).message}`, { line: 1, column: 1 })] };
  }
  if (!Array.isArray(docs)) docs = [docs];
  const position = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  docs.forEach((doc, index) => {
    if (!yaml().isDocument(doc)) return;
    // A document's later errors usually follow from its first (an unclosed quote swallows what comes after).
    const first = doc.errors[0];
    if (first !== undefined) {
      const message = firstLine(first.message);
      const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
      const at = quote === undefined ? first.pos[0] : openingQuoteOffset(text, first.pos[0], quote);
      issues.push(syntaxIssue(file, message, position(at)));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      issues.push(syntaxIssue(file, firstLine((err as Error).message), position(unresolvedAliasOffset(doc) ?? doc.range[0])));
      return;
    }
    const contents = doc.contents;
    const start = position(contents?.range?.[0] ?? doc.range[0]);
    documents.push({
      index,
      start,
      value: value ?? null,
      locate: (path, at = 'value') => locateNode(doc, path, position, start, at),
      sourceOf: (path) => {
        const node = doc.getIn(path, true);
        return yaml().isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
      },
      nonStringKeys: () => nonStringKeys(doc.contents, []),
      literalBlockStart: (path) => {
        const node = doc.getIn(path, true);
        if (!yaml().isScalar(node) || node.type !== 'BLOCK_LITERAL' || !node.range) return undefined;
        // The header (`|-`) ends its line; the content is the lines after, all indented as the first non-blank one.
        const firstLine = text.indexOf('\n', node.range[0]) + 1;
        if (firstLine === 0) return undefined;
        const indent = /^(?:[ \t]*\r?\n)*( *)/.exec(text.slice(firstLine))![1]!.length;
        return { line: position(firstLine).line, column: indent + 1 };
      },
    });
  });
  return { documents, issues };
}

/**
 * Where a path points in the source: a scalar's own position, or for a mapping or
 * list (or a missing child) the key that introduces it, which is where a reader looks.
 */
function locateNode(
  doc: Document.Parsed,
  path: readonly PathSegment[],
  position: (offset: number) => Position,
  fallback: Position,
  at: 'key' | 'value',
): Position {
  let node: unknown = doc.contents;
  let keyAt: Position | undefined;
  for (const segment of path) {
    let next: unknown;
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => (yaml().isScalar(p.key) ? p.key.value : p.key) === segment || String(yaml().isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) break;
      const key = pair.key as { range?: [number, number, number] } | null;
      if (key?.range) keyAt = position(key.range[0]);
      next = pair.value;
    } else if (yaml().isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
      const item = next as { range?: [number, number, number] } | undefined;
      if (!item?.range) break;
      keyAt = position(item.range[0]);
    } else {
      break;
    }
    node = next;
    if (node === undefined || node === null) break;
  }
  if (at === 'value' && path.length > 0 && yaml().isScalar(node) && node.range && node === doc.getIn(path, true)) return position(node.range[0]);
  return keyAt ?? fallback;
}

function nonStringKeys(node: unknown, at: PathSegment[]): { path: PathSegment[]; written: string; value: unknown }[] {
  if (yaml().isSeq(node)) return node.items.flatMap((item, i) => nonStringKeys(item, [...at, i]));
  if (!yaml().isMap(node)) return [];
  return node.items.flatMap((pair) => {
    const key = pair.key;
    const value: unknown = yaml().isScalar(key) ? key.value : key;
    // A merge key (`<<`) is a symbol: it names nothing.
    if (typeof value === 'symbol') return nonStringKeys(pair.value, at);
    const path = [...at, value === null ? '' : String(value)];
    const here = yaml().isScalar(key) && typeof value !== 'string' ? [{ path, written: typeof key.source === 'string' ? key.source : String(value), value }] : [];
    return [...here, ...nonStringKeys(pair.value, path)];
  });
}

/**
 * Keys compare as text, as they do once Kubernetes turns YAML into JSON: `1` and "1"
 * are the same field there. A merge key (`<<`, a symbol in YAML 1.1) may repeat.
 */
function sameKeyOnceJson(a: unknown, b: unknown): boolean {
  const value = (k: unknown) => (yaml().isScalar(k) ? k.value : k);
  const x = value(a);
  const y = value(b);
  if (typeof x === 'symbol' || typeof y === 'symbol') return false;
  return x === y || (isPrimitive(x) && isPrimitive(y) && String(x) === String(y));
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

/**
 * The library reports an unclosed quote where the text ends; the reader needs
 * where the quote opens: the nearest quote of its kind before that, since the
 * runaway string holds no other (for a single-quoted one, no other unpaired
 * one). Quotes of the other kind it may well hold.
 */
function openingQuoteOffset(text: string, end: number, quote: string): number {
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"' && !escaped(text, i)) return i;
    if (quote === "'") {
      if (text[i - 1] === "'") i--;
      else return i;
    }
  }
  return end;
}

function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Where the first alias without an anchor before it is: toJS throws for it without saying where. */
function unresolvedAliasOffset(doc: Document.Parsed): number | undefined {
  const anchors = new Set<string>();
  let offset: number | undefined;
  yaml().visit(doc, (_key, node) => {
    if (offset !== undefined) return yaml().visit.BREAK;
    if (yaml().isAlias(node)) {
      if (!anchors.has(node.source)) offset = node.range?.[0];
    } else if (yaml().isNode(node) && node.anchor) {
      anchors.add(node.anchor);
    }
    return undefined;
  });
  return offset;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

export function syntaxIssue(file: string, message: string, at: Position): Issue {
  return { severity: 'error', rule: 'syntax', file, line: at.line, column: at.column, message };
}
