import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    // End-to-end tests spawn the built CLI and kubectl; give them room on a loaded CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
