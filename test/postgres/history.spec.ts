// History on PostgreSQL: sessions written in the store's write transaction (one per continuous
// activity, continued after a restart), read back through the privacy rules, pruned, and the
// recent reports kept in the database.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScratchDatabase, isPostgresReachable, type ScratchDatabase } from './helpers/postgres';
import { resetAppGlobals } from '../support/database';

const reachable = await isPostgresReachable('postgres history');
const START = Date.parse('2026-11-20T09:00:00.000Z');
const MINUTE = 60_000;

describe.skipIf(!reachable)('history on PostgreSQL', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('nowline_history');
    process.env.DATABASE_URL = database.url;
  });
  afterAll(async () => {
    await freshProcess();
    await database?.drop();
  });
  beforeEach(async () => {
    await freshProcess();
    const { getDb } = await import('@/lib/db');
    await getDb().$executeRawUnsafe('TRUNCATE "Activity", "StatusEvent", "Setting", "ActivitySession", "RecentReport"');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function freshProcess() {
    const { stopPgListener } = await import('@/lib/status/pg-notify');
    await stopPgListener();
    const g = globalThis as { __nowlineDb?: { db: { $disconnect(): Promise<void> } } };
    await g.__nowlineDb?.db.$disconnect();
    resetAppGlobals();
  }

  it('writes one session per continuous activity, continues it after a restart, and reads it through the rules', async () => {
    const { reportActivities, savePrivacyRules } = await import('@/lib/status/store');
    const { getDb } = await import('@/lib/db');
    for (let minute = 0; minute <= 30; minute += 2) {
      vi.setSystemTime(START + minute * MINUTE);
      await reportActivities([{ kind: 'coding', project: 'acme', language: 'Go' }], 'wakatime');
    }
    await freshProcess(); // a new process picks up the open session
    vi.setSystemTime(START + 32 * MINUTE);
    await reportActivities([{ kind: 'coding', project: 'acme', language: 'Go' }], 'wakatime');
    vi.setSystemTime(START + 40 * MINUTE);
    await reportActivities([{ kind: 'coding', project: 'nowline', language: 'Go' }], 'wakatime');
    const rows = await getDb().activitySession.findMany({ orderBy: { id: 'asc' } });
    expect(
      rows.map((r) => [JSON.parse(r.fields).project, r.startedAt.getTime() - START, r.endedAt.getTime() - START]),
    ).toEqual([
      ['acme', 0, 40 * MINUTE],
      ['nowline', 40 * MINUTE, 40 * MINUTE],
    ]);

    const { privacyRulesSchema } = await import('@/lib/status/privacy/rules');
    await savePrivacyRules(privacyRulesSchema.parse({ projects: [{ match: 'acme', action: 'hide' }] }));
    const { listPublicSessions } = await import('@/lib/history/list');
    const sessions = await listPublicSessions({ from: START - MINUTE, to: START + 60 * MINUTE });
    expect(sessions.map((s) => s.project ?? null)).toEqual([null, 'nowline']);
  });

  it('builds sessions from old events once, prunes old events but the newest, keeps reports across a restart', async () => {
    const { getDb } = await import('@/lib/db');
    const old = (minutes: number, project: string) => ({
      createdAt: new Date(START - 10 * 24 * 60 * MINUTE + minutes * MINUTE),
      kind: 'coding',
      action: 'set',
      source: 'api',
      activity: JSON.stringify({
        kind: 'coding',
        project,
        source: 'api',
        startedAt: '',
        updatedAt: '',
        expiresAt: new Date(START).toISOString(),
      }),
    });
    await getDb().statusEvent.createMany({ data: [old(0, 'a'), old(5, 'a'), old(9, 'b')] });
    const { getSnapshot } = await import('@/lib/status/store');
    await getSnapshot();
    expect(await getDb().activitySession.count()).toBe(2);

    const { pruneHistory } = await import('@/lib/history/prune');
    const pruned = await pruneHistory(getDb(), { now: START, eventRetentionDays: 7, sessionRetentionDays: 0 });
    expect(pruned.events).toBe(2);
    expect(await getDb().statusEvent.count()).toBe(1);

    const { recordReport, listRecentReports } = await import('@/lib/status/reports');
    recordReport({ tokenName: 'laptop', protocol: 'api', raw: { kind: 'app' }, published: [] });
    await listRecentReports();
    await freshProcess();
    expect((await listRecentReports()).map((r) => r.raw)).toEqual([{ kind: 'app' }]);
  });
});
