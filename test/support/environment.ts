/**
 * vitest's node environment, which also removes the temporary folders a test file made outside its
 * tests (tempDir.ts). Its teardown runs after every test file, even one whose tests were all skipped
 * or that failed to load, where a hook such as afterAll never runs.
 */
import { builtinEnvironments, type Environment } from 'vitest/runtime';
import { removeFoldersMadeOutsideTests } from './tempDir.ts';

export default {
  name: 'node-removing-temp-dirs',
  viteEnvironment: 'ssr',
  async setup(global, options) {
    const node = await builtinEnvironments.node.setup(global, options);
    return {
      async teardown(global) {
        removeFoldersMadeOutsideTests();
        await node.teardown(global);
      },
    };
  },
} satisfies Environment;
