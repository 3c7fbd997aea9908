import Handlebars from 'handlebars';
import ts from 'typescript';
import { SAFE_HELPERS } from '../../src/render/skeleton.ts';

type HbNode = hbs.AST.Node;

/** What each safe helper accepts, as a TypeScript type predicate. */
const HELPER_ACCEPTS: Record<keyof typeof SAFE_HELPERS, (t: ts.Type) => boolean> = {
  str: (t) => (t.flags & ts.TypeFlags.StringLike) !== 0,
  int: (t) => (t.flags & ts.TypeFlags.NumberLike) !== 0,
  // What a plain {{field}} prints with, and a value that is part of a larger one.
  scalar: (t) => (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) !== 0,
  part: (t) => (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) !== 0,
};

/**
 * Type-checks a Handlebars template against a TypeScript type: every path it
 * reads must exist on the view model, `#each` must iterate a list, and every
 * value must go through a safe helper that accepts its type.
 */
export class TemplateTypeChecker {
  private readonly checker: ts.TypeChecker;
  private readonly types = new Map<string, ts.Type>();

  constructor(viewModelFile: string, typeNames: readonly string[]) {
    const program = ts.createProgram([viewModelFile], { strict: true, noEmit: true, allowImportingTsExtensions: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
    this.checker = program.getTypeChecker();
    const source = program.getSourceFile(viewModelFile);
    if (!source) throw new Error(`cannot load ${viewModelFile}`);
    const moduleSymbol = this.checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${viewModelFile} has no exports`);
    for (const symbol of this.checker.getExportsOfModule(moduleSymbol)) {
      if (typeNames.includes(symbol.name)) this.types.set(symbol.name, this.checker.getDeclaredTypeOfSymbol(symbol));
    }
    for (const name of typeNames) if (!this.types.has(name)) throw new Error(`type ${name} not exported by ${viewModelFile}`);
  }

  /** Problems found in `template` checked against the exported type `typeName`; empty when it is sound. */
  check(template: string, typeName: string): string[] {
    const root = this.types.get(typeName)!;
    const problems: string[] = [];
    this.walk(Handlebars.parse(template), [root], problems);
    return problems;
  }

  private walk(node: HbNode, contexts: ts.Type[], problems: string[]): void {
    const at = (n: HbNode) => `line ${n.loc?.start.line ?? '?'}`;
    switch (node.type) {
      case 'Program':
        for (const child of (node as hbs.AST.Program).body) this.walk(child, contexts, problems);
        return;
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        const written = (m.path as hbs.AST.PathExpression).original;
        // A plain {{field}} prints through the `scalar` helper (src/render/templateSafety.ts).
        const plain = m.path.type === 'PathExpression' && m.params.length === 0 && !(written in HELPER_ACCEPTS);
        const helper = (plain ? 'scalar' : written) as keyof typeof SAFE_HELPERS;
        const params = plain ? [m.path] : m.params;
        if (m.path.type !== 'PathExpression' || !(helper in HELPER_ACCEPTS)) {
          problems.push(`${at(m)}: {{${written}}} must go through a safe helper (${Object.keys(HELPER_ACCEPTS).join(', ')})`);
          return;
        }
        if (params.length !== 1) {
          problems.push(`${at(m)}: ${helper} takes exactly one value`);
          return;
        }
        const type = this.resolve(params[0]!, contexts, problems, at(m));
        if (type && !HELPER_ACCEPTS[helper](this.checker.getNonNullableType(type))) {
          problems.push(`${at(m)}: ${plain ? `{{${written}}}` : helper} cannot print ${this.describe(params[0]!)} of type ${this.checker.typeToString(type)}`);
        }
        return;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const name = (b.path as hbs.AST.PathExpression).original;
        if (!['if', 'unless', 'each', 'with'].includes(name) || b.params.length !== 1) {
          problems.push(`${at(b)}: unsupported block {{#${name}}}`);
          return;
        }
        const type = this.resolve(b.params[0]!, contexts, problems, at(b));
        if (!type) return;
        let inner = contexts;
        if (name === 'each') {
          const list = this.checker.getNonNullableType(type);
          if (!this.checker.isArrayType(list)) {
            problems.push(`${at(b)}: #each over ${this.describe(b.params[0]!)}, which is not a list`);
            return;
          }
          inner = [...contexts, this.checker.getTypeArguments(list as ts.TypeReference)[0]!];
        } else if (name === 'with') {
          inner = [...contexts, this.checker.getNonNullableType(type)];
        }
        this.walk(b.program, inner, problems);
        if (b.inverse) this.walk(b.inverse, contexts, problems);
        return;
      }
      default:
        problems.push(`${at(node)}: ${node.type} is not allowed in skeleton templates`);
    }
  }

  private resolve(expr: hbs.AST.Expression, contexts: ts.Type[], problems: string[], at: string): ts.Type | undefined {
    if (expr.type !== 'PathExpression') {
      problems.push(`${at}: literal ${this.describe(expr)} where a view-model field was expected`);
      return undefined;
    }
    const path = expr as hbs.AST.PathExpression;
    if (path.data) return this.checker.getStringType();
    let type = contexts[contexts.length - 1 - path.depth];
    if (!type) {
      problems.push(`${at}: ${path.original} climbs above the view model`);
      return undefined;
    }
    for (const part of path.parts) {
      const property = this.checker.getPropertyOfType(this.checker.getNonNullableType(type), part);
      if (!property) {
        problems.push(`${at}: ${path.original}: the view model has no field "${part}" (type ${this.checker.typeToString(type)})`);
        return undefined;
      }
      type = this.checker.getTypeOfSymbol(property);
    }
    return type;
  }

  private describe(expr: hbs.AST.Expression): string {
    return (expr as hbs.AST.PathExpression).original ?? expr.type;
  }
}
