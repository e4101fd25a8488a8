// Starts the built app for the browser tests the way `npm start` does (scripts/start.js), on a
// fresh database unless told to keep it: `node e2e/helpers/serve.js <port> [--keep-database]`.
import { rmSync } from 'node:fs';
import { parseDatabaseUrl } from '../../lib/database-url.js';
import { launch } from '../../scripts/start.js';

const database = parseDatabaseUrl();
if (database.provider === 'sqlite' && !process.argv.includes('--keep-database')) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(database.file + suffix, { force: true });
}
launch({ port: process.argv[2] ?? '3100' });
