import { describe, expect, test } from 'vitest';
import { gatherAnswers, type QuestionContext, type SkeletonChoice } from '../../src/cli/prompts/newApp.ts';
import { defaultImage, type NewAppAnswers } from '../../src/newApp/answers.ts';
import { parseAnswerFlags, type AnswerFlags } from '../../src/newApp/flags.ts';
import { clearLine, errorShows, pressCtrlC, promptDriver, type PromptDriver, type Screen } from './promptDriver.ts';

const SKELETONS: SkeletonChoice[] = [
  { name: 'web', description: 'HTTP service - a Deployment and a ClusterIP Service on port 80', fields: { port: 'required', probes: 'optional' } },
  { name: 'worker', description: 'Background worker - a Deployment with no Service and no port', fields: { port: 'unsupported', probes: 'unsupported' } },
];

function context(flags: AnswerFlags = {}, name?: string, extra: Partial<QuestionContext> = {}): QuestionContext {
  const { given, problems } = parseAnswerFlags(name, flags);
  expect(problems).toEqual([]);
  return { given, skeletons: SKELETONS, existingApps: new Set(['taken']), knownEnvironments: [], force: false, ...extra };
}

/** Types a bad answer, checks the reason shown, then replaces it with a good one. */
async function reask(screen: Screen, bad: string, reason: string, good: string): Promise<void> {
  screen.events.type(bad);
  screen.events.keypress('enter');
  await errorShows(screen, reason);
  clearLine(screen);
  if (good !== '') screen.events.type(good);
  screen.events.keypress('enter');
}

/** Presses Enter through the rest of a run that started from `after` (all defaults). */
async function acceptRest(d: PromptDriver, questions: readonly string[]): Promise<void> {
  for (const q of questions) await d.answer(q);
}

const REST_AFTER_PORT = ['Add HTTP probes', 'CPU per pod', 'Memory per pod', 'Plain environment variable', 'AWS IAM role', 'Secrets', 'Environments', 'More environments'];
const PER_ENV = (env: string) => [`${env}: image tag`, `${env}: replicas`, `${env}: use other cpu or memory`];
const DEFAULT_ENVS = [...PER_ENV('alpha'), ...PER_ENV('production')];

describe('each question, as a person sees it', () => {
  test('a CronJob skeleton asks its schedule, time zone and deadline, re-asks a bad schedule, and asks no replicas', async () => {
    const cronjob: SkeletonChoice = { name: 'cronjob', description: 'Scheduled job - a CronJob', fields: {}, workload: 'CronJob' };
    const d = promptDriver();
    const result = gatherAnswers(context({ skeleton: 'cronjob' }, 'nightly', { skeletons: [...SKELETONS, cronjob] }), 'ask', d.prompts);
    await acceptRest(d, ['Namespace:', 'Image repository']);
    await reask(await d.next(), '0 0 * * 7', 'day of week "7": end of range (7) above maximum (6)', '15 4 * * *');
    await reask(await d.next(), 'asia/seoul', 'did you mean "Asia/Seoul"?', 'Asia/Seoul');
    await acceptRest(d, ['Seconds one run may take', 'CPU per pod', 'Memory per pod', 'Plain environment variable', 'IRSA', 'Secrets']);
    (await d.next()).events.keypress('enter');
    await acceptRest(d, ['More environments', 'alpha: image tag', 'alpha: use other cpu or memory', 'production: image tag', 'production: use other cpu or memory']);
    const { answers, missing } = await result;
    expect(missing).toEqual([]);
    expect(answers.cronJob).toEqual({ schedule: '15 4 * * *', timeZone: 'Asia/Seoul', activeDeadlineSeconds: 3600 });
    expect(answers.environments).toEqual([
      { name: 'alpha', imageTag: 'latest' },
      { name: 'production', imageTag: 'latest' },
    ]);
  });

  test('Enter at every prompt after the name gives the defaults', async () => {
    const d = promptDriver();
    const result = gatherAnswers(context(), 'ask', d.prompts);
    await d.answer('App name (lowercase letters, digits and -):', 'demo');
    const skeleton = await d.next();
    expect(skeleton.getScreen()).toContain('web     HTTP service - a Deployment and a ClusterIP Service on port 80');
    expect(skeleton.getScreen()).toContain('worker  Background worker - a Deployment with no Service and no port');
    skeleton.events.keypress('enter');
    const namespace = await d.answer('Namespace:');
    expect(namespace.getFullOutput()).toContain('(demo)');
    const image = await d.answer('Image repository');
    expect(image.getFullOutput()).toContain(defaultImage('demo'));
    await d.answer('HTTP port the app listens on:');
    const probes = await d.answer('Add HTTP probes on the port? (y/N)');
    expect(probes.getScreen()).toContain('No');
    const cpu = await d.answer('CPU per pod');
    expect(cpu.getFullOutput()).toContain('QoS Guaranteed');
    await acceptRest(d, ['Memory per pod', 'Plain environment variable', 'AWS IAM role', 'Secrets']);
    const envs = await d.next();
    expect(envs.getScreen()).toMatch(/◉ alpha[\s\S]*◉ production/);
    envs.events.keypress('enter');
    await d.answer('More environments');
    await acceptRest(d, DEFAULT_ENVS);
    const { answers, missing } = await result;
    expect(missing).toEqual([]);
    expect(answers).toEqual<NewAppAnswers>({
      name: 'demo',
      skeleton: 'web',
      namespace: 'demo',
      image: 'registry.example.com/demo',
      port: 8080,
      cpu: '250m',
      memory: '256Mi',
      env: {},
      environments: [
        { name: 'alpha', imageTag: 'latest', replicas: 1 },
        { name: 'production', imageTag: 'latest', replicas: 2 },
      ],
    });
  });

  test('every question re-asks on bad input with the reason, then takes the corrected answer', async () => {
    const d = promptDriver();
    const result = gatherAnswers(context(), 'ask', d.prompts);
    const name = await d.next();
    await reask(name, 'Demo', 'must be a DNS-1123 label', 'taken');
    await errorShows(name, 'apps/taken/app.yaml already exists');
    clearLine(name);
    name.events.type('shop');
    name.events.keypress('enter');
    (await d.next()).events.keypress('enter');
    await reask(await d.next(), 'Shop', 'must be a DNS-1123 label', 'shop-ns');
    await reask(await d.next(), 'nginx:1.25', 'must be an image repository without tag or digest', 'ghcr.io/acme/shop');
    await reask(await d.next(), '70000', 'must be <= 65535', '9090');
    await d.answer('Add HTTP probes', 'y');
    await reask(await d.next(), 'healthz', 'must be an absolute HTTP path', '/ready');
    await reask(await d.next(), 'livez', 'must be an absolute HTTP path', '/livez');
    await d.answer('Startup probe path');
    await reask(await d.next(), '1 core', 'must be a Kubernetes quantity', '1');
    await reask(await d.next(), '0', 'must be greater than zero', '1Gi');
    await reask(await d.next(), 'LOG_LEVEL', 'expected NAME=value', 'LOG_LEVEL=info');
    await reask(await d.next(), 'LOG_LEVEL=debug', 'LOG_LEVEL is already set to "info"', '');
    const role = await d.next();
    expect(role.getScreen()).toContain('AWS IAM role for the pods');
    role.events.keypress('down');
    role.events.keypress('enter');
    await reask(await d.next(), 'a role', 'must be an IAM role name', 'shop-role');
    await d.answer('Secrets', 'y');
    const kind = await d.next();
    kind.events.keypress('down');
    kind.events.keypress('enter');
    await reask(await d.next(), 'Bad_Store', 'must be a DNS-1123 subdomain', 'ssm');
    await reask(await d.next(), '1 hour', 'must be a duration', '30m');
    await d.answer('Every parameter under');
    const secret = await d.next();
    secret.events.keypress('enter');
    await errorShows(secret, 'enter at least one NAME=parameter');
    await reask(secret, 'LOG_LEVEL=log-level', 'a variable comes from one place only', 'DB_PASSWORD=db-password');
    await d.answer('Secret NAME=parameter');
    const envs = await d.next();
    envs.events.keypress('space');
    envs.events.keypress('down');
    envs.events.keypress('space');
    envs.events.keypress('enter');
    const more = await d.next();
    more.events.keypress('enter');
    await errorShows(more, 'choose at least one environment');
    await reask(more, 'staging,Prod', 'must be a DNS-1123 label', 'staging');
    await reask(await d.next(), 'v 1', 'must be an image tag', 'v1.2.3');
    await reask(await d.next(), '-1', 'must be >= 0', '3');
    await reask(await d.next(), '1234', '12-digit AWS account id', '333333333333');
    await reask(await d.next(), 'staging/shop', 'must be an absolute Parameter Store path', '/stg/shop');
    await d.answer('staging: use other cpu or memory than 1 / 1Gi?', 'y');
    await reask(await d.next(), 'x', 'must be a Kubernetes quantity', '2');
    await d.answer('staging: memory');
    const { answers, missing } = await result;
    expect(missing).toEqual([]);
    expect(answers).toEqual<NewAppAnswers>({
      name: 'shop',
      skeleton: 'web',
      namespace: 'shop-ns',
      image: 'ghcr.io/acme/shop',
      port: 9090,
      probes: { readiness: '/ready', liveness: '/livez' },
      cpu: '1',
      memory: '1Gi',
      env: { LOG_LEVEL: 'info' },
      irsa: { roleName: 'shop-role' },
      secrets: { store: { kind: 'SecretStore', name: 'ssm' }, refreshInterval: '30m', keys: { DB_PASSWORD: 'db-password' } },
      environments: [{ name: 'staging', imageTag: 'v1.2.3', replicas: 3, awsAccountId: '333333333333', secretsPath: '/stg/shop', resources: { cpu: '2' } }],
    });
  });

  test('the worker skeleton asks no port and no probes', async () => {
    const d = promptDriver();
    const result = gatherAnswers(context({}, 'jobs'), 'ask', d.prompts);
    const skeleton = await d.next();
    skeleton.events.keypress('down');
    skeleton.events.keypress('enter');
    await acceptRest(d, ['Namespace', 'Image repository', ...REST_AFTER_PORT.slice(1), ...DEFAULT_ENVS]);
    const { answers } = await result;
    expect(answers.skeleton).toBe('worker');
    expect(answers).not.toHaveProperty('port');
    expect(d.shown.map((s) => s.getFullOutput()).join('\n')).not.toContain('HTTP port');
  });

  test('flags answer their questions, which are then not asked', async () => {
    const d = promptDriver();
    const result = gatherAnswers(
      context({ skeleton: 'web', image: 'ghcr.io/a/b', port: '80', cpu: '1', memory: '1Gi', irsa: false, secrets: false, env: ['alpha'], imageTag: ['alpha=v1'], replicas: ['alpha=1'] }, 'api'),
      'ask',
      d.prompts,
    );
    await acceptRest(d, ['Namespace', 'Add HTTP probes', 'Plain environment variable', 'alpha: use other cpu or memory']);
    const { answers } = await result;
    expect(answers).toMatchObject({ name: 'api', image: 'ghcr.io/a/b', port: 80, cpu: '1', environments: [{ name: 'alpha', imageTag: 'v1', replicas: 1 }] });
    expect(d.shown).toHaveLength(4);
  });

  test('environments named by flags or used by other apps are offered; flagged ones must stay chosen', async () => {
    const d = promptDriver();
    const result = gatherAnswers(
      context({ skeleton: 'worker', image: 'a/b', cpu: '1', memory: '1Gi', irsa: false, secrets: false, replicas: ['qa=2'] }, 'api', { knownEnvironments: ['staging'] }),
      'ask',
      d.prompts,
    );
    await acceptRest(d, ['Namespace', 'Plain environment variable']);
    const envs = await d.next();
    expect(envs.getScreen()).toMatch(/◉ alpha[\s\S]*◉ production[\s\S]*◯ staging[\s\S]*◉ qa/);
    for (let i = 0; i < 3; i++) envs.events.keypress('down');
    envs.events.keypress('space');
    envs.events.keypress('enter');
    await errorShows(envs, 'keep qa: the command line sets values for it');
    envs.events.keypress('space');
    envs.events.keypress('enter');
    await d.answer('More environments');
    await acceptRest(d, [...DEFAULT_ENVS, 'qa: image tag', 'qa: use other cpu or memory']);
    const { answers } = await result;
    expect(answers.environments.map((e) => [e.name, e.replicas])).toEqual([
      ['alpha', 1],
      ['production', 2],
      ['qa', 2],
    ]);
  });

  test('an environment too long together with the app name is refused in the checkbox', async () => {
    const d = promptDriver();
    const name = `a${'b'.repeat(53)}`;
    const result = gatherAnswers(context({ skeleton: 'worker', image: 'a/b', cpu: '1', memory: '1Gi', irsa: false, secrets: false }, name), 'ask', d.prompts);
    await acceptRest(d, ['Namespace', 'Plain environment variable']);
    const envs = await d.next();
    envs.events.keypress('enter');
    await errorShows(envs, 'exceed the 63 characters of a Kubernetes label value');
    envs.events.keypress('down');
    envs.events.keypress('space');
    envs.events.keypress('enter');
    await acceptRest(d, ['More environments', ...PER_ENV('alpha').slice(0, 1), 'alpha: replicas', 'alpha: use other cpu or memory']);
    expect((await result).answers.environments.map((e) => e.name)).toEqual(['alpha']);
  });

  test('a port flag disables the skeletons without a port', async () => {
    const d = promptDriver();
    const result = gatherAnswers(context({ port: '8080' }, 'api'), 'ask', d.prompts);
    const skeleton = await d.next();
    expect(skeleton.getScreen()).toMatch(/- worker [\s\S]*\(has no\s+port\)/);
    pressCtrlC(skeleton);
    await expect(result).rejects.toMatchObject({ name: 'ExitPromptError' });
  });
});

describe('Ctrl-C', () => {
  test.each([
    ['the name', 0],
    ['the skeleton', 1],
    ['the port (a number prompt)', 4],
    ['the probes (a confirm prompt)', 5],
    ['the environments (a checkbox)', 11],
    ['a per-environment question', 13],
  ])('at %s rejects with ExitPromptError', async (_, at) => {
    const d = promptDriver();
    const result = gatherAnswers(context(), 'ask', d.prompts);
    for (let i = 0; i < at; i++) {
      const screen = await d.next();
      if (i === 0) screen.events.type('demo');
      screen.events.keypress('enter');
    }
    pressCtrlC(await d.next());
    await expect(result).rejects.toMatchObject({ name: 'ExitPromptError' });
  });
});

describe('without prompts', () => {
  test('--yes takes every default and needs only the name', async () => {
    const d = promptDriver();
    const { answers, missing } = await gatherAnswers(context({}, 'demo'), 'defaults', d.prompts);
    expect(missing).toEqual([]);
    expect(d.shown).toEqual([]);
    expect(answers.environments.map((e) => e.name)).toEqual(['alpha', 'production']);
  });

  test('--yes reports what has no default: the name, account ids with IRSA, secret keys with secrets', async () => {
    const { missing } = await gatherAnswers(context({ irsa: true, secrets: true }), 'defaults', promptDriver().prompts);
    expect(missing).toEqual(['NAME (the first argument)', '--secret-key NAME=parameter', '--aws-account alpha=<12 digits>', '--aws-account production=<12 digits>']);
  });

  test('without a terminal every unanswered question is missing, except optional additions', async () => {
    const { missing } = await gatherAnswers(context({}, 'demo'), 'flags', promptDriver().prompts);
    expect(missing).toEqual([
      '--skeleton <name>',
      '--namespace <namespace>',
      '--image <repository>',
      '--port <port>',
      '--cpu <quantity>',
      '--memory <quantity>',
      '--irsa, --pod-identity or --no-irsa',
      '--secrets or --no-secrets',
      '--env <name>',
      '--image-tag alpha=<tag>',
      '--replicas alpha=<n>',
      '--image-tag production=<tag>',
      '--replicas production=<n>',
    ]);
  });

  test('a per-environment flag for an environment not chosen is refused, with a guess', async () => {
    await expect(gatherAnswers(context({ replicas: ['prodution=3'] }, 'demo'), 'defaults', promptDriver().prompts)).rejects.toThrow(
      '--replicas names environment "prodution", which is not among the environments (alpha, production); did you mean "production"?',
    );
  });

  test('a port or probe flag with a skeleton that has none is refused', async () => {
    await expect(gatherAnswers(context({ skeleton: 'worker', port: '80' }, 'demo'), 'defaults', promptDriver().prompts)).rejects.toThrow('the worker skeleton has no port');
    await expect(gatherAnswers(context({ skeleton: 'worker', readiness: '/r' }, 'demo'), 'defaults', promptDriver().prompts)).rejects.toThrow('the worker skeleton has no probes');
  });
});
