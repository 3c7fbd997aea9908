/**
 * The CLI as a program: its streams, the commands given (each loaded on
 * demand, see main.ts), commander's parse, and the one path of exit codes and
 * internal errors. The bundle has two entries on it: main.ts with every
 * command, and validateMain.ts with `validate` alone (scripts/build.mjs).
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, UsageError, type Runner } from './exit.ts';
import { printIssues, type Format } from './output/printer.ts';
import { processStreams, type Streams } from './output/streams.ts';
import { VERSION } from './version.ts';

export type Register = (program: Command, run: Runner, streams: Streams) => void;

/**
 * The command a command line asks for: its first word that is not an option
 * (bin/scaffold.js picks the bundle by the same rule). When it is one of
 * `commands`, only that one is loaded; else all are, for help or an error.
 */
function requestedCommand(argv: readonly string[]): string | undefined {
  return argv.find((arg) => !arg.startsWith('-'));
}

export async function runProgram(commands: Readonly<Record<string, () => Promise<Register>>>): Promise<void> {
  // A reader that stops early (`scaffold validate -o json | head`, `2>&1 | head`) closes the pipe: that ends the
  // output, standard output or standard error, it is no error, and the command still ends with the exit code of
  // what it found (`set -o pipefail` in CI sees it). Any other failure to write (a full disk) loses output that was
  // asked for: say so in one line (where standard error still takes it), and fail.
  const streams: Streams = processStreams((err) => {
    if (err.code === 'EPIPE') return;
    streams.stderr.write(`error: cannot write the output: ${err.code ?? err.message}\n`);
    process.exit(ExitCode.Failure);
  });
  const argv = process.argv.slice(2);
  // Known before commander parses, so that its own usage errors come out in the format asked for.
  const format: Format = jsonRequested(argv) ? 'json' : 'text';

  const program = new Command('scaffold')
    .description('Render typed app specs into validated Kustomize bases and overlays for gitops.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      // Help and the version go to standard output through `streams`, which watches it for a closed pipe.
      writeOut: (text) => void streams.stdout.write(text),
      outputError: (text, write) => {
        write(text);
        if (format === 'json') printIssues([{ severity: 'error', rule: 'usage', message: text.replace(/^error: /, '').trim() }], 'json', { ...streams, stderr: { write: () => true } });
      },
    });

  /**
   * Runs a command's action and turns its outcome into the process exit code.
   * Every expected failure is an Issue the command printed, or a UsageError;
   * anything else is a bug, reported as one (with the stack under SCAFFOLD_DEBUG).
   */
  const run: Runner = (action, commandFormat) => {
    const shown: Format = commandFormat === 'json' ? 'json' : 'text';
    return Promise.resolve()
      .then(action)
      .then((code) => {
        process.exitCode = code;
      })
      .catch((err: unknown) => {
        if (err instanceof UsageError) {
          process.exitCode = printIssues([{ severity: 'error', rule: 'usage', message: err.message }], shown, streams, 'nothing was done');
          return;
        }
        const message = `internal error: ${(err as Error).message ?? String(err)}`;
        if (shown === 'json') printIssues([{ severity: 'error', rule: 'internal', message }], 'json', { ...streams, stderr: { write: () => true } });
        streams.stderr.write(`${message}\n`);
        if (process.env.SCAFFOLD_DEBUG) streams.stderr.write(`${(err as Error).stack}\n`);
        process.exitCode = ExitCode.Failure;
      });
  };

  const requested = requestedCommand(argv);
  const wanted = requested !== undefined && Object.hasOwn(commands, requested) ? [requested] : Object.keys(commands);
  for (const register of await Promise.all(wanted.map((name) => commands[name]!()))) register(program, run, streams);

  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successful exits; every other commander error is a usage error.
      process.exitCode = err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    } else {
      throw err;
    }
  }
}

/** `-o json`, `-ojson`, `--output json` or `--output=json` anywhere on the command line. */
function jsonRequested(args: readonly string[]): boolean {
  return args.some((arg, i) => arg === '-ojson' || arg === '--output=json' || ((arg === '-o' || arg === '--output') && args[i + 1] === 'json'));
}
