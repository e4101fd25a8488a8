// Starts the built app for the browser tests on a fresh database: `node test/support/serve-e2e.js <port>`.
import { rmSync } from 'node:fs';
import { parseDatabaseUrl } from '../../lib/database-url.js';

const port = process.argv[2];
if (!/^\d+$/.test(port ?? '')) {
  console.error('Usage: node test/support/serve-e2e.js <port>');
  process.exit(1);
}
const database = parseDatabaseUrl();
if (database.provider === 'sqlite') {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(database.file + suffix, { force: true });
}
process.argv.splice(2, process.argv.length, '-p', port);
await import('../../scripts/start.js');
