// The Prisma client, on globalThis: Next evaluates modules once per bundler layer, and a second
// client would open a second connection (and, on SQLite, a second writer).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { parseDatabaseUrl, postgresConfig } from './database-url.js';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgres/client';

/** Both generated clients declare the same models; the SQLite one's type stands for both. */
export type Db = SqliteClient;

/** The better-sqlite3 connection under the SQLite client. */
export type SqliteConnection = BetterSqlite3.Database;

interface DbEntry {
  url: string;
  db: Db;
  /** SQLite: the connection the adapter opened last (a new one after a reconnect). */
  sqlite?: SqliteConnection;
}

const globalForDb = globalThis as unknown as { __nowlineDb?: DbEntry };

export function databaseProvider(url = process.env.DATABASE_URL) {
  return parseDatabaseUrl(url || undefined).provider;
}

export function getDb(): Db {
  const url = process.env.DATABASE_URL || '';
  if (globalForDb.__nowlineDb?.url === url) return globalForDb.__nowlineDb.db;
  const target = parseDatabaseUrl(url || undefined);
  const entry: DbEntry = { url, db: undefined as unknown as Db };
  entry.db =
    target.provider === 'sqlite'
      ? new SqliteClient({ adapter: sqliteAdapter(target.file, (connection) => (entry.sqlite = connection)) })
      : (new PostgresClient({
          adapter: new PrismaPg({ ...postgresConfig(target.url), max: 10 }),
        }) as unknown as Db);
  globalForDb.__nowlineDb = entry;
  return entry.db;
}

/**
 * SQLite only: the connection the Prisma client holds, for statements run on it directly (the
 * ingest writes, lib/status/sqlite-writes.ts). The same connection, so SQLite keeps one writer.
 */
export async function getSqliteConnection(): Promise<SqliteConnection> {
  const db = getDb();
  const entry = globalForDb.__nowlineDb;
  if (!entry?.sqlite?.open) await db.$connect();
  const connection = entry?.sqlite;
  if (!connection?.open) throw new Error('The SQLite connection is not open (is DATABASE_URL a file: URL?)');
  return connection;
}

/**
 * SQLite, with each connection prepared as it opens: WAL lets readers run beside the writer,
 * NORMAL sync is durable across process crashes, and a writer waits up to 5 s for the lock.
 */
function sqliteAdapter(file: string, opened: (connection: SqliteConnection) => void): PrismaBetterSQLite3 {
  const factory = new PrismaBetterSQLite3({ url: file });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    opened(connectionOf(adapter));
    return adapter;
  };
  return factory;
}

/** The adapter keeps its better-sqlite3 database as `client` (not in its types; checked here, so an upgrade that moves it fails at connect). */
function connectionOf(adapter: object): SqliteConnection {
  const client = (adapter as { client?: Partial<SqliteConnection> }).client;
  if (typeof client?.prepare !== 'function' || typeof client.inTransaction !== 'boolean') {
    throw new Error('@prisma/adapter-better-sqlite3 no longer exposes its connection as `client`: see lib/db.ts');
  }
  return client as SqliteConnection;
}
