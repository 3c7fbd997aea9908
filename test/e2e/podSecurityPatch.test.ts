/**
 * A user patch that makes the examples' checkout pod privileged and root
 * (`spec.environments.production.patches`), through the built CLI: render
 * refuses it at the patch's fields, and `validate --build` of an overlay that
 * lists it finds it in the build Kustomize makes, which the files alone do not show.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES } from '../support/paths.ts';
import { readTree, tempCopy } from '../support/tree.ts';

const PRODUCTION = 'apps/checkout/overlays/production';
const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: checkout
          securityContext:
            privileged: true
            runAsUser: 0
`;

function edit(root: string, file: string, change: (text: string) => string): void {
  writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8')));
}

function withPatch(patch = PATCH): string {
  const root = tempCopy(EXAMPLES, 'scaffold-pod-security-');
  edit(root, 'apps/checkout/app.yaml', (t) => `${t}      patches: [root-patch.yaml]\n`);
  writeFileSync(join(root, PRODUCTION, 'root-patch.yaml'), patch);
  return root;
}

describe('a user patch that leaves Pod Security "restricted"', () => {
  it('render refuses it at each field it sets, and writes nothing; render --check fails the same way', () => {
    const root = withPatch();
    const before = readTree(root);
    const r = runCli(['render', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes('pod-security-restricted'))).toEqual([
      `${PRODUCTION}/root-patch.yaml:12:25: error: Deployment/checkout (document at line 1): spec.template.spec.containers[0].securityContext.privileged: with this patch, the Deployment breaks pod-security-restricted: container "checkout" is privileged; Pod Security "restricted" (Privileged Containers) requires securityContext.privileged unset or false (pod-security-restricted)`,
      `${PRODUCTION}/root-patch.yaml:13:24: error: Deployment/checkout (document at line 1): spec.template.spec.containers[0].securityContext.runAsUser: with this patch, the Deployment breaks pod-security-restricted: container "checkout" runs as user 0 (root); Pod Security "restricted" (Running as Non-root user) requires runAsUser unset or not 0 (pod-security-restricted)`,
    ]);
    expect(readTree(root)).toEqual(before);
    expect(runCli(['render', '--check', '--root', root]).stderr).toContain(`${PRODUCTION}/root-patch.yaml:12:25: error:`);
  });

  it('render accepts it when the patch exempts the Deployment with a reason', () => {
    const exempt = PATCH.replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    ignore-check.scaffold.dev/pod-security-restricted: "debug build, namespace at privileged, PLAT-7"\n');
    const r = runCli(['render', '--root', withPatch(exempt)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.skipIf(!HAS_KUBECTL)('validate --build finds it in what Kustomize builds; the files alone pass', () => {
    const root = withPatch();
    edit(root, `${PRODUCTION}/kustomization.yaml`, (t) => `${t}  - path: root-patch.yaml\n`);
    const built = parseAllDocuments(kustomize(join(root, PRODUCTION)).stdout).map((d) => d.toJS());
    expect(built.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].securityContext).toMatchObject({ privileged: true, runAsUser: 0 });

    expect(runCli(['validate', 'apps'], { cwd: root }).code).toBe(0);
    const r = runCli(['validate', '--build', 'apps'], { cwd: root });
    expect(r.code).toBe(1);
    const findings = r.stdout.split('\n').filter((l) => l.includes('(pod-security-restricted)'));
    expect(findings).toEqual([
      expect.stringMatching(/^apps\/checkout\/overlays\/production\/root-patch\.yaml:12:25: error: Deployment\/checkout .*spec\.template\.spec\.containers\[0\]\.securityContext\.privileged: container "checkout" is privileged; .*\(in the build of apps\/checkout\/overlays\/production\)/),
      expect.stringMatching(/^apps\/checkout\/overlays\/production\/root-patch\.yaml:13:24: error: Deployment\/checkout .*spec\.template\.spec\.containers\[0\]\.securityContext\.runAsUser: container "checkout" runs as user 0 \(root\); .*\(in the build of apps\/checkout\/overlays\/production\)/),
    ]);
  });
});
