import { tuneForOnePass } from '../io/onePass.ts';
import { runProgram, type Register } from './program.ts';

/**
 * Commands are loaded on demand, each from its own chunk of the bundle: the
 * pre-commit hook runs `validate` on every commit and should not pay for
 * prompts, templates or charts it never uses (and runs it from a bundle of
 * its own, validateMain.ts).
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

// This bundle's commands read a repository (render, adopt, capacity, schemas import) or are not run on every commit:
// the flag's cost at start (io/onePass.ts) matters to a short `validate` only, which has a bundle of its own (validateMain.ts).
tuneForOnePass();
await runProgram(COMMANDS);
