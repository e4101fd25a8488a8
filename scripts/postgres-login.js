// Whether the PostgreSQL server the tests use lets them in: a TCP answer alone is not enough (a
// server that refuses the login would make every suite fail instead of skipping).
import pg from 'pg';
import { postgresConfig } from '../lib/database-url.js';

export const TEST_POSTGRES_URL = process.env.NOWLINE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Null when the server accepts the login and a query; otherwise why not, in a sentence. */
export async function postgresLoginProblem(url = TEST_POSTGRES_URL) {
  const client = new pg.Client({ ...postgresConfig(url), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const where = `${client.host}:${client.port}`;
    // An SQLSTATE code means a server answered and said no (a wrong role, password or database).
    return /^[0-9A-Z]{5}$/.test(error.code ?? '')
      ? `the server at ${where} refused the login as "${client.user}" (${error.message})`
      : `no PostgreSQL server reachable at ${where} (${error.message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
