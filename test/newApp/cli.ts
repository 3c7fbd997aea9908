import { Command, CommanderError } from 'commander';
import { registerNewApp } from '../../src/cli/commands/newApp.ts';
import { ExitCode, UsageError, type Runner } from '../../src/cli/exit.ts';
import type { PromptKit } from '../../src/cli/prompts/newApp.ts';
import { terminalPrompts } from '../../src/cli/prompts/newApp.ts';
import type { Streams } from '../../src/cli/output/streams.ts';
import { tempDir as sharedTempDir } from '../support/tempDir.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `scaffold new-app ARGS` in this process: the real commander definition and
 * command, with answers from `prompts` when `interactive` (a terminal on stdin).
 * Errors are reported as main.ts reports them; anything else fails the test.
 */
export async function runNewApp(
  args: readonly string[],
  options: { interactive?: boolean; prompts?: PromptKit; cwd?: string; env?: Streams['env'] } = {},
): Promise<CliRun> {
  const result: CliRun = { code: -1, out: '', err: '' };
  const streams: Streams = {
    stdin: Object.assign(emptyInput(), { isTTY: options.interactive ?? false }),
    stdout: { write: (text: string) => void (result.out += text) },
    stderr: { write: (text: string) => void (result.err += text) },
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? process.cwd(),
  };
  const run: Runner = async (action) => {
    try {
      result.code = await action();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      result.err += `error: ${err.message}\n`;
      result.code = ExitCode.Usage;
    }
  };
  const program = new Command('scaffold')
    .exitOverride()
    .configureOutput({ writeOut: (text) => void (result.out += text), writeErr: (text) => void (result.err += text) });
  registerNewApp(program, run, streams, options.prompts ?? terminalPrompts);
  try {
    await program.parseAsync(['new-app', ...args], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    result.code = err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  return result;
}

export function tempDir(prefix = 'scaffold-new-app-test-'): string {
  return sharedTempDir(prefix);
}

export { readTree } from '../support/tree.ts';

async function* emptyInput(): AsyncGenerator<never> {}
