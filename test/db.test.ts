// The Prisma client on SQLite: every connection it opens is prepared before its first query.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { useTempSqlite } from './support/database';
import { getDb } from '@/lib/db';

let db: ReturnType<typeof useTempSqlite>;
beforeEach(() => {
  db = useTempSqlite();
});
afterEach(async () => {
  await db.cleanup();
});

it('opens SQLite in WAL mode, with NORMAL sync and a 5 s busy timeout', async () => {
  const client = getDb();
  const [journal] = await client.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
  const [sync] = await client.$queryRawUnsafe<{ synchronous: bigint | number }[]>('PRAGMA synchronous');
  const [busy] = await client.$queryRawUnsafe<{ timeout: bigint | number }[]>('PRAGMA busy_timeout');
  expect(journal?.journal_mode).toBe('wal');
  expect(Number(sync?.synchronous)).toBe(1); // NORMAL
  expect(Number(busy?.timeout)).toBe(5000);
});
