// Pruning and the one-off backfill, on a real SQLite database.
import { describe, expect, it, vi } from 'vitest';
import { resetAppGlobals, withTempSqlite } from './support/database';
import { getDb } from '@/lib/db';
import { parseEnv } from '@/lib/env';
import { pruneHistory, scheduleHistoryPruning } from '@/lib/history/prune';
import { waitUntil } from './support/wait.js';
import { getSnapshot, reportActivities } from '@/lib/status/store';

withTempSqlite();

const DAY = 24 * 60 * 60_000;
const NOW = Date.parse('2026-11-28T12:00:00.000Z');

function event(daysAgo: number, activity: object | null = null, action = activity ? 'set' : 'clear') {
  const kind = (activity as { kind?: string } | null)?.kind ?? 'coding';
  return {
    createdAt: new Date(NOW - daysAgo * DAY),
    kind,
    action,
    source: 'api',
    activity: activity ? JSON.stringify(activity) : null,
  };
}

describe('pruning', () => {
  it('deletes events older than the retention, but never the newest one', async () => {
    await getDb().statusEvent.createMany({ data: [event(30), event(10), event(8), event(2), event(9)] });
    const ids = (await getDb().statusEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => e.id);
    const result = await pruneHistory(getDb(), { now: NOW, eventRetentionDays: 7, sessionRetentionDays: 0 });
    expect(result.events).toBe(3);
    const left = await getDb().statusEvent.findMany({ orderBy: { id: 'asc' } });
    // The 9-day-old one is the newest: its id is the version, so it stays.
    expect(left.map((e) => e.id)).toEqual([ids[3], ids[4]]);
  });

  it('keeps the version monotonic after everything old is gone (AUTOINCREMENT never reuses an id)', async () => {
    await getDb().statusEvent.createMany({ data: [event(30), event(20)] });
    const before = (await getSnapshot()).version;
    await pruneHistory(getDb(), { now: NOW, eventRetentionDays: 7, sessionRetentionDays: 0 });
    await getDb().statusEvent.deleteMany(); // even with the table empty
    resetAppGlobals();
    const next = await reportActivities([{ kind: 'app', name: 'Figma' }], 'api');
    expect(next.version).toBeGreaterThan(before);
  });

  it('deletes events in batches until none older is left', async () => {
    await getDb().statusEvent.createMany({ data: Array.from({ length: 2500 }, () => event(20)).concat([event(0)]) });
    const result = await pruneHistory(getDb(), { now: NOW, eventRetentionDays: 7, sessionRetentionDays: 0 });
    expect(result.events).toBe(2500);
    expect(await getDb().statusEvent.count()).toBe(1);
  });

  it('keeps sessions forever by default, and for the retention when one is set (the newest of a kind stays)', async () => {
    const session = (kind: string, endedDaysAgo: number) => ({
      kind,
      source: 'api',
      fields: '{}',
      startedAt: new Date(NOW - endedDaysAgo * DAY - 60_000),
      endedAt: new Date(NOW - endedDaysAgo * DAY),
    });
    await getDb().activitySession.createMany({
      data: [session('coding', 400), session('coding', 100), session('coding', 1), session('manual', 500)],
    });
    expect((await pruneHistory(getDb(), { now: NOW, eventRetentionDays: 7, sessionRetentionDays: 0 })).sessions).toBe(
      0,
    );
    expect((await pruneHistory(getDb(), { now: NOW, eventRetentionDays: 7, sessionRetentionDays: 365 })).sessions).toBe(
      1,
    );
    const left = await getDb().activitySession.findMany({ orderBy: { id: 'asc' } });
    expect(left.map((s) => [s.kind, Math.round((NOW - s.endedAt.getTime()) / DAY)])).toEqual([
      ['coding', 100],
      ['coding', 1],
      ['manual', 500],
    ]);
  });
});

describe('pruning settings and schedule', () => {
  it('reads the retentions from the environment: 7 days of events and sessions forever by default', () => {
    expect(parseEnv({})).toMatchObject({ NOWLINE_EVENT_RETENTION_DAYS: 7, NOWLINE_SESSION_RETENTION_DAYS: 0 });
    expect(parseEnv({ NOWLINE_EVENT_RETENTION_DAYS: '30', NOWLINE_SESSION_RETENTION_DAYS: '365' })).toMatchObject({
      NOWLINE_EVENT_RETENTION_DAYS: 30,
      NOWLINE_SESSION_RETENTION_DAYS: 365,
    });
    expect(() => parseEnv({ NOWLINE_EVENT_RETENTION_DAYS: '0' })).toThrow(/NOWLINE_EVENT_RETENTION_DAYS/);
    expect(() => parseEnv({ NOWLINE_SESSION_RETENTION_DAYS: '-1' })).toThrow(/NOWLINE_SESSION_RETENTION_DAYS/);
  });

  it('runs at start and then every hour', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const old = () => ({ createdAt: new Date(Date.now() - 30 * DAY), kind: 'app', action: 'clear', source: 'api' });
    try {
      await getDb().statusEvent.createMany({ data: [old(), old()] });
      const stop = scheduleHistoryPruning();
      await waitUntil(async () => (await getDb().statusEvent.count()) === 1); // at start
      await getDb().statusEvent.createMany({ data: [old(), old()] });
      // Not before the hour is up; then everything old goes but the newest of the new rows.
      vi.advanceTimersByTime(59 * 60_000);
      expect(await getDb().statusEvent.count()).toBe(3);
      vi.advanceTimersByTime(60_000);
      await waitUntil(async () => (await getDb().statusEvent.count()) === 1);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('backfill', () => {
  it('builds sessions from the stored events once, at the first start', async () => {
    const coding = (project: string, minutes: number) => ({
      kind: 'coding',
      project,
      source: 'wakatime',
      startedAt: new Date(NOW).toISOString(),
      updatedAt: new Date(NOW + minutes * 60_000).toISOString(),
      expiresAt: new Date(NOW + (minutes + 10) * 60_000).toISOString(),
    });
    const at = (minutes: number, activity: object | null, action?: string) => ({
      ...event(0, activity, action),
      createdAt: new Date(NOW + minutes * 60_000),
    });
    await getDb().statusEvent.createMany({
      data: [
        at(0, coding('nowline', 0)),
        at(5, coding('nowline', 5)),
        at(9, coding('website', 9)),
        at(12, null, 'clear'),
        { ...at(14, null, 'rules'), kind: 'privacy' },
      ],
    });
    await getSnapshot(); // the first start
    const rows = await getDb().activitySession.findMany({ orderBy: { id: 'asc' } });
    expect(
      rows.map((r) => [JSON.parse(r.fields).project, r.startedAt.getTime() - NOW, r.endedAt.getTime() - NOW]),
    ).toEqual([
      ['nowline', 0, 9 * 60_000],
      ['website', 9 * 60_000, 12 * 60_000],
    ]);
    resetAppGlobals(); // a second start does not build them again
    await getDb().activitySession.deleteMany();
    await getSnapshot();
    expect(await getDb().activitySession.count()).toBe(0);
  });
  it('reads a long event log in batches: 2,100 reports of one project over 7 hours are one session', async () => {
    const data = Array.from({ length: 2100 }, (_, i) => {
      const at = NOW + i * 12_000;
      const activity = {
        kind: 'coding',
        project: 'nowline',
        source: 'api',
        startedAt: new Date(NOW).toISOString(),
        updatedAt: new Date(at).toISOString(),
        expiresAt: new Date(at + 600_000).toISOString(),
      };
      return {
        createdAt: new Date(at),
        kind: 'coding',
        action: 'set',
        source: 'api',
        activity: JSON.stringify(activity),
      };
    });
    await getDb().statusEvent.createMany({ data });
    await getSnapshot();
    const rows = await getDb().activitySession.findMany();
    expect(rows.map((r) => [r.startedAt.getTime() - NOW, r.endedAt.getTime() - NOW])).toEqual([[0, 2099 * 12_000]]);
  });
});
