import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { planApps } from '../../src/pipeline/appPlans.ts';
import { environmentsUsed } from '../../src/pipeline/newApp.ts';
import { skeletonDirs } from '../../src/io/skeletonFolders.ts';
import { diffPlans } from '../../src/write/changes.ts';
import type { NewAppAnswers } from '../../src/newApp/answers.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { arbitraryAnswers } from './arbitraryAnswers.ts';
import { readTree, runNewApp, tempDir, type CliRun } from './cli.ts';
import { pressCtrlC, promptDriver } from './promptDriver.ts';
import { answerPrompts, EVERY_FEATURE, flagsFor, harnessKeyboard } from './scenario.ts';

const TIMEOUT = 60_000;

function specOf(root: string, name: string): AppSpec {
  return parse(readFileSync(join(root, 'apps', name, 'app.yaml'), 'utf8')) as AppSpec;
}

/** `scaffold new-app NAME --yes --root ROOT ...flags` in a fresh root; fails the test unless it succeeds. */
async function yes(name: string, ...flags: string[]): Promise<{ root: string; run: CliRun; spec: AppSpec }> {
  const root = tempDir();
  const run = await runNewApp([name, '--yes', '--root', root, ...flags]);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return { root, run, spec: specOf(root, name) };
}

/** What `scaffold render` would change in the root: nothing, if new-app rendered the same way. */
function renderDrift(root: string, name: string): string[] {
  const result = planApps(root, [`apps/${name}/app.yaml`], skeletonDirs([]));
  expect(result.issues).toEqual([]);
  return diffPlans(result.plans, root)
    .filter((c) => c.action !== 'unchanged')
    .map((c) => `${c.action} ${c.path}`);
}

describe('the environments new-app offers as choices', () => {
  test('are those of the app.yaml files render reads: none of one that is not UTF-8, which render refuses', () => {
    const root = tempDir();
    const spec = (environments: string) => `apiVersion: scaffold/v1alpha1\nkind: App\nmetadata: {name: a}\nspec:\n  environments:\n${environments}`;
    mkdirSync(join(root, 'apps/a'), { recursive: true });
    mkdirSync(join(root, 'apps/b'), { recursive: true });
    writeFileSync(join(root, 'apps/a/app.yaml'), spec('    alpha: {imageTag: v1}\n    staging: {imageTag: v1}\n'));
    // é as Latin-1 writes it, in a comment: one byte, never UTF-8 on its own.
    writeFileSync(join(root, 'apps/b/app.yaml'), Buffer.from(spec('    qa: {imageTag: v1}  # café\n'), 'latin1'));
    expect(environmentsUsed(root, ['apps/a/app.yaml', 'apps/b/app.yaml'])).toEqual(['alpha', 'staging']);
  });
});

describe('scaffold new-app NAME --yes', () => {
  test('writes a working app from the defaults and says to replace the image', async () => {
    const { root, run, spec } = await yes('demo');
    expect(Object.keys(readTree(root))).toEqual([
      '.gitattributes',
      'apps/demo/app.yaml',
      'apps/demo/base/deployment.yaml',
      'apps/demo/base/kustomization.yaml',
      'apps/demo/base/service.yaml',
      'apps/demo/base/serviceaccount.yaml',
      'apps/demo/overlays/alpha/kustomization.yaml',
      // Two pods in production: spread over zones.
      'apps/demo/overlays/production/deployment-patch.yaml',
      'apps/demo/overlays/production/kustomization.yaml',
    ]);
    expect(spec).toEqual({
      apiVersion: 'scaffold/v1alpha1',
      kind: 'App',
      metadata: { name: 'demo' },
      spec: {
        skeleton: 'web',
        namespace: 'demo',
        image: 'registry.example.com/demo',
        port: 8080,
        resources: { cpu: '250m', memory: '256Mi' },
        environments: { alpha: { imageTag: 'latest', replicas: 1 }, production: { imageTag: 'latest', replicas: 2 } },
      },
    });
    expect(run.out).toContain('created apps/demo/app.yaml');
    expect(run.out).toContain('replace the image: registry.example.com/demo is a placeholder');
    expect(run.out).toContain(`kubectl kustomize ${join(root, 'apps/demo/overlays/production')}`);
  }, TIMEOUT);

  describe('ends with next steps that work as printed from the folder the user is in', () => {
    const nextSteps = (run: CliRun) => run.out.slice(run.out.indexOf('; next:'));

    test('a root below the current folder: its relative path, quoted for the shell, and render given --root', async () => {
      const cwd = tempDir();
      const run = await runNewApp(['demo', '--yes', '--root', "team's gitops"], { cwd });
      expect(run.code).toBe(0);
      expect(nextSteps(run)).toBe(
        [
          '; next:',
          `  - replace the image: registry.example.com/demo is a placeholder (spec.image in 'team'\\''s gitops/apps/demo/app.yaml'), then run: scaffold render --root 'team'\\''s gitops'`,
          `  - check an overlay builds: kubectl kustomize 'team'\\''s gitops/apps/demo/overlays/production'`,
          `  - commit 'team'\\''s gitops/apps/demo' and 'team'\\''s gitops/.gitattributes' and let gitops deploy it`,
          '',
        ].join('\n'),
      );
    }, TIMEOUT);

    test('the current folder as the root: paths from it and a plain render', async () => {
      const cwd = tempDir();
      const run = await runNewApp(['demo', '--yes', '--root', '.'], { cwd });
      expect(nextSteps(run)).toContain('(spec.image in apps/demo/app.yaml), then run: scaffold render\n');
      expect(nextSteps(run)).toContain('kubectl kustomize apps/demo/overlays/production\n');
    }, TIMEOUT);

    test('run through npx (npm sets npm_command): render through npx, as scaffold is not on PATH in the shell', async () => {
      const cwd = tempDir();
      const run = await runNewApp(['demo', '--yes', '--root', 'gitops'], { cwd, env: { npm_command: 'exec' } });
      expect(nextSteps(run)).toContain('then run: npx scaffold render --root gitops\n');
    }, TIMEOUT);
  });

  test('leaves a .gitattributes that is not UTF-8 as it is, byte for byte, and says to add the rule by hand', async () => {
    const root = tempDir();
    const latin1 = Buffer.from('# caf\xe9\n*.png binary\n', 'latin1');
    writeFileSync(join(root, '.gitattributes'), latin1);
    const run = await runNewApp(['demo', '--yes', '--root', root]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(root, '.gitattributes')).equals(latin1)).toBe(true);
    expect(run.err).toContain('.gitattributes: warning: it is not UTF-8 text, so it is left as it is: add the line "apps/**/*.yaml text eol=lf" yourself');
  });

  test('--force replaces an app.yaml that is not UTF-8, though its text (each bad byte read as U+FFFD) is the one it writes', async () => {
    const flags = ['--skeleton', 'worker', '--env-var', 'NOTE=a\uFFFDb'];
    const { root } = await yes('demo', ...flags);
    const file = join(root, 'apps/demo/app.yaml');
    const written = readFileSync(file);
    const broken = Buffer.from(written.toString('utf8').replace('\uFFFD', '\xff'), 'latin1');
    expect(broken.toString('utf8')).toBe(written.toString('utf8'));
    writeFileSync(file, broken);
    const run = await runNewApp(['demo', '--yes', '--root', root, ...flags, '--force']);
    expect(run.code).toBe(0);
    expect(readFileSync(file).equals(written)).toBe(true);
  }, TIMEOUT);

  test('writes a CronJob app with a schedule, a time zone and a deadline, and no replicas', async () => {
    const { root, spec } = await yes('nightly', '--skeleton', 'cronjob', '--schedule', '30 2 * * 1-5', '--time-zone', 'Asia/Seoul');
    expect(spec.spec).toMatchObject({ skeleton: 'cronjob', schedule: '30 2 * * 1-5', timeZone: 'Asia/Seoul', activeDeadlineSeconds: 3600 });
    expect(spec.spec.environments).toEqual({ alpha: { imageTag: 'latest' }, production: { imageTag: 'latest' } });
    expect(Object.keys(readTree(root))).toContain('apps/nightly/base/cronjob.yaml');
    expect(renderDrift(root, 'nightly')).toEqual([]);
  }, TIMEOUT);

  test('writes a DaemonSet app without replicas, and refuses flags its workload has no use for', async () => {
    const { spec } = await yes('agent', '--skeleton', 'daemonset');
    expect(spec.spec.environments).toEqual({ alpha: { imageTag: 'latest' }, production: { imageTag: 'latest' } });
    const replicas = await runNewApp(['agent', '--yes', '--root', tempDir(), '--skeleton', 'daemonset', '--replicas', 'production=2']);
    expect([replicas.code, replicas.err]).toEqual([2, 'error: --replicas: the daemonset skeleton runs a DaemonSet, whose pods are not counted by replicas; leave --replicas out\n']);
    const schedule = await runNewApp(['web1', '--yes', '--root', tempDir(), '--schedule', '@daily']);
    expect([schedule.code, schedule.err]).toEqual([2, 'error: --schedule: the web skeleton runs a Deployment, not a CronJob; leave it out\n']);
    const bad = await runNewApp(['job', '--yes', '--root', tempDir(), '--skeleton', 'cronjob', '--schedule', '0 0 * * 7']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--schedule: not a cron schedule: day of week "7"');
  }, TIMEOUT);

  test('a readiness path on a skeleton whose port is optional takes --port\'s default', async () => {
    const { spec } = await yes('ds2', '--skeleton', 'daemonset', '--irsa', '--aws-account', 'alpha=111111111111', '--aws-account', 'production=222222222222', '--readiness', '/h');
    expect([spec.spec.port, spec.spec.probes]).toEqual([8080, { readiness: '/h' }]);
  }, TIMEOUT);

  test('renders with the same code as scaffold render: a render afterwards changes nothing', async () => {
    const { root } = await yes('demo', '--irsa', '--aws-account', 'alpha=111111111111', '--aws-account', 'production=222222222222', '--secret-key', 'DB=db');
    expect(renderDrift(root, 'demo')).toEqual([]);
  }, TIMEOUT);

  test('refuses a switch given both on and off, whichever comes last, as it refuses every other contradiction', async () => {
    for (const [on, off] of [['--irsa', '--no-irsa'], ['--secrets', '--no-secrets']] as const) {
      for (const order of [[on, off], [off, on]]) {
        const root = tempDir();
        const run = await runNewApp(['demo', '--yes', '--root', root, ...order]);
        expect([run.code, run.err], order.join(' ')).toEqual([2, `error: ${on} conflicts with ${off}: give one of them\n`]);
        expect(existsSync(join(root, 'apps'))).toBe(false);
      }
    }
  }, TIMEOUT);

  test('fails naming NAME when no name is given', async () => {
    const run = await runNewApp(['--yes', '--root', tempDir()]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('NAME (the first argument)');
  });
});

describe('--yes output equals the interactive output for the same answers, byte for byte', () => {
  async function interactive(answers: NewAppAnswers): Promise<string> {
    const root = tempDir();
    const d = promptDriver();
    const running = runNewApp(['--root', root], { interactive: true, prompts: d.prompts });
    await answerPrompts(harnessKeyboard(d), answers);
    const run = await running;
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    return root;
  }

  test('Enter at every prompt gives what --yes gives', async () => {
    const root = tempDir();
    const d = promptDriver();
    const running = runNewApp(['--root', root], { interactive: true, prompts: d.prompts });
    await d.answer('App name', 'demo');
    for (;;) {
      const screen = await d.next();
      screen.events.keypress('enter');
      if (screen.getScreen().includes('Write these files?')) break;
    }
    const run = await running;
    expect(run.code).toBe(0);
    expect(readTree(root)).toEqual(readTree((await yes('demo')).root));
  }, TIMEOUT);

  test('with every feature answered', async () => {
    const answers = EVERY_FEATURE;
    const byPrompts = await interactive(answers);
    const byFlags = await yes(answers.name, ...flagsFor(answers).slice(1));
    expect(readTree(byPrompts)).toEqual(readTree(byFlags.root));
  }, TIMEOUT);

  test('for generated answers', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryAnswers, async (answers) => {
        const byPrompts = await interactive(answers);
        const byFlags = await yes(answers.name, ...flagsFor(answers).slice(1));
        expect(readTree(byPrompts)).toEqual(readTree(byFlags.root));
      }),
      { numRuns: 12 },
    );
  }, TIMEOUT * 2);
});

describe('every flag', () => {
  test('--root and its alias --out choose the gitops root', async () => {
    for (const flag of ['--root', '--out']) {
      const root = tempDir();
      const run = await runNewApp(['demo', '--yes', flag, join(root, 'gitops')]);
      expect(run.code).toBe(0);
      expect(existsSync(join(root, 'gitops/apps/demo/app.yaml'))).toBe(true);
    }
  });

  test('-y is --yes', async () => {
    const root = tempDir();
    expect((await runNewApp(['demo', '-y', '--root', root])).code).toBe(0);
  });

  test('--skeleton', async () => {
    const { root, spec } = await yes('jobs', '--skeleton', 'worker');
    expect(spec.spec).toMatchObject({ skeleton: 'worker' });
    expect(spec.spec).not.toHaveProperty('port');
    expect(existsSync(join(root, 'apps/jobs/base/service.yaml'))).toBe(false);
  });

  test('--skeletons adds a skeleton folder, searched first', async () => {
    const skeletons = tempDir();
    cpSync(join(import.meta.dirname, '../../skeletons/worker'), join(skeletons, 'cron'), { recursive: true });
    writeFileSync(join(skeletons, 'cron/skeleton.yaml'), 'description: Cron-like worker\nextends: _common\nfields: {}\n');
    mkdirSync(join(skeletons, '_common'));
    cpSync(join(import.meta.dirname, '../../skeletons/_common'), join(skeletons, '_common'), { recursive: true });
    const { spec } = await yes('nightly', '--skeletons', skeletons, '--skeleton', 'cron');
    expect(spec.spec.skeleton).toBe('cron');
  });

  test.each<[string, string[], (spec: AppSpec) => unknown, unknown]>([
    ['--namespace', ['--namespace', 'shop'], (s) => s.spec.namespace, 'shop'],
    ['--image', ['--image', 'ghcr.io/acme/demo'], (s) => s.spec.image, 'ghcr.io/acme/demo'],
    ['--port', ['--port', '3000'], (s) => s.spec.port, 3000],
    ['--readiness', ['--readiness', '/ready'], (s) => s.spec.probes, { readiness: '/ready' }],
    ['--liveness', ['--liveness', '/livez'], (s) => s.spec.probes, { liveness: '/livez' }],
    ['--startup', ['--startup', '/started'], (s) => s.spec.probes, { startup: '/started' }],
    ['--cpu', ['--cpu', '1'], (s) => s.spec.resources!.cpu, '1'],
    ['--memory', ['--memory', '1Gi'], (s) => s.spec.resources!.memory, '1Gi'],
    ['--env-var', ['--env-var', 'LOG_LEVEL=info', '--env-var', 'DEBUG=true'], (s) => s.spec.env, { LOG_LEVEL: 'info', DEBUG: 'true' }],
    ['--env', ['--env', 'dev', '--env', 'prod'], (s) => Object.keys(s.spec.environments), ['dev', 'prod']],
    ['--image-tag', ['--image-tag', 'production=v1.0.0'], (s) => s.spec.environments.production!.imageTag, 'v1.0.0'],
    ['--replicas', ['--replicas', 'production=5'], (s) => s.spec.environments.production!.replicas, 5],
    ['--aws-account without --irsa', ['--aws-account', 'alpha=111111111111'], (s) => s.spec.environments.alpha!.awsAccountId, '111111111111'],
    ['--env-cpu', ['--env-cpu', 'production=2'], (s) => s.spec.environments.production!.resources, { cpu: '2' }],
    ['--env-memory', ['--env-memory', 'alpha=128Mi'], (s) => s.spec.environments.alpha!.resources, { memory: '128Mi' }],
    ['--no-irsa', ['--no-irsa'], (s) => s.spec.irsa, undefined],
    ['--no-secrets', ['--no-secrets'], (s) => s.spec.secrets, undefined],
  ])('%s', async (_, flags, field, expected) => {
    const { spec } = await yes('demo', ...flags);
    expect(field(spec)).toEqual(expected);
  });

  test('--env-var with $(NAME) references: ordered so they resolve, and a warning for what Kubernetes leaves as written', async () => {
    const root = tempDir();
    const run = await runNewApp(['demo', '--yes', '--root', root, '--env-var', 'URL=https://$(HOST)/$(REGION)', '--env-var', 'HOST=example.com']);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/^apps\/demo\/app\.yaml:\d+:\d+: warning: App: spec\.env\.URL: \$\(REGION\) names no variable of the container/);
    expect(specOf(root, 'demo').spec.env).toEqual({ URL: 'https://$(HOST)/$(REGION)', HOST: 'example.com' });
    const deployment = parse(readFileSync(join(root, 'apps/demo/base/deployment.yaml'), 'utf8'));
    expect(deployment.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).toEqual(['HOST', 'URL']);
  });

  const accounts = ['--aws-account', 'alpha=111111111111', '--aws-account', 'production=222222222222'];

  test('--irsa with --aws-account for each environment; the role defaults to the app name', async () => {
    const { root, spec } = await yes('demo', '--irsa', ...accounts);
    expect(spec.spec.irsa).toEqual({ roleName: 'demo' });
    expect(readFileSync(join(root, 'apps/demo/overlays/production/serviceaccount-patch.yaml'), 'utf8')).toContain('arn:aws:iam::222222222222:role/demo');
  });

  test('--irsa with --yes and no --aws-account fails naming the flag for each environment', async () => {
    const root = tempDir();
    const run = await runNewApp(['demo', '--yes', '--irsa', '--aws-account', 'alpha=111111111111', '--root', root]);
    expect(run.code).toBe(2);
    expect(run.err).toBe('error: --yes has no default for these; pass them:\n  --aws-account production=<12 digits>\n');
    expect(readTree(root)).toEqual({});
  });

  test('--role-name sets the role and turns IRSA on', async () => {
    const { spec } = await yes('demo', '--role-name', 'demo-reader', ...accounts);
    expect(spec.spec.irsa).toEqual({ roleName: 'demo-reader' });
  });

  test('--secrets with --secret-key; store, interval and paths default', async () => {
    const { spec } = await yes('demo', '--secrets', '--secret-key', 'DB_PASSWORD=db-password');
    expect(spec.spec.secrets).toEqual({ store: { kind: 'ClusterSecretStore', name: 'aws-parameter-store' }, refreshInterval: '1h', keys: { DB_PASSWORD: 'db-password' } });
    expect(spec.spec.environments.production!.secretsPath).toBe('/production/demo');
  });

  test('--secrets with --yes and no --secret-key fails naming the flag', async () => {
    const run = await runNewApp(['demo', '--yes', '--secrets', '--root', tempDir()]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--secret-key NAME=parameter');
  });

  test('--secret-key alone turns secrets on; absolute parameters need no path', async () => {
    const { spec } = await yes('demo', '--secret-key', 'API_KEY=/shared/api-key');
    expect(spec.spec.secrets?.keys).toEqual({ API_KEY: '/shared/api-key' });
    expect(spec.spec.environments.alpha).not.toHaveProperty('secretsPath');
  });

  test('--secret-store, --refresh-interval and --secrets-path', async () => {
    const { spec } = await yes(
      'demo',
      '--secret-key',
      'DB=db',
      '--secret-store',
      'SecretStore/ssm',
      '--refresh-interval',
      '5m',
      '--secrets-path',
      'alpha=/dev/demo',
    );
    expect(spec.spec.secrets).toMatchObject({ store: { kind: 'SecretStore', name: 'ssm' }, refreshInterval: '5m' });
    expect(spec.spec.environments.alpha!.secretsPath).toBe('/dev/demo');
    expect(spec.spec.environments.production!.secretsPath).toBe('/production/demo');
  });

  test('--dry-run prints the tree and every file, and writes nothing', async () => {
    const root = tempDir();
    const run = await runNewApp(['demo', '--yes', '--dry-run', '--root', root]);
    expect(run.code).toBe(0);
    expect(readTree(root)).toEqual({});
    expect(run.out).toContain('Would write under');
    expect(run.out).toContain('  ├── .gitattributes  (with apps/**/*.yaml text eol=lf)\n  └── apps/\n      └── demo/\n          ├── app.yaml\n          ├── base/\n          │   ├── deployment.yaml');
    expect(run.out).toContain('==> apps/demo/app.yaml <==\n# demo: app spec for scaffold');
    expect(run.out).toContain('==> apps/demo/overlays/production/kustomization.yaml <==\n# Generated by scaffold');
    expect(run.out).toContain('dry run: nothing written');
  });

  test('--force replaces an existing app, and deletes generated files it no longer has', async () => {
    const { root } = await yes('demo', '--env', 'alpha', '--env', 'qa');
    const refused = await runNewApp(['demo', '--yes', '--root', root]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('apps/demo/app.yaml: error: app "demo" already exists; refusing to overwrite it');
    const forced = await runNewApp(['demo', '--yes', '--force', '--root', root]);
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('updated apps/demo/app.yaml');
    expect(forced.out).toContain('deleted apps/demo/overlays/qa/kustomization.yaml');
    expect(readTree(root)).toEqual(readTree((await yes('demo')).root));
  });

  test('--help documents every flag', async () => {
    const run = await runNewApp(['--help']);
    expect(run.code).toBe(0);
    for (const flag of [
      '--root, --out <dir>', '--skeleton <name>', '--skeletons <dir>', '--namespace', '--image', '--port', '--readiness', '--liveness', '--startup',
      '--cpu', '--memory', '--env-var', '--env <name>', '--image-tag', '--replicas', '--aws-account', '--env-cpu', '--env-memory', '--irsa',
      '--no-irsa', '--role-name', '--secrets', '--no-secrets', '--secret-key', '--secret-store', '--refresh-interval', '--secrets-path',
      '-y, --yes', '--dry-run', '--force',
    ]) {
      expect(run.out).toContain(flag);
    }
    expect(run.out).toContain('scaffold new-app demo --yes --root ./gitops');
  });
});

describe('refusals and failures write nothing', () => {
  test('bad flag values exit 2 naming each flag', async () => {
    const root = tempDir();
    const run = await runNewApp(['demo', '--yes', '--cpu', 'lots', '--replicas', 'production=many', '--root', root]);
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'error: --cpu: must be a Kubernetes quantity such as 500m, 0.5, 512Mi or 1Gi, got string "lots"\nerror: --replicas: production: expected a whole number, got "many"\n',
    );
    expect(readTree(root)).toEqual({});
  });

  test('an unknown skeleton exits 2 with a guess', async () => {
    const run = await runNewApp(['demo', '--yes', '--skeleton', 'wroker', '--root', tempDir()]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--skeleton: unknown skeleton "wroker" (did you mean "worker"?); available: cronjob, daemonset, web, worker');
  });

  test('a --root that is a file is a usage error', async () => {
    const file = join(tempDir(), 'file');
    writeFileSync(file, '');
    const run = await runNewApp(['demo', '--yes', '--root', file]);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`error: --root: ${file} is not a folder\n`);
  });

  test('an unknown option is a usage error', async () => {
    expect((await runNewApp(['demo', '--yes', '--colour', 'red'])).code).toBe(2);
  });

  test('without a terminal and without --yes it asks nothing and names the flags to pass', async () => {
    const root = tempDir();
    const run = await runNewApp(['demo', '--root', root, '--image', 'ghcr.io/a/demo', '--cpu', '1']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('standard input is not a terminal, so nothing is asked, and no flag answers these:\n  --skeleton <name>\n  --namespace <namespace>\n  --port <port>\n  --memory <quantity>');
    expect(run.err).not.toContain('--image <repository>');
    expect(run.err).toContain('or add --yes to take the defaults');
    expect(readTree(root)).toEqual({});
  });

  test('without a terminal, answering every question by flags works without --yes', async () => {
    const root = tempDir();
    const flags = ['demo', '--skeleton', 'web', '--namespace', 'demo', '--image', 'registry.example.com/demo', '--port', '8080', '--cpu', '250m', '--memory', '256Mi', '--no-irsa', '--no-secrets'];
    for (const env of ['alpha', 'production']) flags.push('--env', env, '--image-tag', `${env}=latest`, '--replicas', `${env}=${env === 'production' ? 2 : 1}`);
    const run = await runNewApp([...flags, '--root', root]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(readTree(root)).toEqual(readTree((await yes('demo')).root));
  });

  test('a generated file edited by hand is refused without --force, and replaced with it', async () => {
    const { root } = await yes('demo');
    const deployment = join(root, 'apps/demo/base/deployment.yaml');
    const appYaml = join(root, 'apps/demo/app.yaml');
    rmSync(appYaml);
    writeFileSync(deployment, `${readFileSync(deployment, 'utf8')}# my change\n`);
    const refused = await runNewApp(['demo', '--yes', '--root', root]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('apps/demo/base/deployment.yaml: error: was generated by scaffold and then edited by hand');
    expect(existsSync(appYaml)).toBe(false);
    const forced = await runNewApp(['demo', '--yes', '--root', root, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(deployment, 'utf8')).not.toContain('# my change');
  });

  test('files scaffold did not generate are refused without --force', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'apps/demo/base'), { recursive: true });
    writeFileSync(join(root, 'apps/demo/base/deployment.yaml'), 'kind: Deployment # mine\n');
    const run = await runNewApp(['demo', '--yes', '--root', root]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('apps/demo/base/deployment.yaml: error: exists but was not generated by scaffold');
    expect(run.err).toContain('nothing was written');
    expect(readTree(root)).toEqual({ 'apps/demo/base/deployment.yaml': 'kind: Deployment # mine\n' });
  });

  test('a spec problem only the full check sees (name and environment too long together) exits 1', async () => {
    const name = `a${'b'.repeat(55)}`;
    const root = tempDir();
    const run = await runNewApp([name, '--yes', '--root', root]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('exceed the 63 characters of a Kubernetes label value');
    expect(readTree(root)).toEqual({});
  });
});

describe('interactive', () => {
  test('shows the files and asks before writing; No writes nothing', async () => {
    const root = tempDir();
    const d = promptDriver();
    const running = runNewApp(['demo', '--root', root], { interactive: true, prompts: d.prompts });
    for (;;) {
      const screen = await d.next();
      if (screen.getScreen().includes('Write these files?')) {
        screen.events.type('n');
        screen.events.keypress('enter');
        break;
      }
      screen.events.keypress('enter');
    }
    const run = await running;
    expect(run.out).toContain('Files to write under');
    expect(run.out).toContain('          └── overlays/\n              ├── alpha/\n              │   └── kustomization.yaml');
    expect(run.err).toBe('nothing written\n');
    expect(run.code).toBe(1);
    expect(readTree(root)).toEqual({});
  });

  test.each([
    ['a question', 'Namespace'],
    ['the confirmation', 'Write these files?'],
  ])('Ctrl-C at %s exits 130 and writes nothing', async (_, at) => {
    const root = tempDir();
    const d = promptDriver();
    const running = runNewApp(['demo', '--root', root], { interactive: true, prompts: d.prompts });
    for (;;) {
      const screen = await d.next();
      if (screen.getScreen().includes(at)) {
        pressCtrlC(screen);
        break;
      }
      screen.events.keypress('enter');
    }
    const run = await running;
    expect(run.code).toBe(130);
    expect(run.err).toBe('cancelled, nothing written\n');
    expect(readTree(root)).toEqual({});
  });

  test('an existing app given as NAME is refused before any question', async () => {
    const { root } = await yes('demo');
    const d = promptDriver();
    const run = await runNewApp(['demo', '--root', root], { interactive: true, prompts: d.prompts });
    expect(run.code).toBe(1);
    expect(d.shown).toEqual([]);
  });

  test('offers the environments other apps use', async () => {
    const { root } = await yes('first', '--env', 'alpha', '--env', 'staging');
    const d = promptDriver();
    const running = runNewApp(['second', '--root', root, '--dry-run'], { interactive: true, prompts: d.prompts });
    for (;;) {
      const screen = await d.next();
      if (screen.getScreen().includes('Environments')) {
        expect(screen.getScreen()).toMatch(/◉ alpha[\s\S]*◉ production[\s\S]*◯ staging/);
        pressCtrlC(screen);
        break;
      }
      screen.events.keypress('enter');
    }
    expect((await running).code).toBe(130);
  });
});
