import type { SchemaConversion, StrictSchema } from '../../src/schemas/strict.ts';

/** The schemas of a conversion that must succeed; fails the test with the problem otherwise. */
export function schemasOf(conversion: SchemaConversion): StrictSchema[] {
  if ('problems' in conversion) throw new Error(`conversion failed: ${problemOf(conversion)}`);
  return conversion.schemas;
}

/** The problems of a conversion that must fail, one a line, each after its field path when it has one. */
export function problemOf(conversion: SchemaConversion): string {
  if ('schemas' in conversion) throw new Error(`conversion succeeded with ${conversion.schemas.length} schemas; expected a problem`);
  return conversion.problems.map((p) => (p.path === undefined ? p.message : `${p.path}: ${p.message}`)).join('\n');
}
