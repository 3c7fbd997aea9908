/**
 * Reads a YAML stream into plain values about ten times faster than
 * parseYamlStream, without keeping source positions: for the common case of a
 * file with nothing to report, where positions are never needed. A caller that
 * finds something to report reads the file again with parseYamlStream, which
 * says where. Scalars follow the same rules as there: go-yaml's (kubernetesScalars.ts)
 * for manifests, YAML 1.2 core for app specs.
 *
 * It declines (returns undefined) rather than guess: on a syntax error, on
 * anchors, whose aliases parseYamlStream counts (a YAML alias bomb), and on
 * tags and directives, which the two readers resolve differently.
 */
import jsyaml from 'js-yaml';
import { isScalar, Schema, type ScalarTag } from 'yaml';
import { resolvePlainScalar } from './kubernetesScalars.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { parseYamlStream, type Position } from './parse.ts';

export interface QuickDocument {
  /** The document as plain data (`null` for an empty document). */
  value: unknown;
  /** Where its content starts. */
  start: Position;
  /** Offset in the text of the start of the line its content starts on. */
  lineOffset: number;
}

const kubernetesScalar = new jsyaml.Type('tag:yaml.org,2002:kubernetes-scalar', {
  kind: 'scalar',
  resolve: (source: string | null) => source === null || resolvePlainScalar(source).kind !== 'str',
  construct: (source: string | null) => (source === null ? null : resolvePlainScalar(source).value),
});

// js-yaml merges a mapping into its parent under a key of this tag, as go-yaml does with `<<:`.
const mergeKey = new jsyaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (source: string | null) => source === '<<',
});

// Strings, sequences and mappings (failsafe), merge keys, and go-yaml's plain scalars.
const KUBERNETES_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [mergeKey, kubernetesScalar] });

// YAML 1.2 (our own app.yaml) resolved by the very tags parseYamlStream uses, so the two
// readers cannot drift apart: the first core tag whose pattern matches, else a string.
const CORE_TAGS = (new Schema({ schema: 'core' }).tags as ScalarTag[]).filter((tag) => tag.test !== undefined);
const coreTag = (source: string) => CORE_TAGS.find((tag) => tag.test!.test(source));
const coreScalar = new jsyaml.Type('tag:yaml.org,2002:core-scalar', {
  kind: 'scalar',
  resolve: (source: string | null) => source === null || coreTag(source) !== undefined,
  construct: (source: string | null) => {
    if (source === null) return null;
    const value: unknown = coreTag(source)!.resolve(source, () => undefined, { intAsBigInt: false } as never);
    return isScalar(value) ? value.value : value;
  },
});
// No merge key: YAML 1.2 has none, so `<<` stays a key like any other, as parseYamlStream reads it.
const CORE_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [coreScalar] });

// Left to parseYamlStream: an anchor (&name), a tag (!x), a directive (%YAML), and a carriage return not
// followed by a line feed (YAML readers disagree on whether it ends a line). False alarms only cost speed.
const NEEDS_FULL_PARSE = /(?:^|[\s[{,])[&!]|^%|\r(?!\n)/m;

/** `version` as in parseYamlStream: 1.1 read as Kubernetes does (the default here), 1.2 for app specs. */
export function quickLoad(text: string, version: '1.1' | '1.2' = '1.1'): QuickDocument[] | undefined {
  if (NEEDS_FULL_PARSE.test(text)) return undefined;
  const documents: QuickDocument[] = [];
  const starts: Omit<QuickDocument, 'value'>[] = [];
  let depth = 0;
  try {
    jsyaml.loadAll(text, (value) => documents.push({ value: value ?? null, ...(starts[documents.length] ?? { start: { line: 1, column: 1 }, lineOffset: 0 }) }), {
      schema: version === '1.1' ? KUBERNETES_SCHEMA : CORE_SCHEMA,
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
  const { documents, issues } = parseYamlStream(text, file, { version: '1.1' });
  return { documents, issues };
}
