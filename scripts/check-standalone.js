// Proves the container layout works without Docker: builds the standalone output, assembles it the
// way the Dockerfile does, migrates a fresh SQLite database from there, starts `node scripts/server.js`
// (as the image does) and checks that / serves the status and /api/status/stream sends the snapshot
// from the fast lane (and ends itself before its lifetime cap).
//   node scripts/check-standalone.js [--no-build]      (npm run test:standalone)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { postgresConfig } from '../lib/database-url.js';
import os from 'node:os';
import path from 'node:path';
import { buildInto } from './build-into.js';
import { collectMigrateDependencies } from './collect-migrate-deps.js';
import { freePort, waitForHealth } from '../test/support/server.js';
import { readStream } from '../test/support/sse.js';

const DIST_DIR = '.next-standalone';
const STATUS_TEXT = 'Serving from the standalone build';

function step(message) {
  console.log(`[check-standalone] ${message}`);
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  step(`ok: ${message}`);
}

/** The image's /app: what the Dockerfile's runner stage copies, in the same places. */
function assemble(app) {
  // With distDir X, the standalone server lives in X/standalone and reads its build from X/standalone/X.
  cpSync(path.join(DIST_DIR, 'standalone'), app, { recursive: true, dereference: true });
  cpSync(path.join(DIST_DIR, 'static'), path.join(app, DIST_DIR, 'static'), { recursive: true });
  cpSync('public', path.join(app, 'public'), { recursive: true });
  cpSync('prisma', path.join(app, 'prisma'), { recursive: true });
  cpSync('prisma.config.ts', path.join(app, 'prisma.config.ts'));
  cpSync('lib/database-url.js', path.join(app, 'lib/database-url.js'));
  cpSync('lib/client-address.js', path.join(app, 'lib/client-address.js'));
  cpSync('lib/server-timeouts.js', path.join(app, 'lib/server-timeouts.js'));
  cpSync('scripts/prepare-db.js', path.join(app, 'scripts/prepare-db.js'));
  cpSync('scripts/server.js', path.join(app, 'scripts/server.js'));
  collectMigrateDependencies(app);
}

/** The container also migrates PostgreSQL at start: try it on a scratch database when one is reachable. */
async function checkPostgresMigrate(app, env) {
  const adminUrl = process.env.NOWLINE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ ...postgresConfig(adminUrl), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    step(`skipped: migrating PostgreSQL from the image layout (no server: ${error.message})`);
    return;
  }
  const name = `nowline_standalone_${process.pid}`;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const migrate = spawnSync(process.execPath, ['scripts/prepare-db.js'], { cwd: app, env: { ...env, DATABASE_URL: url.toString() }, encoding: 'utf8' });
    check(migrate.status === 0, `node scripts/prepare-db.js migrates PostgreSQL in the image layout${migrate.status ? `\n${migrate.stdout}${migrate.stderr}` : ''}`);
    const db = new pg.Client(postgresConfig(url.toString()));
    await db.connect();
    const tables = await db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('Activity', 'StatusEvent', 'ReporterToken', 'Setting')`);
    await db.end();
    check(tables.rows[0].n === 4, 'the PostgreSQL tables exist after migrating');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    step(`building with NOWLINE_STANDALONE=1 into ${DIST_DIR}…`);
    buildInto(DIST_DIR, { standalone: true, quiet: true });
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'nowline-standalone-'));
  const app = path.join(root, 'app');
  let server;
  try {
    step(`assembling the image layout in ${app}`);
    assemble(app);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: 'file:./data/nowline.db',
      NOWLINE_DIST_DIR: DIST_DIR,
      ADMIN_PASSWORD: 'standalone-check-password',
      // Short heartbeat and lifetime, so the check also sees a stream end itself cleanly.
      NOWLINE_HEARTBEAT_SECONDS: '0.2',
      NOWLINE_STREAM_MAX_SECONDS: '1',
    };

    step('migrating a fresh SQLite database from the assembled folder (as the container CMD does)');
    const migrate = spawnSync(process.execPath, ['scripts/prepare-db.js'], { cwd: app, env, encoding: 'utf8' });
    check(migrate.status === 0, `node scripts/prepare-db.js migrates in the image layout${migrate.status ? `\n${migrate.stdout}${migrate.stderr}` : ''}`);

    await checkPostgresMigrate(app, env);

    const token = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/token.ts', 'create', 'standalone-check'], {
      env: { ...process.env, DATABASE_URL: `file:${path.join(app, 'data/nowline.db')}` },
      encoding: 'utf8',
    });
    if (token.status !== 0) throw new Error(`token CLI failed: ${token.stderr}`);
    const reporterToken = token.stdout.trim().split('\n').at(-1);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    step(`starting node scripts/server.js on ${baseUrl}`);
    server = spawn(process.execPath, ['scripts/server.js'], { cwd: app, env: { ...env, PORT: String(port), HOSTNAME: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (d) => (output += d));
    server.stderr.on('data', (d) => (output += d));
    let health;
    try {
      health = await waitForHealth(baseUrl, { child: server, timeoutMs: 60_000 });
    } catch (error) {
      throw new Error(`${error.message}\n${output}`);
    }
    check(health.ok === true && health.database === 'sqlite', '/api/health answers ok on SQLite');

    const posted = await fetch(`${baseUrl}/api/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reporterToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'manual', text: STATUS_TEXT, emoji: '📦' }),
    });
    const snapshot = await posted.json();
    check(posted.status === 200 && snapshot.headline?.text === STATUS_TEXT, 'POST /api/status sets the status');

    const page = await fetch(`${baseUrl}/`);
    const html = await page.text();
    check(page.status === 200 && html.includes(STATUS_TEXT), '/ serves the status in the first HTML');
    const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
    check(Boolean(asset), 'the page links its static assets');
    const assetResponse = await fetch(`${baseUrl}${asset}`);
    check(assetResponse.status === 200, `static assets are served (${asset})`);

    // Ended by the server (lifetime 1 s) long before we would give up on it.
    const stream = await readStream(`${baseUrl}/api/status/stream`, 30_000);
    check(stream.status === 200 && stream.headers.get('content-type')?.startsWith('text/event-stream'), '/api/status/stream answers text/event-stream');
    // Next adds `Vary: rsc, …` to what it serves; the fast lane (lib/fast-lane.ts) does not.
    check(stream.headers.get('vary') === null, 'the stream is served by the fast lane, not through Next');
    check(typeof stream.retry === 'number', 'the stream starts with retry:');
    const first = stream.events[0];
    const data = first && JSON.parse(first.data);
    check(first?.event === 'status' && data.headline?.text === STATUS_TEXT && first.id === String(data.version), 'the stream sends the snapshot at once, with id = version');
    check(stream.comments.filter((c) => c === 'ping').length >= 2, `heartbeats arrive (${stream.comments.length} pings)`);
    // Not before its lifetime (less a little, for the shared timer's granularity); how late on a busy
    // machine is no failure.
    const ended = Math.round(stream.endedAfterMs ?? 0);
    check(stream.endedByServer && ended >= 600, `the stream ends itself at NOWLINE_STREAM_MAX_SECONDS=1 (after ${ended} ms)`);
    step('the standalone build starts with node and serves / and the stream');
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[check-standalone] FAILED: ${error.message}`);
  process.exit(1);
});
