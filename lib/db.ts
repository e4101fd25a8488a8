// The Prisma client, on globalThis: Next evaluates modules once per bundler layer, and a second
// client would open a second connection (and, on SQLite, a second writer).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { parseDatabaseUrl, postgresConfig } from './database-url.js';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgres/client';

/** Both generated clients declare the same models; the SQLite one's type stands for both. */
export type Db = SqliteClient;

const globalForDb = globalThis as unknown as { __nowlineDb?: { url: string; db: Db } };

export function databaseProvider(url = process.env.DATABASE_URL) {
  return parseDatabaseUrl(url || undefined).provider;
}

export function getDb(): Db {
  const url = process.env.DATABASE_URL || '';
  if (globalForDb.__nowlineDb?.url === url) return globalForDb.__nowlineDb.db;
  const target = parseDatabaseUrl(url || undefined);
  const db =
    target.provider === 'sqlite'
      ? new SqliteClient({ adapter: sqliteAdapter(target.file) })
      : (new PostgresClient({
          adapter: new PrismaPg({ ...postgresConfig(target.url), max: 10 }),
        }) as unknown as Db);
  globalForDb.__nowlineDb = { url, db };
  return db;
}

/**
 * SQLite, with each connection prepared as it opens: WAL lets readers run beside the writer,
 * NORMAL sync is durable across process crashes, and a writer waits up to 5 s for the lock.
 */
function sqliteAdapter(file: string): PrismaBetterSQLite3 {
  const factory = new PrismaBetterSQLite3({ url: file });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    return adapter;
  };
  return factory;
}
