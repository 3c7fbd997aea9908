/**
 * `scaffold validate` alone, which the pre-commit hook runs on every commit:
 * the build bundles it into one CommonJS module of its own (dist/validate.cjs,
 * see scripts/build.mjs), which bin/scaffold.js runs for that command. Loading
 * the dozen chunks main.ts's commands share cost its cold start more than
 * anything it does (some 10 ms of about 110). CommonJS has no top-level
 * await: runProgram sets the exit code and reports its own failures.
 */
import { runProgram } from './program.ts';

void runProgram({ validate: async () => (await import('./commands/validate.ts')).registerValidate });
