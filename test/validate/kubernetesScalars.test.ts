/**
 * Plain scalars read as go-yaml v2 reads them (what kubectl, Kustomize and the
 * API server use), by both YAML readers: the full one (positions) and the
 * quick one (no positions), so a document means the same whichever reads it.
 */
import { describe, expect, it } from 'vitest';
import { resolvePlainScalar } from '../../src/yamlSource/kubernetesScalars.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { quickLoad } from '../../src/yamlSource/quickLoad.ts';

// Plain scalar as written -> what go-yaml v2 decodes it to (JSON-compatible, as sigs.k8s.io/yaml hands it on).
const GO_YAML: [string, unknown][] = [
  ['yes', true], ['Yes', true], ['YES', true], ['y', true], ['Y', true], ['on', true], ['On', true], ['ON', true], ['true', true], ['True', true], ['TRUE', true],
  ['no', false], ['n', false], ['N', false], ['off', false], ['OFF', false], ['false', false], ['False', false],
  ['yEs', 'yEs'], ['oN', 'oN'], ['tRUE', 'tRUE'],
  ['~', null], ['null', null], ['Null', null], ['NULL', null], ['nULL', 'nULL'],
  ['0', 0], ['42', 42], ['123456789012345', 123456789012345], ['1234567890123456', 1234567890123456], ['12a', '12a'], ['-42', -42], ['+12', 12], ['1_000', 1000], ['1_0_0', 100],
  ['0777', 511], ['0o17', 15], ['0O17', 15], ['0x1F', 31], ['0X1f', 31], ['0b101', 5], ['-0x10', -16],
  ['08', 8], ['09.5', 9.5], ['1.5', 1.5], ['1.', 1], ['.5', 0.5], ['-.5', -0.5], ['1e3', 1000], ['1E-2', 0.01], ['6.02e+23', 6.02e23],
  ['9223372036854775807', 9223372036854775807], ['18446744073709551615', 18446744073709551615], ['99999999999999999999', 1e20],
  ['0xFFFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFFF'],
  ['.inf', Infinity], ['-.Inf', -Infinity], ['+.INF', Infinity], ['.nan', NaN],
  // Timestamps are decoded into interface{} as the string they are; YAML 1.1's base-60 numbers do not exist in go-yaml.
  ['2024-01-01', '2024-01-01'], ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'], ['10:30', '10:30'], ['1:20:30', '1:20:30'],
  ['1.2.3', '1.2.3'], ['v1', 'v1'], ['0x', '0x'], ['0b2', '0b2'], ['1e', '1e'], ['-', '-'], ['.', '.'], ['=', '='], ['<<', '<<'], ['+inf', '+inf'], ['Infinity', 'Infinity'],
];

describe('plain scalars, as go-yaml v2 reads them', () => {
  for (const [source, expected] of GO_YAML) {
    it(`${source} -> ${typeof expected === 'string' ? JSON.stringify(expected) : String(expected)}`, () => {
      const resolved = resolvePlainScalar(source);
      expect(resolved.kind === 'str' ? source : resolved.value).toEqual(expected);
    });
  }

  it('reads the same values in both YAML readers, as mapping values and in lists', () => {
    // A lone `-` would start a list; in a flow list a `:` would start a mapping.
    const plain = GO_YAML.filter(([source]) => source !== '-');
    const text = `${plain.map(([source], i) => `k${i}: ${source}`).join('\n')}\nlist: [${plain.filter(([s]) => !s.includes(':')).map(([s]) => s).join(', ')}]\n`;
    const full = parseYamlStream(text, 'scalars.yaml');
    expect(full.issues).toEqual([]);
    const quick = quickLoad(text);
    expect(quick).toBeDefined();
    expect(quick!.map((d) => d.value)).toEqual(full.documents.map((d) => d.value));
    const value = full.documents[0]!.value as Record<string, unknown>;
    plain.forEach(([, expected], i) => expect(value[`k${i}`]).toEqual(expected));
  });

  it('keeps quoted scalars strings, and reads merge keys', () => {
    const text = 'a: "yes"\nb: \'0777\'\nbase: {p: 1, q: 2}\nmerged:\n  <<: {p: 1, q: 2}\n  q: 3\n"y": key\n';
    const expected = { a: 'yes', b: '0777', base: { p: 1, q: 2 }, merged: { p: 1, q: 3 }, y: 'key' };
    expect(parseYamlStream(text, 'q.yaml').documents[0]!.value).toEqual(expected);
    expect(quickLoad(text)![0]!.value).toEqual(expected);
  });

  it('reads the explicit tags !!omap, !!pairs, !!set and !!binary as go-yaml does: sequences, a mapping, text', () => {
    // The library's own reading made a Map, a Set and bytes, which every check took for an empty object.
    const text = 'omap: !!omap [{A: a}, {B: b}]\npairs: !!pairs [{a: 1}]\nset: !!set {x, z}\nbinary: !!binary aGVsbG8=\n';
    const read = parseYamlStream(text, 'q.yaml');
    expect(read.issues).toEqual([]);
    expect(read.documents[0]!.value).toEqual({ omap: [{ A: 'a' }, { B: 'b' }], pairs: [{ a: 1 }], set: { x: null, z: null }, binary: 'hello' });
    expect(parseYamlStream('b: !!binary "not base64!"\n', 'q.yaml').issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual(['1:4 !!binary value contains invalid base64 data']);
  });

  it('reads a key as it reads a value, and says which keys are not text', () => {
    // `y` as a key is `true` too (go-yaml reads keys like values): the Norway problem.
    const text = 'y: key\nmap:\n  - {NO: 1, "no": 2, 0777: 3, ~: 4}\n';
    const [document] = parseYamlStream(text, 'q.yaml').documents;
    expect(document!.value).toEqual({ true: 'key', map: [{ false: 1, no: 2, 511: 3, '': 4 }] });
    expect(document!.nonStringKeys!()).toEqual([
      { path: ['true'], written: 'y', value: true },
      { path: ['map', 0, 'false'], written: 'NO', value: false },
      { path: ['map', 0, '511'], written: '0777', value: 511 },
      { path: ['map', 0, ''], written: '~', value: null },
    ]);
    // The quick reader cannot tell `no:` from `"no":`, and leaves such files to the full one.
    expect(quickLoad(text)).toBeUndefined();
  });

});

describe('quickLoad', () => {
  it('declines what only the full reader handles: anchors, tags, directives, lone carriage returns, syntax errors', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!int "3"\n', '%YAML 1.1\n---\na: 1\n', 'a: 1\rb: 2\n', 'a: "open\n', 'a:\n\tb: 1\n', 'a: 1\na: 2\n', 'a: *nowhere\n']) {
      expect(quickLoad(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('says where each document starts, as the full reader does', () => {
    const text = '# comment\n\napiVersion: v1\nkind: A\n---\n# c\nkind: B\n---\n- a\n';
    expect(quickLoad(text)!.map((d) => d.start)).toEqual(parseYamlStream(text, 'x').documents.map((d) => d.start));
  });
});
