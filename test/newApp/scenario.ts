import type { NewAppAnswers } from '../../src/newApp/answers.ts';
import { hasRelativeSecretKeys } from '../../src/newApp/answers.ts';
import type { PromptDriver } from './promptDriver.ts';

/**
 * The same answers said two ways: as `scaffold new-app` flags, and as keystrokes
 * at its prompts. Answers must be ones a person can give at the prompts: alpha and
 * production (when chosen) first, since the checkbox lists them first; a readiness
 * path whenever there are probes; overrides that differ from the app's values.
 */
export function flagsFor(a: NewAppAnswers): string[] {
  const flags = [a.name, '--skeleton', a.skeleton, '--namespace', a.namespace, '--image', a.image];
  if (a.port !== undefined) flags.push('--port', String(a.port));
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    if (a.probes?.[kind] !== undefined) flags.push(`--${kind}`, a.probes[kind]);
  }
  flags.push('--cpu', a.cpu, '--memory', a.memory);
  for (const [k, v] of Object.entries(a.env)) flags.push('--env-var', `${k}=${v}`);
  if (a.irsa) flags.push('--irsa', '--role-name', a.irsa.roleName);
  else flags.push('--no-irsa');
  if (a.secrets) {
    flags.push('--secrets', '--secret-store', `${a.secrets.store.kind}/${a.secrets.store.name}`, '--refresh-interval', a.secrets.refreshInterval);
    for (const [k, v] of Object.entries(a.secrets.keys)) flags.push('--secret-key', `${k}=${v}`);
  } else {
    flags.push('--no-secrets');
  }
  for (const e of a.environments) {
    flags.push('--env', e.name, '--image-tag', `${e.name}=${e.imageTag}`, '--replicas', `${e.name}=${e.replicas}`);
    if (e.awsAccountId !== undefined) flags.push('--aws-account', `${e.name}=${e.awsAccountId}`);
    if (e.secretsPath !== undefined) flags.push('--secrets-path', `${e.name}=${e.secretsPath}`);
    if (e.resources?.cpu !== undefined) flags.push('--env-cpu', `${e.name}=${e.resources.cpu}`);
    if (e.resources?.memory !== undefined) flags.push('--env-memory', `${e.name}=${e.resources.memory}`);
  }
  return flags;
}

/** Answers every prompt of `scaffold new-app` (started without flags) with `a`, in the order they are asked. */
export async function answerPrompts(d: PromptDriver, a: NewAppAnswers, skeletonOrder: readonly string[] = ['web', 'worker']): Promise<void> {
  await d.answer('App name', a.name);
  const skeleton = await d.next();
  for (let i = 0; i < skeletonOrder.indexOf(a.skeleton); i++) skeleton.events.keypress('down');
  skeleton.events.keypress('enter');
  await d.answer('Namespace', a.namespace);
  await d.answer('Image repository', a.image);
  if (a.skeleton === 'web') {
    await d.answer('HTTP port', String(a.port));
    await d.answer('Add HTTP probes', a.probes ? 'y' : 'n');
    if (a.probes) {
      await d.answer('Readiness probe path', a.probes.readiness);
      await d.answer('Liveness probe path', a.probes.liveness ?? '');
      await d.answer('Startup probe path', a.probes.startup ?? '');
    }
  }
  await d.answer('CPU per pod', a.cpu);
  await d.answer('Memory per pod', a.memory);
  for (const [k, v] of Object.entries(a.env)) await d.answer('Plain environment variable', `${k}=${v}`);
  await d.answer('Plain environment variable');
  await d.answer('IRSA', a.irsa ? 'y' : 'n');
  if (a.irsa) await d.answer('IAM role name', a.irsa.roleName);
  await d.answer('Secrets', a.secrets ? 'y' : 'n');
  if (a.secrets) {
    const kind = await d.next();
    if (a.secrets.store.kind === 'SecretStore') kind.events.keypress('down');
    kind.events.keypress('enter');
    await d.answer(`${a.secrets.store.kind} name`, a.secrets.store.name);
    await d.answer('Refresh interval', a.secrets.refreshInterval);
    for (const [k, v] of Object.entries(a.secrets.keys)) await d.answer('Secret NAME=parameter', `${k}=${v}`);
    await d.answer('Secret NAME=parameter');
  }
  const names = a.environments.map((e) => e.name);
  const checkbox = await d.next();
  // alpha and production are listed first and preselected: toggle off the ones not wanted.
  for (const listed of ['alpha', 'production']) {
    if (!names.includes(listed)) checkbox.events.keypress('space');
    checkbox.events.keypress('down');
  }
  checkbox.events.keypress('enter');
  await d.answer('More environments', names.filter((n) => n !== 'alpha' && n !== 'production').join(','));
  const relative = a.secrets !== undefined && hasRelativeSecretKeys(a.secrets.keys);
  for (const e of a.environments) {
    await d.answer(`${e.name}: image tag`, e.imageTag);
    await d.answer(`${e.name}: replicas`, String(e.replicas));
    if (a.irsa) await d.answer(`${e.name}: AWS account id`, e.awsAccountId);
    if (relative) await d.answer(`${e.name}: Parameter Store path`, e.secretsPath);
    await d.answer(`${e.name}: use other cpu or memory`, e.resources ? 'y' : 'n');
    if (e.resources) {
      await d.answer(`${e.name}: cpu`, e.resources.cpu ?? '');
      await d.answer(`${e.name}: memory`, e.resources.memory ?? '');
    }
  }
  await d.answer('Write these files?');
}
