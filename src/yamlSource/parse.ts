import { isDocument, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Issue, PathSegment } from '../validate/issue.ts';
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
}

export interface ParsedStream {
  documents: SourceDocument[];
  /** Syntax errors, each with line and column. A file with any is not worth validating further. */
  issues: Issue[];
}

export interface ParseOptions {
  /**
   * YAML 1.1 is what Kubernetes and Kustomize read (go-yaml): `yes`/`on` are booleans there.
   * Manifests are judged as the cluster will read them, with go-yaml's own scalar rules
   * (kubernetesScalars.ts); our own app.yaml uses 1.2.
   */
  version?: '1.1' | '1.2';
}

// A YAML alias bomb expands to gigabytes; refuse long before that.
const MAX_ALIAS_COUNT = 1000;

export function parseYamlStream(text: string, file: string, options: ParseOptions = {}): ParsedStream {
  const lineCounter = new LineCounter();
  const issues: Issue[] = [];
  const documents: SourceDocument[] = [];
  let docs: Document.Parsed[];
  try {
    const version = options.version ?? '1.2';
    docs = parseAllDocuments(text, {
      lineCounter,
      version,
      ...(version === '1.1' ? { customTags: kubernetesTags } : {}),
      uniqueKeys: true,
      prettyErrors: true,
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
    if (!isDocument(doc)) return;
    for (const e of doc.errors) {
      issues.push(syntaxIssue(file, firstLine(e.message), position(e.pos[0])));
    }
    if (doc.errors.length > 0) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      issues.push(syntaxIssue(file, firstLine((err as Error).message), position(doc.range[0])));
      return;
    }
    const contents = doc.contents;
    const start = position(contents?.range?.[0] ?? doc.range[0]);
    documents.push({
      index,
      start,
      value: value ?? null,
      locate: (path, at = 'value') => locateNode(doc, path, position, start, at),
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
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment || String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) break;
      const key = pair.key as { range?: [number, number, number] } | null;
      if (key?.range) keyAt = position(key.range[0]);
      next = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
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
  if (at === 'value' && path.length > 0 && isScalar(node) && node.range && node === doc.getIn(path, true)) return position(node.range[0]);
  return keyAt ?? fallback;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  // yaml appends " at line N, column M:" which we report as structured fields.
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function syntaxIssue(file: string, message: string, at: Position): Issue {
  return { severity: 'error', rule: 'syntax', file, line: at.line, column: at.column, message };
}
