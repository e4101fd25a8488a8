// Pure history helpers: days in the owner's zone, ranges, the public form of a session, summaries.
import { describe, expect, it } from 'vitest';
import { toPublicSession, type PublicSession } from '@/lib/history/public-sessions';
import { parseHistoryRange } from '@/lib/history/range';
import {
  appsByTime,
  codingTimeByDay,
  codingTimeByLanguage,
  codingTimeByProject,
  gamesByTime,
  summarizeToday,
  topArtists,
  topTracks,
} from '@/lib/history/summary';
import { dayOf, daysBetween, startOfDay } from '@/lib/history/time-zone';
import { DEFAULT_PRIVACY_RULES } from '@/lib/status/privacy/rules';

const BERLIN = 'Europe/Berlin';
let nextId = 1;
function session(
  kind: PublicSession['kind'],
  start: string,
  minutes: number,
  fields: Partial<PublicSession> = {},
): PublicSession {
  const startedAt = new Date(start).toISOString();
  const endedAt = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return { id: nextId++, kind, source: 'api', startedAt, endedAt, ongoing: false, ...fields };
}

describe('days in the owner’s zone', () => {
  it('start at local midnight, across a change to summer time', () => {
    expect(new Date(startOfDay('2026-11-20', BERLIN)).toISOString()).toBe('2026-11-19T23:00:00.000Z');
    expect(new Date(startOfDay('2026-07-01', BERLIN)).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(new Date(startOfDay('2026-03-29', 'America/New_York')).toISOString()).toBe('2026-03-29T04:00:00.000Z');
    const days = daysBetween(Date.parse('2026-03-28T12:00:00Z'), Date.parse('2026-03-30T00:00:00Z'), BERLIN);
    expect(days.map((d) => [d.date, d.start, d.end])).toEqual([
      ['2026-03-28', '2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z'],
      ['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'], // 23 hours long
      ['2026-03-30', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
    ]);
    expect(dayOf(Date.parse('2026-11-19T23:30:00Z'), BERLIN)).toBe('2026-11-20');
    expect(dayOf(Date.parse('2026-11-19T23:30:00Z'), 'UTC')).toBe('2026-11-19');
  });

  it('make the range of a request: days inclusive, nothing given = today so far', () => {
    const now = Date.parse('2026-11-20T15:00:00Z');
    const range = (query: string) => parseHistoryRange(new URLSearchParams(query), BERLIN, now);
    expect(range('')).toEqual({ from: Date.parse('2026-11-19T23:00:00Z'), to: now });
    expect(range('from=2026-11-01&to=2026-11-01')).toEqual({
      from: Date.parse('2026-10-31T23:00:00Z'),
      to: Date.parse('2026-11-01T23:00:00Z'),
    });
    expect(range('from=2026-11-20T10:00:00%2B02:00')).toEqual({ from: Date.parse('2026-11-20T08:00:00Z'), to: now });
    expect(() => range('from=2026-13-01')).toThrow(/from: is not a date/);
    expect(() => range('from=2025-11-01')).toThrow(/more than 366 days/);
  });
});

describe('the public form of a stored session', () => {
  const row = (kind: string, fields: object) => ({
    id: 7,
    kind,
    source: 'wakatime',
    fields: JSON.stringify(fields),
    startedAt: new Date('2026-11-20T09:00:00Z'),
    endedAt: new Date('2026-11-20T10:00:00Z'),
  });
  const context = { rules: DEFAULT_PRIVACY_RULES, now: Date.parse('2026-11-21T00:00:00Z'), from: 0, to: Infinity };

  it('never shows paths, home folders or git remotes, whatever is stored', () => {
    const coding = toPublicSession(
      row('coding', {
        project: '/home/ada/work/acme',
        language: 'Go',
        editor: 'git@github.com:ada/x.git',
        file: 'a.go',
      }),
      context,
    );
    const text = JSON.stringify(coding);
    expect(text).not.toMatch(/home|ada|github|a\.go/);
    expect(coding).toMatchObject({ project: 'acme', language: 'Go' });
    const app = toPublicSession(row('app', { name: 'Terminal', title: 'ada@box: ~/secret' }), context);
    expect(app).toEqual(expect.not.objectContaining({ title: expect.anything() }));
  });

  it('is null when the rules hide it (an app, a game, a player)', () => {
    const rules = {
      ...DEFAULT_PRIVACY_RULES,
      apps: [{ match: 'Slack', regex: false, action: 'hide' as const }],
      players: [{ match: 'Work.*', regex: true, action: 'hide' as const }],
    };
    expect(toPublicSession(row('app', { name: 'Slack' }), { ...context, rules })).toBeNull();
    expect(toPublicSession(row('music', { title: 'x', player: 'WorkPlayer' }), { ...context, rules })).toBeNull();
    expect(toPublicSession(row('app', { name: 'Figma' }), { ...context, rules })).toMatchObject({ name: 'Figma' });
  });
});

describe('summaries', () => {
  const sessions = [
    session('coding', '2026-11-19T22:30:00Z', 60, { project: 'nowline', language: 'TypeScript' }), // 30 min on each side of midnight in Berlin
    session('coding', '2026-11-20T08:00:00Z', 90, { project: 'nowline', language: 'Rust' }),
    session('coding', '2026-11-20T12:00:00Z', 30, { language: 'TypeScript' }), // a hidden project
    session('music', '2026-11-20T09:00:00Z', 3, { title: 'Intro', artist: 'The xx' }),
    session('music', '2026-11-20T09:03:00Z', 4, { title: 'VCR', artist: 'The xx' }),
    session('music', '2026-11-20T09:07:00Z', 3, { title: 'Intro', artist: 'The xx' }),
    session('music', '2026-11-20T09:10:00Z', 5, { title: 'Teardrop', artist: 'Massive Attack' }),
    session('gaming', '2026-11-20T18:00:00Z', 45, { name: 'Celeste' }),
    session('gaming', '2026-11-20T20:00:00Z', 60, { name: 'Hades' }),
    session('app', '2026-11-20T10:00:00Z', 20, { name: 'Figma' }),
  ];

  it('count coding time per day in the owner’s zone, per language and per project', () => {
    const days = daysBetween(Date.parse('2026-11-18T23:00:00Z'), Date.parse('2026-11-20T23:00:00Z'), BERLIN);
    expect(codingTimeByDay(sessions, days)).toEqual([
      { date: '2026-11-19', seconds: 30 * 60 },
      { date: '2026-11-20', seconds: (30 + 90 + 30) * 60 },
    ]);
    expect(codingTimeByLanguage(sessions)).toEqual([
      { name: 'Rust', seconds: 90 * 60 },
      { name: 'TypeScript', seconds: 90 * 60 },
    ]);
    expect(codingTimeByProject(sessions)).toEqual([
      { name: 'nowline', seconds: 150 * 60 },
      { name: null, seconds: 30 * 60 },
    ]);
  });

  it('rank artists and tracks by plays, games and apps by time', () => {
    expect(topArtists(sessions)).toEqual([
      { artist: 'The xx', plays: 3, seconds: 10 * 60 },
      { artist: 'Massive Attack', plays: 1, seconds: 5 * 60 },
    ]);
    expect(topTracks(sessions, { limit: 2 })).toEqual([
      { title: 'Intro', artist: 'The xx', plays: 2, seconds: 6 * 60 },
      { title: 'Teardrop', artist: 'Massive Attack', plays: 1, seconds: 5 * 60 },
    ]);
    expect(gamesByTime(sessions)).toEqual([
      { name: 'Hades', seconds: 3600 },
      { name: 'Celeste', seconds: 45 * 60 },
    ]);
    expect(appsByTime(sessions)).toEqual([{ name: 'Figma', seconds: 20 * 60 }]);
  });

  it('sum up today: coding so far, tracks played, the last track', () => {
    const today = summarizeToday(sessions, { now: Date.parse('2026-11-20T12:15:00Z'), timeZone: BERLIN });
    expect(today).toEqual({
      date: '2026-11-20',
      codingSeconds: (30 + 90 + 15) * 60,
      tracksPlayed: 4,
      lastTrack: { title: 'Teardrop', artist: 'Massive Attack', startedAt: '2026-11-20T09:10:00.000Z', playing: false },
    });
    expect(summarizeToday([], { now: Date.now(), timeZone: BERLIN })).toMatchObject({
      codingSeconds: 0,
      tracksPlayed: 0,
      lastTrack: null,
    });
  });
});
