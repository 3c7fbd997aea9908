/**
 * The kubernetes-external-secrets corpus (test/adopt/kes-corpus/, written from the
 * KES README's examples, each file citing its section): every object an AWS backend
 * serves migrates to exactly the External Secrets v1 objects in expected/, which
 * validate against the bundled schemas and against the official External Secrets
 * CRDs imported with `scaffold schemas import`; every other object is refused with
 * each problem at its line and column, and nothing is printed or written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bundledKubernetes, createSchemaRegistry, defaultBuiltinRoot } from '../../src/io/schemaFolders.ts';
import { kubernetesVersionFor } from '../../src/schemas/kubernetesVersions.ts';
import { importSchemas } from '../../src/pipeline/importSchemas.ts';
import { migrateKesInputs, type MigrateKesRequest } from '../../src/pipeline/migrateKes.ts';
import { validatePlannedFiles } from '../../src/validate/plannedFiles.ts';
import type { SchemaRegistry } from '../../src/validate/registry.ts';
import { runCli } from '../support/cli.ts';
import { available, CLI, CRD_DIR, PROJECT_ROOT } from '../support/paths.ts';
import { mtimes, readTree } from '../support/tree.ts';
import { tempDir } from '../support/tempDir.ts';

const CORPUS = path.join(PROJECT_ROOT, 'test/adopt/kes-corpus');
const EXPECTED = path.join(CORPUS, 'expected');
const inputs = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();
const expectedFiles = readdirSync(EXPECTED).filter((f) => f.endsWith('.yaml')).sort();
const builtin = { root: defaultBuiltinRoot(), kubernetesVersion: kubernetesVersionFor({}, bundledKubernetes().versions) };

/** The objects that cannot be migrated, and the problems (line:column field) each must be refused for. */
const REFUSED: Record<string, string[]> = {
  '04-templating-vault-lodash.yaml': ['9:3 spec.backendType', '15:3 spec.kvVersion', '29:3 spec.vaultMountPoint', '30:3 spec.vaultRole', '18:7 spec.template.data["file.txt"]', '23:9 spec.template.metadata.labels.label2', '25:7 spec.template.stringData["file.yaml"]'],
  '06-templating-untranslatable-secretsmanager.yaml': ['18:7 spec.template.data["file.txt"]', '22:9 spec.template.metadata.labels.label2', '24:7 spec.template.stringData["file.yaml"]'],
  '13-binary-secrets-any-backend.yaml': ['9:3 spec.backendType'],
  '18-vault.yaml': ['9:3 spec.backendType', '12:3 spec.vaultMountPoint', '17:3 spec.vaultRole'],
  '19-gcp-secrets-manager.yaml': ['8:3 spec.backendType', '9:3 spec.projectId'],
  '20-azure-key-vault.yaml': ['8:3 spec.backendType', '9:3 spec.keyVaultName'],
  '21-alicloud-secrets-manager.yaml': ['9:3 spec.backendType', '11:3 spec.roleArn'],
  '22-ibmcloud-keybyname.yaml': ['9:3 spec.backendType', '10:3 spec.keyByName'],
  '23-akeyless.yaml': ['8:3 spec.backendType'],
};

const request = (paths: string[], extra: Partial<MigrateKesRequest> = {}): MigrateKesRequest => ({
  paths,
  cwd: CORPUS,
  region: 'us-west-2',
  refreshInterval: '1h',
  storeKind: 'SecretStore',
  force: false,
  ...extra,
});

const documentsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

describe('the KES corpus', () => {
  it('holds 23 objects: 14 with expected output, 9 refused', () => {
    expect(inputs).toHaveLength(23);
    expect(expectedFiles).toHaveLength(14);
    expect([...expectedFiles, ...Object.keys(REFUSED)].sort()).toEqual(inputs);
  });

  it.each(expectedFiles)('%s migrates to exactly its expected objects', (file) => {
    const outcome = migrateKesInputs(request([file]));
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const expected = documentsOf(readFileSync(path.join(EXPECTED, file), 'utf8'));
    expect(documentsOf(outcome.result!.stream!)).toEqual(expected);
    expect(outcome.result!.documents).toEqual(expected);
  });

  it.each(Object.keys(REFUSED))('%s is refused, every problem reported where it is', (file) => {
    const outcome = migrateKesInputs(request([file]));
    expect(outcome.result).toBeUndefined();
    const errors = outcome.issues.filter((i) => i.severity === 'error');
    expect(errors.every((e) => e.file === file && e.rule === 'migrate' && e.message.length > 20)).toBe(true);
    expect([...new Set(errors.map((e) => `${e.line}:${e.column} ${e.path}`))].sort()).toEqual([...REFUSED[file]!].sort());
  });

  it('refuses the whole run when one object of it cannot be migrated', () => {
    const outcome = migrateKesInputs(request(['07-controller-id.yaml', '18-vault.yaml']));
    expect(outcome.result).toBeUndefined();
    expect(outcome.issues.filter((i) => i.severity === 'error').map((i) => i.file)).toEqual(['18-vault.yaml', '18-vault.yaml', '18-vault.yaml']);
  });

  it('refuses an object without a region when no --region gives one', () => {
    const outcome = migrateKesInputs(request(['02-add-a-secret-systemmanager.yaml'], { region: undefined }));
    expect(outcome.issues).toMatchObject([{ severity: 'error', line: 7, column: 1, path: 'spec.region' }]);
  });
});

describe('the expected outputs validate', () => {
  const scratch = tempDir('scaffold-kes-');
  const files = expectedFiles.map((file) => ({ path: file, content: readFileSync(path.join(EXPECTED, file), 'utf8'), role: 'resource' as const }));
  const judge = (registry: SchemaRegistry) => validatePlannedFiles(files, { registry, ignoreMissingSchemas: false });

  it('against the bundled External Secrets v1 schemas', () => {
    expect(judge(createSchemaRegistry({ schemaDirs: [], builtin }))).toEqual([]);
  });

  it.skipIf(!available(CRD_DIR, 'the KES corpus against the imported External Secrets CRDs'))('against the External Secrets CRDs, imported', () => {
    const out = path.join(scratch, 'crds');
    const imported = importSchemas({ crd: [CRD_DIR], out, force: false, cwd: PROJECT_ROOT });
    expect(imported.issues).toEqual([]);
    // The imported folder is searched first: these verdicts are the CRDs'.
    const registry = createSchemaRegistry({ schemaDirs: [out], builtin });
    for (const kind of ['ExternalSecret', 'SecretStore']) expect(registry.list().some((s) => s.kind === kind && s.source === out)).toBe(true);
    expect(judge(registry)).toEqual([]);
    // And they judge: a field the CRD does not have is refused.
    const typo = files[0]!.content.replace('refreshInterval:', 'refreshIntervall:');
    expect(validatePlannedFiles([{ path: 'typo.yaml', content: typo, role: 'resource' }], { registry, ignoreMissingSchemas: false })[0]?.message).toMatch(/refreshIntervall/);
  });
});

describe('scaffold migrate kes', () => {
  const mappable = ['05-templating-translatable-secretsmanager.yaml', '07-controller-id.yaml', '12-systemmanager-path.yaml', '14-binary-secrets-secretsmanager.yaml'];

  it('prints the stores, then each ExternalSecret, on stdout; how each field was mapped on stderr', () => {
    const r = runCli(['migrate', 'kes', ...mappable, '--region', 'us-west-2'], { cwd: CORPUS });
    expect(r.code).toBe(0);
    const printed = documentsOf(r.stdout);
    expect(printed.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'SecretStore/aws-secretsmanager-us-east-1',
      'SecretStore/aws-parameterstore-us-west-2-dev-team-instance',
      'SecretStore/aws-parameterstore-us-east-1-123456789012-test-role',
      'ExternalSecret/tmpl-ext-sec-aws',
      'ExternalSecret/foo',
      'ExternalSecret/hello-service',
      'ExternalSecret/hello-service-binary',
    ]);
    expect(r.stderr).toContain('07-controller-id.yaml:9:3: note: spec.controllerId: ');
    expect(r.stderr).toContain('14-binary-secrets-secretsmanager.yaml:12:7: warning: ');
    expect(r.stderr).toMatch(/4 ExternalSecrets migrated, 3 stores/);
  });

  it('-o DIR writes each input under its own name and the stores beside them; a refused run writes nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scaffold-kes-out-'));
    try {
      const refused = runCli(['migrate', 'kes', ...mappable, '23-akeyless.yaml', '--region', 'us-west-2', '-o', dir], { cwd: CORPUS });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/23-akeyless\.yaml:8:3: error: ExternalSecret\/hello-secret .*akeyless is not migrated/);
      expect(refused.stdout).toBe('');
      expect(readTree(dir)).toEqual({});

      const r = runCli(['migrate', 'kes', ...mappable, '--region', 'us-west-2', '-o', dir], { cwd: CORPUS });
      expect(r.code).toBe(0);
      const tree = readTree(dir);
      expect(Object.keys(tree).sort()).toEqual([...mappable, 'secretstores.yaml'].sort());
      expect(documentsOf(tree['07-controller-id.yaml']!)).toEqual(documentsOf(readFileSync(path.join(EXPECTED, '07-controller-id.yaml'), 'utf8')).slice(1));
      const before = mtimes(dir);
      const again = runCli(['migrate', 'kes', ...mappable, '--region', 'us-west-2', '-o', dir], { cwd: CORPUS });
      expect(again.stdout).toMatch(/5 files already current/);
      expect(mtimes(dir)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a region that is not an AWS region name, in an object (exit 1, at its line) or in --region (exit 2), writing nothing', () => {
    const dir = tempDir('scaffold-kes-region-');
    const object = (name: string, region: string) =>
      `apiVersion: kubernetes-client.io/v1\nkind: ExternalSecret\nmetadata:\n  name: ${name}\nspec:\n  backendType: systemManager\n  region: ${region}\n  data:\n    - key: /a\n      name: a\n`;
    writeFileSync(path.join(dir, 'regions.yaml'), [object('a', 'us-east-1'), object('b', 'US-EAST-1'), object('c', 'us_east_1')].join('---\n'));
    const r = runCli(['migrate', 'kes', 'regions.yaml', '-o', 'out'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'regions.yaml:18:3: error: ExternalSecret/b (document at line 12): spec.region: expected an AWS region name, such as us-east-1 (lower-case), got "US-EAST-1" (migrate)\n' +
        'regions.yaml:29:3: error: ExternalSecret/c (document at line 23): spec.region: expected an AWS region name, such as us-east-1 (lower-case), got "us_east_1" (migrate)\n' +
        '2 problems; nothing was written\n',
    );
    expect(readdirSync(dir)).toEqual(['regions.yaml']);
    writeFileSync(path.join(dir, 'regions.yaml'), object('a', 'us-east-1').replace('  region: us-east-1\n', ''));
    const flag = runCli(['migrate', 'kes', 'regions.yaml', '--region', 'us east'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: --region: expected an AWS region name, such as us-east-1 \(lower-case\), got "us east"\n/);
    expect(flag.stdout).toBe('');
  });

  it('refuses a --refresh-interval new-app refuses (zero never refreshes, and validate fails it), as a usage error', () => {
    for (const [interval, message] of [
      ['0s', '"0s" never refreshes the secret, so a change in Parameter Store never reaches the pods: give a duration such as 1h (validate\'s externalsecret-refresh refuses it too)'],
      ['1 hour', 'must be a duration such as 1h, 15m or 30s, got string "1 hour"'],
    ]) {
      const r = runCli(['migrate', 'kes', '07-controller-id.yaml', '--region', 'us-west-2', '--refresh-interval', interval!, '-o', 'json'], { cwd: CORPUS });
      expect(r.code, interval).toBe(2);
      expect(JSON.parse(r.stdout).issues).toEqual([{ severity: 'error', rule: 'usage', message: `--refresh-interval: ${message}` }]);
    }
  });

  it('still exits with what it found when the reader of its standard error stops early', () => {
    // `true` has gone before the CLI writes its notes and summary: each write to standard error meets a closed pipe.
    const run = (files: string[]) =>
      spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" migrate kes ${files.join(' ')} --region us-west-2 2>&1 >/dev/null | true`], { cwd: CORPUS, encoding: 'utf8' });
    for (let n = 0; n < 3; n++) {
      const migrated = run(mappable);
      expect(migrated.stderr).toBe('');
      expect(migrated.status).toBe(0);
      const refused = run([...mappable, '23-akeyless.yaml']);
      expect(refused.stderr).toBe('');
      expect(refused.status).toBe(1);
    }
  });

  it('-o json reports the objects, the stores and the notes', () => {
    const r = runCli(['migrate', 'kes', '07-controller-id.yaml', '--region', 'us-west-2', '-o', 'json'], { cwd: CORPUS });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      ok: true,
      externalSecrets: [{ file: '07-controller-id.yaml', name: 'foo', namespace: null, store: 'aws-parameterstore-us-west-2-dev-team-instance' }],
      stores: [{ kind: 'SecretStore', name: 'aws-parameterstore-us-west-2-dev-team-instance', namespace: null }],
    });
    expect(report.notes.map((n: { path: string }) => n.path)).toEqual(['spec.region', 'spec.controllerId']);
    expect(report.documents).toHaveLength(2);
  });
});
