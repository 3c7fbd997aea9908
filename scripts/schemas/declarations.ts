/**
 * Reads TypeScript declaration files (`.d.ts`) into OpenAPI-v2-style
 * definitions. The TypeScript types only know string/number/boolean, arrays,
 * maps, unions of literals and references; what they lose (integer formats,
 * base64, quantities) is put back by the `TypeHooks` of each package.
 */
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Definition } from '../../src/schemas/strict.ts';

/** Where a declaration lives: its module (file without extension, relative to the package) and local name. */
export interface DeclarationId {
  module: string;
  name: string;
}

export interface TypeHooks {
  /** The official definition name of an interface, or undefined to skip it. */
  definitionName(id: DeclarationId): string | undefined;
  /** Schema for a reference that is not a local interface or alias (external packages, well-known aliases). */
  reference(id: DeclarationId): Definition | undefined;
  /** Schema for a `number` leaf of property `property` of definition `owner`. */
  number(owner: string, property: string): Definition;
  /** Format of a `string` leaf (e.g. `byte`), if the package knows one. */
  stringFormat(owner: string, property: string): string | undefined;
  /** Schema for `number | string`. */
  intOrString(): Definition;
}

interface Interface {
  kind: 'interface';
  node: ts.InterfaceDeclaration;
}
interface Alias {
  kind: 'alias';
  node: ts.TypeAliasDeclaration;
}
type Declaration = Interface | Alias;

interface ParsedModule {
  declarations: Map<string, Declaration>;
  /** Local identifier → declaration it names (imports and `export type { A as B }` aliases). */
  bindings: Map<string, DeclarationId>;
}

export class DeclarationReader {
  private readonly modules = new Map<string, ParsedModule>();

  constructor(
    private readonly root: string,
    files: readonly string[],
  ) {
    for (const file of [...files].sort()) this.parse(file);
  }

  /** Every interface the hooks name, converted; keys sorted. */
  definitions(hooks: TypeHooks): Record<string, Definition> {
    const out: Record<string, Definition> = {};
    for (const [module, parsed] of [...this.modules].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const [name, declaration] of parsed.declarations) {
        if (declaration.kind !== 'interface') continue;
        const definitionName = hooks.definitionName({ module, name });
        if (definitionName === undefined) continue;
        if (definitionName in out) throw new Error(`two declarations map to ${definitionName}`);
        out[definitionName] = this.interfaceDefinition(module, declaration.node, definitionName, hooks);
      }
    }
    return out;
  }

  private parse(file: string): void {
    const module = path.relative(this.root, file).replace(/\\/g, '/').replace(/\.d\.ts$/, '');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const parsed: ParsedModule = { declarations: new Map(), bindings: new Map() };
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        parsed.declarations.set(statement.name.text, { kind: 'interface', node: statement });
      } else if (ts.isTypeAliasDeclaration(statement)) {
        parsed.declarations.set(statement.name.text, { kind: 'alias', node: statement });
      } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const from = resolveModule(module, statement.moduleSpecifier.text);
        const named = statement.importClause?.namedBindings;
        if (named === undefined || !ts.isNamedImports(named)) continue;
        for (const element of named.elements) {
          parsed.bindings.set(element.name.text, { module: from, name: (element.propertyName ?? element.name).text });
        }
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier === undefined) {
        const clause = statement.exportClause;
        if (clause === undefined || !ts.isNamedExports(clause)) continue;
        for (const element of clause.elements) {
          if (element.propertyName === undefined) continue;
          parsed.bindings.set(element.name.text, { module, name: element.propertyName.text });
        }
      }
    }
    this.modules.set(module, parsed);
  }

  /** Follows imports and re-export aliases to the declaration an identifier names. */
  private resolve(id: DeclarationId): { id: DeclarationId; declaration?: Declaration } {
    const seen = new Set<string>();
    let current = id;
    for (;;) {
      const key = `${current.module}#${current.name}`;
      if (seen.has(key)) throw new Error(`import cycle at ${key}`);
      seen.add(key);
      const parsed = this.modules.get(current.module);
      if (parsed === undefined) return { id: current };
      const declaration = parsed.declarations.get(current.name);
      if (declaration !== undefined) return { id: current, declaration };
      const binding = parsed.bindings.get(current.name);
      if (binding === undefined) throw new Error(`${current.name} is not declared in ${current.module}`);
      current = binding;
    }
  }

  private interfaceDefinition(
    module: string,
    node: ts.InterfaceDeclaration,
    owner: string,
    hooks: TypeHooks,
  ): Definition {
    const properties: Record<string, Definition> = {};
    const required: string[] = [];
    const gvk: Record<string, string> = {};
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || member.type === undefined) {
        throw new Error(`${owner}: unsupported member ${member.getText()}`);
      }
      const name = propertyName(member.name);
      const literal = stringLiteral(member.type);
      if ((name === 'apiVersion' || name === 'kind') && literal !== undefined) {
        gvk[name] = literal;
        properties[name] = { type: 'string' };
      } else {
        properties[name] = this.type(module, member.type, owner, name, hooks);
      }
      if (member.questionToken === undefined) required.push(name);
    }
    const definition: Definition = { type: 'object' };
    if (Object.keys(properties).length > 0) definition.properties = properties;
    if (required.length > 0) definition.required = required.sort();
    if (gvk['apiVersion'] !== undefined && gvk['kind'] !== undefined) {
      const slash = gvk['apiVersion'].lastIndexOf('/');
      definition['x-kubernetes-group-version-kind'] = [
        {
          group: slash < 0 ? '' : gvk['apiVersion'].slice(0, slash),
          kind: gvk['kind'],
          version: gvk['apiVersion'].slice(slash + 1),
        },
      ];
    }
    return definition;
  }

  private type(module: string, node: ts.TypeNode, owner: string, property: string, hooks: TypeHooks): Definition {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword: {
        const format = hooks.stringFormat(owner, property);
        return format === undefined ? { type: 'string' } : { format, type: 'string' };
      }
      case ts.SyntaxKind.NumberKeyword:
        return hooks.number(owner, property);
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return {};
    }
    if (ts.isParenthesizedTypeNode(node)) return this.type(module, node.type, owner, property, hooks);
    if (ts.isArrayTypeNode(node)) {
      return { items: this.type(module, node.elementType, owner, property, hooks), type: 'array' };
    }
    if (ts.isLiteralTypeNode(node) || ts.isUnionTypeNode(node)) return this.union(node, hooks);
    if (ts.isTypeLiteralNode(node)) {
      const [member] = node.members;
      if (node.members.length === 1 && member !== undefined && ts.isIndexSignatureDeclaration(member) && member.type) {
        return { additionalProperties: this.type(module, member.type, owner, property, hooks), type: 'object' };
      }
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      const [argument] = node.typeArguments ?? [];
      if (name === 'Array' && argument !== undefined) {
        return { items: this.type(module, argument, owner, property, hooks), type: 'array' };
      }
      return this.reference(module, name, owner, property, hooks);
    }
    throw new Error(`${owner}.${property}: unsupported type ${node.getText()}`);
  }

  private reference(module: string, name: string, owner: string, property: string, hooks: TypeHooks): Definition {
    const { id, declaration } = this.resolve({ module, name });
    const special = hooks.reference(id);
    if (special !== undefined) return special;
    if (declaration?.kind === 'interface') {
      const target = hooks.definitionName(id);
      if (target !== undefined) return { $ref: `#/definitions/${target}` };
    }
    if (declaration?.kind === 'alias') return this.type(id.module, declaration.node.type, owner, property, hooks);
    throw new Error(`${owner}.${property}: cannot map type ${id.module}#${id.name}`);
  }

  /** Unions of string literals are enums; `number | string` is Kubernetes' IntOrString. */
  private union(node: ts.UnionTypeNode | ts.LiteralTypeNode, hooks: TypeHooks): Definition {
    const members = ts.isUnionTypeNode(node) ? node.types : [node];
    const literals = members.map(stringLiteral);
    if (literals.every((l): l is string => l !== undefined)) return { enum: literals, type: 'string' };
    const kinds = new Set(members.map((m) => m.kind));
    if (kinds.size === 2 && kinds.has(ts.SyntaxKind.NumberKeyword) && kinds.has(ts.SyntaxKind.StringKeyword)) {
      return hooks.intOrString();
    }
    throw new Error(`unsupported union ${node.getText()}`);
  }
}

function propertyName(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`unsupported property name ${name.getText()}`);
}

function stringLiteral(node: ts.TypeNode): string | undefined {
  return ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal) ? node.literal.text : undefined;
}

/** Relative specifiers become package-relative module paths; bare ones (other packages) stay as written. */
function resolveModule(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return path.posix.join(path.posix.dirname(from), specifier).replace(/\.js$/, '');
}
