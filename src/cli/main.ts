import { Command, CommanderError } from 'commander';
import { registerCapacity } from './commands/capacity.ts';
import { registerNewApp } from './commands/newApp.ts';
import { registerRender } from './commands/render.ts';
import { registerValidate } from './commands/validate.ts';
import { ExitCode, UsageError, type Runner } from './exit.ts';
import { VERSION } from './version.ts';

// A reader that stops early (`scaffold validate -o json | head`) closes the pipe; that ends the output, not the command.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') process.stderr.write(`error: cannot write the output: ${err.code ?? err.message}\n`);
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

registerRender(program, run);
registerNewApp(program, run);
registerCapacity(program, run);
registerValidate(program, run);

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
