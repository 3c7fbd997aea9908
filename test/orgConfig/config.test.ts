import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOrgConfig, readOrgConfig } from '../../src/io/orgConfig.ts';
import { parseOrgConfig } from '../../src/orgConfig/load.ts';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { resolveApp } from '../../src/orgConfig/resolve.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { EXAMPLE_CONFIG } from '../support/orgConfig.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';


function issuesOf(text: string): string[] {
  return parseOrgConfig(text, '.scaffold.yaml').issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.path ?? ''}: ${i.message} (${i.rule})`);
}

describe('.scaffold.yaml', () => {
  it('accepts the documented example, every section', () => {
    const { config, issues } = parseOrgConfig(EXAMPLE_CONFIG, '.scaffold.yaml');
    expect(issues).toEqual([]);
    expect(config?.environments?.production?.cluster).toBe('prod-apne2');
    expect(config?.validate?.skip?.[0]?.policy).toBe('externalsecret-refresh');
  });

  it('reports an unknown field at its key, with its path and a did-you-mean', () => {
    expect(issuesOf(EXAMPLE_CONFIG.replace('  imageRegistry:', '  imageRegistery:'))).toEqual([
      '.scaffold.yaml:17:3: defaults.imageRegistery: unknown field "imageRegistery" (did you mean "imageRegistry"?) (config)',
    ]);
    expect(issuesOf(EXAMPLE_CONFIG.replace('    cluster: prod-apne2', '    clustr: prod-apne2'))[0]).toMatch(/^\.scaffold\.yaml:13:5: environments\.production\.clustr: unknown field "clustr" \(did you mean "cluster"\?\)/);
  });

  it('holds its defaults to the rules of an app\'s own values: memory in whole bytes, a refresh interval that refreshes', () => {
    expect(issuesOf(EXAMPLE_CONFIG.replace('resources: {cpu: 250m, memory: 256Mi}', 'resources: {cpu: "0", memory: 256m}').replace('refreshInterval: 15m', 'refreshInterval: 0s'))).toEqual([
      '.scaffold.yaml:19:20: defaults.resources.cpu: must be greater than zero, got "0" (config)',
      '.scaffold.yaml:19:33: defaults.resources.memory: must be a whole number of bytes, got "256m" (m means milli: did you mean 256Mi?) (config)',
      expect.stringMatching(/^\.scaffold\.yaml:20:87: defaults\.secretStore\.refreshInterval: "0s" never refreshes the secret/),
    ]);
  });

  it('explains a value of the wrong type or grammar, at its value', () => {
    expect(issuesOf(EXAMPLE_CONFIG.replace('awsAccountId: "222222222222"', 'awsAccountId: 222222222222'))).toEqual([
      '.scaffold.yaml:11:19: environments.production.awsAccountId: expected string, got integer 222222222222; quote it: "222222222222" (config)',
    ]);
    expect(issuesOf(EXAMPLE_CONFIG.replace('kubernetesVersion: "1.30"\n    cluster: prod', 'kubernetesVersion: 1.30\n    cluster: prod'))[0]).toMatch(
      /^\.scaffold\.yaml:12:24: environments\.production\.kubernetesVersion: expected string, got number 1\.3/,
    );
    expect(issuesOf(EXAMPLE_CONFIG.replace('secretsPathPrefix: /alpha', 'secretsPathPrefix: alpha'))[0]).toContain(
      'environments.alpha.secretsPathPrefix: must be an absolute Parameter Store path such as /production',
    );
    expect(issuesOf(EXAMPLE_CONFIG.replace('skeletons: [platform/skeletons]', 'skeletons: [../elsewhere]'))[0]).toContain(
      'skeletons[0]: must be a folder relative to the folder of .scaffold.yaml, without ".."',
    );
  });

  it('wants a bundled Kubernetes version, written as app.yaml and --kubernetes-version take it', () => {
    const bundled = { kubernetesVersions: ['1.30', '1.31', '1.36'] };
    const withVersion = (version: string) => parseOrgConfig(EXAMPLE_CONFIG.replace('kubernetesVersion: "1.30"\n    cluster: prod', `kubernetesVersion: ${version}\n    cluster: prod`), '.scaffold.yaml', bundled);
    expect(withVersion('v1.31.2').issues).toEqual([]);
    expect(withVersion('"1.29"').issues.map((i) => `${i.line}:${i.column}: ${i.path}: ${i.message}`)).toEqual([
      '12:24: environments.production.kubernetesVersion: Kubernetes 1.29 is not bundled: bundled are 1.30, 1.31, 1.36; leave it out for the newest',
    ]);
  });

  it('knows the policies validate has, and wants a reason for each one turned off', () => {
    const [unknown, ...rest] = issuesOf(EXAMPLE_CONFIG.replace('policy: externalsecret-refresh', 'policy: externalsecret-refres'));
    expect(rest).toEqual([]);
    // The list of ids is validate's own (POLICY_IDS), so ids added there are known here without a change.
    expect(unknown).toMatch(/^\.scaffold\.yaml:24:15: validate\.skip\[0\]\.policy: unknown policy "externalsecret-refres" \(did you mean "externalsecret-refresh"\?\); policies: qos-guaranteed, .*externalsecret-refresh/);
    expect(issuesOf(EXAMPLE_CONFIG.replace('      reason: the stores set their own refresh interval\n', ''))[0]).toContain('validate.skip[0].reason: missing required field "reason"');
  });

  it('wants the apiVersion and kind of a Config', () => {
    expect(issuesOf('apiVersion: scaffold/v1alpha1\nkind: App\n')[0]).toContain('kind: must be "Config"');
    expect(issuesOf('')[0]).toContain('the file is empty');
  });
});

describe('the README', () => {
  it('shows a config that checks clean, and an app.yaml it completes', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The organisation config'));
    const [config, app] = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const parsed = parseOrgConfig(config!, '.scaffold.yaml');
    expect(parsed.issues).toEqual([]);
    const resolved = resolveApp(parse(app!) as AppSpec, { config: parsed.config!, file: '.scaffold.yaml' });
    expect(resolved.problems).toEqual([]);
  });
});

describe("the README's Argo CD section", () => {
  it('shows an argocd section that checks clean', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const block = /```yaml\n(argocd:[\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Argo CD')))![1]!;
    const parsed = parseOrgConfig(`apiVersion: scaffold/v1alpha1\nkind: Config\n${block}`, '.scaffold.yaml');
    expect(parsed.issues).toEqual([]);
    expect(Object.keys(parsed.config!.argocd!.environments)).toEqual(['alpha', 'production']);
  });
});

describe('finding .scaffold.yaml', () => {
  const top = tempDir('scaffold-config-');

  it('looks in the folder and above, and stops at the top of a git repository', () => {
    const repo = join(top, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'apps', 'checkout'), { recursive: true });
    writeFileSync(join(top, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\n');
    expect(findOrgConfig(join(repo, 'apps', 'checkout'))).toBeUndefined();
    writeFileSync(join(repo, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\n');
    expect(findOrgConfig(join(repo, 'apps', 'checkout'))).toBe(join(repo, '.scaffold.yaml'));
    expect(findOrgConfig(top)).toBe(join(top, '.scaffold.yaml'));
  });

  it('names the file relative to the folder asked from, and reports its problems there', () => {
    const root = join(top, 'bad');
    mkdirSync(join(root, '.git'), { recursive: true });
    writeFileSync(join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\ndefaults: {namespace: Shop}\n');
    const read = readOrgConfig(join(root), root);
    expect(read.config).toBeUndefined();
    expect(read.issues.map((i) => `${i.file}:${i.line}:${i.column}`)).toEqual(['.scaffold.yaml:3:23']);
  });
});

describe('the argocd section', () => {
  const argocd = (section: string) => `${EXAMPLE_CONFIG.slice(0, EXAMPLE_CONFIG.indexOf('argocd:'))}argocd:\n${section}`;

  it('takes the repository, the defaults and a destination per environment', () => {
    const { config, issues } = parseOrgConfig(EXAMPLE_CONFIG, '.scaffold.yaml');
    expect(issues).toEqual([]);
    expect(config?.argocd?.environments['production']?.destination).toEqual({ server: 'https://prod-apne2.example.com' });
  });

  it('wants one of name and server for a destination, and an environment of the config', () => {
    expect(issuesOf(argocd('  repoURL: r\n  environments:\n    production: {destination: {}}\n'))).toEqual([
      '.scaffold.yaml:29:18: argocd.environments.production.destination: give the cluster: name (as registered in Argo CD) or server (its API URL) (config)',
    ]);
    expect(issuesOf(argocd('  repoURL: r\n  environments:\n    production: {destination: {name: p, server: https://p}}\n'))).toEqual([
      '.scaffold.yaml:29:18: argocd.environments.production.destination: give name or server, not both (Argo CD refuses a destination with both) (config)',
    ]);
    expect(issuesOf(argocd('  repoURL: r\n  environments:\n    prodution: {destination: {name: p}}\n'))).toEqual([
      '.scaffold.yaml:29:5: argocd.environments.prodution: "prodution" is not one of the environments above (did you mean "production"?); they are: alpha, production (config)',
    ]);
  });

  it('explains a mode, a finalizer, a server or a missing field', () => {
    expect(issuesOf(argocd('  repoURL: r\n  mode: applicationSet\n  environments: {alpha: {destination: {name: a}}}\n'))[0]).toContain('argocd.mode: must be one of');
    expect(issuesOf(argocd('  repoURL: r\n  environments: {alpha: {destination: {server: prod.example.com}}}\n'))[0]).toContain(
      "argocd.environments.alpha.destination.server: must be the URL of the cluster's API server, such as https://kubernetes.default.svc",
    );
    expect(issuesOf(argocd('  repoURL: r\n'))[0]).toContain('argocd.environments: missing required field "environments"');
    expect(issuesOf(argocd('  repoURL: r\n  environments: {alpha: {destination: {name: a}}}\n  syncPolicy: {automated: {prune: yes}}\n'))).toEqual([]);
  });
});
