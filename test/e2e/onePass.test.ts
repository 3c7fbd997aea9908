/**
 * `validate` of many files tunes V8 for one pass over its inputs
 * (src/io/onePass.ts), a few files do not: V8 counts its flags in the check
 * of a compiled form, so the validator cache keeps each setting's forms
 * apart, and neither run refuses, and makes again, the other's.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableStringify, toStrictSchemas } from '../../src/schemas/strict.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

describe('scaffold validate: short and long runs', () => {
  it('keep the compiled forms of their validators apart, each taken by the next run like it', () => {
    const scratch = tempDir('scaffold-one-pass-');
    const schemas = path.join(scratch, 'schemas');
    mkdirSync(schemas);
    const [widget] = toStrictSchemas({
      'example.v1.Widget': {
        type: 'object',
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', properties: { size: { type: 'integer' } } } },
        'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
      },
    });
    writeFileSync(path.join(schemas, 'widget.json'), stableStringify(widget!.schema));
    const manifests = path.join(scratch, 'manifests');
    mkdirSync(manifests);
    const file = path.join(manifests, 'widget.yaml');
    writeFileSync(file, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n');
    const env = { XDG_CACHE_HOME: path.join(scratch, 'cache') };
    const cache = path.join(scratch, 'cache', 'scaffold', 'validators');
    const validate = (target: string) => expect(runCli(['validate', '--schema-only', '--schemas', schemas, target], { env }).code).toBe(0);
    const forms = () => readdirSync(cache).filter((f) => f.endsWith('.bin')).sort().map((f) => ({ f, at: statSync(path.join(cache, f)).mtimeMs }));

    // The first run of each kind compiles and keeps the code, the second keeps V8's compiled form of it.
    validate(file);
    validate(file);
    validate(manifests);
    validate(manifests);
    const made = forms();
    expect(made.map(({ f }) => f.includes('-one-pass'))).toEqual([true, false]);
    validate(file);
    validate(manifests);
    validate(file);
    expect(forms()).toEqual(made);
  });
});
