// Before the server starts: create the SQLite folder and apply pending migrations, on whichever
// database DATABASE_URL names. Used by `npm start` and `npm run dev`.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseDatabaseUrl } from '../lib/database-url.js';

export function prepareDatabase({ quiet = false } = {}) {
  const database = parseDatabaseUrl();
  if (database.provider === 'sqlite') mkdirSync(path.dirname(database.file), { recursive: true });
  const where = database.provider === 'sqlite' ? path.relative(process.cwd(), database.file) : 'PostgreSQL';
  if (!quiet) console.log(`[nowline] applying migrations to ${where}…`);
  const result = spawnSync(process.execPath, [path.join('node_modules', 'prisma', 'build', 'index.js'), 'migrate', 'deploy'], {
    stdio: quiet ? 'pipe' : ['ignore', 'ignore', 'inherit'],
    env: process.env,
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stdout + result.stderr);
    throw new Error(`Migrations failed on ${where} (see above).`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    prepareDatabase();
  } catch (error) {
    console.error(`[nowline] ${error.message}`);
    process.exit(1);
  }
}
