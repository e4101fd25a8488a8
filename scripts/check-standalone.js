// Proves the container layout works without Docker: builds the standalone output, assembles it from
// the Dockerfile's COPY lines, runs the Dockerfile's CMD there (scripts/start.js --no-build: migrate a
// fresh SQLite database, serve with scripts/server.js) and checks that / serves the status and
// /api/status/stream sends the snapshot from the fast lane (and ends itself before its lifetime cap).
//   node scripts/check-standalone.js [--no-build]      (npm run test:standalone)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import { postgresConfig } from '../lib/database-url.js';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildInto } from './build-into.js';
import { collectMigrateDependencies } from './collect-migrate-deps.js';
import { freePort, stopProcess, waitForHealth } from '../test/support/server.js';
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

// The Dockerfile's runner stage builds into .next; this check builds into its own folder.
const inDistDir = (p) => p.replace(/^(\.\/)?\.next(?=\/|$)/, DIST_DIR);

/**
 * The image's /app, from the Dockerfile's own `COPY --from=build` lines (so a file the image lacks
 * is missing here too); /migrate/node_modules is what collect-migrate-deps.js gathers.
 */
function assemble(app, dockerfile) {
  const copies = [...dockerfile.matchAll(/^COPY --from=build (?:--chown=\S+ )?(\S+) (\S+)$/gm)];
  check(copies.length > 0, `the Dockerfile's runner stage copies ${copies.length} paths from the build`);
  for (const [, from, to] of copies) {
    if (from === '/migrate/node_modules') collectMigrateDependencies(app);
    else cpSync(inDistDir(from.replace(/^\/app\//, '')), path.join(app, inDistDir(to)), { recursive: true, dereference: true });
  }
}

/** The image's CMD (exec form), run with this node. */
function dockerCommand(dockerfile) {
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
  if (!cmd) throw new Error('the Dockerfile has no exec-form CMD');
  const [program, ...args] = JSON.parse(cmd[1]);
  if (program !== 'node') throw new Error(`the Dockerfile's CMD runs ${program}, not node`);
  return args;
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
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    step(`assembling the image layout in ${app}`);
    assemble(app, dockerfile);
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

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const command = dockerCommand(dockerfile);
    step(`running the image's CMD (node ${command.join(' ')}) on a fresh SQLite database, on ${baseUrl}`);
    server = spawn(process.execPath, command, {
      cwd: app,
      env: { ...env, PORT: String(port), HOSTNAME: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    server.stdout.on('data', (d) => (output += d));
    server.stderr.on('data', (d) => (output += d));
    let health;
    try {
      health = await waitForHealth(baseUrl, { child: server, timeoutMs: 60_000 });
    } catch (error) {
      throw new Error(`${error.message}\n${output}`);
    }
    check(output.includes('applying migrations') && !output.includes('building'), 'the CMD migrates and serves the prebuilt build without building');
    check(health.ok === true && health.database === 'sqlite', '/api/health answers ok on SQLite');

    await checkPostgresMigrate(app, env);

    const token = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/token.ts', 'create', 'standalone-check'], {
      env: { ...process.env, DATABASE_URL: `file:${path.join(app, 'data/nowline.db')}` },
      encoding: 'utf8',
    });
    if (token.status !== 0) throw new Error(`token CLI failed: ${token.stderr}`);
    const reporterToken = token.stdout.trim().split('\n').at(-1);

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
    if (server) await stopProcess(server);
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`[check-standalone] FAILED: ${error.message}`);
    process.exit(1);
  });
}
