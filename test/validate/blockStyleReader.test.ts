/**
 * The block-style reader gives exactly what js-yaml gives (values, where each
 * document starts, the line it starts on) wherever it reads a text, and what
 * the positioned reader gives for the values; it reads nearly every real
 * manifest, and declines what lies outside its subset rather than guess.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBlockStyle, type BlockStyleDocument, type KnownSyntaxError } from '../../src/yamlSource/blockStyleReader.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { loadWithJsYaml } from '../../src/yamlSource/quickLoad.ts';
import { applyEdits, REAL_YAML, textEdits, withCrLf, withTabsAtLineEnds } from '../support/realYaml.ts';

/** Where the reader reads `text`, it agrees with js-yaml and with the positioned reader; says whether it read it. */
function agrees(text: string): boolean {
  const read = readBlockStyle(text);
  if (!Array.isArray(read)) return false;
  expect(read, text).toEqual(loadWithJsYaml(text));
  expect(read.map((d) => d.value), text).toEqual(parseYamlStream(text, 'f.yaml').documents.map((d) => d.value));
  return true;
}

/** Broken text is text the positioned reader refuses, in the very words and place the reader gives where it gives them. */
function brokenAsThePositionedReaderSays(text: string, known: KnownSyntaxError | undefined): void {
  const issues = parseYamlStream(text, 'f.yaml').issues;
  expect(issues, text).not.toEqual([]);
  if (known !== undefined) expect(issues.map(({ message, line, column }) => ({ message, line, column })), text).toEqual([known]);
}

describe('readBlockStyle', () => {
  it('reads real manifests as js-yaml does, and nearly all of those js-yaml reads without carriage returns or tabs', () => {
    let read = 0;
    let plain = 0;
    for (const text of REAL_YAML) {
      if (agrees(text)) read++;
      if (loadWithJsYaml(text) !== undefined && !/[\r\t]/.test(text)) plain++;
    }
    expect(read).toBeGreaterThan(0.95 * plain);
  });

  it('reads the shapes manifests use', () => {
    const shapes: [string, unknown[]][] = [
      ['a: 1\nb: "x # not a comment"  # a comment\nc: \'it\'\'s\'\n', [{ a: 1, b: 'x # not a comment', c: "it's" }]],
      ['list:\n- a\n- b: 1\n  c: [1, "two", three]\nnext: {}\nnone:\n', [{ list: ['a', { b: 1, c: [1, 'two', 'three'] }], next: {}, none: null }]],
      ['matchLabels: {app.kubernetes.io/name: web, "tier": 1, 80: x}\n', [{ matchLabels: { 'app.kubernetes.io/name': 'web', tier: 1, 80: 'x' } }]],
      ['ports: [{name: http, port: 80}, [], {}]\n', [{ ports: [{ name: 'http', port: 80 }, [], {}] }]],
      ['script: |\n  one\n    two\n\n  three\nfolded: >-\n  a\n  b\n\n  c\nkeep: x\n', [{ script: 'one\n  two\n\nthree\n', folded: 'a b\nc', keep: 'x' }]],
      ['on_off: on\noctal: 0777\n80: http\nport: "80"\nescaped: "a\\tb\\u00e9\\\\"\n', [{ on_off: true, octal: 511, 80: 'http', port: '80', escaped: 'a\tb\u00e9\\' }]],
      ['---\na: 1\n---\n# nothing\n---\n- x\n---\n', [{ a: 1 }, null, ['x'], null]],
      ['command: ["sh", "-c", "echo a && b"]\nurl: http://x:8080/y?z=1#frag\nlabel: a#b\n', [{ command: ['sh', '-c', 'echo a && b'], url: 'http://x:8080/y?z=1#frag', label: 'a#b' }]],
    ];
    for (const [text, values] of shapes) {
      expect(agrees(text), text).toBe(true);
      expect((readBlockStyle(text) as BlockStyleDocument[]).map((d) => d.value)).toEqual(values);
    }
  });

  it('says where each document starts, as js-yaml does', () => {
    const read = readBlockStyle('# head\n---\n\n# c\nkind: A\n---\nkind: B\n') as BlockStyleDocument[];
    expect(read.map((d) => [d.start, d.lineOffset])).toEqual([
      [{ line: 5, column: 1 }, 16],
      [{ line: 7, column: 1 }, 28],
    ]);
    expect(agrees('# head\n---\n\n# c\nkind: A\n---\nkind: B\n')).toBe(true);
  });

  it('declines what lies outside its subset, or what readers differ on', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '%YAML 1.1\n---\na: 1\n',
      'a: b\tc\n',
      'a: 1\rb: 2\n',
      'a: 1\r\nb: 2\r',
      'a: |\n  b\t\nc: 1\t\n',
      'a: b\t# c\n',
      'a: one\n  two\n',
      'a: "one\n  two"\n',
      'a: {b: 1,\n  c: 2}\n',
      'a: {b, c: 1}\n',
      'a: {b:c}\n',
      'metadata:  {name: shop}\nports: [{port: 80, targetPort : 8080}]\n',
      'a: [b , c]\n',
      'a: [-]\n',
      'a: [b, -]\n',
      '? a\n: 1\n',
      'a: 1\na: 2\n',
      'no: 1\n',
      '---x: 1\n',
      '<<: {a: 1}\n',
      'a: "b"#c\n',
      'a: [b]#c\n',
      'a: |+\n  b\n',
      'a: |2\n  b\n',
      'a: b: c\n',
      '\ufeffa: 1\n',
      ' a: 1\n',
      '# only a comment\n',
      'just a scalar\n',
      'a:\n  - b\n c: 1\n',
    ]) {
      expect(readBlockStyle(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('reads line breaks written CR LF, and tabs at the ends of lines, as js-yaml does, with offsets in the text as given', () => {
    const withTabs = (text: string) => text.replace(/(?<=[^\n])\n/g, (_, i: number) => (i % 3 === 0 ? '\t\n' : i % 3 === 1 ? ' \t \n' : '\n'));
    let read = 0;
    let plain = 0;
    for (const text of REAL_YAML) {
      if (!Array.isArray(readBlockStyle(text))) continue;
      plain++;
      const crlf = withCrLf(text);
      expect(agrees(crlf), 'CR LF').toBe(true);
      // A block scalar's lines keep their white space: a text that may hold one is declined.
      if (agrees(withTabs(text))) read++;
      if (agrees(withTabs(crlf))) read++;
    }
    expect(read).toBeGreaterThan(0.8 * plain);
    expect(agrees('---\t\r\n# c\t\r\na: 1\t\r\nb:\t\r\n  - c  \t\r\n---\t\r\nd: "e"\t\r\n')).toBe(true);
    expect(agrees('a: 1\r\n---\t\r\nb: 2\r\n')).toBe(true);
    expect((readBlockStyle('a: 1\r\n---\t\r\nb: 2\r\n') as BlockStyleDocument[]).map((d) => [d.start, d.lineOffset])).toEqual([
      [{ line: 1, column: 1 }, 0],
      [{ line: 3, column: 1 }, 12],
    ]);
    // Broken there too, in the positioned reader's words; a tab on a line of white space alone is left to it.
    const broken = (text: string) => (readBlockStyle(text) as { broken: KnownSyntaxError | undefined }).broken;
    for (const [text, message] of [
      ['a:\r\n  bb: 1\r\n  cc 2\r\n', 'Implicit map keys need to be followed by map values'],
      ['a:\t\n  b: "c\n', 'Missing closing "quote'],
      ['a:\t\n  b: 1\t\r\n\tc: 1\n', 'Tabs are not allowed as indentation'],
    ] as const) {
      expect(broken(text)?.message, JSON.stringify(text)).toBe(message);
      brokenAsThePositionedReaderSays(text, broken(text));
    }
    expect(readBlockStyle('a: \n\t\t\nb: 1\n')).toBeUndefined();
  });

  it('calls broken the mistakes every reader refuses (a tab as indentation, a missing colon, a quote never closed), so js-yaml is not tried first, and says an unclosed quote as the positioned reader does', () => {
    const said = (text: string) => {
      const read = readBlockStyle(text);
      expect(Array.isArray(read) || read === undefined, JSON.stringify(text)).toBe(false);
      expect(loadWithJsYaml(text), JSON.stringify(text)).toBeUndefined();
      brokenAsThePositionedReaderSays(text, (read as { broken: KnownSyntaxError | undefined }).broken);
      return (read as { broken: KnownSyntaxError | undefined }).broken;
    };
    expect(said('a:\n  b: "c\n  d: 1\n')).toEqual({ message: 'Missing closing "quote', line: 2, column: 6 });
    expect(said("a:\n  - 'c\n")).toEqual({ message: "Missing closing 'quote", line: 2, column: 5 });
    // At the quote that opens, not at a quote of the other kind the runaway string swallowed (both readers).
    expect(said("a:\n  - 'name: x\n    command: [\"sleep\"]\n")).toEqual({ message: "Missing closing 'quote", line: 2, column: 5 });
    // Refused, in words this reader does not know: the positioned reader says them.
    expect(said('a:\n\tb: 1\n')).toEqual({ message: 'Tabs are not allowed as indentation', line: 2, column: 1 });
    expect(said('a:\n  b: [c]\n\td: 1\n')).toEqual({ message: 'Tabs are not allowed as indentation', line: 3, column: 1 });
    // A lost colon among plain entries: the words turn on the next line.
    expect(said('metadata:\n  name: web\n  namespace shop\n  labels:\n    app: web\n')).toEqual({ message: 'Implicit keys need to be on a single line', line: 3, column: 3 });
    expect(said('spec:\n  ports:\n    - port: 80\n      protocol TCP\n')).toEqual({ message: 'Implicit map keys need to be followed by map values', line: 4, column: 7 });
    expect(said('spec:\n  resources:\n    cpu: 1\n    memory 64Mi\n  limits:\n    cpu: 1\n')).toEqual({ message: 'Implicit map keys need to be followed by map values', line: 4, column: 5 });
    expect(said('spec:\n  resources:\n    cpu: "1"\n    memory "64Mi"\n    ephemeral: 1Gi\n')).toEqual({ message: 'Implicit keys need to be on a single line', line: 4, column: 5 });
    // Lines of a comment alone may follow (not the very next line: that one decides the words).
    expect(said('metadata:\n  name: web\n  namespace shop\n  labels:\n    # the team\n    app: web\n')).toEqual({ message: 'Implicit keys need to be on a single line', line: 3, column: 3 });
    // Words the positioned reader says otherwise, or that turn on more than the next line: left to it.
    for (const text of ['a: 1\nb 2\nc: 3\n', 'spec:\n  ref:\n    name: x\n  minReplicas 3\n  maxReplicas: 20\n', 'metadata:\n  name: x\n  n  espace reports\n  annotations:\n    a: b\n', 'metadata:\n  name: x\n  namespace shop # the team\n  labels: {}\n', 'metadata:\n  name: x\n  n mespace shop\n  labels: {}\n', 'metadata:\n  name: x\n  name\npace: shop\n']) {
      expect(said(text), JSON.stringify(text)).toBeUndefined();
    }
    // A tab where a block scalar's lines or a list's items are indented: said where a key follows, in a mapping document.
    expect(said('a:\n  b: |\n    x\n\ty: 1\n  c: 1\n')).toEqual({ message: 'Block scalar lines must not be less indented than their first line', line: 4, column: 1 });
    expect(said('a: |\n  b\n\tc: 1\n')).toEqual({ message: 'Block scalar lines must not be less indented than their first line', line: 3, column: 1 });
    expect(said('a:\n  drop:\n    - ALL\n\tprivileged: false\n')).toEqual({ message: 'Tabs are not allowed as indentation', line: 4, column: 1 });
    for (const text of ['a: 1\nimage nginx:1.25\n', '- o\n\tp: replace\n', '- b: 1\n\tc: 2\n', 'a: |\n  x\n\t"b": 1\n', '- a: |\n    x\n\tb: 1\n', 'spec:\n  x: 1\n  image nginx\n    deeper: 1\n', 'a:\n  b: 1\n  c\n\td: 1\n', 'a: 1\n---\nb: "c\n', 'a: "b\n---\nc: 1\n']) {
      expect(said(text), JSON.stringify(text)).toBeUndefined();
    }
    // Declined, not broken: a scalar document, a quote a later line may close, a tab after the indentation.
    for (const text of ['just words\n', 'a: "b\n  c"\n', 'a: |\n  \tb\n']) expect(readBlockStyle(text), JSON.stringify(text)).toBeUndefined();
  });

  it('calls broken the mistakes people make in real files (a tab for spaces, a lost colon, a quote left open), in the positioned reader\'s words where it knows them', () => {
    const mistakes = {
      tab: (line: string) => line.replace(/^ +/, '\t'),
      colon: (line: string) => line.replace(': ', ' '),
      quote: (line: string) => line.replace(': ', ': "'),
    };
    let worded = 0;
    const small = REAL_YAML.filter((t) => t.length < 20_000);
    // Each file also with CR LF line breaks and with tabs at the ends of its lines.
    const texts = [...small, ...small.map(withCrLf), ...small.map((t) => withTabsAtLineEnds(t))];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.nat(), fc.constantFrom(...(Object.keys(mistakes) as (keyof typeof mistakes)[])), (original, pick, mistake) => {
        const lines = original.split('\n');
        const candidates = lines.flatMap((line, i) => (/^ +[A-Za-z][\w.-]*: \S/.test(line) ? [i] : []));
        if (candidates.length === 0) return;
        const at = candidates[pick % candidates.length]!;
        lines[at] = mistakes[mistake](lines[at]!);
        const text = lines.join('\n');
        const read = readBlockStyle(text);
        if (read === undefined || Array.isArray(read)) return;
        if (read.broken !== undefined) worded++;
        brokenAsThePositionedReaderSays(text, read.broken);
      }),
      { numRuns: 5000, seed: 15 },
    );
    expect(worded).toBeGreaterThan(1800);
  });

  it('agrees with js-yaml on random edits of real files', () => {
    const edits = [' ', '  ', '\n', '\t', '\n\t', '\t\n', '\r\n', '\r', ':', ': ', '- ', '-', '#', ' #', '"', "'", '\\', '|', '|-', '>', '>-', '[', ']', '{}', '[]', ',', '?', '*', '&', '!', '%', '@', '`', '<', '~', 'x', '0', '0x1', '1e3', 'yes', 'null', '---\n', '...\n', '\u00e9'];
    const small = REAL_YAML.filter((t) => t.length < 20_000);
    let compared = 0;
    fc.assert(
      fc.property(
        // Each file also with CR LF line breaks: edits then mix them with line feeds and lone CRs.
        fc.constantFrom(...small, ...small.map(withCrLf)),
        textEdits(edits),
        (original, changes) => {
          const text = applyEdits(original, changes);
          const read = readBlockStyle(text);
          if (read === undefined) return;
          compared++;
          // A text it calls broken is one the positioned reader refuses too; a text js-yaml refuses is never read.
          if (Array.isArray(read)) expect(read, text).toEqual(loadWithJsYaml(text));
          else brokenAsThePositionedReaderSays(text, read.broken);
        },
      ),
      { numRuns: 6000, seed: 15 },
    );
    expect(compared).toBeGreaterThan(1500);
  });

  it('keeps every value inside its scalar: generated mappings of awkward text read back as written', () => {
    const awkward = fc.stringMatching(/^[a-z0-9 :#'"\\\-*&!%@|>[\]{},?.~]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/), awkward, fc.constantFrom('plain', 'single', 'double', 'literal')), { minLength: 1, maxLength: 6 }), (entries) => {
        const lines = entries.map(([key, value, style], i) => {
          const k = `${key}${i}`;
          if (style === 'single') return `${k}: '${value.replace(/'/g, "''")}'`;
          if (style === 'double') return `${k}: "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
          if (style === 'literal') return `${k}: |\n  x${value}`;
          return `${k}: ${value}`;
        });
        const text = `${lines.join('\n')}\n`;
        const read = readBlockStyle(text);
        if (read === undefined) return;
        if (Array.isArray(read)) expect(read, text).toEqual(loadWithJsYaml(text));
        else brokenAsThePositionedReaderSays(text, read.broken);
      }),
      { numRuns: 3000, seed: 15 },
    );
  });
});
