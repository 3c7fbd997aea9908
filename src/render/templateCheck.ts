/**
 * Checks a skeleton template against the view it is rendered with, without
 * rendering it: every path it reads must exist in the view, `#each` must go over
 * a list, and every value printed must be of a type its helper prints. Every
 * branch is walked, `{{else}}` included, so a mistake in a branch
 * that no app has taken yet (`{{str secrets.nmae}}` under `{{#if secrets}}`) is
 * found before an app takes it.
 */
import Handlebars from 'handlebars';
import { closestMatch } from '../vocabulary/didYouMean.ts';
import { VIEW_SHAPES, type Shape, type ViewName } from './viewShapes.ts';

export interface TemplateProblem {
  /** 1-based line and column in the template. */
  line: number;
  column: number;
  /** The path the template reads there, as written (`secrets.nmae`), when the problem is about one. */
  field?: string;
  message: string;
}

type HelperName = 'str' | 'int';

/** What each helper a template author writes prints (plain {{x}} prints either, see below). */
const HELPER_TAKES: Record<HelperName, Shape['kind']> = { str: 'string', int: 'number' };
const BLOCKS = new Set(['if', 'unless', 'each', 'with']);

type Node = hbs.AST.Node;

export function checkTemplate(text: string, view: ViewName): TemplateProblem[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(text);
  } catch (err) {
    // Handlebars says `Parse error on line 3:` and draws the spot; the first line is what matters.
    const message = (err as Error).message;
    const line = Number(/on line (\d+)/.exec(message)?.[1] ?? 1);
    return [{ line, column: 1, message: `not a Handlebars template: ${message.split('\n').at(-1)}` }];
  }
  const problems: TemplateProblem[] = [];
  walk(program, [{ shape: VIEW_SHAPES[view], name: view }], problems);
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A context the template is in: the view, or an element or object a block entered, with its name for messages. */
interface Context {
  shape: Shape;
  name: string;
}

function at(node: Node): { line: number; column: number } {
  return { line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 };
}

function walk(node: Node, contexts: Context[], problems: TemplateProblem[]): void {
  switch (node.type) {
    case 'Program':
      for (const child of (node as hbs.AST.Program).body) walk(child, contexts, problems);
      return;
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const m = node as hbs.AST.MustacheStatement;
      const name = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression).original : undefined;
      // A plain {{x}} (or {{{x}}}) prints through the scalar helper: YAML-safe whatever x holds (templateSafety.ts).
      const plain = m.path.type === 'PathExpression' && m.params.length === 0 && m.hash === undefined && !Object.hasOwn(HELPER_TAKES, name!);
      if (!plain && (name === undefined || !Object.hasOwn(HELPER_TAKES, name))) {
        problems.push({ ...at(m), message: `{{${name ?? m.path.type}}} is no helper skeletons may use: print a value with {{x}}, {{str x}} or {{int x}}` });
        return;
      }
      if (!plain && (m.params.length !== 1 || m.hash !== undefined)) {
        problems.push({ ...at(m), message: `${name} takes exactly one value: {{${name} field}}` });
        return;
      }
      const param = plain ? m.path : m.params[0]!;
      // @index, @key, @first, @last are Handlebars' own: a number or a string, printed by either helper.
      if (param.type === 'PathExpression' && (param as hbs.AST.PathExpression).data) return;
      const resolved = resolve(param, contexts, problems);
      if (!resolved) return;
      const shape = resolved.shape.kind === 'nullable' ? resolved.shape.of : resolved.shape;
      if (plain) {
        if (shape.kind !== 'string' && shape.kind !== 'number') {
          problems.push({ ...at(param), field: resolved.path, message: `a plain value prints a string or a number, but this is ${describe(resolved.shape)}` });
        }
        return;
      }
      const takes = HELPER_TAKES[name as HelperName];
      if (shape.kind !== takes) {
        problems.push({
          ...at(param),
          field: resolved.path,
          message: `${name} prints a ${takes}, but this is ${describe(resolved.shape)}${shape.kind === 'number' ? ': use {{int ...}}' : shape.kind === 'string' ? ': use {{str ...}}' : ''}`,
        });
      }
      return;
    }
    case 'BlockStatement': {
      const b = node as hbs.AST.BlockStatement;
      const name = b.path.type === 'PathExpression' ? (b.path as hbs.AST.PathExpression).original : b.path.type;
      if (!BLOCKS.has(name)) {
        problems.push({ ...at(b), message: `{{#${name}}} is not a block skeletons may use (${[...BLOCKS].map((n) => `#${n}`).join(', ')})` });
        return;
      }
      if (b.params.length !== 1) {
        problems.push({ ...at(b), message: `{{#${name}}} takes exactly one value` });
        return;
      }
      const resolved = resolve(b.params[0]!, contexts, problems);
      if (!resolved) return;
      let inner = contexts;
      const present = resolved.shape.kind === 'nullable' ? resolved.shape.of : resolved.shape;
      if (name === 'each') {
        if (present.kind !== 'list') {
          problems.push({ ...at(b.params[0]!), field: resolved.path, message: `#each goes over a list, but this is ${describe(resolved.shape)}` });
          return;
        }
        inner = [...contexts, { shape: present.of, name: `an element of ${resolved.path}` }];
      } else if (name === 'with') {
        inner = [...contexts, { shape: present, name: resolved.path }];
      }
      walk(b.program, inner, problems);
      if (b.inverse) walk(b.inverse, contexts, problems);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      problems.push({ ...at(node), message: 'partials ({{> name}}) are not available to skeleton templates' });
      return;
    default:
      problems.push({ ...at(node), message: `${node.type} is not allowed in skeleton templates` });
  }
}

/** The shape a path reads, or undefined (with the problem recorded) when the view has no such field. */
function resolve(expr: hbs.AST.Expression, contexts: Context[], problems: TemplateProblem[]): { shape: Shape; path: string } | undefined {
  if (expr.type !== 'PathExpression') {
    const literal = (expr as hbs.AST.Literal & { original?: unknown }).original;
    problems.push({ ...at(expr), message: `the literal ${JSON.stringify(literal ?? expr.type)} where a field of the view was expected` });
    return undefined;
  }
  const path = expr as hbs.AST.PathExpression;
  // @first, @last as a block's condition: Handlebars' own data.
  if (path.data) return { shape: { kind: 'boolean' }, path: path.original };
  const context = contexts[contexts.length - 1 - path.depth];
  if (!context) {
    problems.push({ ...at(path), field: path.original, message: 'climbs above the view with ../' });
    return undefined;
  }
  let shape = context.shape;
  let owner = context.name;
  for (const [i, part] of path.parts.entries()) {
    const object = shape.kind === 'nullable' ? shape.of : shape;
    const fields = object.kind === 'object' ? object.fields : undefined;
    const field = fields !== undefined && Object.hasOwn(fields, part) ? fields[part] : undefined;
    if (field === undefined) {
      const named = object.kind === 'object' && object.name !== undefined ? ` (${object.name})` : '';
      const where = i === 0 ? owner : `${owner}${named}`;
      const guess = fields ? closestMatch(part, Object.keys(fields)) : undefined;
      problems.push({
        ...at(path),
        field: path.original,
        message: fields
          ? `the view model has no field "${part}" in ${where}${guess ? ` (did you mean "${guess}"?)` : ''}; it has ${Object.keys(fields).join(', ')}`
          : `${path.parts.slice(0, i).join('.')} is ${describe(shape)}, which has no fields`,
      });
      return undefined;
    }
    shape = field;
    owner = path.parts.slice(0, i + 1).join('.');
  }
  return { shape, path: path.original };
}

function describe(shape: Shape): string {
  switch (shape.kind) {
    case 'nullable':
      return `${describe(shape.of)} or null`;
    case 'list':
      return `a list of ${describe(shape.of).replace(/^an? /, '')}s`;
    case 'object':
      return shape.name ? withArticle(shape.name) : 'an object';
    default:
      return withArticle(shape.kind);
  }
}

function withArticle(word: string): string {
  return `${/^[AEIOUaeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
