// The importers on PostgreSQL with two instances sharing the database: the lease lets one read the
// services at a time, even when both start at once, and the other takes over when it stops.
import { describe, expect, it } from 'vitest';
import { isPostgresReachable } from './helpers/postgres';
import { withTwoInstances } from './helpers/two-instances';
import { sleep, waitUntil } from '../support/wait.js';

const reachable = await isPostgresReachable('postgres importers');

describe.skipIf(!reachable)('importers on PostgreSQL', () => {
  const otherInstance = withTwoInstances('nowline_importers');

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
    const runners = [instance(0, getDb), instance(1, () => otherInstance() as unknown as Db)];
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
