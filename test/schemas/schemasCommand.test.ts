/**
 * `scaffold schemas import` and `scaffold schemas list`, run as a user runs
 * them (the built CLI): every input form, the folder it writes, merging into
 * it, refusing to overwrite what it did not write, and one clear message with
 * exit 1 for each kind of bad input.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { NEWEST, targetSchemas } from '../support/schemas.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { CLI } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';

const scratch = tempDir('scaffold-schemas-cli-');
let counter = 0;
const fresh = (name: string) => path.join(scratch, `${name}-${++counter}`);

const openApi = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'v1.99.0' },
  definitions: {
    'io.k8s.api.example.v1.Gadget': {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, spec: { $ref: '#/definitions/io.k8s.api.example.v1.GadgetSpec' } },
      'x-kubernetes-group-version-kind': [{ group: 'example.io', version: 'v1', kind: 'Gadget' }],
    },
    'io.k8s.api.example.v1.GadgetSpec': { type: 'object', properties: { size: { type: 'integer', format: 'int32' } } },
    'io.k8s.api.core.v1.Widget': {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, color: { type: 'string' } },
      'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Widget' }],
    },
  },
};

function crd(group: string, kind: string, versions: string[], spec: Record<string, unknown> = { type: 'object', properties: { size: { type: 'integer' } } }) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: {
      group,
      names: { kind, plural: `${kind.toLowerCase()}s` },
      scope: 'Namespaced',
      versions: versions.map((name, i) => ({
        name,
        served: true,
        storage: i === 0,
        schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec } } },
      })),
    },
  };
}

const yamlStream = (...docs: unknown[]) => docs.map((d) => stringify(d)).join('---\n');

function input(name: string, content: string): string {
  const file = path.join(scratch, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

const openApiFile = input('cluster-openapi.json', JSON.stringify(openApi));
const backupsFile = input('crds/backups.yaml', yamlStream(crd('example.com', 'Backup', ['v1', 'v2'])));
// Only reached through its folder: imports of crds/ must recurse and skip the Namespace beside the CRD.
input('crds/nested/restores.yaml', yamlStream(crd('example.com', 'Restore', ['v1alpha1']), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }));

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** Every file of a folder with its bytes, to prove a run wrote nothing. */
function bytesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f)).toString('hex')]));
}

function expectCleanFailure(result: CliResult, ...mentions: string[]) {
  expect(result.code).toBe(1);
  for (const mention of mentions) expect(result.stderr).toContain(mention);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('internal error');
}

describe('scaffold schemas import --openapi', () => {
  it('writes one schema per kind and an index, in the built-in layout', () => {
    const out = fresh('openapi');
    const result = runCli(['schemas', 'import', '--openapi', openApiFile, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['gadget-example.io-v1.json', 'index.json', 'index.sha256', 'widget-v1.json']);
    expect(JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8'))).toEqual({
      'example.io/v1/Gadget': 'gadget-example.io-v1.json',
      'v1/Widget': 'widget-v1.json',
    });
    expect(result.stdout).toBe(
      `created ${out}/gadget-example.io-v1.json\ncreated ${out}/widget-v1.json\nimported 2 schemas into ${out}: 2 created, 0 updated, 0 unchanged; use them with --schemas ${out}\n`,
    );
    const registry = targetSchemas(NEWEST, [out]).registry;
    const gadget = registry.lookup('example.io/v1', 'Gadget')!;
    expect(gadget.source).toBe(out);
    expect(gadget({ apiVersion: 'example.io/v1', kind: 'Gadget', spec: { size: 2 } })).toBeNull();
    expect(gadget({ apiVersion: 'example.io/v1', kind: 'Gadget', spec: { sise: 2 } })).not.toBeNull();
  });

  it('reads the document from stdin, as piped from kubectl get --raw /openapi/v2', () => {
    const out = fresh('stdin');
    const result = runCli(['schemas', 'import', '--openapi', '-', '--out', out], { input: JSON.stringify(openApi) });
    expect(result.code).toBe(0);
    expect(Object.keys(snapshot(out))).toHaveLength(4);
  });

  it('writes the same bytes every time, and touches nothing the second time', () => {
    const first = fresh('first');
    const second = fresh('second');
    runCli(['schemas', 'import', '--openapi', openApiFile, '--out', first]);
    runCli(['schemas', 'import', '--openapi', openApiFile, '--out', second]);
    expect(snapshot(second)).toEqual(snapshot(first));
    const mtimes = readdirSync(first).map((f) => statSync(path.join(first, f)).mtimeMs);
    const again = runCli(['schemas', 'import', '--openapi', openApiFile, '--out', first]);
    expect(again.stdout).toBe(`imported 2 schemas into ${first}: 0 created, 0 updated, 2 unchanged; use them with --schemas ${first}\n`);
    expect(readdirSync(first).map((f) => statSync(path.join(first, f)).mtimeMs)).toEqual(mtimes);
  });

  it('prints what it wrote as JSON with -o json', () => {
    const out = fresh('json');
    const result = runCli(['schemas', 'import', '--openapi', openApiFile, '--out', out, '-o', 'json']);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      out,
      schemas: [
        { apiVersion: 'example.io/v1', kind: 'Gadget', file: path.join(out, 'gadget-example.io-v1.json'), action: 'create', from: openApiFile },
        { apiVersion: 'v1', kind: 'Widget', file: path.join(out, 'widget-v1.json'), action: 'create', from: openApiFile },
      ],
    });
  });
});

describe('scaffold schemas import --crd', () => {
  it('takes files, folders (skipping other kinds found there) and multi-document YAML: one schema per served version', () => {
    const out = fresh('crds');
    const result = runCli(['schemas', 'import', '--crd', path.join(scratch, 'crds'), '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')))).toEqual([
      'example.com/v1/Backup',
      'example.com/v1alpha1/Restore',
      'example.com/v2/Backup',
    ]);
  });

  it('reads a List of CRDs from stdin, as `kubectl get crd -o yaml` prints it', () => {
    const out = fresh('list');
    const list = stringify({ apiVersion: 'v1', kind: 'List', items: [crd('example.com', 'Backup', ['v1']), crd('other.io', 'Thing', ['v1'])] });
    const result = runCli(['schemas', 'import', '--crd', '-', '--out', out], { input: list });
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['backup-example.com-v1.json', 'index.json', 'index.sha256', 'thing-other.io-v1.json']);
  });

  it('merges into a folder it wrote, in any order, to the same bytes', () => {
    const oneByOne = fresh('merge');
    const otherOrder = fresh('merge');
    const together = fresh('merge');
    runCli(['schemas', 'import', '--openapi', openApiFile, '--out', oneByOne]);
    runCli(['schemas', 'import', '--crd', backupsFile, '--out', oneByOne]);
    runCli(['schemas', 'import', '--crd', backupsFile, '--out', otherOrder]);
    runCli(['schemas', 'import', '--openapi', openApiFile, '--out', otherOrder]);
    runCli(['schemas', 'import', '--openapi', openApiFile, '--crd', backupsFile, '--out', together]);
    expect(Object.keys(snapshot(oneByOne))).toHaveLength(6);
    expect(snapshot(otherOrder)).toEqual(snapshot(oneByOne));
    expect(snapshot(together)).toEqual(snapshot(oneByOne));
  });

  it('prefers a CRD to the OpenAPI document for the same kind (a cluster publishes its CRDs there, with less detail)', () => {
    const out = fresh('overlap');
    const published = structuredClone(openApi) as { definitions: Record<string, unknown> };
    published.definitions['com.example.v1.Backup'] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Backup' }],
    };
    const file = input('published.json', JSON.stringify(published));
    expect(runCli(['schemas', 'import', '--openapi', file, '--crd', backupsFile, '--out', out, '-o', 'json']).code).toBe(0);
    const backup = targetSchemas(NEWEST, [out]).registry.lookup('example.com/v1', 'Backup')!;
    expect(backup({ apiVersion: 'example.com/v1', kind: 'Backup', spec: { size: 'big' } })).not.toBeNull();
  });

  it('refuses two different definitions of one kind', () => {
    const other = input('conflict/backups.yaml', yamlStream(crd('example.com', 'Backup', ['v1'], { type: 'object', properties: { size: { type: 'string' } } })));
    const out = fresh('conflict');
    const result = runCli(['schemas', 'import', '--crd', backupsFile, other, '--out', out]);
    expectCleanFailure(result, `${other}: error: defines example.com/v1 Backup differently from ${backupsFile}`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('scaffold schemas import into a folder that holds other files', () => {
  it('refuses JSON files it did not write unless --force, and never deletes them', () => {
    const out = fresh('foreign');
    mkdirSync(out);
    writeFileSync(path.join(out, 'handmade.json'), '{"hand": "made"}\n');
    writeFileSync(path.join(out, 'README.md'), 'cluster schemas\n');
    const refused = runCli(['schemas', 'import', '--openapi', openApiFile, '--out', out]);
    expectCleanFailure(refused, `${out}/handmade.json: error: is a JSON file scaffold did not write`, '--force');
    expect(readdirSync(out).sort()).toEqual(['README.md', 'handmade.json']);
    const forced = runCli(['schemas', 'import', '--openapi', openApiFile, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'gadget-example.io-v1.json', 'handmade.json', 'index.json', 'index.sha256', 'widget-v1.json']);
    expect(readFileSync(path.join(out, 'handmade.json'), 'utf8')).toBe('{"hand": "made"}\n');
  });

  it('refuses to overwrite a file its index does not list unless --force; other files are fine', () => {
    const out = fresh('overwrite');
    runCli(['schemas', 'import', '--crd', backupsFile, '--out', out]);
    writeFileSync(path.join(out, 'widget-v1.json'), '{}\n');
    writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const refused = runCli(['schemas', 'import', '--openapi', openApiFile, '--out', out]);
    expectCleanFailure(refused, `${out}/widget-v1.json: error: exists but is not listed in the folder's index.json`);
    expect(readFileSync(path.join(out, 'widget-v1.json'), 'utf8')).toBe('{}\n');
    const forced = runCli(['schemas', 'import', '--openapi', openApiFile, '--out', out, '--force']);
    expect(forced.stdout).toContain(`updated ${out}/widget-v1.json`);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('refuses to overwrite a schema edited by hand since it wrote it, or one it holds no hash of, unless --force', () => {
    const out = fresh('edited');
    runCli(['schemas', 'import', '--crd', backupsFile, '--out', out]);
    // What it records is what sha256sum prints: `sha256sum -c index.sha256` checks the folder.
    const written = readFileSync(path.join(out, 'backup-example.com-v1.json'), 'utf8');
    expect(readFileSync(path.join(out, 'index.sha256'), 'utf8')).toContain(`${createHash('sha256').update(written).digest('hex')}  backup-example.com-v1.json\n`);
    const edited = written.replace('"integer"', '"string"');
    writeFileSync(path.join(out, 'backup-example.com-v1.json'), edited);
    const refused = runCli(['schemas', 'import', '--crd', backupsFile, '--out', out]);
    expectCleanFailure(refused, `${out}/backup-example.com-v1.json: error: edited by hand since scaffold wrote it (its sha256 is not the one index.sha256 records); refusing to overwrite it`, '--force');
    expect(readFileSync(path.join(out, 'backup-example.com-v1.json'), 'utf8')).toBe(edited);

    // A folder imported before the hashes were kept: listed, but whether it was edited cannot be told.
    rmSync(path.join(out, 'index.sha256'));
    const unknown = runCli(['schemas', 'import', '--crd', backupsFile, '--out', out]);
    expectCleanFailure(unknown, `${out}/backup-example.com-v1.json: error: is listed in the folder's index.json, but index.sha256 holds no hash of it`, '--force');
    expect(readFileSync(path.join(out, 'backup-example.com-v1.json'), 'utf8')).toBe(edited);

    const forced = runCli(['schemas', 'import', '--crd', backupsFile, '--out', out, '--force']);
    expect(forced.stdout).toContain(`updated ${out}/backup-example.com-v1.json`);
    expect(readFileSync(path.join(out, 'backup-example.com-v1.json'), 'utf8')).toBe(written);
    // Its own file, unedited, is updated freely again, line endings aside.
    writeFileSync(path.join(out, 'backup-example.com-v1.json'), written.replace(/\n/g, '\r\n'));
    const changed = input('edited/backups.yaml', yamlStream(crd('example.com', 'Backup', ['v1', 'v2'], { type: 'object', properties: { size: { type: 'string' } } })));
    expect(runCli(['schemas', 'import', '--crd', changed, '--out', out]).code).toBe(0);
  });

  it('takes a schema that is not UTF-8 for one edited by hand, though its text (each bad byte read as U+FFFD) hashes as recorded; --force replaces it', () => {
    const out = fresh('not-utf8');
    const described = input('described/backups.yaml', yamlStream(crd('example.com', 'Backup', ['v1'], { type: 'object', properties: { size: { type: 'string', enum: ['small', 'large \uFFFD'] } } })));
    expect(runCli(['schemas', 'import', '--crd', described, '--out', out]).code).toBe(0);
    const file = path.join(out, 'backup-example.com-v1.json');
    const written = readFileSync(file);
    const broken = Buffer.from(written.toString('utf8').replace('\uFFFD', '\xff'), 'latin1');
    expect(broken.equals(written)).toBe(false);
    expect(broken.toString('utf8')).toBe(written.toString('utf8'));
    writeFileSync(file, broken);
    const before = bytesOf(out);
    const refused = runCli(['schemas', 'import', '--crd', described, '--out', out]);
    expectCleanFailure(refused, `${out}/backup-example.com-v1.json: error: edited by hand since scaffold wrote it (its sha256 is not the one index.sha256 records); refusing to overwrite it`, '--force');
    expect(bytesOf(out)).toEqual(before);

    const forced = runCli(['schemas', 'import', '--crd', described, '--out', out, '--force']);
    expect(forced.stdout).toContain(`updated ${out}/backup-example.com-v1.json`);
    expect(readFileSync(file).equals(written)).toBe(true);
  });

  it('refuses an index.sha256 that is not UTF-8, rather than write it back with U+FFFD in a name; nothing is written', () => {
    const out = fresh('hashes-not-utf8');
    expect(runCli(['schemas', 'import', '--crd', backupsFile, '--out', out]).code).toBe(0);
    const hashes = path.join(out, 'index.sha256');
    writeFileSync(hashes, Buffer.concat([readFileSync(hashes), Buffer.from(`${'0'.repeat(64)}  caf\xe9.json\n`, 'latin1')]));
    const before = bytesOf(out);
    const refused = runCli(['schemas', 'import', '--openapi', openApiFile, '--out', out]);
    expectCleanFailure(refused, `${out}/index.sha256:1:1: error: is not a list of schema hashes: it is not UTF-8 text (input)`);
    expect(bytesOf(out)).toEqual(before);
  });

  it('updates a schema it wrote when the input changed', () => {
    const out = fresh('update');
    runCli(['schemas', 'import', '--crd', backupsFile, '--out', out]);
    const changed = input('changed/backups.yaml', yamlStream(crd('example.com', 'Backup', ['v1', 'v2'], { type: 'object', properties: { size: { type: 'string' } } })));
    const result = runCli(['schemas', 'import', '--crd', changed, '--out', out]);
    expect(result.stdout).toBe(
      `updated ${out}/backup-example.com-v1.json\nupdated ${out}/backup-example.com-v2.json\nimported 2 schemas into ${out}: 0 created, 2 updated, 0 unchanged; use them with --schemas ${out}\n`,
    );
  });
});

describe('scaffold schemas import with bad input', () => {
  const out = path.join(scratch, 'never-written');
  const cases: [string, string[], string, string[]][] = [
    ['a file that is not JSON', ['--openapi'], '{"swagger": ', ['not JSON', 'kubectl get --raw /openapi/v2']],
    ['JSON that is not an OpenAPI document', ['--openapi'], '{"kind": "Pod"}', ['not an OpenAPI v2 document']],
    ['an OpenAPI v3 document', ['--openapi'], '{"openapi": "3.0.0", "components": {}}', ['an OpenAPI 3.0.0 document']],
    ['a CRD given as OpenAPI', ['--openapi'], JSON.stringify(crd('example.com', 'Backup', ['v1'])), ['import it with --crd']],
    ['an OpenAPI document with a dangling reference', ['--openapi'], JSON.stringify({ swagger: '2.0', definitions: { A: { properties: { b: { $ref: '#/definitions/B' } }, 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'A' }] } } }), ['no definition named B']],
    ['a kind that cannot name a file', ['--openapi'], JSON.stringify({ swagger: '2.0', definitions: { A: { type: 'object', 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: '../../etc' }] } } }), ['"../../etc" is not a Kubernetes kind name']],
    ['YAML that is not a CRD', ['--crd'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n', ['no CustomResourceDefinition in it (found ConfigMap/settings)']],
    ['an empty file', ['--crd'], '', ['no CustomResourceDefinition in it (it is empty)']],
    ['broken YAML', ['--crd'], 'kind: [\n', [':2:1: error:', '(syntax)']],
    ['a CRD with no served version', ['--crd'], stringify({ ...crd('example.com', 'Backup', ['v1']), spec: { ...crd('example.com', 'Backup', ['v1']).spec, versions: [{ name: 'v1', served: false, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } }), [':1:1: error: CustomResourceDefinition/backups.example.com: no served version with a schema']],
    ['a v1beta1 CRD', ['--crd'], stringify({ ...crd('example.com', 'Backup', ['v1']), apiVersion: 'apiextensions.k8s.io/v1beta1' }), ['v1beta1 CRDs are not supported']],
    ['a CRD missing its group', ['--crd'], 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: {}\n', ['not a CustomResourceDefinition: spec.group, spec.names.kind or spec.versions is missing']],
    // A keyword of the wrong shape is the user's mistake, at its line and column, never an internal error.
    ['a CRD whose enum is no list', ['--crd'], stringify(crd('example.com', 'Backup', ['v1'], { type: 'object', properties: { mode: { type: 'string', enum: 5 } } })), [':30:25: error: CustomResourceDefinition/backups.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.mode.enum: expected a list of values, got number 5 (crd)']],
    ['a CRD whose required is no list', ['--crd'], stringify(crd('example.com', 'Backup', ['v1'], { type: 'object', required: 7 })), [':27:25: error: CustomResourceDefinition/backups.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.required: expected a list of distinct field names, got number 7 (crd)']],
    ['a CRD whose allOf is no list', ['--crd'], stringify(crd('example.com', 'Backup', ['v1'], { allOf: 5 })), [':26:22: error: CustomResourceDefinition/backups.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.allOf: expected a list of schemas, got number 5 (crd)']],
    ['a CRD in a List whose type is no type', ['--crd'], stringify({ apiVersion: 'v1', kind: 'List', items: [crd('example.com', 'Backup', ['v1'], { type: 'obj' })] }), [':29:25: error: CustomResourceDefinition/backups.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.type: expected a type name']],
    ['an OpenAPI definition whose required is no list', ['--openapi'], JSON.stringify({ swagger: '2.0', definitions: { 'a.v1.B': { type: 'object', required: 7, 'x-kubernetes-group-version-kind': [{ group: 'a', version: 'v1', kind: 'B' }] } } }, null, 1), [':6:16: error: definitions["a.v1.B"].required: expected a list of distinct field names, got number 7 (openapi)']],
  ];
  for (const [what, flag, content, mentions] of cases) {
    it(`names the file and exits 1 for ${what}`, () => {
      const file = input(`bad/${what.replace(/\W+/g, '-')}.txt`, content);
      expectCleanFailure(runCli(['schemas', 'import', ...flag, file, '--out', out]), `${file}`, ...mentions, '1 problem; nothing was written');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('exits 1 for files and folders it cannot read', () => {
    expectCleanFailure(runCli(['schemas', 'import', '--openapi', path.join(scratch, 'missing.json'), '--out', out]), 'missing.json: error: no such file or folder');
    expectCleanFailure(runCli(['schemas', 'import', '--openapi', scratch, '--out', out]), 'is a folder: --openapi takes one file');
    const empty = fresh('empty-folder');
    mkdirSync(empty);
    expectCleanFailure(runCli(['schemas', 'import', '--crd', empty, '--out', out]), `${empty}: error: no .yaml, .yml or .json files in this folder`);
    const noCrds = fresh('no-crds');
    mkdirSync(noCrds);
    writeFileSync(path.join(noCrds, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\n');
    expectCleanFailure(runCli(['schemas', 'import', '--crd', noCrds, '--out', out]), `${noCrds}: error: no CustomResourceDefinition in any file of this folder`);
    const file = input('out-is-a-file', 'x');
    expectCleanFailure(runCli(['schemas', 'import', '--crd', backupsFile, '--out', file]), '--out is a file, not a folder');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 for an index.json that is not a schema index', () => {
    const dir = fresh('bad-index');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'index.json'), '["not", "an", "index"]');
    expectCleanFailure(runCli(['schemas', 'import', '--crd', backupsFile, '--out', dir]), `${dir}/index.json: error: is not a schema index`);
  });

  it('exits 2 for a wrong command line', () => {
    expect(runCli(['schemas', 'import', '--out', out]).stderr).toContain('nothing to import: pass --openapi FILE, --crd FILE..., or both');
    expect(runCli(['schemas', 'import', '--out', out]).code).toBe(2);
    expect(runCli(['schemas', 'import', '--crd', backupsFile]).code).toBe(2);
    expect(runCli(['schemas', 'import', '--openapi', '-', '--crd', '-', '--out', out]).code).toBe(2);
    expect(runCli(['schemas', 'import', '--crd', backupsFile, '--out', out, '-o', 'yaml']).code).toBe(2);
    expect(runCli(['schemas']).code).toBe(2);
  });
});

describe('scaffold schemas list', () => {
  const imported = fresh('listed');
  runCli(['schemas', 'import', '--openapi', openApiFile, '--crd', backupsFile, '--out', imported]);

  it('lists built-in kinds, and imported ones first where a folder is given', () => {
    const builtin = runCli(['schemas', 'list']);
    expect(builtin.code).toBe(0);
    const rows = builtin.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^APIVERSION\s+KIND\s+SOURCE$/);
    expect(rows).toContainEqual(expect.stringMatching(/^apps\/v1\s+Deployment\s+builtin:kubernetes\/v1\.36$/));
    expect(rows).toContainEqual(expect.stringMatching(/^resource\.k8s\.io\/v1\s+DeviceClass\s+builtin:kubernetes\/v1\.36$/));
    const older = runCli(['schemas', 'list', '--kubernetes-version', 'v1.31.2']).stdout.trimEnd().split('\n');
    expect(older).toContainEqual(expect.stringMatching(/^apps\/v1\s+Deployment\s+builtin:kubernetes\/v1\.31$/));
    expect(older.some((row) => row.startsWith('resource.k8s.io/v1 '))).toBe(false);
    expect(rows).toContainEqual(expect.stringMatching(/^external-secrets\.io\/v1\s+ExternalSecret\s+builtin:external-secrets\/v1$/));
    expect(builtin.stderr).toMatch(/^\d+ kinds: \d+ built-in, 0 imported\n$/);

    const both = runCli(['schemas', 'list', '--schemas', imported]);
    expect(both.stdout).toMatch(new RegExp(`\\nexample\\.com/v2\\s+Backup\\s+${imported}\\n`));
    expect(both.stdout).toMatch(new RegExp(`\\nv1\\s+Widget\\s+${imported}\\n`));
    expect(both.stderr).toMatch(/ 4 imported\n$/);
  });

  it('prints JSON with -o json', () => {
    const { kinds } = JSON.parse(runCli(['schemas', 'list', '--schemas', imported, '-o', 'json']).stdout) as { kinds: { apiVersion: string; kind: string; source: string }[] };
    expect(kinds.filter((k) => k.source === imported).map((k) => `${k.apiVersion}/${k.kind}`)).toEqual([
      'example.com/v1/Backup',
      'example.com/v2/Backup',
      'example.io/v1/Gadget',
      'v1/Widget',
    ]);
    expect(kinds.find((k) => k.kind === 'ConfigMap')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', source: 'builtin:kubernetes/v1.36' });
  });

  it('keeps standard output before what it then says on standard error where the two share a pipe (2>&1)', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" schemas list 2>&1 | cat`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^APIVERSION\s+KIND\s+SOURCE$/);
    expect(lines.at(-1)).toMatch(/^\d+ kinds: \d+ built-in, 0 imported$/);
  });

  it('stops quietly when the reader closes the pipe early', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" schemas list | head -n 1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stdout).toMatch(/^APIVERSION\s+KIND\s+SOURCE\n$/);
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
  });

  it('exits 2 naming a folder it cannot use', () => {
    for (const [dir, problem] of [[path.join(scratch, 'nope'), 'no such folder'], [openApiFile, 'is a file, not a folder']] as const) {
      const result = runCli(['schemas', 'list', '--schemas', dir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`error: --schemas ${dir}: ${problem}\n`);
    }
  });
});
