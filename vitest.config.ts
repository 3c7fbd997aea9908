import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    // node's, also removing the temporary folders a test file made outside its tests (test/support/tempDir.ts).
    environment: './test/support/environment.ts',
    // End-to-end tests spawn the built CLI and kubectl; give them room on a loaded CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
