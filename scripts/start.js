// `npm start`: migrate, build once if there is no build yet, then serve on PORT (3000) with
// scripts/server.js. Arguments go to the server: `npm start -- -p 4000 -H 127.0.0.1`.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { prepareDatabase } from './prepare-db.js';

try {
  prepareDatabase();
} catch (error) {
  console.error(`[nowline] ${error.message}`);
  process.exit(1);
}

const distDir = process.env.NOWLINE_DIST_DIR || '.next';
if (!existsSync(`${distDir}/BUILD_ID`)) {
  console.log('[nowline] no build yet: building (this takes a minute, once)…');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const args = ['scripts/server.js', ...process.argv.slice(2)];
const server = spawn(process.execPath, args, { stdio: 'inherit', env: { NODE_ENV: 'production', ...process.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
