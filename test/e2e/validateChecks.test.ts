/**
 * The API server checks, exemptions and SARIF output as a user meets them:
 * the built CLI on files written for the purpose.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { compileSarifSchema } from '../support/sarif.ts';
import { tempCopy } from '../support/tree.ts';

const scratch = tempCopy(undefined, 'scaffold-validate-checks-');

function write(file: string, text: string): string {
  mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
  writeFileSync(path.join(scratch, file), text);
  return file;
}

const configMap = (name: string, annotations = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${annotations}data: {a: b}\n`;

describe('scaffold validate: API server checks', () => {
  it('refuses a name the API server refuses, with its id; --skip-policy turns the check off', () => {
    const file = write('name.yaml', configMap('My_App'));
    const r = runCli(['validate', file], { cwd: scratch });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^name\.yaml:4:9: error: ConfigMap\/My_App \(document at line 1\): metadata\.name: "My_App" is not a valid ConfigMap name \(a DNS-1123 subdomain\): .* \(object-name\)\n$/);
    expect(runCli(['validate', '--skip-policy', 'object-name', file], { cwd: scratch }).code).toBe(0);
    expect(runCli(['validate', '--schema-only', file], { cwd: scratch }).code).toBe(0);
  });

  it("a repository turns a check off in .scaffold.yaml's validate.skip, as it turns off a policy", () => {
    const repo = path.join(scratch, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    writeFileSync(path.join(repo, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nvalidate:\n  skip:\n    - policy: object-name\n      reason: the vendor names them (PLAT-1)\n');
    writeFileSync(path.join(repo, 'name.yaml'), configMap('My_App'));
    const r = runCli(['validate', 'name.yaml'], { cwd: repo });
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it("finds a Service whose named targetPort no pod it selects declares, across the files of a folder, at the Service's targetPort", () => {
    write('app/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n    - {name: http, port: 80, targetPort: http}\n');
    write('app/deployment.yaml', [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:',
      '    metadata: {labels: {app: web}}', '    spec:', '      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}', '      containers:', '        - name: web', '          image: nginx',
      '          ports: [{name: web, containerPort: 8080}]', '          resources: {limits: {cpu: 100m, memory: 64Mi}}',
      '          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}', '',
    ].join('\n'));
    const r = runCli(['validate', '--summary', 'app'], { cwd: scratch });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'app/service.yaml:7:42: warning: Service/web (document at line 1): spec.ports[0].targetPort: targetPort "http" (TCP) is no port of the pods this Service selects (Deployment/web; their named ports: web/TCP): the Service gets no endpoint for it (service-target-port)\n' +
      'Summary: 2 resources found in 2 files - Valid: 2, Invalid: 0, Errors: 0, Skipped: 0, Warnings: 1\n',
    );
  });

  it('places a finding across objects in a file with a byte order mark where the file was read: the mark takes no column', () => {
    const service = '{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}}\n';
    const deployment =
      '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n' +
      '      containers: [{name: web, image: nginx, ports: [{name: web, containerPort: 8080}], resources: {limits: {cpu: 100m, memory: 64Mi}}}]\n';
    // The Deployment is the Service's target, nothing more: Pod Security is not what this judges.
    const judged = ['validate', '--skip-policy', 'pod-security-restricted'];
    const plain = runCli([...judged, write('bom/plain.yaml', `${service}${deployment}`)], { cwd: scratch });
    const marked = runCli([...judged, write('bom/marked.yaml', `\uFEFF${service}${deployment}`)], { cwd: scratch });
    expect(plain.stdout).toMatch(/^bom\/plain\.yaml:1:116: warning: Service\/web: spec\.ports\[0\]\.targetPort: .* \(service-target-port\)\n$/);
    expect(marked.stdout).toBe(plain.stdout.replace('bom/plain.yaml', 'bom/marked.yaml'));
  });
});

describe('scaffold validate: exemptions in the object', () => {
  it('an annotation with a reason keeps that rule from failing the object; -v shows the reason', () => {
    const file = write('exempt.yaml', configMap('My_App', '  annotations:\n    ignore-check.scaffold.dev/object-name: "named by the vendor chart"\n'));
    const quiet = runCli(['validate', file], { cwd: scratch });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe('');
    const verbose = runCli(['validate', '-v', file], { cwd: scratch });
    expect(verbose.stdout).toBe('exempt.yaml:1: ConfigMap/My_App: valid\nexempt.yaml:1: ConfigMap/My_App: exempted from object-name (1 finding): named by the vendor chart\n');
  });

  it('an exemption without a reason is an error and exempts nothing; an unknown rule id is a warning', () => {
    const bare = runCli(['validate', write('bare.yaml', configMap('My_App', '  annotations:\n    ignore-check.scaffold.dev/object-name: ""\n'))], { cwd: scratch });
    expect(bare.code).toBe(1);
    expect(bare.stdout).toContain('bare.yaml:6:5: error: ConfigMap/My_App (document at line 1): metadata.annotations["ignore-check.scaffold.dev/object-name"]: an exemption from object-name needs a reason');
    expect(bare.stdout).toContain('(object-name)');
    const typo = runCli(['validate', write('typo.yaml', configMap('ok', '  annotations:\n    ignore-check.scaffold.dev/object-nam: "legacy"\n'))], { cwd: scratch });
    expect(typo.code).toBe(0);
    expect(typo.stdout).toContain('warning: ConfigMap/ok (document at line 1): metadata.annotations["ignore-check.scaffold.dev/object-nam"]: "object-nam" is no rule that can be exempted, so this annotation exempts nothing (did you mean "object-name"?)');
  });
});

describe('scaffold validate -o sarif', () => {
  it('writes a log the SARIF 2.1.0 schema accepts, with each finding at its file, line and column', () => {
    const r = runCli(['validate', '-o', 'sarif', write('sarif/name.yaml', configMap('My_App'))], { cwd: scratch });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const log = JSON.parse(r.stdout);
    const validate = compileSarifSchema();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region])).toEqual([
      ['object-name', 'sarif/name.yaml', { startLine: 4, startColumn: 9 }],
    ]);
  });

  it('on a run that cannot start, still writes a log, saying why, and exits as the text output does', () => {
    const r = runCli(['validate', '-o', 'sarif', '--schemas', 'no-such-dir', 'x.yaml'], { cwd: scratch });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--schemas no-such-dir: no such folder');
    const log = JSON.parse(r.stdout);
    expect(compileSarifSchema()(log)).toBe(true);
    expect(log.runs[0].invocations[0]).toEqual({
      executionSuccessful: false,
      toolConfigurationNotifications: [{ level: 'error', message: { text: '--schemas no-such-dir: no such folder' }, descriptor: { id: 'usage' } }],
    });
    const usage = runCli(['validate', '-o', 'sarif', '--skip-policy', 'nope', 'x.yaml'], { cwd: scratch });
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).runs[0].invocations[0].toolConfigurationNotifications[0].message.text).toMatch(/^--skip-policy: unknown policy "nope"/);
  });
});
