import { Command, CommanderError } from 'commander';
import { ExitCode, UsageError, type Runner } from './exit.ts';
import { printIssues, type Format } from './output/printer.ts';
import { processStreams, type Streams } from './output/streams.ts';
import { VERSION } from './version.ts';

const streams = processStreams();
const argv = process.argv.slice(2);
// Known before commander parses, so that its own usage errors come out in the format asked for.
const format: Format = jsonRequested(argv) ? 'json' : 'text';

// A reader that stops early (`scaffold validate -o json | head`) closes the pipe: that ends the output, it is no error.
// Any other failure to write (a full disk) loses output that was asked for: say so in one line, then fail with the stack.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.Ok);
  process.stderr.write(`error: cannot write the output: ${err.code ?? err.message}\n`);
  throw err;
});

const program = new Command('scaffold')
  .description('Render typed app specs into validated Kustomize bases and overlays for gitops.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({
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
      process.stderr.write(`${message}\n`);
      if (process.env.SCAFFOLD_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
      process.exitCode = ExitCode.Failure;
    });
};

type Register = (program: Command, run: Runner, streams: Streams) => void;

/**
 * Commands are loaded on demand, each from its own chunk of the bundle: the
 * pre-commit hook runs `validate` on every commit and should not pay for
 * prompts, templates or charts it never uses.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate.ts')).registerValidate,
  render: async () => (await import('./commands/render.ts')).registerRender,
  'new-app': async () => (await import('./commands/newApp.ts')).registerNewApp,
  capacity: async () => (await import('./commands/capacity.ts')).registerCapacity,
  schemas: async () => (await import('./commands/schemas.ts')).registerSchemas,
  iam: async () => (await import('./commands/iam.ts')).registerIam,
  skeletons: async () => (await import('./commands/skeletons.ts')).registerSkeletons,
  migrate: async () => (await import('./commands/migrate.ts')).registerMigrate,
  adopt: async () => (await import('./commands/adopt.ts')).registerAdopt,
  image: async () => (await import('./commands/image.ts')).registerImage,
};

const requested = argv.find((arg) => !arg.startsWith('-'));
const wanted = requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [requested] : Object.keys(COMMANDS);
for (const register of await Promise.all(wanted.map((name) => COMMANDS[name]!()))) register(program, run, streams);

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

/** `-o json`, `-ojson`, `--output json` or `--output=json` anywhere on the command line. */
function jsonRequested(args: readonly string[]): boolean {
  return args.some((arg, i) => arg === '-ojson' || arg === '--output=json' || ((arg === '-o' || arg === '--output') && args[i + 1] === 'json'));
}
