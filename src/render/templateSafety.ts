/**
 * What makes a skeleton template safe to fill with a user's values, checked when the skeleton
 * is loaded, for the built-in skeletons and an organisation's own alike:
 *
 * - every value printed goes through a YAML-safe helper: `{{str x}}`, `{{int x}}`, or plain
 *   `{{x}}` (and `{{{x}}}`), which is made to print x as `str` or `int` would by its type;
 * - every value printed is a whole YAML scalar on its line, after the indentation, `- ` or a
 *   `key: `, and followed by nothing but the end of the line, a comment or (for a key) `:`.
 *   A value quoted by `str` is one scalar only where it stands alone: `image: repo:{{tag}}`
 *   or `{a: pre{{x}}}` would let the value's quotes, `: ` or `,` change the document;
 * - nothing else prints or reshapes text: no other helper, no partial, no decorator, and no
 *   `~`, which joins lines and could put a value after text of another line.
 *
 * Where a value lands is judged on every line the template can render, through every branch of
 * `if`/`unless`/`with` and zero, one or two rounds of `each` (two show what one round followed by
 * another puts on a line).
 */
import Handlebars from 'handlebars';

/** A problem of a template, at its 1-based line and column. */
export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

/** The helpers a template may print a value with; plain `{{x}}` becomes `{{scalar x}}`. */
export const VALUE_HELPERS = ['str', 'int'] as const;
export const PLAIN_VALUE_HELPER = 'scalar';
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
  if (problems.length === 0) problems.push(...misplacedValues(program, shown));
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

// Where a rendered line holds a printed value: a character no template writes.
const VALUE = '\u{E000}';

interface Tail {
  /** The line so far, a VALUE for each printed value. */
  text: string;
  values: hbs.AST.MustacheStatement[];
}

/** Each printed value that is not a whole YAML scalar on some line the template renders. */
function misplacedValues(program: hbs.AST.Program, shown: Shown): TemplateProblem[] {
  const misplaced = new Set<hbs.AST.MustacheStatement>();
  const lineDone = (line: Tail) => {
    let from = 0;
    line.values.forEach((value) => {
      const position = line.text.indexOf(VALUE, from);
      from = position + 1;
      if (!wholeScalar(line.text.slice(0, position), line.text.slice(position + 1))) misplaced.add(value);
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
  return [...misplaced].map((value) => ({
    ...at(value),
    message: `${shown(value)} must be a whole YAML value on its line (after the indentation, "- " or "key: ", and before the end of the line, a comment or ": "), not part of one: quotes, ": " or "," in a value would change the document there`,
  }));
}

function distinct(tails: Tail[]): Tail[] {
  const seen = new Map<string, Tail>();
  for (const tail of tails) {
    const key = `${tail.text}\u0000${tail.values.map((v) => `${v.loc.start.line}:${v.loc.start.column}`).join(',')}`;
    if (!seen.has(key)) seen.set(key, tail);
  }
  return [...seen.values()];
}

// Indentation and list dashes: where a value (or a key) starts a line.
const LINE_START = /^ *(?:- +)*$/;
// The same, then a key and `: `; the key is plain text or a value of the template.
const AFTER_KEY = new RegExp(`^ *(?:- +)*(?:${VALUE}|[^\\s:#'"{}\\[\\],&*!|>%@\`?${VALUE}-][^\\s:#'"{}\\[\\],${VALUE}]*) *: +$`);

function wholeScalar(before: string, after: string): boolean {
  const ends = /^ *(?: #.*)?$/.test(after);
  if (LINE_START.test(before)) return ends || /^ *:(?: .*)?$/.test(after);
  return AFTER_KEY.test(before) && ends;
}
