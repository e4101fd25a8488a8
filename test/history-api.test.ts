// Reading history: listPublicSessions and GET /api/history on a real SQLite database, with the
// privacy rules applied at read time (a rule added today changes yesterday).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/history/route';
import { getDb } from '@/lib/db';
import { listPublicSessions } from '@/lib/history/list';
import { getTodaySummary } from '@/lib/history/today';
import { privacyRulesSchema } from '@/lib/status/privacy/rules';
import { reportActivities, saveGameRules, savePrivacyRules } from '@/lib/status/store';
import { withTempSqlite } from './support/database';

withTempSqlite();

// 10:00 in Berlin (UTC+1 in November).
const START = Date.parse('2026-11-20T09:00:00.000Z');
const MINUTE = 60_000;

async function codeFor(project: string, fromMinute: number, toMinute: number) {
  for (let minute = fromMinute; minute <= toMinute; minute += 5) {
    vi.setSystemTime(START + minute * MINUTE);
    await reportActivities(
      [{ kind: 'coding', project, language: 'TypeScript', file: '/home/ada/secret/a.ts' }],
      'wakatime',
    );
  }
}

const history = (query: string) => GET(new Request(`http://localhost/api/history${query}`));

describe('history reads', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hides a project from past sessions once a rule hides it, in listPublicSessions and /api/history', async () => {
    await codeFor('acme-client', 0, 30);
    await codeFor('nowline', 31, 60);
    vi.setSystemTime(START + 2 * 60 * MINUTE);
    const range = { from: START - 60 * MINUTE, to: Date.now() };
    expect((await listPublicSessions(range)).map((s) => s.project)).toEqual(['acme-client', 'nowline']);

    await savePrivacyRules(
      privacyRulesSchema.parse({
        projects: [
          { match: 'acme-client', action: 'hide' },
          { match: 'nowline', action: 'rename', replacement: 'Homepage' },
        ],
      }),
    );
    const sessions = await listPublicSessions(range);
    expect(sessions).toHaveLength(2);
    // The time still counts; the name is gone, the other renamed.
    expect(sessions[0]).not.toHaveProperty('project');
    expect(sessions[0]).toMatchObject({
      kind: 'coding',
      language: 'TypeScript',
      startedAt: new Date(START).toISOString(),
    });
    expect(sessions[1]).toMatchObject({ project: 'Homepage' });

    const res = await history('?from=2026-11-20&to=2026-11-20');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.json();
    const text = JSON.stringify(body);
    expect(text).not.toContain('acme-client');
    expect(text).not.toContain('nowline');
    expect(text).not.toContain('/home/ada');
    expect(body.sessions.map((s: { project?: string }) => s.project ?? null)).toEqual([null, 'Homepage']);
  });

  it('shows an app session that is a game as the game, as the live page does; an owner rule changes the past too', async () => {
    for (let minute = 0; minute <= 20; minute += 4) {
      vi.setSystemTime(START + minute * MINUTE);
      await reportActivities([{ kind: 'app', name: 'cs2.exe' }], 'mixspace');
    }
    for (let minute = 24; minute <= 40; minute += 4) {
      vi.setSystemTime(START + minute * MINUTE);
      await reportActivities([{ kind: 'app', name: 'MyIndieGame' }], 'mixspace');
    }
    vi.setSystemTime(START + 60 * MINUTE);
    const range = { from: START - 60 * MINUTE, to: Date.now() };
    const before = await listPublicSessions(range);
    expect(before.map((s) => [s.kind, s.name])).toEqual([
      ['gaming', 'Counter-Strike 2'],
      ['app', 'MyIndieGame'],
    ]);
    expect(JSON.stringify(before)).not.toContain('cs2.exe');

    await saveGameRules({ games: [{ app: 'MyIndieGame', name: 'My Indie Game' }], notGames: [] });
    expect((await listPublicSessions(range)).map((s) => [s.kind, s.name])).toEqual([
      ['gaming', 'Counter-Strike 2'],
      ['gaming', 'My Indie Game'],
    ]);
  });

  it('answers with the owner’s day boundaries for days, and the sessions overlapping them', async () => {
    await codeFor('nowline', 0, 10);
    vi.setSystemTime(START + 3 * 24 * 60 * MINUTE);
    const body = await (await history('?from=2026-11-19&to=2026-11-20')).json();
    expect(body).toMatchObject({
      from: '2026-11-18T23:00:00.000Z',
      to: '2026-11-20T23:00:00.000Z',
      timeZone: 'Europe/Berlin',
      days: [
        { date: '2026-11-19', start: '2026-11-18T23:00:00.000Z', end: '2026-11-19T23:00:00.000Z' },
        { date: '2026-11-20', start: '2026-11-19T23:00:00.000Z', end: '2026-11-20T23:00:00.000Z' },
      ],
    });
    expect(body.sessions).toEqual([
      {
        id: expect.any(Number),
        kind: 'coding',
        source: 'wakatime',
        project: 'nowline',
        language: 'TypeScript',
        startedAt: new Date(START).toISOString(),
        endedAt: new Date(START + 10 * MINUTE).toISOString(),
        ongoing: false,
      },
    ]);
    const other = await (await history('?from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z')).json();
    expect(other.sessions).toEqual([]);
  });

  it('shows what goes on now as ongoing, up to its latest report', async () => {
    await codeFor('nowline', 0, 10);
    vi.setSystemTime(START + 12 * MINUTE);
    const [session] = (await (await history('')).json()).sessions;
    expect(session).toMatchObject({
      project: 'nowline',
      ongoing: true,
      endedAt: new Date(START + 10 * MINUTE).toISOString(),
    });
  });

  it('sums up the owner’s today from the public sessions', async () => {
    await codeFor('nowline', 0, 40);
    await reportActivities(
      [{ kind: 'music', title: 'VCR', artist: 'The xx', durationMs: 180_000, positionMs: 0 }],
      'listenbrainz',
    );
    vi.setSystemTime(START + 45 * MINUTE);
    expect(await getTodaySummary()).toEqual({
      date: '2026-11-20',
      codingSeconds: 40 * 60,
      tracksPlayed: 1,
      lastTrack: {
        title: 'VCR',
        artist: 'The xx',
        startedAt: new Date(START + 40 * MINUTE).toISOString(),
        playing: false,
      },
    });
  });

  it('refuses bad and too wide ranges with a 400 that names the problem, CORS open', async () => {
    const cases: [string, string][] = [
      ['?from=yesterday', 'from'],
      ['?to=2026-02-30', 'to'],
      ['?from=2026-11-20&to=2026-11-19', 'range'],
      ['?from=2024-01-01&to=2026-01-01', 'range'],
      ['?from=2026-11-20T10:00:00', 'from'],
    ];
    for (const [query, field] of cases) {
      const res = await history(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const { error } = await res.json();
      expect(error).toMatchObject({ code: 'invalid_request', fields: [{ field }] });
    }
    expect((await history('?from=2025-11-20&to=2026-11-20')).status).toBe(200); // 366 days
    expect(await getDb().activitySession.count()).toBe(0);
  });
});
