/**
 * What makes a skeleton template safe to fill with a user's values, checked when the skeleton
 * is loaded, for the built-in skeletons and an organisation's own alike:
 *
 * - every value printed goes through a YAML-safe helper: `{{str x}}`, `{{int x}}`, or plain
 *   `{{x}}` (and `{{{x}}}`), which is made to print x as `str` or `int` would by its type;
 * - every value printed stands after the indentation, `- ` or a `key: ` and is a key, a whole
 *   value, or part of a value made of plain text (`name: {{app}}-config`), which is then quoted
 *   as one once rendered (composeValues). A value quoted on its own is one scalar only there:
 *   inside quotes, brackets or a comment, its quotes, `: ` or `,` would change the document;
 * - nothing else prints or reshapes text: no other helper, no partial, no decorator, and no
 *   `~`, which joins lines and could put a value after text of another line.
 *
 * Where a value lands is judged on every line the template can render, through every branch of
 * `if`/`unless`/`with` and zero, one or two rounds of `each` (two show what one round followed by
 * another puts on a line).
 */
import Handlebars from 'handlebars';
import { yamlString } from './yamlScalar.ts';

/** A problem of a template, at its 1-based line and column. */
export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

/** The helpers a template may print a value with; plain `{{x}}` becomes `{{scalar x}}`. */
const VALUE_HELPERS = ['str', 'int'] as const;
export const PLAIN_VALUE_HELPER = 'scalar';
/** What a value that is part of a plain-text value prints with, for composeValues to quote the whole. */
export const PART_VALUE_HELPER = 'part';
const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);

/** Parses and checks a template; the program it returns prints every plain `{{x}}` through the safe helper. */
export function checkTemplate(text: string): { program?: hbs.AST.Program; problems: TemplateProblem[] } {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(text);
  } catch (err) {
    return { problems: [parseProblem(err as Error & { lineNumber?: number; column?: number })] };
  }
  const problems: TemplateProblem[] = [];
  const shown = sourceText(text);
  checkStatements(program.body, problems, shown);
  if (/[\u{E000}\u{E001}]/u.test(text)) problems.push({ line: 1, column: 1, message: 'a skeleton template may not hold the characters U+E000 and U+E001 (scaffold marks values with them)' });
  if (problems.length === 0) problems.push(...placeValues(program, shown));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return problems.length === 0 ? { program, problems } : { problems };
}

/** How a node is written in the template: `{{str image}}`. */
type Shown = (node: hbs.AST.Node) => string;

function sourceText(text: string): Shown {
  const lines = text.split('\n');
  return ({ loc }) => {
    const { start, end } = loc;
    if (start.line === end.line) return lines[start.line - 1]!.slice(start.column, end.column);
    return [lines[start.line - 1]!.slice(start.column), ...lines.slice(start.line, end.line - 1), lines[end.line - 1]!.slice(0, end.column)].join('\n');
  };
}

function parseProblem(err: Error & { lineNumber?: number; column?: number }): TemplateProblem {
  // "Parse error on line 3:\n<source>\n-----^\nExpecting ..., got ..."
  const lines = err.message.split('\n');
  const parsed = /^Parse error on line (\d+):$/.exec(lines[0] ?? '');
  if (parsed) {
    const caret = lines.find((l) => /^-*\^$/.test(l));
    return { line: Number(parsed[1]), column: (caret?.length ?? 1), message: `cannot parse the template: ${lines.at(-1)}` };
  }
  return { line: err.lineNumber ?? 1, column: (err.column ?? 0) + 1, message: `cannot parse the template: ${lines[0]!.replace(/ - \d+:\d+$/, '')}` };
}

const at = (node: hbs.AST.Node) => ({ line: node.loc.start.line, column: node.loc.start.column + 1 });

function checkStatements(body: readonly hbs.AST.Statement[], problems: TemplateProblem[], shown: Shown): void {
  for (const statement of body) {
    switch (statement.type) {
      case 'ContentStatement':
        break;
      case 'CommentStatement':
        if (stripsWhitespace((statement as hbs.AST.CommentStatement).strip)) problems.push({ ...at(statement), message: STRIP });
        break;
      case 'MustacheStatement':
        checkValue(statement as hbs.AST.MustacheStatement, problems, shown);
        break;
      case 'BlockStatement':
        checkBlock(statement as hbs.AST.BlockStatement, problems, shown);
        break;
      default:
        problems.push({ ...at(statement), message: `${describeStatement(statement)} is not allowed in a skeleton template: print values with {{field}}, {{str field}} or {{int field}}` });
    }
  }
}

const STRIP = '~ is not allowed in a skeleton template: it joins lines, and a value could end up inside text of another line';

function stripsWhitespace(strip: hbs.AST.StripFlags | undefined): boolean {
  return strip !== undefined && (strip.open || strip.close);
}

function checkValue(mustache: hbs.AST.MustacheStatement, problems: TemplateProblem[], shown: Shown): void {
  if (stripsWhitespace(mustache.strip)) problems.push({ ...at(mustache), message: STRIP });
  const path = mustache.path;
  const name = path.type === 'PathExpression' ? (path as hbs.AST.PathExpression).original : undefined;
  if (mustache.hash !== undefined && mustache.hash.pairs.length > 0) {
    problems.push({ ...at(mustache), message: `${shown(mustache)}: a value takes no options` });
  } else if (mustache.params.length === 0 && path.type === 'PathExpression' && !isValueHelper(name)) {
    // A plain {{field}}: printed as a YAML scalar by its type, like every other value.
    mustache.params = [path];
    mustache.path = { type: 'PathExpression', data: false, depth: 0, parts: [PLAIN_VALUE_HELPER], original: PLAIN_VALUE_HELPER, loc: path.loc };
  } else if (!(isValueHelper(name) && mustache.params.length === 1 && isValueExpression(mustache.params[0]!))) {
    problems.push({ ...at(mustache), message: `${shown(mustache)} prints no view-model value: print values with {{field}}, {{str field}} or {{int field}}` });
  }
}

function isValueHelper(name: string | undefined): boolean {
  return (VALUE_HELPERS as readonly (string | undefined)[]).includes(name);
}

function isValueExpression(expression: hbs.AST.Expression): boolean {
  return ['PathExpression', 'StringLiteral', 'NumberLiteral', 'BooleanLiteral'].includes(expression.type);
}

function checkBlock(block: hbs.AST.BlockStatement, problems: TemplateProblem[], shown: Shown): void {
  const name = block.path.type === 'PathExpression' ? (block.path as hbs.AST.PathExpression).original : '';
  const withBlockParams = (block.program.blockParams ?? []).length > 0;
  if (!BLOCK_HELPERS.has(name) || block.params.length !== 1 || !isValueExpression(block.params[0]!) || (block.hash?.pairs.length ?? 0) > 0 || withBlockParams) {
    problems.push({ ...at(block), message: `{{#${name}}} is not a block a skeleton template may use: {{#if x}}, {{#unless x}}, {{#each list}} or {{#with x}}, one field each` });
    return;
  }
  if ([block.openStrip, block.closeStrip, block.inverseStrip].some(stripsWhitespace)) problems.push({ ...at(block), message: STRIP });
  checkStatements(block.program.body, problems, shown);
  if (block.inverse) checkStatements(block.inverse.body, problems, shown);
}

function describeStatement(statement: hbs.AST.Statement): string {
  switch (statement.type) {
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return 'A partial ({{> name}})';
    case 'Decorator':
    case 'DecoratorBlock':
      return 'A decorator ({{* name}})';
    default:
      return statement.type;
  }
}

// Where a line the template renders holds a printed value: a character no template holds.
const VALUE = '\u{E000}';
// What the part helper wraps a value in, and what composeValues looks for in rendered text.
const PART_START = '\u{E000}';
const PART_END = '\u{E001}';

interface Tail {
  /** The line so far, a VALUE for each printed value. */
  text: string;
  values: hbs.AST.MustacheStatement[];
}

/** Where a value stands on a line: the whole value, a key, part of a plain-text value, or somewhere unsafe. */
type Place = 'whole' | 'key' | 'part' | 'unsafe';

/**
 * Judges where each printed value lands, on every line the template can render. A value that
 * is part of a plain-text value (`name: {{app}}-config`, `- --port={{port}}`) is made to print
 * through the part helper, so composeValues can quote the whole value once rendered; any other
 * place but a whole value or key is a problem.
 */
function placeValues(program: hbs.AST.Program, shown: Shown): TemplateProblem[] {
  const places = new Map<hbs.AST.MustacheStatement, Set<Place>>();
  const lineDone = (line: Tail) => {
    const found = placesOn(line.text);
    line.values.forEach((value, i) => {
      const set = places.get(value) ?? new Set<Place>();
      set.add(found[i]!);
      places.set(value, set);
    });
  };
  const feed = (tail: Tail, text: string): Tail => {
    const lines = (tail.text + text).split('\n');
    let values = tail.values;
    for (const line of lines.slice(0, -1)) {
      const count = line.split(VALUE).length - 1;
      lineDone({ text: line, values: values.slice(0, count) });
      values = values.slice(count);
    }
    return { text: lines.at(-1)!, values };
  };
  const run = (body: readonly hbs.AST.Statement[], tails: Tail[]): Tail[] => body.reduce((current, statement) => distinct(step(statement, current)), tails);
  const step = (statement: hbs.AST.Statement, tails: Tail[]): Tail[] => {
    switch (statement.type) {
      case 'ContentStatement':
        return tails.map((t) => feed(t, (statement as hbs.AST.ContentStatement).value));
      case 'MustacheStatement':
        return tails.map((t) => ({ text: t.text + VALUE, values: [...t.values, statement as hbs.AST.MustacheStatement] }));
      case 'BlockStatement': {
        const block = statement as hbs.AST.BlockStatement;
        const body = block.program.body;
        const otherwise = run(block.inverse?.body ?? [], tails);
        const once = run(body, tails);
        return (block.path as hbs.AST.PathExpression).original === 'each' ? [...otherwise, ...once, ...run(body, once)] : [...otherwise, ...once];
      }
      default:
        return tails;
    }
  };
  for (const tail of run(program.body, [{ text: '', values: [] }])) lineDone(tail);

  const problems: TemplateProblem[] = [];
  for (const [value, set] of places) {
    if (set.has('unsafe') || (set.has('part') && set.has('key'))) {
      problems.push({
        ...at(value),
        message: `${shown(value)} must be a value of its own on its line, or part of one made of plain text: after the indentation, "- " or "key: ", up to the end of the line or a comment, with no quotes, brackets, "," or ": " around it (they would let a value change the document there)`,
      });
    } else if (set.has('part')) {
      value.path = { ...(value.path as hbs.AST.PathExpression), parts: [PART_VALUE_HELPER], original: PART_VALUE_HELPER };
    }
  }
  return problems;
}

function distinct(tails: Tail[]): Tail[] {
  const seen = new Map<string, Tail>();
  for (const tail of tails) {
    const key = `${tail.text}\u0000${tail.values.map((v) => `${v.loc.start.line}:${v.loc.start.column}`).join(',')}`;
    if (!seen.has(key)) seen.set(key, tail);
  }
  return [...seen.values()];
}

// A key written in a template or printed by one: plain text, or a JSON-quoted string as yamlString writes.
const KEY = String.raw`"(?:[^"\\]|\\.)*"|[^\s:#'"{}\[\],&*!|>%@${'`'}?\-\u{E000}\u{E001}][^\s:#'"{}\[\],\u{E000}\u{E001}]*`;
// Indentation, list dashes and a `key: `, then the value; the key may be a printed value itself.
const LINE = new RegExp(String.raw`^( *(?:- +)*)(?:(${KEY}|${VALUE}) *:(?: +|$))?(.*)$`, 'su');
// Text that makes a value more than plain text: quotes, flow brackets, a comment, a nested key,
// or an indicator at its start (an anchor, alias, tag, block scalar, list or complex key).
const NOT_PLAIN = /["'{}[\],#`]|: |:$|^[&*!|>]|^[-?:](?: |$)/u;

/** Where each VALUE of an abstract line stands, in order. */
function placesOn(line: string): Place[] {
  const [, , key, rest = ''] = LINE.exec(line)!;
  const count = (text: string) => text.split(VALUE).length - 1;
  if (key !== undefined && key !== VALUE && key.includes(VALUE)) return Array<Place>(count(line)).fill('unsafe');
  const [value = '', ...comment] = rest.split(' #');
  const region = value.trimEnd();
  const place: Place = region === VALUE ? 'whole' : NOT_PLAIN.test(region) ? 'unsafe' : 'part';
  // A value in a comment is in no value at all.
  return [...(key === VALUE ? ['key' as const] : []), ...Array<Place>(count(region)).fill(place), ...Array<Place>(count(comment.join(' #'))).fill('unsafe')];
}

/**
 * Quotes each plain-text value that printed values are part of, as one YAML scalar: the part
 * helper wrapped each printed value, encoded, so that nothing in it is taken for the line's
 * structure. The rest of the text is as the template rendered it.
 */
export function composeValues(rendered: string): string {
  if (!rendered.includes(PART_START)) return rendered;
  return rendered
    .split('\n')
    .map((line) => {
      if (!line.includes(PART_START)) return line;
      const [, lead = '', key, rest = ''] = LINE.exec(line)!;
      const prefix = key === undefined ? lead : line.slice(0, line.length - rest.length);
      const cut = rest.indexOf(' #');
      const value = cut === -1 ? rest : rest.slice(0, cut);
      const region = value.trimEnd();
      const decoded = region.replace(new RegExp(`${PART_START}([0-9a-f]*)${PART_END}`, 'gu'), (_, hex: string) => decodePart(hex));
      return `${prefix}${yamlString(decoded)}${rest.slice(region.length)}`;
    })
    .join('\n');
}

/** A value as the part helper prints it: each UTF-16 code unit in hex, between markers. */
export function encodePart(value: string): string {
  let hex = '';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0');
  return `${PART_START}${hex}${PART_END}`;
}

function decodePart(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 4) out += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return out;
}
