// What the Today line and /history read, on a real SQLite database with a controlled clock: today's
// summary and strip, one day's sessions, the 7-day window, and privacy rules applied after the fact.
import { describe, expect, it, vi } from 'vitest';
import { readHistory, readToday } from '@/lib/history/history-pages';
import { getOwnerTimeZone } from '@/lib/history/time-zone';
import { privacyRulesSchema } from '@/lib/status/privacy/rules';
import { reportActivities, savePrivacyRules } from '@/lib/status/store';
import { withTempSqlite } from './support/database';
import { codeFor as codeOnClock, MINUTE, useHistoryClock } from './support/history-clock';

withTempSqlite();

// 10:00 in Berlin (UTC+1 in November).
const START = Date.parse('2026-11-20T09:00:00.000Z');
const codeFor = (project: string, fromMinute: number, toMinute: number) =>
  codeOnClock(START, project, fromMinute, toMinute);

describe('history pages read', () => {
  useHistoryClock(START);

  it('today: coding time, tracks, the last track, and segments across the owner’s day', async () => {
    expect(await getOwnerTimeZone()).toBe('Europe/Berlin');
    await codeFor('nowline', 0, 60);
    vi.setSystemTime(START + 70 * MINUTE);
    await reportActivities([{ kind: 'music', title: 'VCR', artist: 'The xx' }], 'api');
    vi.setSystemTime(START + 74 * MINUTE);
    await reportActivities([{ kind: 'music', title: 'Islands', artist: 'The xx' }], 'api');

    const today = await readToday(START + 80 * MINUTE);
    expect(today.day.date).toBe('2026-11-20');
    expect(today.summary).toMatchObject({ codingSeconds: 3600, tracksPlayed: 2, lastTrack: { title: 'Islands' } });
    const coding = today.segments.find((s) => s.session.kind === 'coding')!;
    // 10:00 to 11:00 of a 24-hour day.
    expect([coding.left, coding.width]).toEqual([41.667, 4.167]);
    expect(today.segments.map((s) => s.session.kind)).toEqual(['coding', 'music', 'music']);
  });

  it('a day shows its own sessions; a project hidden afterwards loses its name there too', async () => {
    await codeFor('acme-client', 0, 30);
    vi.setSystemTime(START + 2 * 24 * 60 * MINUTE);
    await codeFor('nowline', 2 * 24 * 60, 2 * 24 * 60 + 10);
    const now = Date.now();

    const earlier = await readHistory({ day: '2026-11-20' }, now);
    expect(earlier.kind === 'day' && earlier.segments.map((s) => s.session.project)).toEqual(['acme-client']);
    const other = await readHistory({ day: '2026-11-21' }, now);
    expect(other.kind === 'day' && other.segments).toEqual([]);

    await savePrivacyRules(privacyRulesSchema.parse({ projects: [{ match: 'acme-client', action: 'hide' }] }));
    const after = await readHistory({ day: '2026-11-20' }, now);
    expect(after.kind === 'day' && after.segments.map((s) => s.session.project ?? null)).toEqual([null]);

    const week = await readHistory({ range: '7d' }, now);
    expect(week.kind).toBe('range');
    if (week.kind !== 'range') return;
    expect(week.days.map((d) => d.date)).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    expect(JSON.stringify(week.sessions)).not.toContain('acme-client');
    expect(week.sessions.map((s) => s.project ?? null)).toEqual([null, 'nowline']);
  });

  it('a bad query reads today and says what was wrong', async () => {
    const data = await readHistory({ day: '2026-13-01' });
    expect(data.view).toEqual({ view: 'day', date: '2026-11-20', problem: 'day' });
    expect(data.kind === 'day' && data.day.date).toBe('2026-11-20');
  });
});
