/**
 * Where a field is in one document, from the quick reader (js-yaml) that read
 * its value: the document's lines read again with js-yaml's listener, which
 * says where each node opens and closes, at about a tenth of the cost of a
 * positioned read (parseYamlStream). Places as locateNode gives them; where
 * this reading cannot be sure of one (an empty or null value, a mapping whose
 * children are not key, value, key, value: a merge key, a flow mapping with a
 * key and no value) it says so, and the caller asks the positioned reader.
 */
import type { PathSegment } from '../vocabulary/issue.ts';
import type { Position } from './parse.ts';
import { kubernetesSchema } from './quickLoad.ts';
import { jsYaml } from './yamlPackage.ts';
import { linePositions } from './linePositions.ts';

interface Node {
  /** Offset where js-yaml opened it: before the white space and comments in front of its content. */
  open: number;
  kind: string | null;
  result: unknown;
  children: Node[];
}

const EXPLICIT_KEY = /(?:^|[\s[{,])\?(?:[ \t]|$)/m;

/** Locates paths in one document's text; undefined when js-yaml does not read it (the caller then reads with positions). */
export function quickPositions(text: string): ((path: readonly PathSegment[], at?: 'key' | 'value') => Position | null | undefined) | undefined {
  // js-yaml drops a leading byte order mark, which would shift every offset by one. An explicit key (`? key`)
  // opens nodes that are not key, value, key, value (a property test met one placing a finding at 1:1).
  if (text.charCodeAt(0) === 0xfeff || EXPLICIT_KEY.test(text)) return undefined;
  const top: Node = { open: 0, kind: null, result: null, children: [] };
  const stack: Node[] = [top];
  try {
    jsYaml().loadAll(text, () => undefined, {
      schema: kubernetesSchema(),
      listener(event, state) {
        if (event === 'open') {
          const node: Node = { open: state.position, kind: null, result: null, children: [] };
          stack.at(-1)!.children.push(node);
          stack.push(node);
          return;
        }
        const node = stack.pop()!;
        node.kind = state.kind;
        node.result = state.result;
        // A block mapping that a document marker (---) ends tries one more key first: an empty node, no child of it.
        if (node.kind === 'mapping' && node.children.length % 2 === 1 && node.children.at(-1)!.kind === null) node.children.pop();
      },
    });
  } catch {
    return undefined;
  }
  const root = top.children[0];
  if (root === undefined) return undefined;
  const position = linePositions(text);
  const contentStart = (node: Node): number => {
    let i = node.open;
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '#') {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end + 1;
      } else return i;
    }
  };

  /**
   * As locateNode: a scalar's own place, else the key (or list item) that
   * introduces the deepest node the path reaches; null for the document's
   * start, undefined when unsure.
   */
  return (path, at = 'value') => {
    let node: Node = root;
    let keyAt: number | undefined;
    let reached = 0;
    for (const segment of path) {
      if (node.kind === 'mapping') {
        // A merge key (`<<`) brings its fields from elsewhere: not key, value, key, value any more.
        if (node.children.length !== 2 * Object.keys(node.result as object).length || node.children.some((child, i) => i % 2 === 0 && child.result === '<<')) return undefined;
        let found = -1;
        for (let i = 0; i < node.children.length && found < 0; i += 2) {
          if (String(node.children[i]!.result) === String(segment)) found = i;
        }
        if (found < 0) break;
        keyAt = contentStart(node.children[found]!);
        node = node.children[found + 1]!;
      } else if (node.kind === 'sequence' && typeof segment === 'number') {
        if (node.children.length !== (node.result as unknown[]).length) return undefined;
        const item = node.children[segment];
        if (item === undefined) break;
        keyAt = contentStart(item);
        node = item;
      } else {
        break;
      }
      reached++;
      // An empty or null value: its place is the positioned reader's to say.
      if (node.kind === null || node.result === null) return undefined;
    }
    if (at === 'value' && path.length > 0 && reached === path.length && node.kind === 'scalar') return position(contentStart(node));
    return keyAt === undefined ? null : position(keyAt);
  };
}
