import ts from 'typescript';
import type { Shape } from '../../src/render/viewShapes.ts';

/**
 * The view model types of src/render/viewModel.ts as the TypeScript compiler
 * sees them, turned into the same Shape data that src/render/viewShapes.ts
 * writes by hand: a test compares the two, so the shapes `scaffold skeletons
 * check` uses cannot drift from the types the renderer is written against.
 */
export class ViewModelTypes {
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

  shapeOf(typeName: string): Shape {
    return this.shape(this.types.get(typeName)!);
  }

  private shape(type: ts.Type): Shape {
    const nonNull = this.checker.getNonNullableType(type);
    if (nonNull !== type) return { kind: 'nullable', of: this.shape(nonNull) };
    if (type.flags & ts.TypeFlags.StringLike) return { kind: 'string' };
    if (type.flags & ts.TypeFlags.NumberLike) return { kind: 'number' };
    if (type.flags & ts.TypeFlags.BooleanLike) return { kind: 'boolean' };
    if (this.checker.isArrayType(type)) return { kind: 'list', of: this.shape(this.checker.getTypeArguments(type as ts.TypeReference)[0]!) };
    if (type.flags & ts.TypeFlags.Object) {
      const fields: Record<string, Shape> = {};
      for (const property of this.checker.getPropertiesOfType(type)) fields[property.name] = this.shape(this.checker.getTypeOfSymbol(property));
      const symbol = type.getSymbol();
      const named = symbol !== undefined && symbol.name !== '__type' && symbol.name !== '__object';
      return { kind: 'object', ...(named ? { name: symbol.name } : {}), fields };
    }
    throw new Error(`no shape for the type ${this.checker.typeToString(type)}`);
  }
}
