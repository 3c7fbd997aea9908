import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readTree, tempDir } from './cli.ts';
import { answerPrompts, EVERY_FEATURE, flagsFor, type Keyboard } from './scenario.ts';

/**
 * The built CLI (bin/scaffold.js) as a person runs it: in a real pseudo-terminal
 * under tmux, keystrokes in, screen out. Also the non-terminal cases of the built
 * CLI, which only a separate process can show (stdin really not a TTY).
 */

const REPO = join(import.meta.dirname, '../..');
const CLI = join(REPO, 'bin/scaffold.js');
const TIMEOUT = 120_000;
const WAIT_MS = 20_000;

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const hasKubectl = spawnSync('kubectl', ['version', '--client']).status === 0;
if (!hasTmux) console.warn('tmux is not installed: SKIPPING the real-terminal tests of scaffold new-app');
if (!hasKubectl) console.warn('kubectl is not installed: SKIPPING the kubectl kustomize checks of scaffold new-app');

let sessions: string[] = [];
afterEach(() => {
  for (const name of sessions) spawnSync('tmux', ['kill-session', '-t', name]);
  sessions = [];
});

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A command running in a detached tmux session on a 200x50 terminal. */
class Terminal {
  private constructor(readonly name: string) {}

  static start(command: string, cwd: string): Terminal {
    const name = `scaffold-e2e-${process.pid}-${sessions.length}-${Date.now()}`;
    // The shell stays after the command so the last screen and the exit code can be read.
    const script = `${command}; echo "EXIT=$?"; sleep 300`;
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '200', '-y', '50', '-c', cwd, script]);
    sessions.push(name);
    return new Terminal(name);
  }

  /** The whole output so far, scrollback included. */
  text(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-', '-t', this.name], { encoding: 'utf8' });
  }

  async waitFor(predicate: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const text = this.text();
      if (predicate(text)) return text;
      if (Date.now() > deadline) throw new Error(`waited ${WAIT_MS} ms for ${what}; the terminal shows:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Lines of answered prompts (inquirer marks them ✔) that contain `question`. */
  answered(question: string): number {
    return this.text()
      .split('\n')
      .filter((line) => line.startsWith('✔') && line.includes(question)).length;
  }

  /** Waits until the question is the prompt being asked (its line starts with ?). */
  async asked(question: string): Promise<void> {
    await this.waitFor((text) => lastPrompt(text)?.includes(question) === true, `the question "${question}"`);
  }

  type(text: string): void {
    if (text !== '') execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  async exitCode(): Promise<number> {
    const text = await this.waitFor((t) => /^EXIT=\d+$/m.test(t), 'the command to exit');
    return Number(/^EXIT=(\d+)$/m.exec(text)![1]);
  }

  /** Answers prompts by keystrokes, waiting for each question and for each answer to be taken. */
  keyboard(): Keyboard {
    const submit = async (question: string, send: () => void) => {
      await this.asked(question);
      const before = this.answered(question);
      send();
      this.keys('Enter');
      await this.waitFor(() => this.answered(question) > before, `"${question}" to be answered`);
    };
    return {
      answer: (question, text = '') => submit(question, () => this.type(text)),
      press: (question, keys) => submit(question, () => keys.forEach((key) => this.keys(key === 'down' ? 'Down' : 'Space'))),
    };
  }
}

/** The prompt currently asked: the last line starting with "? " (answered ones start with ✔). */
function lastPrompt(text: string): string | undefined {
  const lines = text.split('\n');
  const index = lines.findLastIndex((line) => line.startsWith('? ') || line.startsWith('✔'));
  return index >= 0 && lines[index]!.startsWith('? ') ? lines[index] : undefined;
}

function runCli(args: readonly string[], cwd = REPO) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: '', timeout: 30_000 });
}

function kustomize(dir: string): string {
  return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
}

describe.skipIf(!hasTmux)('in a real terminal (tmux)', () => {
  test('answering every prompt writes the same files as the flags with --yes', async () => {
    const root = tempDir();
    const term = Terminal.start(`node ${shellQuote(CLI)} new-app --root ${shellQuote(root)}`, REPO);
    const keyboard = term.keyboard();

    // A bad answer is re-asked with the reason, where it was typed.
    await term.asked('App name');
    term.type('Checkout');
    term.keys('Enter');
    await term.waitFor((t) => t.includes('> must be a DNS-1123 label'), 'the reason for a bad name');
    term.keys('C-u');

    await answerPrompts(keyboard, EVERY_FEATURE);
    const screen = term.text();
    expect(screen).toContain('Files to write under');
    expect(screen).toContain('✔ Write these files? Yes');
    expect(await term.exitCode()).toBe(0);
    expect(term.text()).toContain('new app checkout written under');

    const byFlags = tempDir();
    const run = runCli(['new-app', ...flagsFor(EVERY_FEATURE), '--yes', '--root', byFlags]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const written = readTree(root);
    expect(Object.keys(written)).toContain('apps/checkout/overlays/staging/deployment-patch.yaml');
    expect(written).toEqual(readTree(byFlags));
    if (hasKubectl) {
      for (const env of ['alpha', 'production', 'staging']) {
        expect(kustomize(join(root, 'apps/checkout/overlays', env))).toContain('kind: ExternalSecret');
      }
    }
  }, TIMEOUT);

  test('Ctrl-C exits 130 and writes nothing', async () => {
    const root = tempDir();
    const term = Terminal.start(`node ${shellQuote(CLI)} new-app demo --root ${shellQuote(root)}`, REPO);
    const keyboard = term.keyboard();
    await keyboard.press('Skeleton', []);
    await keyboard.answer('Namespace');
    await term.asked('Image repository');
    term.keys('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(term.text()).toContain('cancelled, nothing written');
    expect(readTree(root)).toEqual({});
  }, TIMEOUT);
});

describe('the built CLI without a terminal', () => {
  test('never waits for input: exits 2 naming the flags to pass', () => {
    const root = tempDir();
    const run = runCli(['new-app', 'demo', '--root', root]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error: standard input is not a terminal, so nothing is asked, and no flag answers these:\n  --skeleton <name>');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readTree(root)).toEqual({});
  });

  test('the quick start: npx scaffold new-app demo --yes, then kubectl kustomize builds it', () => {
    const clone = tempDir();
    // --no: only the scaffold of this checkout, never a download.
    const run = spawnSync('npx', ['--no', 'scaffold', 'new-app', 'demo', '--yes', '--root', join(clone, 'gitops')], { cwd: REPO, encoding: 'utf8', input: '' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(join(clone, 'gitops/apps/demo/app.yaml'))).toBe(true);
    if (hasKubectl) {
      const built = kustomize(join(clone, 'gitops/apps/demo/overlays/production'));
      expect(built).toContain('image: registry.example.com/demo:latest');
      expect(built).toContain('replicas: 2');
    }
  }, TIMEOUT);

  test('--help lists every flag', () => {
    const run = runCli(['new-app', '--help']);
    expect(run.status).toBe(0);
    const flags = [...run.stdout.matchAll(/^ {2}((?:-\w, )?--[\w-]+(?:, --[\w-]+)?)/gm)].map((m) => m[1]);
    expect(flags).toEqual([
      '--root, --out', '--skeleton', '--skeletons', '--namespace', '--image', '--port', '--readiness', '--liveness', '--startup', '--schedule', '--time-zone',
      '--active-deadline-seconds', '--cpu',
      '--memory', '--env-var', '--env', '--image-tag', '--replicas', '--aws-account', '--env-cpu', '--env-memory', '--irsa', '--pod-identity',
      '--no-irsa', '--role-name', '--cluster', '--secrets', '--no-secrets', '--secret-key', '--secrets-from-path', '--secret-store',
      '--refresh-interval', '--secrets-path', '-y, --yes',
      '--dry-run', '--force', '-h, --help',
    ]);
    const doc = readFileSync(join(REPO, 'docs/new-app.md'), 'utf8');
    const undocumented = flags.flatMap((f) => f!.split(', ')).filter((flag) => !['-h', '--help'].includes(flag) && !doc.includes(`\`${flag}`));
    expect(undocumented).toEqual([]);
  });
});
