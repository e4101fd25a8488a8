import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // 'server-only' throws outside React Server Components; tests import server modules directly.
      'server-only': path.resolve(import.meta.dirname, 'test/support/empty.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'lib/**/*.test.ts'],
    environment: 'node',
    // Database tests each open their own SQLite file; files run in separate processes.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
