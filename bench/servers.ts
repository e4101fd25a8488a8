// The servers under test: the built app (`node scripts/start.js`), the bare node:http reference,
// and, for the quick smoke run, the app's own route handlers behind node:http (no build needed).
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitForHealth } from '../test/support/server.js';
import { findServerPid, removeSqlite, startProcess, stopProcess } from './processes';
import { createTokenWithCli } from '../test/support/app-server';

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';

export interface Target {
  name: string;
  kind: 'app' | 'reference' | 'handlers';
  host: string;
  port: number;
  baseUrl: string;
  /** The process whose memory and CPU are read. */
  pid: number;
  token: string;
  databaseUrl: string | null;
  stop(): Promise<void>;
}

const NODE = JSON.stringify(process.execPath);

/** Every server the bench starts answers GET /__bench/gc (bench/gc-endpoint.js): memory is read after a full GC. */
const BENCH_GC_ENV = {
  NOWLINE_BENCH_GC: '1',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim(),
};

export interface AppOptions {
  port: number;
  name: string;
  logDir: string;
  distDir: string;
  databaseUrl?: string;
  /** Keep the existing database (a restart); otherwise a SQLite file is wiped first. */
  keepDatabase?: boolean;
  token?: string;
  env?: Record<string, string>;
  kind?: 'app' | 'handlers';
  /** Extra node flags for the server process itself (e.g. --cpu-prof); skips scripts/start.js. */
  nodeFlags?: string;
}

/**
 * Starts the app; when another process took its port between the probe and the listen (tests run
 * beside each other and ask the OS for free ports too), tries again on a port the OS picks.
 */
export async function startApp(options: AppOptions): Promise<Target> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOnce(options);
    } catch (error) {
      const log = readLog(`${options.logDir}/${options.name}-${options.port}.log`);
      if (attempt >= 3 || !log.includes('EADDRINUSE')) throw error;
      options = { ...options, port: await freePort() };
    }
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function startAppOnce(options: AppOptions): Promise<Target> {
  const databaseUrl = options.databaseUrl ?? `file:./data/bench-${options.name}-${options.port}.db`;
  if (databaseUrl.startsWith('file:') && !options.keepDatabase) removeSqlite(path.resolve(databaseUrl.slice(5)));
  const kind = options.kind ?? 'app';
  const command =
    kind === 'app' && options.nodeFlags
      ? `${NODE} scripts/prepare-db.js && exec ${NODE} ${options.nodeFlags} scripts/server.js -p ${options.port}`
      : kind === 'app'
        ? `${NODE} scripts/start.js -p ${options.port}`
        : `${NODE} --conditions=react-server --import tsx bench/handler-server.ts ${options.port}`;
  const child = startProcess(`${options.name}-${options.port}`, command, {
    logDir: options.logDir,
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      NOWLINE_DIST_DIR: options.distDir,
      NEXT_TELEMETRY_DISABLED: '1',
      ...BENCH_GC_ENV,
      ...options.env,
    },
  });
  const baseUrl = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHealth(baseUrl, { child });
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${(error as Error).message} (log: ${options.logDir}/${options.name}-${options.port}.log)`);
  }
  const token = options.token ?? createTokenWithCli(databaseUrl, 'bench');
  return targetFor(options.name, kind, options.port, child, token, databaseUrl);
}

function targetFor(
  name: string,
  kind: Target['kind'],
  port: number,
  child: ChildProcess,
  token: string,
  databaseUrl: string | null,
): Target {
  return {
    name,
    kind,
    host: '127.0.0.1',
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    pid: kind === 'reference' ? child.pid! : findServerPid(child.pid!),
    token,
    databaseUrl,
    stop: () => stopProcess(child),
  };
}

export async function startReference(options: {
  port: number;
  logDir: string;
  heartbeatSeconds: number;
}): Promise<Target> {
  const child = startProcess(
    `reference-${options.port}`,
    `${NODE} bench/reference-sse.js ${options.port} ${options.heartbeatSeconds}`,
    { logDir: options.logDir, env: BENCH_GC_ENV },
  );
  await waitForHealth(`http://127.0.0.1:${options.port}`, { child });
  return targetFor('reference', 'reference', options.port, child, '', null);
}

/** Creates a scratch Postgres database; returns its URL and a function that drops it. */
export async function createScratchPostgres(name: string): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 1500,
  });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
