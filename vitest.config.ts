import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code; integration tests run the real app on a real database:
// PGlite by default, the PostgreSQL server in TILTS_TEST_DATABASE_URL when it is set.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/server/test/**/*.test.ts'],
          globalSetup: ['packages/server/test/support/global-setup.ts'],
          setupFiles: ['packages/server/test/support/no-network.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: files in parallel would only fight over them (and PGlite is in-process anyway).
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
