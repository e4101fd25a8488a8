// What the homepage's "Today" and /history read: the owner's day or days as of now, and the public
// sessions in them (through listPublicSessions, so the privacy rules apply).
import 'server-only';
import { dayBounds, daySegments, type DayBounds, type DaySegment } from './day-layout';
import { parseHistoryQuery, previousDay, type HistoryView } from './history-query';
import { listPublicSessions } from './list';
import type { PublicSession } from './public-sessions';
import { summarizeToday, type TodaySummary, type Window } from './summary';
import { dayOf, daysBetween, getOwnerTimeZone, startOfDay, type ZonedDay } from './time-zone';

export interface TodayData {
  now: number;
  timeZone: string;
  day: DayBounds;
  segments: DaySegment[];
  summary: TodaySummary;
}

export async function readToday(now = Date.now()): Promise<TodayData> {
  const timeZone = await getOwnerTimeZone();
  const day = dayBounds(dayOf(now, timeZone), timeZone);
  const sessions = await listPublicSessions({ from: day.start, to: now, now });
  return {
    now,
    timeZone,
    day,
    segments: daySegments(sessions, day),
    summary: summarizeToday(sessions, { now, timeZone }),
  };
}

export type HistoryData = { now: number; timeZone: string; today: string; view: HistoryView } & (
  | { kind: 'day'; day: DayBounds; segments: DaySegment[] }
  | { kind: 'range'; sessions: PublicSession[]; days: ZonedDay[]; window: Window }
);

export async function readHistory(
  query: Record<string, string | string[] | undefined>,
  now = Date.now(),
): Promise<HistoryData> {
  const timeZone = await getOwnerTimeZone();
  const today = dayOf(now, timeZone);
  const view = parseHistoryQuery(query, today);
  const base = { now, timeZone, today, view };
  if (view.view === 'day') {
    const day = dayBounds(view.date, timeZone);
    const sessions = await listPublicSessions({ from: day.start, to: Math.min(day.end, now), now });
    return { ...base, kind: 'day', day, segments: daySegments(sessions, day) };
  }
  let first = today;
  for (let i = 1; i < view.days; i++) first = previousDay(first);
  const window = { from: startOfDay(first, timeZone), to: now };
  const sessions = await listPublicSessions({ ...window, now });
  return { ...base, kind: 'range', sessions, days: daysBetween(window.from, window.to, timeZone), window };
}
