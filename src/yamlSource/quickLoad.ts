/**
 * Reads a YAML stream into plain values about ten times faster than
 * parseYamlStream, without keeping source positions: for the common case of a
 * file with nothing to report, where positions are never needed. A caller that
 * finds something to report reads the file again with parseYamlStream, which
 * says where. Scalars follow the same rules as there: go-yaml's (kubernetesScalars.ts).
 *
 * It declines (returns undefined) rather than guess: on a syntax error, on
 * anchors, whose aliases parseYamlStream counts (a YAML alias bomb), on
 * tags and directives, which the two readers resolve differently, and on keys
 * such as `no:` that are not text (see SourceDocument.nonStringKeys).
 */
import { resolvePlainScalar } from './kubernetesScalars.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { parseYamlStream, type Position } from './parse.ts';
import { readBlockStyle, type BlockStyleDocument, type BlockStyleReading } from './blockStyleReader.ts';
import { jsYaml } from './yamlPackage.ts';

export type QuickDocument = BlockStyleDocument;

let kubernetesSchemaMade: import('js-yaml').Schema | undefined;

/** Strings, sequences and mappings (failsafe), merge keys, and go-yaml's plain scalars: js-yaml's schema for Kubernetes YAML. */
export function kubernetesSchema(): import('js-yaml').Schema {
  if (kubernetesSchemaMade !== undefined) return kubernetesSchemaMade;
  const { Type, FAILSAFE_SCHEMA } = jsYaml();
  const kubernetesScalar = new Type('tag:yaml.org,2002:kubernetes-scalar', {
    kind: 'scalar',
    resolve: (source: string | null) => source === null || resolvePlainScalar(source).kind !== 'str',
    construct: (source: string | null) => (source === null ? null : resolvePlainScalar(source).value),
  });
  // js-yaml merges a mapping into its parent under a key of this tag, as go-yaml does with `<<:`.
  const mergeKey = new Type('tag:yaml.org,2002:merge', {
    kind: 'scalar',
    resolve: (source: string | null) => source === '<<',
  });
  return (kubernetesSchemaMade = FAILSAFE_SCHEMA.extend({ implicit: [mergeKey, kubernetesScalar] }));
}

// Left to parseYamlStream: an anchor (&name), a tag (!x), a directive (%YAML), a carriage return not
// followed by a line feed (YAML readers disagree on whether it ends a line), a key that is a boolean
// or null word (`no:`), which only the full reader can tell from a quoted one, and `---` or `...` run
// into more text (`---!`), which js-yaml takes for a document marker and YAML for a plain scalar,
// and a `#` right after a closing bracket or quote (`[a]#x`), which js-yaml reads as a comment and
// YAML refuses (a comment must follow white space), and a flow collection used as a key (`{a}: b`), which js-yaml names
// "[object Object]". False alarms only cost speed.
const NEEDS_FULL_PARSE =
  /(?:^|[\s[{,])[&!]|^%|\r(?!\n)|[\]}"']#|[\]}][ \t]*:(?=\s|$)|(?:^|[\s{,?])(?:[yYnN~]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)[ \t]*:(?=\s|$)|^(?:---|\.\.\.)\S/m;

/**
 * The documents of `text` read as parseYamlStream reads them; `{ broken }`
 * for a text no reader reads, with parseYamlStream's error where it is
 * known without it; undefined where the quick readers decline. `inSubset`:
 * the block-style reader read its documents (not js-yaml), as
 * blockStylePlaces asks.
 */
export function quickRead(text: string): { reading: BlockStyleReading; inSubset: boolean } {
  const blockStyle = readBlockStyle(text);
  if (blockStyle !== undefined) return { reading: blockStyle, inSubset: Array.isArray(blockStyle) };
  return { reading: NEEDS_FULL_PARSE.test(text) ? undefined : loadWithJsYaml(text), inSubset: false };
}

/** The documents of `text` read as parseYamlStream reads them, or undefined where it declines. */
export function quickLoad(text: string): QuickDocument[] | undefined {
  const { reading } = quickRead(text);
  return Array.isArray(reading) ? reading : undefined;
}

/** js-yaml's reading of what the block-style reader declines; undefined on a syntax error. */
export function loadWithJsYaml(text: string): QuickDocument[] | undefined {
  const documents: QuickDocument[] = [];
  const starts: Omit<QuickDocument, 'value'>[] = [];
  let depth = 0;
  try {
    jsYaml().loadAll(text, (value) => documents.push({ value: value ?? null, ...(starts[documents.length] ?? { start: { line: 1, column: 1 }, lineOffset: 0 }) }), {
      schema: kubernetesSchema(),
      listener(event, state) {
        if (event === 'open') {
          if (depth === 0) starts.push({ start: { line: state.line + 1, column: state.position - state.lineStart + 1 }, lineOffset: state.lineStart });
          depth++;
        } else {
          depth--;
        }
      },
    });
  } catch {
    return undefined;
  }
  return documents;
}

/**
 * The documents of a YAML stream, as Kubernetes reads them (YAML 1.1), each with where
 * it starts: the quick reader when it can, the positioned one (which also says where a
 * syntax error is) when it declines. For callers that need values, not field positions.
 */
export function readDocuments(text: string, file: string): { documents: { value: unknown; start: Position }[]; issues: Issue[] } {
  const quick = quickLoad(text);
  if (quick !== undefined) return { documents: quick, issues: [] };
  const { documents, issues } = parseYamlStream(text, file);
  return { documents, issues };
}
