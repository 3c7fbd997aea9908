/**
 * Validation never crashes, and never lets a broken manifest through.
 *
 * - parseYamlStream + validateDocument on arbitrary text, arbitrary bytes and
 *   byte-level edits of real manifests: no exception, and every issue is well formed.
 * - One-change mutations of valid manifests (the rendered examples, and the real-world
 *   manifests in ../shared when present), chosen with the document's own schema as the
 *   oracle: a value of a type its field does not allow, a declared field renamed, a
 *   required field deleted. Each is reported at the field that changed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../src/validate/documents.ts';
import { formatPath, type Issue, type PathSegment } from '../../src/vocabulary/issue.ts';
import { targetSchemas } from '../support/schemas.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { available, EXAMPLES, REALWORLD_DIR } from '../support/paths.ts';
import { runs, timeLimit } from './settings.ts';

const { registry, kubernetes } = targetSchemas();

/** Parses and validates as `render` and `validate` do; throws only if the library does. */
function check(text: string, options: { partial?: boolean } = {}): Issue[] {
  const parsed = parseYamlStream(text, 'input.yaml');
  return [...parsed.issues, ...parsed.documents.flatMap((doc) => validateDocument(doc, 'input.yaml', { registry, kubernetes, partial: options.partial ?? false }))];
}

function expectWellFormed(issues: readonly Issue[]): void {
  for (const issue of issues) {
    expect(['error', 'warning']).toContain(issue.severity);
    expect(typeof issue.message).toBe('string');
    expect(issue.message.length).toBeGreaterThan(0);
    for (const n of [issue.line, issue.column]) if (n !== undefined) expect(Number.isInteger(n) && n >= 1).toBe(true);
  }
}

interface Manifest {
  source: string;
  text: string;
  /** An overlay patch: checked for types and unknown fields, not for required fields. */
  partial: boolean;
}

/** Rendered examples (bases and overlay patches) and, when ../shared is there, real-world manifests. */
function manifests(): Manifest[] {
  const out: Manifest[] = [];
  for (const app of readdirSync(join(EXAMPLES, 'apps'))) {
    const folders = ['base', ...readdirSync(join(EXAMPLES, 'apps', app, 'overlays')).map((env) => `overlays/${env}`)];
    for (const folder of folders) {
      for (const name of readdirSync(join(EXAMPLES, 'apps', app, folder))) {
        if (name === 'kustomization.yaml') continue;
        out.push({ source: `examples/apps/${app}/${folder}/${name}`, text: readFileSync(join(EXAMPLES, 'apps', app, folder, name), 'utf8'), partial: folder !== 'base' });
      }
    }
  }
  if (available(REALWORLD_DIR, 'real-world manifests as mutation seeds')) {
    for (const file of readdirSync(REALWORLD_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      out.push({ source: `realworld/${file}`, text: readFileSync(join(REALWORLD_DIR, file), 'utf8'), partial: false });
    }
  }
  return out;
}

const MANIFESTS = manifests();

const YAML_TOKENS = [
  'apiVersion: v1\n', 'kind: Pod\n', 'kind: List\n', 'items:\n', 'metadata:\n', '  name: x\n', 'spec:\n', 'key: ', 'value', '- ', '? ', ': ', ',', '{', '}', '[', ']',
  '"', "'", '\\', '&a ', '*a', '*undefined', '<<: *a\n', '!!binary ', '!!str ', '!!int ', '!!map ', '!tag ', '!<x> ', '%YAML 1.1\n', '%TAG ! x\n', '---\n', '...\n',
  '\n', '\r\n', '  ', '    ', '\t', '#', '|', '>-', '|+2', '.inf', '-.NaN', '0x1F', '0o17', '1e3', '~', 'null', 'yes', 'on', '2024-01-01', '12:30',
  '\ufeff', '\u0000', '\u0085', '\u2028', '😀', 'é',
];
const yamlish = fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 80 }).map((tokens) => tokens.join(''));
const bytes = fc.uint8Array({ maxLength: 600 });

/** Real manifests edited at the byte level: a range deleted, duplicated or replaced by YAML syntax. */
const editedManifest = fc
  .tuple(fc.constantFrom(...MANIFESTS), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('delete', 'duplicate', 'insert'), fc.constantFrom(...YAML_TOKENS)), { minLength: 1, maxLength: 4 }))
  .map(([manifest, edits]) =>
    edits.reduce((text, [at, length, edit, token]) => {
      const start = at % (text.length + 1);
      const end = Math.min(text.length, start + length);
      if (edit === 'delete') return text.slice(0, start) + text.slice(end);
      if (edit === 'duplicate') return text.slice(0, end) + text.slice(start, end) + text.slice(end);
      return text.slice(0, start) + token + text.slice(start);
    }, manifest.text),
  );

describe('validation never crashes', () => {
  it(
    'on arbitrary text, arbitrary bytes, and real manifests edited at random, whole or as patches',
    () => {
      const input = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        yamlish,
        yamlish.map((s) => `apiVersion: apps/v1\nkind: Deployment\n${s}`),
        bytes.map((b) => new TextDecoder('utf-8').decode(b)),
        bytes.map((b) => Buffer.from(b).toString('latin1')),
        editedManifest,
      );
      fc.assert(
        fc.property(input, fc.boolean(), (text, partial) => {
          expectWellFormed(check(text, { partial }));
        }),
        runs(600),
      );
    },
    timeLimit(60_000),
  );

  it('on an alias bomb: one issue, at once', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    const issues = check(`${levels.join('\n')}\n`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ rule: 'syntax', line: 1 });
  });
});

// --- One-change mutations, with the document's schema as the oracle. ---

type Schema = Record<string, unknown>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The schema nodes that apply to a node: follows $ref, the null guard (if null / else) and anyOf/oneOf/allOf. */
function alternatives(root: Schema, node: Schema | undefined, depth = 0): Schema[] {
  if (node === undefined || depth > 32) return [];
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const [, section, name] = /^#\/(definitions|\$defs)\/(.*)$/.exec(ref) ?? [];
    return alternatives(root, (root[section!] as Record<string, Schema> | undefined)?.[decodeURIComponent(name!)], depth + 1);
  }
  if (node['if'] !== undefined && node['else'] !== undefined) return alternatives(root, node['else'] as Schema, depth + 1);
  const out = [node];
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    for (const branch of (node[keyword] as Schema[] | undefined) ?? []) out.push(...alternatives(root, branch, depth + 1));
  }
  return out;
}

function child(root: Schema, nodes: Schema[], segment: PathSegment): Schema[] {
  return nodes.flatMap((n) => {
    if (typeof segment === 'number') return alternatives(root, n['items'] as Schema | undefined);
    const declared = (n['properties'] as Record<string, Schema> | undefined)?.[segment];
    if (declared) return alternatives(root, declared);
    const additional = n['additionalProperties'];
    return typeof additional === 'object' ? alternatives(root, additional as Schema) : [];
  });
}

/** JSON types a node accepts; undefined when some alternative accepts anything. */
function acceptedTypes(nodes: Schema[]): Set<string> | undefined {
  const accepted = new Set<string>();
  const constraining = nodes.filter((n) => n['type'] !== undefined || n['const'] !== undefined || n['enum'] !== undefined);
  if (constraining.length === 0) return undefined;
  for (const n of constraining) {
    const types = n['type'] === undefined ? [...new Set(((n['enum'] as Json[] | undefined) ?? [n['const'] as Json]).map(jsonType))] : ([] as string[]).concat(n['type'] as string[]);
    for (const t of types) accepted.add(t === 'integer' ? 'number' : t);
  }
  return accepted;
}

function jsonType(value: Json): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

interface Mutation {
  description: string;
  /** Where a report may point: the field changed (a renamed field may be reported under either name). */
  paths: PathSegment[][];
  apply(doc: Json): void;
}

const REPLACEMENTS: Json[] = [{ unexpected: 1 }, ['unexpected'], 'unexpected', 12345, true];

/** Every one-change mutation of `doc` that its schema must reject, found by walking both together. */
function mutationsOf(doc: Json, schema: Schema, partial: boolean): Mutation[] {
  const out: Mutation[] = [];
  const walk = (value: Json, path: PathSegment[], nodes: Schema[]) => {
    if (path.length > 0) {
      const accepted = acceptedTypes(nodes);
      const replacement = accepted && REPLACEMENTS.find((r) => !accepted.has(jsonType(r)));
      if (replacement !== undefined) out.push({ description: `${formatPath(path)} becomes ${JSON.stringify(replacement)}`, paths: [path], apply: (d) => setIn(d, path, replacement) });
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], child(schema, nodes, i)));
    else if (value !== null && typeof value === 'object') {
      const closed = nodes.length > 0 && nodes.every((n) => n['additionalProperties'] === false);
      const required = new Set(nodes.flatMap((n) => (n['required'] as string[] | undefined) ?? []));
      for (const [key, item] of Object.entries(value)) {
        const declared = nodes.some((n) => Object.hasOwn((n['properties'] as object | undefined) ?? {}, key));
        if (closed && declared) {
          const renamed = `${key}Typo`;
          // Reported as an unknown field, or, for apiVersion and kind (without which no schema applies), as missing.
          out.push({ description: `${formatPath([...path, key])} renamed ${renamed}`, paths: [[...path, renamed], [...path, key]], apply: (d) => renameIn(d, path, key, renamed) });
        }
        if (!partial && required.has(key)) out.push({ description: `required ${formatPath([...path, key])} deleted`, paths: [[...path, key]], apply: (d) => deleteIn(d, path, key) });
        walk(item, [...path, key], child(schema, nodes, key));
      }
    }
  };
  walk(doc, [], alternatives(schema, schema));
  return out;
}

function parentOf(doc: Json, path: readonly PathSegment[]): Record<string | number, Json> {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, doc) as Record<string | number, Json>;
}
function setIn(doc: Json, path: PathSegment[], value: Json): void {
  parentOf(doc, path.slice(0, -1))[path.at(-1)!] = structuredClone(value);
}
function deleteIn(doc: Json, path: PathSegment[], key: string): void {
  delete parentOf(doc, path)[key];
}
function renameIn(doc: Json, path: PathSegment[], from: string, to: string): void {
  const parent = parentOf(doc, path);
  const entries = Object.entries(parent).map(([k, v]): [string, Json] => [k === from ? to : k, v]);
  for (const k of Object.keys(parent)) delete parent[k];
  Object.assign(parent, Object.fromEntries(entries));
}

interface Seed {
  source: string;
  doc: Json;
  partial: boolean;
  mutations: Mutation[];
}

/** Documents that validate clean, each with the mutations its schema must reject. */
const SEEDS: Seed[] = MANIFESTS.flatMap((manifest) => {
  const parsed = parseYamlStream(manifest.text, manifest.source);
  return parsed.documents.flatMap((document): Seed[] => {
    const value = document.value as Json;
    if (validateDocument(document, manifest.source, { registry, kubernetes, partial: manifest.partial }).length > 0 || value === null || typeof value !== 'object') return [];
    const { apiVersion, kind } = value as { apiVersion: string; kind: string };
    const schema = registry.lookup(apiVersion, kind)!.schema() as Schema;
    return [{ source: manifest.source, doc: value, partial: manifest.partial, mutations: mutationsOf(value, schema, manifest.partial) }];
  });
});

describe('mutations of valid manifests', () => {
  it('start from enough valid documents', () => {
    expect(SEEDS.length).toBeGreaterThanOrEqual(10);
    expect(SEEDS.every((s) => s.mutations.length > 0)).toBe(true);
  });

  it(
    'are reported at the field they change: a type its field does not take, a declared field renamed, a required field deleted',
    () => {
      // Indices rather than the seeds themselves, so a counterexample prints short; the message says what changed.
      fc.assert(
        fc.property(fc.nat(), fc.nat(), (seedIndex, mutationIndex) => {
          const seed = SEEDS[seedIndex % SEEDS.length]!;
          const m = seed.mutations[mutationIndex % seed.mutations.length]!;
          const doc = structuredClone(seed.doc);
          m.apply(doc);
          // Written as YAML 1.1, so strings such as "yes" stay quoted for the 1.1 reader.
          const issues = check(stringify(doc, { version: '1.1', lineWidth: 0 }), { partial: seed.partial });
          expectWellFormed(issues);
          const expected = m.paths.map((p) => formatPath(p));
          expect(
            issues.some((i) => i.severity === 'error' && expected.includes(i.path ?? '')),
            `${seed.source}: ${m.description}, expected an issue at ${expected.join(' or ')}; got:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
          ).toBe(true);
        }),
        runs(400),
      );
    },
    timeLimit(60_000),
  );
});
