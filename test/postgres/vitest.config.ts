// The suites that need a real PostgreSQL server: `npm run test:postgres` (not part of `npm test`).
// Files are named *.spec.ts so the default config (test/**/*.test.ts) never picks them up.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  root,
  resolve: {
    alias: {
      '@': root,
      'server-only': path.join(root, 'test/support/empty.ts'),
    },
  },
  test: {
    include: ['test/postgres/**/*.spec.ts'],
    environment: 'node',
    pool: 'forks',
    // One at a time: the multi-instance suite measures latency and runs servers.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
