// Days in the owner's time zone: where a calendar day starts and ends as an instant, and which day
// an instant falls on. The zone is read here and nowhere else in the history code.
import { getSiteSettings } from '../site/settings';

/** The owner's IANA time zone (NOWLINE_TIME_ZONE, or the one saved on /admin). */
export async function getOwnerTimeZone(): Promise<string> {
  return (await getSiteSettings()).timeZone;
}

export const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const formats = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: number, timeZone: string) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the zone. */
export function dayOf(instant: number, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant a calendar day (YYYY-MM-DD) starts in the zone; checked across a change of offset. */
export function startOfDay(day: string, timeZone: string): number {
  const [, y, m, d] = DAY_PATTERN.exec(day)!.map(Number) as [number, number, number, number];
  const wallMidnight = Date.UTC(y, m - 1, d);
  const first = wallMidnight - offsetAt(wallMidnight, timeZone);
  const second = wallMidnight - offsetAt(first, timeZone);
  return second;
}

export function nextDay(day: string): string {
  const [, y, m, d] = DAY_PATTERN.exec(day)!.map(Number) as [number, number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Whether YYYY-MM-DD names a real date (not 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  const match = DAY_PATTERN.exec(day);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === day;
}

export interface ZonedDay {
  date: string;
  /** ISO instants: where the day starts, and where the next one does. */
  start: string;
  end: string;
}

/** The owner's days that overlap [from, to), in order. */
export function daysBetween(from: number, to: number, timeZone: string): ZonedDay[] {
  const days: ZonedDay[] = [];
  for (let date = dayOf(from, timeZone); ; date = nextDay(date)) {
    const start = startOfDay(date, timeZone);
    if (start >= to) break;
    const end = startOfDay(nextDay(date), timeZone);
    days.push({ date, start: new Date(start).toISOString(), end: new Date(end).toISOString() });
  }
  return days;
}
