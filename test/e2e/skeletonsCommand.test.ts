/**
 * `scaffold skeletons list` and `scaffold skeletons check` through the built
 * CLI: the organisation's skeletons (named in .scaffold.yaml) beside the
 * built-in ones, and a mistake in a branch no app has taken found before one does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

const CONFIGMAP = `{{#if secrets}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{str app.name}}
  namespace: {{str app.namespace}}
data:
  secret-name: {{str secrets.nmae}}
{{/if}}
`;

describe('scaffold skeletons', () => {
  const root = tempDir('scaffold-skeletons-');
  const cli = (...args: string[]) => runCli(args, { cwd: root });
  const skeleton = path.join(root, 'platform', 'skeletons', 'web-internal');

  beforeAll(() => {
    mkdirSync(path.join(root, '.git'));
    writeFileSync(path.join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nskeletons: [platform/skeletons]\n');
    mkdirSync(path.join(skeleton, 'base'), { recursive: true });
    writeFileSync(path.join(skeleton, 'skeleton.yaml'), 'description: HTTP service reachable only inside the mesh\nextends: web\nfields:\n  probes: required\n');
  });

  it('list: the built-in skeletons and the organisation\'s, with what each extends and renders', () => {
    const text = cli('skeletons', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('web-internal (platform/skeletons; extends web → _common): HTTP service reachable only inside the mesh\n  runs: Deployment\n  fields: port required, servicePort optional, probes required, ingress optional\n');
    expect(text.stdout).toContain('worker (built-in; extends _common): Background worker');
    expect(text.stdout).toContain('cronjob (built-in; extends _common): Scheduled job - a CronJob\n  runs: CronJob\n');
    const { skeletons } = JSON.parse(cli('skeletons', 'list', '-o', 'json').stdout);
    expect(skeletons.map((s: { name: string }) => s.name)).toEqual(['cronjob', 'daemonset', 'web', 'web-internal', 'worker']);
    expect(skeletons.find((s: { name: string }) => s.name === 'web')).toMatchObject({
      from: 'built-in',
      extends: ['_common'],
      workload: 'Deployment',
      // The templates of every workload are there; those of the others render nothing.
      renders: {
        base: ['cronjob.yaml', 'daemonset.yaml', 'deployment.yaml', 'externalsecret.yaml', 'ingress.yaml', 'service.yaml', 'serviceaccount.yaml'],
        overlayPatches: ['cronjob-patch.yaml', 'daemonset-patch.yaml', 'deployment-patch.yaml', 'externalsecret-patch.yaml', 'ingress-patch.yaml', 'serviceaccount-patch.yaml'],
        overlayResources: ['horizontalpodautoscaler.yaml', 'poddisruptionbudget.yaml', 'podidentityassociation.yaml'],
      },
    });
  });

  it('check: a clean skeleton renders and validates', () => {
    const run = cli('skeletons', 'check', 'platform/skeletons');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('1 skeleton (web-internal) and 0 templates checked: no problems\n');
    expect(run.code).toBe(0);
  });

  it('check: an unknown field in an {{#if}} branch, with the template file, line, column and field', () => {
    writeFileSync(path.join(skeleton, 'base', 'configmap.yaml.hbs'), CONFIGMAP);
    for (const dir of ['platform/skeletons', 'platform/skeletons/web-internal']) {
      const run = cli('skeletons', 'check', dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'platform/skeletons/web-internal/base/configmap.yaml.hbs:8:22: error: secrets.nmae: the view model has no field "nmae" in secrets (SecretsView) (did you mean "name"?); it has name, storeKind, storeName, refreshInterval, data (skeleton)\n' +
          '1 problem; the skeletons have problems\n',
      );
    }
    // render would not find it: no app with secrets uses the skeleton yet.
    expect(JSON.parse(cli('skeletons', 'check', 'platform/skeletons', '-o', 'json').stdout).issues[0]).toMatchObject({ line: 8, column: 22, path: 'secrets.nmae' });
  });

  it('check: a template that renders a document its schema refuses, for one of the sample apps', () => {
    writeFileSync(path.join(skeleton, 'base', 'configmap.yaml.hbs'), CONFIGMAP.replace('\ndata:\n  secret-name: {{str secrets.nmae}}', '\nspec:\n  replicas: {{int http.port}}'));
    const run = cli('skeletons', 'check', 'platform/skeletons');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'platform/skeletons/web-internal/base/configmap.yaml.hbs: error: ConfigMap/sample: spec: renders base/configmap.yaml (line 8) for an app with every field set: unknown field "spec" (schema)\n' +
        '1 problem; the skeletons have problems\n',
    );
  });

  it('check: usage errors; a skeleton folder of .scaffold.yaml that is not there is the config\'s error', () => {
    expect(cli('skeletons', 'check', 'nowhere').code).toBe(2);
    writeFileSync(path.join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nskeletons: [platform/skeletons, platform/skeleton]\n');
    const run = cli('skeletons', 'list');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('.scaffold.yaml:3:33: error: Config: skeletons[1]: platform/skeleton is not a folder (paths here are relative to the folder of .scaffold.yaml) (config)');
  });
});
