import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAppSpec } from '../../src/appSpec/load.ts';
import { parseResolvedApp } from '../../src/orgConfig/loadApp.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { EXAMPLES } from '../support/paths.ts';

const context = {
  skeletons: [
    { name: 'web', fields: { port: 'required', probes: 'optional' } },
    { name: 'worker', fields: { port: 'unsupported', probes: 'unsupported' } },
  ],
  folderName: 'checkout',
} as const;

const example = readFileSync(join(EXAMPLES, 'apps/checkout/app.yaml'), 'utf8');

function issuesOf(text: string, folderName = 'checkout') {
  return parseResolvedApp(text, 'apps/checkout/app.yaml', { ...context, folderName }).issues.map((i) => `${i.line}:${i.column} ${i.path ?? ''}: ${i.message}`);
}

describe('app spec', () => {
  it("takes a Flux ImagePolicy per environment, as <namespace>:<name>, for a tag and not a digest", () => {
    const policy = (value: string, tag = 'v1.4.2') => issuesOf(example.replace('imageTag: v1.4.2', `imageTag: ${tag}\n      imagePolicy: ${value}`));
    expect(policy('flux-system:checkout')).toEqual([]);
    expect(policy('checkout')).toEqual(['29:20 spec.environments.production.imagePolicy: must be a Flux ImagePolicy as <namespace>:<name>, such as flux-system:checkout, got string "checkout"']);
    expect(policy('flux-system:checkout', `sha256:${'a'.repeat(64)}`)).toEqual([
      "29:20 spec.environments.production.imagePolicy: Flux's tag setter writes a tag, and imageTag is a digest: give imageTag a tag (v1.4.2), or remove imagePolicy",
    ]);
  });

  it('accepts the documented example exactly as written', () => {
    const result = parseAppSpec(example, 'apps/checkout/app.yaml', context);
    expect(result.issues).toEqual([]);
    expect(result.spec?.spec.environments.production?.replicas).toBe(3);
  });

  it('reads a valid spec to the same value as the positioned reader does', () => {
    // Valid specs take the quick reader; this pins it to what parseYamlStream reads.
    const text = `${example}# trailing comment\n`.replace('{LOG_LEVEL: info}', '{LOG_LEVEL: info, ENABLED: "yes", MODE: "0x1F", EMPTY: ""}');
    const result = parseAppSpec(text, 'apps/checkout/app.yaml', context);
    expect(result.issues).toEqual([]);
    expect(result.spec).toEqual(parseYamlStream(text, 'apps/checkout/app.yaml').documents[0]!.value);
    expect(result.spec?.spec.env).toMatchObject({ ENABLED: 'yes', MODE: '0x1F', EMPTY: '' });
  });

  it('reads app.yaml as Kubernetes reads YAML, and the quote advice quotes what was written', () => {
    const env = (value: string) => issuesOf(example.replace('env: {LOG_LEVEL: info}', `env: {LOG_LEVEL: ${value}}`));
    expect(env('yes')).toEqual(['12:20 spec.env.LOG_LEVEL: expected string, got boolean true (written yes); quote it: "yes"']);
    expect(env('0123')).toEqual(['12:20 spec.env.LOG_LEVEL: expected string, got integer 83 (written 0123); quote it: "0123"']);
    expect(env('1.10')).toEqual(['12:20 spec.env.LOG_LEVEL: expected string, got number 1.1 (written 1.10); quote it: "1.10"']);
    expect(env('1e3')).toEqual(['12:20 spec.env.LOG_LEVEL: expected string, got integer 1000 (written 1e3); quote it: "1e3"']);
    expect(env('~')).toEqual(['12:20 spec.env.LOG_LEVEL: expected string, got null (written ~); quote it: "~"']);
    expect(env('')).toEqual(['12:20 spec.env.LOG_LEVEL: expected string, got null; write "" for an empty string']);
    const merged = example.replace('    production:\n', '    production:\n      <<: {replicas: 2, imageTag: v1}\n');
    expect(parseAppSpec(merged, 'apps/checkout/app.yaml', context).spec?.spec.environments.production).toMatchObject({ replicas: 3, imageTag: 'v1.4.2' });
  });

  it('shows a number too large for its digits as it was written, not as 1e+23', () => {
    expect(issuesOf(example.replace('replicas: 3', 'replicas: 99999999999999999999999'))).toEqual([
      '29:17 spec.environments.production.replicas: must be <= 10000, got integer 99999999999999999999999',
    ]);
  });

  it('reports a wrong type with its field path, line and column', () => {
    expect(issuesOf(example.replace('replicas: 3', 'replicas: 2.5'))).toEqual([
      '29:17 spec.environments.production.replicas: expected integer, got number 2.5',
    ]);
    expect(issuesOf(example.replace('replicas: 3', 'replicas: "3"'))).toEqual([
      '29:17 spec.environments.production.replicas: expected integer, got string "3"',
    ]);
  });

  it('suggests the field meant by a typo, once (not also as a missing required field)', () => {
    expect(issuesOf(example.replace('  environments:', '  enviroments:'))).toEqual([
      '18:3 spec.enviroments: unknown field "enviroments" (did you mean "environments"?)',
    ]);
  });

  it('checks quantities, names and account ids', () => {
    expect(issuesOf(example.replace('memory: 1Gi}', 'memory: 512mb}'))).toEqual([
      '11:34 spec.resources.memory: must be a Kubernetes quantity such as 500m, 0.5, 512Mi or 1Gi, got string "512mb"',
    ]);
    expect(issuesOf(example.replace('name: checkout ', 'name: Check_Out '), 'Check_Out')[0]).toMatch(/metadata.name: must be a DNS-1123 label .*, got string "Check_Out"/);
    expect(issuesOf(example.replace('"222222222222"', '222222222222'))).toEqual([
      '26:21 spec.environments.production.awsAccountId: expected string, got integer 222222222222; quote it: "222222222222"',
    ]);
    expect(issuesOf(example.replace('"222222222222"', '"2222"'))[0]).toMatch(/awsAccountId: must be a 12-digit AWS account id \(in quotes\), got string "2222"/);
  });

  it('requires awsAccountId with IRSA and secretsPath with relative secret keys', () => {
    const text = example.replace('      awsAccountId: "111111111111"\n      secretsPath: /alpha/checkout\n', '');
    expect(issuesOf(text)).toEqual([
      '19:5 spec.environments.alpha.awsAccountId: required because spec.irsa is set (the role ARN names the account): a 12-digit account id in quotes, here or as environments.alpha.awsAccountId in .scaffold.yaml',
      '19:5 spec.environments.alpha.secretsPath: required because spec.secrets.keys has relative parameter names (DB_PASSWORD): for example /alpha/checkout, or set environments.alpha.secretsPathPrefix in .scaffold.yaml',
    ]);
    const absolute = text.replace('keys: {DB_PASSWORD: db-password}', 'keys: {DB_PASSWORD: /shared/db-password}').replace('  irsa: {roleName: checkout}', '');
    expect(issuesOf(absolute.replace(/ {2}irsa:.*\n/, ''))).toEqual([]);
  });

  it('holds skeletons to their contract', () => {
    expect(issuesOf(example.replace('skeleton: web ', 'skeleton: webb '))).toEqual([
      '6:13 spec.skeleton: unknown skeleton "webb" (did you mean "web"?); available: web, worker',
    ]);
    const worker = example.replace('skeleton: web ', 'skeleton: worker ');
    expect(issuesOf(worker)).toEqual([
      '9:9 spec.port: not used by the worker skeleton; remove it',
      '10:3 spec.probes: not used by the worker skeleton; remove it',
    ]);
    expect(issuesOf(example.replace(/ {2}port: 8080.*\n/, ''))).toEqual(['5:1 spec.port: required by the web skeleton']);
  });

  it('places a mapping key its schema refuses at the key, not at its value', () => {
    expect(issuesOf(example.replace('env: {LOG_LEVEL: info}', 'env: {"1ABC": v}'))).toEqual([
      '12:9 spec.env["1ABC"]: must be an environment variable name (letters, digits and "_", not starting with a digit), got string "1ABC"',
    ]);
  });

  it('refuses a variable set both as plain env and as a secret', () => {
    expect(issuesOf(example.replace('env: {LOG_LEVEL: info}', 'env: {LOG_LEVEL: info, DB_PASSWORD: x}'))).toEqual([
      '17:25 spec.secrets.keys.DB_PASSWORD: "DB_PASSWORD" is also set in spec.env; a variable comes from one place only',
    ]);
  });

  it('refuses env values with characters Kustomize cannot write back out', () => {
    for (const escape of ['\\u007f', '\\u0080', '\\u0085', '\\u009f', '\\ufffe', '\\uffff', '\\ud800']) {
      expect(issuesOf(example.replace('env: {LOG_LEVEL: info}', `env: {LOG_LEVEL: "a${escape}b"}`))[0]).toMatch(
        /^12:20 spec\.env\.LOG_LEVEL: must be text without the characters Kustomize cannot carry/,
      );
    }
    expect(issuesOf(example.replace('env: {LOG_LEVEL: info}', 'env: {LOG_LEVEL: "\\u0000\\u00a0\\u2028\\ufeff\\U0001F600"}'))).toEqual([]);
  });

  it("takes an environment's kubernetesVersion as a bundled minor, in quotes, and names the bundled minors otherwise", () => {
    const withVersion = (version: string) => example.replace('      replicas: 3\n', `      replicas: 3\n      kubernetesVersion: ${version}\n`);
    const bundled = { ...context, kubernetesVersions: ['1.30', '1.31', '1.32'] };
    const issues = (text: string) => parseAppSpec(text, 'apps/checkout/app.yaml', bundled).issues.map((i) => `${i.line}:${i.column} ${i.path ?? ''}: ${i.message}`);
    expect(issues(withVersion('"1.31"'))).toEqual([]);
    expect(issues(withVersion('v1.32.4'))).toEqual([]);
    expect(issues(withVersion('"1.29"'))).toEqual(['30:26 spec.environments.production.kubernetesVersion: Kubernetes 1.29 is not bundled: bundled are 1.30, 1.31, 1.32; leave it out for the newest']);
    expect(issues(withVersion('1.31'))).toEqual(['30:26 spec.environments.production.kubernetesVersion: expected string, got number 1.31; quote it: "1.31"']);
    expect(issues(withVersion('latest'))).toEqual(['30:26 spec.environments.production.kubernetesVersion: must be a Kubernetes version such as "1.33" (in quotes), got string "latest"']);
  });

  it('requires metadata.name to match the folder', () => {
    expect(issuesOf(example, 'payments')).toEqual([
      '4:9 metadata.name: must match the app\'s folder: the file is in "payments/" but metadata.name is "checkout"',
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(issuesOf('apiVersion: scaffold/v1alpha1\nkind: App\nkind: App\n')).toEqual(['3:1 : Map keys must be unique']);
    expect(issuesOf('a:\n\tb: 1\n')).toEqual(['2:1 : Tabs are not allowed as indentation']);
    expect(issuesOf('')).toEqual(['1:1 : the file is empty; expected an App spec']);
    expect(issuesOf('- a\n')).toEqual(['1:1 : expected a mapping with apiVersion, kind, metadata and spec']);
    expect(issuesOf(`${example}---\n${example}`)[0]).toMatch(/expected one YAML document/);
  });
});
