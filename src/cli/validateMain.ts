/**
 * `scaffold validate` alone, which the pre-commit hook runs on every commit:
 * the build bundles it into one module of its own (dist/validate.js, see
 * scripts/build.mjs), which bin/scaffold.js loads for that command. Loading
 * the dozen chunks main.ts's commands share cost its cold start more than
 * anything it does (some 10 ms of about 110).
 */
import { runProgram } from './program.ts';

await runProgram({ validate: async () => (await import('./commands/validate.ts')).registerValidate });
