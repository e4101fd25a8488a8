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
      ? new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.file }) })
      : (new PostgresClient({
          adapter: new PrismaPg({ ...postgresConfig(target.url), max: 10 }),
        }) as unknown as Db);
  globalForDb.__nowlineDb = { url, db };
  return db;
}
