/** The README's app spec table names every field of the app spec schema, the new ones included. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import appSpecSchema from '../../schemas/app-spec.schema.json' with { type: 'json' };
import { PROJECT_ROOT } from '../support/paths.ts';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const table = readme.slice(readme.indexOf('## The app spec'), readme.indexOf('## Production features'));
/** The fields each row names: its first cell `spec.ingress.host` / `.path` names spec.ingress.host and spec.ingress.path. */
const rows = [...table.matchAll(/^\| (`[^|]+)\|/gm)].flatMap((m) => {
  const [first, ...more] = [...m[1]!.matchAll(/`([^`]+)`/g)].map((c) => c[1]!);
  const parent = first!.slice(0, first!.lastIndexOf('.'));
  return [first!, ...more.map((f) => (f.startsWith('.') ? `${parent}${f}` : f))];
});

describe('the README app spec table', () => {
  it('has a row for every field of spec and of an environment', () => {
    const spec = Object.keys(appSpecSchema.properties.spec.properties).map((field) => `spec.${field}`);
    const environment = Object.keys(appSpecSchema.$defs.environment.properties).map((field) => `spec.environments.<env>.${field}`);
    const documented = (field: string) => rows.some((row) => row === field || row.startsWith(`${field}.`) || row.startsWith(`${field}[`));
    expect([...spec, ...environment].filter((f) => !documented(f))).toEqual([]);
  });
});
