/**
 * An organisation's skeleton is held to the policies at render time, as
 * `validate` holds what it renders: a `web-init` skeleton whose Deployment adds
 * a Burstable init container is refused by `skeletons check`, `render`,
 * `render --check` and `capacity`, at the template, and nothing is written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

const INIT = `      initContainers:
        - name: init
          image: busybox:1.36
          resources:
            requests:
              cpu: 10m
              memory: 16Mi
            limits:
              cpu: 20m
              memory: 16Mi
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
      containers:
`;

const APP = `apiVersion: scaffold/v1alpha1
kind: App
metadata:
  name: web1
spec:
  skeleton: web-init
  namespace: shop
  image: 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/web1
  port: 8080
  resources: {cpu: 500m, memory: 1Gi}
  environments:
    alpha:
      awsAccountId: "111111111111"
      imageTag: latest
      replicas: 1
`;

const TEMPLATE = 'platform/web-init/base/deployment.yaml.hbs';
const FINDING = 'Deployment/web1: spec.template.spec.initContainers[0].resources.requests.cpu: renders apps/web1/base/deployment.yaml (line 31) for apps/web1/app.yaml: init container "init" requests cpu 10m but its limit is 20m; QoS Guaranteed needs the request equal to the limit (or no request) (qos-guaranteed)';

describe('an organisation skeleton that breaks a policy', () => {
  const root = tempDir('scaffold-skeleton-policies-');
  const cli = (...args: string[]) => runCli(args, { cwd: root });

  beforeAll(() => {
    mkdirSync(path.join(root, '.git'));
    writeFileSync(path.join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nskeletons: [platform]\n');
    mkdirSync(path.join(root, 'platform/web-init/base'), { recursive: true });
    writeFileSync(path.join(root, 'platform/web-init/skeleton.yaml'), 'description: web with an init container\nextends: web\n');
    const deployment = readFileSync(path.join(__dirname, '../../skeletons/_common/base/deployment.yaml.hbs'), 'utf8');
    writeFileSync(path.join(root, TEMPLATE), deployment.replace('      containers:\n', INIT));
    mkdirSync(path.join(root, 'apps/web1'), { recursive: true });
    writeFileSync(path.join(root, 'apps/web1/app.yaml'), APP);
  });

  it('skeletons check: each sample app, at the template', () => {
    const run = cli('skeletons', 'check', 'platform');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${TEMPLATE}: error: Deployment/sample: spec.template.spec.initContainers[0].resources.requests.cpu: renders base/deployment.yaml (line 41) for an app with every field set: init container "init" requests cpu 10m`);
    expect(run.stderr).toContain('2 problems; the skeletons have problems\n');
  });

  it('render refuses and writes nothing; render --check fails the same way', () => {
    const render = cli('render');
    expect(render.stderr).toBe(`${TEMPLATE}: error: ${FINDING}\n1 problem; nothing was written\n`);
    expect(render.code).toBe(1);
    expect(existsSync(path.join(root, 'apps/web1/base'))).toBe(false);
    const check = cli('render', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${TEMPLATE}: error: ${FINDING}\n`);
  });

  it('capacity refuses to size the app', () => {
    const run = cli('capacity', '--env', 'alpha');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${TEMPLATE}: error: ${FINDING}\n`);
  });

  it('an exemption in .scaffold.yaml (validate.skip) lets it render, as it lets validate pass', () => {
    writeFileSync(path.join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nskeletons: [platform]\nvalidate:\n  skip:\n    - policy: qos-guaranteed\n      reason: init container burst, PLAT-1\n');
    const render = cli('render');
    expect(render.stderr).toBe('');
    expect(render.code).toBe(0);
  });
});
