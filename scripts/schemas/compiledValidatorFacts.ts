/**
 * @kubernetes-models packages ship, beside their `.d.ts` files, the ajv
 * standalone validators of each type (`_schemas/<Type>.js`), compiled from
 * the same schema. They still know what the TypeScript types lost: a
 * field's format (`byte`, `int32`, `int64`) and enums declared on a plain
 * string field. This reads those two facts per field from the code's shape:
 * `formatsN = formats.<name>` and `schemaN_enum = [...]` bindings, used by
 * the validate function a field is dispatched to (`validateM(data.field, ...)`)
 * or any local function it calls. Calls into other types' validators stop the
 * search: those are the other types' own facts.
 */
import ts from 'typescript';
import { readFileSync } from 'node:fs';

export interface FieldFacts {
  formats: Set<string>;
  enums: string[][];
}

interface FunctionFacts extends FieldFacts {
  calls: Set<string>;
}

/** Facts per field of the type the validator module describes. */
export function compiledValidatorFacts(file: string): Map<string, FieldFacts> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const formatBindings = new Map<string, string>();
  const enumBindings = new Map<string, string[]>();
  const functions = new Map<string, ts.FunctionDeclaration>();
  let root: string | undefined;

  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) functions.set(statement.name.text, statement);
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.initializer === undefined) continue;
      const name = declaration.name.text;
      const init = declaration.initializer;
      if (ts.isPropertyAccessExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'formats') {
        formatBindings.set(name, init.name.text);
      } else if (ts.isElementAccessExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'formats' && ts.isStringLiteral(init.argumentExpression)) {
        formatBindings.set(name, init.argumentExpression.text);
      } else if (ts.isArrayLiteralExpression(init) && /_enum$/.test(name)) {
        enumBindings.set(name, init.elements.filter(ts.isStringLiteral).map((e) => e.text));
      } else if (name === 'validate' && ts.isIdentifier(init)) {
        root = init.text;
      }
    }
  }

  const own = new Map<string, FunctionFacts>();
  for (const [name, fn] of functions) {
    const facts: FunctionFacts = { formats: new Set(), enums: [], calls: new Set() };
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const format = formatBindings.get(node.text);
        if (format !== undefined) facts.formats.add(format);
        const values = enumBindings.get(node.text);
        if (values !== undefined && !facts.enums.includes(values)) facts.enums.push(values);
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && functions.has(node.expression.text)) {
        facts.calls.add(node.expression.text);
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body !== undefined) visit(fn.body);
    own.set(name, facts);
  }

  const closure = (start: string): FieldFacts => {
    const out: FieldFacts = { formats: new Set(), enums: [] };
    const seen = new Set<string>();
    const pending = [start];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const facts = own.get(name)!;
      for (const format of facts.formats) out.formats.add(format);
      for (const values of facts.enums) if (!out.enums.includes(values)) out.enums.push(values);
      pending.push(...facts.calls);
    }
    return out;
  };

  const fields = new Map<string, FieldFacts>();
  const rootFunction = root === undefined ? undefined : functions.get(root);
  if (rootFunction?.body === undefined) return fields;
  const dispatch = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && functions.has(node.expression.text)) {
      const field = dataField(node.arguments[0]);
      if (field !== undefined) fields.set(field, closure(node.expression.text));
    }
    ts.forEachChild(node, dispatch);
  };
  dispatch(rootFunction.body);
  return fields;
}

/** `data.name` or `data["odd-name"]` → the field name. */
function dataField(node: ts.Expression | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'data') {
    return node.name.text;
  }
  if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'data' && ts.isStringLiteral(node.argumentExpression)) {
    return node.argumentExpression.text;
  }
  return undefined;
}
