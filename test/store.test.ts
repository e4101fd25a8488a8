// The store against a real SQLite database: the single write path, persistence, versions,
// expiry publishing, burst coalescing and group commit.
import { describe, expect, it } from 'vitest';
import { resetAppGlobals, withTempSqlite } from './support/database';
import { defined } from './support/defined';
import { recordingClient } from './support/sse-client';
import { sleep, waitUntil } from './support/wait.js';
import { subscribe, busStats } from '@/lib/status/bus';
import { clearActivity, getRawActivities, getSnapshot, reportActivities, savePrivacyRules } from '@/lib/status/store';
import { DEFAULT_PRIVACY_RULES } from '@/lib/status/privacy/rules';
import { ApiError } from '@/lib/errors';
import { getDb } from '@/lib/db';

withTempSqlite();

describe('status store', () => {
  it('starts empty at version 0', async () => {
    const s = await getSnapshot();
    expect(s).toMatchObject({ version: 0, online: false, activities: [] });
  });

  it('persists a report, appends a StatusEvent and uses its id as the version', async () => {
    const s = await reportActivities([{ kind: 'coding', project: 'nowline', language: 'TypeScript' }], 'api');
    expect(s.online).toBe(true);
    expect(s.headline).toMatchObject({ kind: 'coding', project: 'nowline', source: 'api' });
    const events = await getDb().statusEvent.findMany();
    expect(events).toHaveLength(1);
    expect(s.version).toBe(events[0]?.id);
    const row = await getDb().activity.findUnique({ where: { kind: 'coding' } });
    expect(JSON.parse(row!.fields)).toMatchObject({ project: 'nowline', language: 'TypeScript' });
  });

  it('keeps the status and a monotonic version across a restart', async () => {
    await reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api');
    const before = await reportActivities([{ kind: 'app', name: 'Figma' }], 'api');
    resetAppGlobals(); // a new process: nothing in memory
    const after = await getSnapshot();
    expect(after.version).toBe(before.version);
    expect(after.activities.map((a) => a.kind).sort()).toEqual(['app', 'gaming']);
    const next = await reportActivities([{ kind: 'app', name: 'Figma' }], 'api');
    expect(next.version).toBeGreaterThan(before.version);
  });

  it('writes rows that read back exactly, times included, through Prisma and after a restart', async () => {
    const until = '2030-01-02T03:04:05.678+02:00';
    const before = await reportActivities(
      [{ kind: 'manual', text: 'Deep work', until }, { kind: 'music', title: 'Vantablack', artist: 'Dool' }],
      'api',
    );
    const row = await getDb().activity.findUnique({ where: { kind: 'manual' } });
    expect(row!.expiresAt!.toISOString()).toBe(new Date(until).toISOString());
    const manual = before.activities.find((a) => a.kind === 'manual')!;
    expect(row!.startedAt.toISOString()).toBe(manual.startedAt);
    const events = await getDb().statusEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.kind, e.action, e.source])).toEqual([['manual', 'set', 'api'], ['music', 'set', 'api']]);
    expect(Math.abs(events[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(JSON.parse(events[0]!.activity!)).toEqual(manual);
    resetAppGlobals();
    const after = await getSnapshot();
    expect(after.activities).toEqual(before.activities);
    expect(after.version).toBe(events[1]!.id);
  });

  it('replaces the activity of a kind and keeps startedAt while it continues', async () => {
    const first = await reportActivities([{ kind: 'music', title: 'Vantablack', artist: 'Dool' }], 'api');
    await sleep(5);
    const second = await reportActivities([{ kind: 'music', title: 'Vantablack', artist: 'Dool', positionMs: 1000, durationMs: 300_000 }], 'api');
    expect(second.activities).toHaveLength(1);
    expect(second.headline!.startedAt).toBe(first.headline!.startedAt);
    expect(second.headline!.updatedAt > first.headline!.updatedAt).toBe(true);
  });

  it('clears a kind but still names it as last seen', async () => {
    await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
    const cleared = await clearActivity('coding', 'api');
    expect(cleared.online).toBe(false);
    expect(cleared.lastActivity).toMatchObject({ kind: 'coding', project: 'nowline' });
    const events = await getDb().statusEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['set', 'clear']);
  });

  it('does not write an event when clearing a kind that is not live', async () => {
    const s = await clearActivity('gaming', 'api');
    expect(s.version).toBe(0);
    expect(await getDb().statusEvent.count()).toBe(0);
  });

  it('treats music with playing: false as a clear', async () => {
    await reportActivities([{ kind: 'music', title: 'Song' }], 'api');
    const s = await reportActivities([{ kind: 'music', playing: false }], 'api');
    expect(s.activities).toEqual([]);
  });

  it('publishes each change to open streams, serialised once', async () => {
    const a = recordingClient();
    const b = recordingClient();
    const offA = subscribe(a.client);
    const offB = subscribe(b.client);
    await getSnapshot();
    await reportActivities([{ kind: 'manual', text: 'Deep work', emoji: '🎧' }], 'admin');
    await waitUntil(() => a.snapshots().length > 0 && b.snapshots().length > 0);
    expect(a.snapshots().at(-1)?.headline).toMatchObject({ kind: 'manual', text: 'Deep work' });
    expect(b.frames).toEqual(a.frames);
    offA();
    offB();
    expect(busStats()).toMatchObject({ subscribers: 0, heartbeatRunning: false });
  });

  it('publishes when an activity expires, without any new report', async () => {
    const r = recordingClient();
    const off = subscribe(r.client);
    const set = await reportActivities([{ kind: 'manual', text: 'Short break', until: new Date(Date.now() + 1500).toISOString() }], 'admin');
    expect(set.online).toBe(true);
    // However late the timer fires on a busy machine, the expiry is published, and nothing is written.
    await waitUntil(() => r.snapshots().at(-1)?.online === false);
    const last = r.snapshots().at(-1)!;
    expect(last.version).toBe(set.version);
    expect(last.lastActivity).toMatchObject({ kind: 'manual', text: 'Short break' });
    expect(await getDb().statusEvent.count()).toBe(1);
    off();
  });

  it('coalesces a burst: fewer publishes than changes, and the last change is never lost', async () => {
    const r = recordingClient();
    const off = subscribe(r.client);
    await getSnapshot();
    const writes = [];
    for (let i = 1; i <= 30; i++) writes.push(reportActivities([{ kind: 'gaming', name: `Level ${i}` }], 'api'));
    await Promise.all(writes);
    await waitUntil(() => r.snapshots().at(-1)?.headline?.kind === 'gaming' && (r.snapshots().at(-1)?.headline as { name?: string }).name === 'Level 30');
    const snaps = r.snapshots();
    expect(snaps.length).toBeGreaterThan(0);
    expect(snaps.length).toBeLessThan(30);
    expect(snaps.at(-1)?.headline).toMatchObject({ kind: 'gaming', name: 'Level 30' });
    off();
  });

  it('serves the snapshot from memory once warm (no query per read)', async () => {
    await reportActivities([{ kind: 'app', name: 'Figma' }], 'api');
    await getDb().activity.deleteMany(); // behind the store's back
    const s = await getSnapshot();
    expect(s.headline).toMatchObject({ kind: 'app', name: 'Figma' });
  });

  describe('group commit', () => {
    it('commits concurrent reports together, one event per change in call order', async () => {
      await getSnapshot(); // warm, so every call below waits in the queue
      const calls = Array.from({ length: 50 }, (_, i) => reportActivities([{ kind: 'music', title: `Track ${i + 1}`, artist: 'Dool' }], 'api'));
      const results = await Promise.all(calls);

      const events = await getDb().statusEvent.findMany({ orderBy: { id: 'asc' } });
      expect(events).toHaveLength(50);
      expect(events.map((e) => JSON.parse(e.activity!).title)).toEqual(Array.from({ length: 50 }, (_, i) => `Track ${i + 1}`));
      // Each caller sees at least its own change; grouped callers share one snapshot.
      results.forEach((snapshot, i) => expect(snapshot.version).toBeGreaterThanOrEqual(defined(events[i], `event ${i}`).id));
      expect(new Set(results.map((r) => r.version)).size).toBeLessThan(50);

      const maxId = events.at(-1)!.id;
      const after = await getSnapshot();
      expect(after.version).toBe(maxId);
      expect(after.headline).toMatchObject({ kind: 'music', title: 'Track 50' });
      expect(results.at(-1)!.headline).toMatchObject({ kind: 'music', title: 'Track 50' });
      const row = await getDb().activity.findUnique({ where: { kind: 'music' } });
      expect(JSON.parse(row!.fields)).toMatchObject({ title: 'Track 50' });
    });

    it('builds each change of a batch on the one before it (startedAt continuity)', async () => {
      const first = await reportActivities([{ kind: 'music', title: 'Vantablack', artist: 'Dool' }], 'api');
      const startedAt = first.headline!.startedAt;
      await sleep(10);
      // Same song continues, another song, then the first song again: one batch.
      const results = await Promise.all([
        reportActivities([{ kind: 'music', title: 'Vantablack', artist: 'Dool' }], 'api'),
        reportActivities([{ kind: 'music', title: 'Oweynagat', artist: 'Dool' }], 'api'),
        reportActivities([{ kind: 'music', title: 'Vantablack', artist: 'Dool' }], 'api'),
      ]);
      expect(new Set(results.map((r) => r.version)).size).toBe(1);

      const events = await getDb().statusEvent.findMany({ orderBy: { id: 'asc' }, skip: 1 });
      const started = events.map((e) => JSON.parse(e.activity!).startedAt as string);
      expect(started).toHaveLength(3);
      expect(started[0]).toBe(startedAt); // continues the stored song
      expect(defined(started[1], 'the second start') > startedAt).toBe(true); // a new song starts now
      expect(started[2]).toBe(started[1]); // after the other song, it starts again: not the old startedAt
      expect((await getSnapshot()).headline!.startedAt).toBe(started[2]);
    });

    it('fails only the report the database refuses: the rest of its group commits one by one, in order, with one publish', async () => {
      await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
      const first = await getDb().statusEvent.findFirstOrThrow();
      // A real constraint in the database: events from this source are refused.
      await getDb().$executeRawUnsafe(
        `CREATE TRIGGER refuse_source BEFORE INSERT ON "StatusEvent" WHEN NEW.source = 'refused' BEGIN SELECT RAISE(ABORT, 'source refused'); END`,
      );
      // At least the publish interval (50 ms): the group's publish is not merged with this one's.
      await sleep(80);
      const r = recordingClient();
      const off = subscribe(r.client);

      const results = await Promise.allSettled([
        reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api'),
        reportActivities([{ kind: 'app', name: 'Figma' }], 'refused'),
        clearActivity('coding', 'api'),
        reportActivities([{ kind: 'music', title: 'Vantablack' }], 'api'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      // The trigger's own reason reaches the caller.
      expect(((results[1] as PromiseRejectedResult).reason as Error).message).toMatch(/source refused/);

      const events = await getDb().statusEvent.findMany({ where: { id: { gt: first.id } }, orderBy: { id: 'asc' } });
      expect(events.map((e) => `${e.action} ${e.kind}`)).toEqual(['set gaming', 'clear coding', 'set music']);
      const latest = events.at(-1)!.id;
      for (const result of results) if (result.status === 'fulfilled') expect(result.value.version).toBe(latest);
      const after = await getSnapshot();
      expect(after.version).toBe(latest);
      expect(after.activities.map((a) => a.kind).sort()).toEqual(['gaming', 'music']);
      expect((await getRawActivities()).map((a) => a.kind).sort()).toEqual(['coding', 'gaming', 'music']);
      expect((await getDb().activity.findMany()).map((a) => a.kind).sort()).toEqual(['coding', 'gaming', 'music']);

      // A publish per committed report would show earlier versions before the latest.
      await waitUntil(() => r.snapshots().some((s) => s.version === latest));
      expect(r.snapshots().map((s) => s.version)).toEqual([latest]);
      off();
    });

    it('rejects a lone report the database refuses and keeps memory unchanged', async () => {
      await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
      const before = await getSnapshot();
      const rawBefore = await getRawActivities();
      await getDb().$executeRawUnsafe(
        `CREATE TRIGGER refuse_source BEFORE INSERT ON "StatusEvent" WHEN NEW.source = 'refused' BEGIN SELECT RAISE(ABORT, 'source refused'); END`,
      );
      await expect(reportActivities([{ kind: 'app', name: 'Figma' }], 'refused')).rejects.toThrow(/source refused/);
      expect(await getSnapshot()).toMatchObject({ version: before.version, activities: before.activities });
      expect(await getRawActivities()).toEqual(rawBefore);
      expect(await getDb().statusEvent.count()).toBe(1);
      const next = await reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api');
      expect(next.version).toBeGreaterThan(before.version);
    });

    it('fails an invalid report alone, not the others of its batch', async () => {
      await getSnapshot();
      const results = await Promise.allSettled([
        reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api'),
        reportActivities([{ kind: 'manual', text: 'Too late', until: new Date(Date.now() - 60_000).toISOString() }], 'admin'),
        reportActivities([{ kind: 'app', name: 'Figma' }], 'api'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ApiError);
      const events = await getDb().statusEvent.findMany({ orderBy: { id: 'asc' } });
      expect(events.map((e) => e.kind)).toEqual(['gaming', 'app']);
    });

    it('keeps privacy rules in arrival order with the reports around them', async () => {
      await getSnapshot();
      const hideFigma = { ...DEFAULT_PRIVACY_RULES, apps: [{ match: 'Figma', regex: false, action: 'hide' as const }] };
      const [beforeRules, withRules, afterRules] = await Promise.all([
        reportActivities([{ kind: 'app', name: 'Figma' }], 'api'),
        savePrivacyRules(hideFigma),
        reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api'),
      ]);
      // The first report was committed (and answered) before the rules and the later report.
      expect(beforeRules.activities.map((a) => a.kind)).toEqual(['app']);
      expect(withRules.activities).toEqual([]);
      expect(afterRules.activities.map((a) => a.kind)).toEqual(['gaming']);
    });

    it('waits for a transaction Prisma holds open on the connection, and never joins it', async () => {
      await getSnapshot();
      let reported: ReturnType<typeof reportActivities> | undefined;
      await expect(
        getDb().$transaction(async (tx) => {
          await tx.setting.create({ data: { key: 'scratch', value: '1' } });
          reported = reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api');
          await sleep(50); // the group commit runs meanwhile
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const after = await defined(reported, 'the report');
      // Had the group written inside Prisma's transaction, the rollback would have taken it too.
      const events = await getDb().statusEvent.findMany();
      expect(events.map((e) => e.kind)).toEqual(['gaming']);
      expect(after.version).toBe(events[0]?.id);
      expect(await getDb().setting.count()).toBe(0);
    });

    it('writes nothing for a batch that only clears what is not live', async () => {
      await getSnapshot();
      const results = await Promise.all([clearActivity('gaming', 'api'), reportActivities([{ kind: 'music', playing: false }], 'api')]);
      expect(results.map((r) => r.version)).toEqual([0, 0]);
      expect(await getDb().statusEvent.count()).toBe(0);
    });
  });
});
