import type { SchemaConversion, StrictSchema } from '../../src/schemas/strict.ts';

/** The schemas of a conversion that must succeed; fails the test with the problem otherwise. */
export function schemasOf(conversion: SchemaConversion): StrictSchema[] {
  if ('problem' in conversion) throw new Error(`conversion failed: ${conversion.problem}`);
  return conversion.schemas;
}

/** The problem of a conversion that must fail. */
export function problemOf(conversion: SchemaConversion): string {
  if ('schemas' in conversion) throw new Error(`conversion succeeded with ${conversion.schemas.length} schemas; expected a problem`);
  return conversion.problem;
}
