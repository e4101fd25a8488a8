// Starts the built app for the browser tests the way `npm start` does (scripts/start.js), on a
// fresh database unless told to keep it: `node test/support/serve-e2e.js <port> [--keep-database]`.
import { rmSync } from 'node:fs';
import { parseDatabaseUrl } from '../../lib/database-url.js';
import { launch } from '../../scripts/start.js';

const port = process.argv[2];
if (!/^\d+$/.test(port ?? '')) {
  console.error('Usage: node test/support/serve-e2e.js <port> [--keep-database]');
  process.exit(1);
}
const database = parseDatabaseUrl();
if (database.provider === 'sqlite' && !process.argv.includes('--keep-database')) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(database.file + suffix, { force: true });
}
launch({ port });
