// Pure: the sessions of one of the owner's days → segments placed across that day (percentages of
// its real length, so a 23- or 25-hour day still fills the strip), hour ticks, and per-kind lanes.
import { dateTimeFormat } from '../i18n/intl-cache';
import type { ActivityKind } from '../status/schema';
import type { PublicSession } from './public-sessions';
import { nextDay, startOfDay } from './time-zone';

/** The order kinds are drawn and listed in (lanes top to bottom, the legend left to right). */
export const KIND_ORDER: readonly ActivityKind[] = ['coding', 'music', 'gaming', 'app', 'manual'];

export interface DayBounds {
  date: string;
  /** Instants (ms) where the day starts and the next one does. */
  start: number;
  end: number;
}

export interface DaySegment {
  session: PublicSession;
  /** The part of the session inside the day, as instants (ms). */
  from: number;
  to: number;
  /** Percentages of the day's length. */
  left: number;
  width: number;
}

export function dayBounds(date: string, timeZone: string): DayBounds {
  return { date, start: startOfDay(date, timeZone), end: startOfDay(nextDay(date), timeZone) };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The sessions that overlap the day, cut at its edges, oldest first. */
export function daySegments(sessions: readonly PublicSession[], day: DayBounds): DaySegment[] {
  const length = day.end - day.start;
  const segments: DaySegment[] = [];
  for (const session of sessions) {
    const from = Math.max(Date.parse(session.startedAt), day.start);
    const to = Math.min(Date.parse(session.endedAt), day.end);
    if (to < from || from >= day.end) continue;
    segments.push({
      session,
      from,
      to,
      left: round(((from - day.start) / length) * 100),
      width: round(((to - from) / length) * 100),
    });
  }
  return segments.sort((a, b) => a.from - b.from || a.session.id - b.session.id);
}

/** The kinds that have a segment, in KIND_ORDER: one lane each. */
export function lanesOf(segments: readonly DaySegment[]): ActivityKind[] {
  const present = new Set(segments.map((segment) => segment.session.kind));
  return KIND_ORDER.filter((kind) => present.has(kind));
}

/** Minutes past local midnight on the zone's wall clock. */
function wallMinutes(instant: number, timeZone: string): number {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/** Where the wall clock shows each of `hours` (e.g. 6, 12, 18) on the day, as percentages. */
export function hourTicks(day: DayBounds, timeZone: string, hours: readonly number[] = [6, 12, 18]) {
  const length = day.end - day.start;
  return hours.map((hour) => {
    const guess = day.start + hour * 3_600_000;
    // A day with a change of offset before `hour` is off by the change: move back onto the wall clock.
    const instant = guess - (wallMinutes(guess, timeZone) - hour * 60) * 60_000;
    return { hour, left: round(((instant - day.start) / length) * 100) };
  });
}
