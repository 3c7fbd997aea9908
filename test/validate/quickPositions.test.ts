/**
 * Places from the quick reader's listener are the places the positioned
 * reader gives (locateNode), for every field of real files and of shapes
 * that trip a naive reading (comments between key and value, block and
 * quoted scalars, flow collections, lists of mappings); where it is unsure it
 * says so rather than guess.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PathSegment } from '../../src/vocabulary/issue.ts';
import { parseYamlStream, type Position, type SourceDocument } from '../../src/yamlSource/parse.ts';
import { quickRead } from '../../src/yamlSource/quickLoad.ts';
import { quickPositions } from '../../src/yamlSource/quickPositions.ts';
import { blockStylePlaces, readBlockStyle } from '../../src/yamlSource/blockStyleReader.ts';
import { applyEdits, atLeast, REAL_YAML, textEdits, withCrLf, withTabsAtLineEnds } from '../support/realYaml.ts';

const SHAPES = [
  'a: # a comment\n  b: 1\n  # another\n  c: "x"\nd:\n  - name: e\n    value: |\n      text\n  - {name: f, value: 2}\nlist: [1, "2", three]\nempty:\nnull: ~\n',
  'spec:\n  template:\n    spec:\n      containers:\n        -   name: web\n            image: nginx\n            ports: [{containerPort: 80}]\n        - name: side # trailing\n          args:\n          - a\n          -   "b"\n',
  "q: 'it''s'\nfolded: >-\n  one\n  two\nplain: multi\n  line\nk8s: 0777\nnumber: 1e3\n",
  'c: # the value is on the next line\n  value\nitems:\n  - # an item after a comment\n    x\n  -\n    # and one more\n    "y"\n',
];

/** Every path into a value, and one past each mapping and list (a field that is not there). */
function pathsOf(value: unknown, at: PathSegment[] = []): PathSegment[][] {
  const out: PathSegment[][] = [at];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...pathsOf(item, [...at, i])));
    out.push([...at, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) out.push(...pathsOf(child, [...at, key]));
    out.push([...at, 'absent', 'deeper']);
  }
  return out;
}

/** Each document of the shapes and the real files the quick readers read: its value, its lines, and the positioned reader's reading of them. */
function eachRealDocument(visit: (value: unknown, slice: string, full: SourceDocument, inSubset: boolean) => void, texts: readonly string[] = [...SHAPES, ...REAL_YAML]): void {
  for (const text of texts) {
    const { reading: documents, inSubset } = quickRead(text);
    if (!Array.isArray(documents)) continue;
    documents.forEach((document, i) => {
      const slice = text.slice(document.lineOffset, documents[i + 1]?.lineOffset ?? text.length);
      const full = parseYamlStream(slice, 'f.yaml').documents.find((d) => d.value !== null);
      if (full !== undefined) visit(document.value, slice, full, inSubset);
    });
  }
}

/** Checks a quick place of a path, key and value, against the positioned reader's; how many places it was sure of. */
function placesAgree(place: (at: 'key' | 'value') => Position | null | undefined, path: PathSegment[], slice: string, full: SourceDocument): number {
  let sure = 0;
  for (const at of ['key', 'value'] as const) {
    const quick = place(at);
    if (quick === undefined) continue;
    sure++;
    expect(quick ?? full.start, `${JSON.stringify(path)} ${at} in\n${slice}`).toEqual(full.locate(path, at));
  }
  return sure;
}

describe('blockStylePlaces', () => {
  it('places every field of real files, and says how each plain scalar was written, as the positioned reader does, or says it is unsure', () => {
    let placed = 0;
    let sourced = 0;
    eachRealDocument((value, slice, full) => {
      const places = blockStylePlaces(slice);
      if (places === undefined) return;
      for (const p of pathsOf(value)) {
        const written = places.sourceOf(p);
        if (written !== undefined) {
          sourced++;
          expect(written, `${JSON.stringify(p)} in\n${slice}`).toEqual(full.sourceOf!(p));
        }
        placed += placesAgree((at) => places.locate(p, at), p, slice, full);
      }
    });
    expect(placed).toBeGreaterThan(atLeast(10_000));
    expect(sourced).toBeGreaterThan(atLeast(1_000));
  });

  it('places the fields of texts with CR LF line breaks or tabs at lines\' ends as the positioned reader does', () => {
    const variants = REAL_YAML.flatMap((text) => [withCrLf(text), withTabsAtLineEnds(text, '\t')]);
    let placed = 0;
    eachRealDocument((value, slice, full) => {
      const places = blockStylePlaces(slice);
      if (places === undefined) return;
      for (const p of pathsOf(value)) placed += placesAgree((at) => places.locate(p, at), p, slice, full);
    }, variants);
    expect(placed).toBeGreaterThan(atLeast(10_000));
  });

  it('seeks each path alone in a document it read whole before, with the very answers of a whole read', () => {
    let sought = 0;
    const texts = [...SHAPES, ...REAL_YAML, ...REAL_YAML.flatMap((text) => [withCrLf(text), withTabsAtLineEnds(text, '\t')])];
    eachRealDocument((value, slice, _full, inSubset) => {
      if (!inSubset) return;
      const whole = blockStylePlaces(slice)!;
      expect(whole, slice).toBeDefined();
      for (const p of pathsOf(value)) {
        // Each path first in a reading of its own, as a document with one finding asks.
        const alone = blockStylePlaces(slice, true)!;
        for (const at of ['key', 'value'] as const) expect(alone.locate(p, at), `${JSON.stringify(p)} ${at} in\n${slice}`).toEqual(whole.locate(p, at));
        expect(alone.sourceOf(p), `${JSON.stringify(p)} in\n${slice}`).toEqual(whole.sourceOf(p));
        sought++;
      }
    }, texts);
    expect(sought).toBeGreaterThan(atLeast(10_000));
  });

  it('seeks each path alone as a whole read places it in random edits of real files it reads (comments, blank lines and indentation moved)', () => {
    const edits = [' ', '  ', '\n', '\n  ', '# x\n', '\n# x', '  # x\n', '- ', '-', ': ', 'x: |\n  y\n', 'x:\n- y\n', 'x:\n  - y\n', '---\n'];
    const small = REAL_YAML.filter((t) => t.length < 20_000);
    let sought = 0;
    fc.assert(
      fc.property(fc.constantFrom(...small), textEdits(edits), (original, changes) => {
        const text = applyEdits(original, changes);
        const read = readBlockStyle(text);
        if (!Array.isArray(read)) return;
        read.forEach((document, i) => {
          const slice = text.slice(document.lineOffset, read[i + 1]?.lineOffset ?? text.length);
          const whole = blockStylePlaces(slice);
          if (whole === undefined) return;
          for (const p of pathsOf(document.value)) {
            const alone = blockStylePlaces(slice, true)!;
            for (const at of ['key', 'value'] as const) expect(alone.locate(p, at), `${JSON.stringify(p)} ${at} in\n${slice}`).toEqual(whole.locate(p, at));
            sought++;
          }
        });
      }),
      { numRuns: 4000, seed: 29 },
    );
    expect(sought).toBeGreaterThan(atLeast(20_000));
  });

  it('is unsure inside a flow collection and of an empty value, and sure of the key above them', () => {
    const places = blockStylePlaces('a:\nb:\n  ports: [{port: 80}]\n  c: 0777\n')!;
    const locate = places.locate;
    expect(places.sourceOf(['b', 'c'])).toBe('0777');
    expect(places.sourceOf(['a'])).toBeUndefined();
    expect(locate(['a'])).toBeUndefined();
    expect(locate(['b', 'ports', 0, 'port'])).toBeUndefined();
    expect(locate(['b', 'ports'])).toEqual({ line: 3, column: 3 });
    expect(locate(['b', 'c'])).toEqual({ line: 4, column: 6 });
    expect(locate(['b', 'c'], 'key')).toEqual({ line: 4, column: 3 });
    expect(locate(['b', 'c', 'd'])).toEqual({ line: 4, column: 3 });
    expect(locate(['nothing'])).toBeNull();
  });
});

describe('quickPositions', () => {
  it('places every field of real files as the positioned reader does, or declines', () => {
    let placed = 0;
    eachRealDocument((value, slice, full) => {
      const locate = quickPositions(slice);
      if (locate === undefined) return;
      for (const p of pathsOf(value)) placed += placesAgree((at) => locate(p, at), p, slice, full);
    });
    expect(placed).toBeGreaterThan(atLeast(10_000));
  });

  it('places the fields of a document its lines end with the next one\'s marker, as every document but the last', () => {
    const locate = quickPositions('spec:\n  ports:\n  - name: grpc\n    port: "5050"\n---\n')!;
    expect(locate(['spec', 'ports', 0, 'port'])).toEqual({ line: 4, column: 11 });
    expect(locate(['spec', 'ports', 0, 'targetPort'], 'key')).toEqual({ line: 3, column: 5 });
  });

  it('declines where it cannot be sure: empty and null values, merge keys, flow mappings with a bare key, a byte order mark', () => {
    expect(quickPositions('a:\nb: ~\n')!(['a'])).toBeUndefined();
    expect(quickPositions('a:\nb: ~\n')!(['b'])).toBeUndefined();
    expect(quickPositions('base: {p: 1}\nm:\n  <<: {p: 1}\n  q: 2\n')!(['m', 'q'])).toBeUndefined();
    expect(quickPositions('m: {a, b: 1}\n')!(['m', 'b'])).toBeUndefined();
    expect(quickPositions('\ufeffa: 1\n')).toBeUndefined();
    // An explicit key: a property test met `? Copyright ...` over a Deployment placing ma:tchLabels at 1:1.
    expect(quickPositions('? a b\n#\nkind: Deployment\nspec:\n  x:y: 1\n')).toBeUndefined();
    expect(quickPositions('a: "open\n')).toBeUndefined();
  });
});
