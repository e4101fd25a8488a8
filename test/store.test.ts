// The store against a real SQLite database: the single write path, persistence, versions,
// expiry publishing and burst coalescing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAppGlobals, useTempSqlite } from './helpers/database';
import { recordingClient, sleep } from './helpers/sse-client';
import { subscribe, busStats } from '@/lib/status/bus';
import { clearActivity, getSnapshot, reportActivities } from '@/lib/status/store';
import { getDb } from '@/lib/db';

let db: ReturnType<typeof useTempSqlite>;
beforeEach(() => {
  db = useTempSqlite();
});
afterEach(async () => {
  await db.cleanup();
});

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
    expect(s.version).toBe(events[0].id);
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
    await sleep(80);
    expect(a.snapshots().at(-1)?.headline).toMatchObject({ kind: 'manual', text: 'Deep work' });
    expect(b.frames).toEqual(a.frames);
    offA();
    offB();
    expect(busStats()).toMatchObject({ subscribers: 0, heartbeatRunning: false });
  });

  it('publishes when an activity expires, without any new report', async () => {
    const r = recordingClient();
    const off = subscribe(r.client);
    await reportActivities([{ kind: 'manual', text: 'Short break', until: new Date(Date.now() + 1200).toISOString() }], 'admin');
    await sleep(100);
    expect(r.snapshots().at(-1)?.online).toBe(true);
    await sleep(1400);
    const last = r.snapshots().at(-1)!;
    expect(last.online).toBe(false);
    expect(last.lastActivity).toMatchObject({ kind: 'manual', text: 'Short break' });
    off();
  });

  it('coalesces a burst: fewer publishes than changes, and the last change is never lost', async () => {
    const r = recordingClient();
    const off = subscribe(r.client);
    await getSnapshot();
    const writes = [];
    for (let i = 1; i <= 30; i++) writes.push(reportActivities([{ kind: 'gaming', name: `Level ${i}` }], 'api'));
    await Promise.all(writes);
    await sleep(150);
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
});
