// Starts the built app for the browser tests on a fresh database: `node e2e/helpers/serve.js <port>`.
import { rmSync } from 'node:fs';
import { parseDatabaseUrl } from '../../lib/database-url.js';

const database = parseDatabaseUrl();
if (database.provider === 'sqlite') {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(database.file + suffix, { force: true });
}
process.argv.splice(2, process.argv.length, '-p', process.argv[2] ?? '3100');
await import('../../scripts/start.js');
