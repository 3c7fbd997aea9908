import { Command, CommanderError } from 'commander';
import { ExitCode, UsageError, type Runner } from './exit.ts';
import { VERSION } from './version.ts';

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
  .exitOverride();

/**
 * Runs a command's action and turns its outcome into the process exit code. Every
 * expected failure is an Issue or a UsageError; anything else is a bug, reported
 * in one line (with the stack only under SCAFFOLD_DEBUG).
 */
const run: Runner = (action) => {
  return Promise.resolve()
    .then(action)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = ExitCode.Usage;
        return;
      }
      process.stderr.write(`internal error: ${(err as Error).message ?? String(err)}\n`);
      if (process.env.SCAFFOLD_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
      process.exitCode = ExitCode.Failure;
    });
};

type Register = (program: Command, run: Runner) => void;

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
};

const requested = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const wanted = requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [requested] : Object.keys(COMMANDS);
for (const register of await Promise.all(wanted.map((name) => COMMANDS[name]!()))) register(program, run);

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
