// Pure layout of the history views: segments across the owner's day (23- and 25-hour days too),
// hour ticks, chart scales, the query of /history, and the text that stands in for the pictures.
import { describe, expect, it } from 'vitest';
import { segmentText, todayParts, type HistoryLocale } from '@/components/history/history-format';
import { columns, niceMaxSeconds, shareOfLargest } from '@/lib/history/chart-scale';
import { dayBounds, daySegments, hourTicks, lanesOf } from '@/lib/history/day-layout';
import { parseHistoryQuery, previousDay } from '@/lib/history/history-query';
import type { PublicSession } from '@/lib/history/public-sessions';
import { messagesFor } from '@/lib/i18n/messages';
import type { Language } from '@/lib/i18n/languages';

const BERLIN = 'Europe/Berlin';
let nextId = 1;
function session(
  kind: PublicSession['kind'],
  startIso: string,
  endIso: string,
  fields: Partial<PublicSession> = {},
): PublicSession {
  return { id: nextId++, kind, source: 'api', startedAt: startIso, endedAt: endIso, ongoing: false, ...fields };
}
function locale(language: Language): HistoryLocale {
  const m = messagesFor(language);
  return { language, m: m.history, status: m.status, timeZone: BERLIN };
}

describe('segments across the owner’s day', () => {
  it('place sessions by their share of the day, cut at midnight, oldest first', () => {
    const day = dayBounds('2026-11-20', BERLIN); // 24 hours from 2026-11-19T23:00Z
    const segments = daySegments(
      [
        session('music', '2026-11-20T11:00:00Z', '2026-11-20T11:04:00Z'), // 12:00 local
        session('coding', '2026-11-19T22:00:00Z', '2026-11-20T05:00:00Z'), // from yesterday 23:00 to 06:00
        session('app', '2026-11-20T23:30:00Z', '2026-11-21T01:00:00Z'), // tomorrow
      ],
      day,
    );
    expect(segments.map((s) => [s.session.kind, s.left, s.width])).toEqual([
      ['coding', 0, 25],
      ['music', 50, 0.278],
    ]);
    expect(segments[0]!.from).toBe(day.start);
  });

  it('keep the wall clock on a 23-hour day (summer time starts) and a 25-hour day', () => {
    const spring = dayBounds('2026-03-29', BERLIN);
    expect(spring.end - spring.start).toBe(23 * 3_600_000);
    // 12:00–13:00 summer time is 10:00Z: 11 of 23 hours after midnight.
    const [noon] = daySegments([session('coding', '2026-03-29T10:00:00Z', '2026-03-29T11:00:00Z')], spring);
    expect([noon!.left, noon!.width]).toEqual([47.826, 4.348]);
    expect(hourTicks(spring, BERLIN)).toEqual([
      { hour: 6, left: 21.739 },
      { hour: 12, left: 47.826 },
      { hour: 18, left: 73.913 },
    ]);

    const autumn = dayBounds('2026-10-25', BERLIN);
    expect(autumn.end - autumn.start).toBe(25 * 3_600_000);
    expect(hourTicks(autumn, BERLIN).map((t) => t.left)).toEqual([28, 52, 76]);
    expect(hourTicks(dayBounds('2026-11-20', BERLIN), BERLIN).map((t) => t.left)).toEqual([25, 50, 75]);
  });

  it('give each kind present a lane, in a fixed order', () => {
    const day = dayBounds('2026-11-20', BERLIN);
    const segments = daySegments(
      [
        session('manual', '2026-11-20T08:00:00Z', '2026-11-20T09:00:00Z'),
        session('music', '2026-11-20T09:00:00Z', '2026-11-20T09:03:00Z'),
        session('coding', '2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z'),
      ],
      day,
    );
    expect(lanesOf(segments)).toEqual(['coding', 'music', 'manual']);
  });
});

describe('chart scales', () => {
  it('round the top of an axis of seconds up to whole hours, never to zero', () => {
    expect(niceMaxSeconds([])).toBe(1800);
    expect(niceMaxSeconds([0, 600])).toBe(1800);
    expect(niceMaxSeconds([3700])).toBe(2 * 3600);
    expect(niceMaxSeconds([5 * 3600])).toBe(6 * 3600);
    expect(niceMaxSeconds([30 * 3600])).toBe(30 * 3600);
  });

  it('make columns proportional to their value, standing on the baseline', () => {
    const bars = columns([3600, 1800, 0], { width: 300, height: 100, top: 3600 });
    expect(bars.map((b) => [b.x, b.y, b.width, b.height])).toEqual([
      [15, 0, 70, 100],
      [115, 50, 70, 50],
      [215, 100, 70, 0],
    ]);
    expect(shareOfLargest(30, 120)).toBe(25);
    expect(shareOfLargest(0, 0)).toBe(0);
  });
});

describe('the query of /history', () => {
  const today = '2026-11-20';
  it('picks a day, a range, or today with a note for a bad value', () => {
    expect(parseHistoryQuery({}, today)).toEqual({ view: 'day', date: today });
    expect(parseHistoryQuery({ day: '2026-11-02' }, today)).toEqual({ view: 'day', date: '2026-11-02' });
    expect(parseHistoryQuery({ range: '7d' }, today)).toEqual({ view: 'range', range: '7d', days: 7 });
    expect(parseHistoryQuery({ range: ['30d', '7d'] }, today)).toEqual({ view: 'range', range: '30d', days: 30 });
    expect(parseHistoryQuery({ day: '2026-02-30' }, today)).toEqual({ view: 'day', date: today, problem: 'day' });
    expect(parseHistoryQuery({ day: 'yesterday' }, today)).toEqual({ view: 'day', date: today, problem: 'day' });
    expect(parseHistoryQuery({ day: '2026-11-21' }, today)).toEqual({ view: 'day', date: today, problem: 'futureDay' });
    expect(parseHistoryQuery({ range: '365d' }, today)).toEqual({ view: 'day', date: today, problem: 'range' });
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
  });
});

describe('text in place of the pictures', () => {
  const day = dayBounds('2026-11-20', BERLIN);
  const [coding, song] = daySegments(
    [
      session('coding', '2026-11-20T08:10:00Z', '2026-11-20T10:40:00Z', { project: 'nowline', language: 'TypeScript' }),
      session('music', '2026-11-20T11:00:00Z', '2026-11-20T11:04:00Z', {
        title: 'VCR',
        artist: 'The xx',
        ongoing: true,
      }),
    ],
    day,
  );

  it('says each segment with its kind and times on the owner’s clock', () => {
    expect(segmentText(coding!, locale('en'))).toBe('Coding 09:10–11:40: nowline · TypeScript');
    expect(segmentText(song!, locale('en'))).toBe('Music 12:00–ongoing: VCR by The xx');
    expect(segmentText(coding!, locale('zh-CN'))).toBe('写代码，09:10 至 11:40: nowline · TypeScript');
  });

  it('makes the Today line from the summary, in the page’s language', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    const summary = {
      date: '2026-11-20',
      codingSeconds: 2 * 3600 + 10 * 60,
      tracksPlayed: 14,
      lastTrack: { title: 'Song', artist: 'Artist', startedAt: '2026-11-20T11:40:00Z', playing: false },
    };
    expect(todayParts(summary, now, locale('en'))).toEqual([
      '2 hrs 10 mins coding',
      '14 tracks',
      'last: Song by Artist, 20 min ago',
    ]);
    expect(todayParts(summary, now, locale('zh-CN'))).toEqual([
      '写代码 2小时10分钟',
      '听了 14 首歌',
      '最近：Artist 的《Song》，20分钟前',
    ]);
    expect(
      todayParts(
        { ...summary, codingSeconds: 0, tracksPlayed: 1, lastTrack: { ...summary.lastTrack, playing: true } },
        now,
        locale('en'),
      ),
    ).toEqual(['1 track', 'now playing: Song by Artist']);
  });
});
