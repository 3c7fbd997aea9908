import type { NewAppAnswers } from '../../src/newApp/answers.ts';
import { needsSecretsPath } from '../../src/newApp/answers.ts';
import type { PromptDriver } from './promptDriver.ts';

/** Something that answers prompts: the @inquirer/testing driver, or keystrokes sent to a real terminal. */
export interface Keyboard {
  /** Waits for the question, types `text` (if any) and presses Enter. */
  answer(question: string, text?: string): Promise<void>;
  /** Waits for the question, presses the keys (arrow down, space) in order, then Enter. */
  press(question: string, keys: readonly ('down' | 'space')[]): Promise<void>;
}

export function harnessKeyboard(d: PromptDriver): Keyboard {
  return {
    answer: async (question, text) => {
      await d.answer(question, text);
    },
    press: async (question, keys) => {
      const screen = await d.next();
      if (!screen.getScreen().includes(question)) throw new Error(`expected the question "${question}", the screen shows:\n${screen.getScreen()}`);
      for (const key of keys) screen.events.keypress(key);
      screen.events.keypress('enter');
    },
  };
}

/** Answers that use every feature: probes, env vars, IRSA, secrets, a typed environment, overrides. */
export const EVERY_FEATURE: NewAppAnswers = {
  name: 'checkout',
  skeleton: 'web',
  namespace: 'shop',
  image: '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout',
  port: 9090,
  probes: { readiness: '/healthz', liveness: '/livez', startup: '/started' },
  cpu: '500m',
  memory: '1Gi',
  env: { LOG_LEVEL: 'info', FEATURE: 'on' },
  irsa: { roleName: 'checkout-role' },
  secrets: { store: { kind: 'SecretStore', name: 'ssm' }, refreshInterval: '15m', keys: { DB_PASSWORD: 'db-password', API_KEY: '/shared/api-key' } },
  environments: [
    { name: 'alpha', imageTag: 'latest', replicas: 1, awsAccountId: '111111111111', secretsPath: '/alpha/checkout' },
    { name: 'production', imageTag: 'v1.4.2', replicas: 3, awsAccountId: '222222222222', secretsPath: '/prod/checkout', resources: { cpu: '1', memory: '2Gi' } },
    { name: 'staging', imageTag: 'v1.5.0-rc1', replicas: 0, awsAccountId: '333333333333', secretsPath: '/staging/checkout', resources: { memory: '512Mi' } },
  ],
};

/**
 * The same answers said two ways: as `scaffold new-app` flags, and as keystrokes
 * at its prompts. Answers must be ones a person can give at the prompts: alpha and
 * production (when chosen) first, since the checkbox lists them first; a readiness
 * path whenever there are probes; overrides that differ from the app's values.
 */
export function flagsFor(a: NewAppAnswers): string[] {
  const flags = [a.name, '--skeleton', a.skeleton, '--namespace', a.namespace!, '--image', a.image!];
  if (a.port !== undefined) flags.push('--port', String(a.port));
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    if (a.probes?.[kind] !== undefined) flags.push(`--${kind}`, a.probes[kind]);
  }
  flags.push('--cpu', a.cpu!, '--memory', a.memory!);
  for (const [k, v] of Object.entries(a.env)) flags.push('--env-var', `${k}=${v}`);
  if (a.irsa) flags.push('--irsa', '--role-name', a.irsa.roleName);
  else if (a.podIdentity) flags.push('--pod-identity', '--role-name', a.podIdentity.roleName);
  else flags.push('--no-irsa');
  if (a.secrets) {
    flags.push('--secrets', '--secret-store', `${a.secrets.store!.kind}/${a.secrets.store!.name}`, '--refresh-interval', a.secrets.refreshInterval!);
    if (a.secrets.fromPath) flags.push('--secrets-from-path');
    for (const [k, v] of Object.entries(a.secrets.keys)) flags.push('--secret-key', `${k}=${v}`);
  } else {
    flags.push('--no-secrets');
  }
  for (const e of a.environments) {
    flags.push('--env', e.name, '--image-tag', `${e.name}=${e.imageTag}`, '--replicas', `${e.name}=${e.replicas}`);
    if (e.awsAccountId !== undefined) flags.push('--aws-account', `${e.name}=${e.awsAccountId}`);
    if (e.cluster !== undefined) flags.push('--cluster', `${e.name}=${e.cluster}`);
    if (e.secretsPath !== undefined) flags.push('--secrets-path', `${e.name}=${e.secretsPath}`);
    if (e.resources?.cpu !== undefined) flags.push('--env-cpu', `${e.name}=${e.resources.cpu}`);
    if (e.resources?.memory !== undefined) flags.push('--env-memory', `${e.name}=${e.resources.memory}`);
  }
  return flags;
}

/** Answers every prompt of `scaffold new-app` (started without flags) with `a`, in the order they are asked. */
export async function answerPrompts(k: Keyboard, a: NewAppAnswers, skeletonOrder: readonly string[] = ['web', 'worker']): Promise<void> {
  await k.answer('App name', a.name);
  await k.press('Skeleton', Array(skeletonOrder.indexOf(a.skeleton)).fill('down'));
  await k.answer('Namespace', a.namespace);
  await k.answer('Image repository', a.image);
  if (a.skeleton === 'web') {
    await k.answer('HTTP port', String(a.port));
    await k.answer('Add HTTP probes', a.probes ? 'y' : 'n');
    if (a.probes) {
      await k.answer('Readiness probe path', a.probes.readiness);
      await k.answer('Liveness probe path', a.probes.liveness ?? '');
      await k.answer('Startup probe path', a.probes.startup ?? '');
    }
  }
  await k.answer('CPU per pod', a.cpu);
  await k.answer('Memory per pod', a.memory);
  for (const [name, value] of Object.entries(a.env)) await k.answer('Plain environment variable', `${name}=${value}`);
  await k.answer('Plain environment variable');
  const role = a.irsa ?? a.podIdentity;
  await k.press('AWS IAM role for the pods', a.irsa ? ['down'] : a.podIdentity ? ['down', 'down'] : []);
  if (role) await k.answer('IAM role name', role.roleName);
  await k.answer('Secrets', a.secrets ? 'y' : 'n');
  if (a.secrets) {
    await k.press('Secret store kind', a.secrets.store!.kind === 'SecretStore' ? ['down'] : []);
    await k.answer(`${a.secrets.store!.kind} name`, a.secrets.store!.name);
    await k.answer('Refresh interval', a.secrets.refreshInterval);
    await k.answer('Every parameter under', a.secrets.fromPath ? 'y' : 'n');
    const question = a.secrets.fromPath ? 'More secrets by name' : 'Secret NAME=parameter';
    for (const [name, parameter] of Object.entries(a.secrets.keys)) await k.answer(question, `${name}=${parameter}`);
    await k.answer(question);
  }
  const names = a.environments.map((e) => e.name);
  // alpha and production are listed first and preselected: toggle off the ones not wanted.
  const toggles: ('down' | 'space')[] = [];
  for (const listed of ['alpha', 'production']) {
    if (!names.includes(listed)) toggles.push('space');
    toggles.push('down');
  }
  await k.press('Environments', toggles);
  await k.answer('More environments', names.filter((n) => n !== 'alpha' && n !== 'production').join(','));
  const relative = needsSecretsPath(a.secrets);
  for (const e of a.environments) {
    await k.answer(`${e.name}: image tag`, e.imageTag);
    await k.answer(`${e.name}: replicas`, String(e.replicas));
    if (role) await k.answer(`${e.name}: AWS account id`, e.awsAccountId);
    if (a.podIdentity) await k.answer(`${e.name}: EKS cluster name`, e.cluster);
    if (relative) await k.answer(`${e.name}: Parameter Store path`, e.secretsPath);
    await k.answer(`${e.name}: use other cpu or memory`, e.resources ? 'y' : 'n');
    if (e.resources) {
      await k.answer(`${e.name}: cpu`, String(e.resources.cpu ?? ''));
      await k.answer(`${e.name}: memory`, String(e.resources.memory ?? ''));
    }
  }
  await k.answer('Write these files?');
}
