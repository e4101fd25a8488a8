// The importers on PostgreSQL with two instances sharing the database: the lease lets one read the
// services at a time, even when both start at once, and the other takes over when it stops.
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresConfig } from '../../lib/database-url.js';
import { PrismaClient as PostgresClient } from '../../lib/generated/postgres/client';
import { createScratchDatabase, isPostgresReachable, type ScratchDatabase } from './helpers/postgres';
import { resetAppGlobals } from '../support/database';
import { sleep, waitUntil } from '../support/wait.js';

const reachable = await isPostgresReachable('postgres importers');

describe.skipIf(!reachable)('importers on PostgreSQL', () => {
  let database: ScratchDatabase;
  let other: PostgresClient;

  beforeAll(async () => {
    database = await createScratchDatabase('nowline_importers');
    process.env.DATABASE_URL = database.url;
    resetAppGlobals();
    other = new PostgresClient({ adapter: new PrismaPg(postgresConfig(database.url)) });
  });

  afterAll(async () => {
    const g = globalThis as { __nowlineDb?: { db: { $disconnect(): Promise<void> } } };
    await g.__nowlineDb?.db.$disconnect();
    await other?.$disconnect();
    resetAppGlobals();
    await database?.drop();
  });

  it('reads on one instance at a time, and the other takes over when it stops', async () => {
    const { getDb } = await import('@/lib/db');
    const { startImporters } = await import('@/lib/importers/runner');
    const { saveImporterSettings } = await import('@/lib/importers/settings');
    type Db = ReturnType<typeof getDb>;
    await saveImporterSettings('steam', { apiKey: 'C'.repeat(32), steamId: '76561197960287930' });

    const calls = [0, 0];
    const instance = (index: number, db: () => Db) =>
      startImporters({
        db,
        tickMs: 10,
        pollMs: 50,
        idleMs: 60_000,
        refreshMs: 30,
        urls: { lastfm: 'http://x.invalid', lanyard: 'ws://x.invalid', steam: 'http://x.invalid' },
        watching: () => true,
        readers: {
          lastfm: async () => [],
          lanyard: () => ({ close() {} }),
          steam: async () => (calls[index]!++, [{ kind: 'gaming', name: 'Dota 2', platform: 'Steam' }]),
        },
      });
    // Both at once: their first claims race for the same lease row.
    const runners = [instance(0, getDb), instance(1, () => other as unknown as Db)];
    try {
      await waitUntil(() => calls[0]! + calls[1]! >= 5);
      await sleep(300);
      const holder = calls[0]! > 0 ? 0 : 1;
      expect(calls[1 - holder]).toBe(0);

      await runners[holder]!.stop();
      const before = calls[holder]!;
      await waitUntil(() => calls[1 - holder]! > 0, { message: 'the other instance took the lease over' });
      expect(calls[holder]).toBe(before);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });
});
