import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { EXAMPLES } from '../support/paths.ts';
import { mtimes, readTree, tempCopy } from '../support/tree.ts';

describe('examples/', () => {
  it('holds rendered trees that are current: rendering them again changes no byte and touches no file', () => {
    const root = tempCopy(EXAMPLES);
    const before = readTree(root);
    const times = mtimes(root);
    const result = runCli(['render', '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 created, 0 updated, 0 deleted/);
    expect(readTree(root)).toEqual(before);
    expect(mtimes(root)).toEqual(times);
  });

  it('has a web app with IRSA and secrets, and a worker without them', () => {
    const tree = readTree(join(EXAMPLES, 'apps'));
    expect(tree['checkout/base/externalsecret.yaml']).toContain('apiVersion: external-secrets.io/v1\n');
    expect(tree['checkout/overlays/production/serviceaccount-patch.yaml']).toContain('eks.amazonaws.com/role-arn');
    expect(tree['invoice-worker/base/service.yaml']).toBeUndefined();
    expect(tree['invoice-worker/base/externalsecret.yaml']).toBeUndefined();
  });

  it('has a web app with every production feature, a node agent and a scheduled job', () => {
    const tree = readTree(join(EXAMPLES, 'apps'));
    expect(tree['storefront/base/ingress.yaml']).toContain('kind: Ingress\n');
    expect(tree['storefront/overlays/production/horizontalpodautoscaler.yaml']).toContain('apiVersion: autoscaling/v2\n');
    expect(tree['storefront/overlays/production/poddisruptionbudget.yaml']).toContain('apiVersion: policy/v1\n');
    expect(tree['storefront/overlays/production/kustomization.yaml']).toContain('  - horizontalpodautoscaler.yaml\n  - poddisruptionbudget.yaml\n');
    expect(tree['storefront/overlays/alpha/horizontalpodautoscaler.yaml']).toBeUndefined();
    expect(tree['log-agent/base/daemonset.yaml']).toContain('kind: DaemonSet\n');
    expect(tree['log-agent/base/service.yaml']).toBeUndefined();
    expect(tree['report-mailer/base/cronjob.yaml']).toContain('kind: CronJob\n');
    expect(tree['report-mailer/base/deployment.yaml']).toBeUndefined();
  });
});
