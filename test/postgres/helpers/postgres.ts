// Scratch PostgreSQL databases for the suites that need a real server (run by `npm run test:postgres`).
// The server comes from NOWLINE_TEST_POSTGRES_URL (default: the local one, trust auth); a suite
// skips itself, saying so, when it cannot reach it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresConfig } from '../../../lib/database-url.js';
import { prepareDatabase } from '../../../scripts/prepare-db.js';

export const POSTGRES_ADMIN_URL = process.env.NOWLINE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function withAdmin<T>(task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...postgresConfig(POSTGRES_ADMIN_URL), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

/** True when the test server answers; otherwise prints why the suite is skipped. */
export async function isPostgresReachable(suite: string): Promise<boolean> {
  try {
    await withAdmin((c) => c.query('SELECT 1'));
    return true;
  } catch (error) {
    console.warn(
      `\n[${suite}] SKIPPED: PostgreSQL is not reachable at ${redact(POSTGRES_ADMIN_URL)} (${(error as Error).message}).\n` +
        `  These tests need a PostgreSQL server; set NOWLINE_TEST_POSTGRES_URL to one where the user may create databases.\n`,
    );
    return false;
  }
}

function redact(url: string) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a unique name and applies the Postgres migrations to it. */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(POSTGRES_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    prepareDatabase({ quiet: true });
  } finally {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
  return {
    name,
    url,
    // FORCE ends connections still open (a server being stopped, a listener reconnecting).
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A plain connection to a scratch database, for reading and for acting as "another instance". */
export async function connectTo(url: string, applicationName = 'nowline-test'): Promise<pg.Client> {
  const client = new pg.Client({ ...postgresConfig(url), application_name: applicationName });
  await client.connect();
  return client;
}

/**
 * Ends the listening connection(s) of one database, as a network cut or a failover would: every
 * instance's, or one instance's when given its id (its /api/health `listener.instance`).
 */
export async function terminateListeners(database: string, instance?: string): Promise<number> {
  const applicationName = instance ? `nowline-listener-${instance}` : 'nowline-listener-%';
  return withAdmin(async (c) => {
    const result = await c.query(
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE $2',
      [database, applicationName],
    );
    return result.rowCount ?? 0;
  });
}

export async function countListeners(database: string): Promise<number> {
  return withAdmin(async (c) => {
    const result = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'nowline-listener-%'`, [database]);
    return result.rows[0].n as number;
  });
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, stepMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Makes a database refuse (or accept again) new connections, as an outage would. */
export async function allowConnections(database: string, allowed: boolean): Promise<void> {
  await withAdmin((c) => c.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS ${allowed}`));
}
