// The time range of a history request: `from` and `to` as ISO instants or as days (YYYY-MM-DD) in
// the owner's zone, `to` inclusive of its whole day. Pure; a bad or too wide range is a 400.
import { z } from 'zod';
import { ApiError } from '../errors';
import { dayOf, DAY_PATTERN, isCalendarDay, nextDay, startOfDay } from './time-zone';

export const MAX_RANGE_DAYS = 366;
const DAY_MS = 24 * 60 * 60_000;
const isoInstant = z.iso.datetime({ offset: true });

export interface HistoryRange {
  from: number;
  to: number;
}

type Edge = 'from' | 'to';

function readEdge(name: Edge, value: string | null, timeZone: string): number | null {
  if (value === null || value === '') return null;
  if (DAY_PATTERN.test(value)) {
    if (!isCalendarDay(value)) throw invalid(name, 'is not a date in the calendar');
    return startOfDay(name === 'to' ? nextDay(value) : value, timeZone);
  }
  if (!isoInstant.safeParse(value).success)
    throw invalid(name, 'must be a day (YYYY-MM-DD) or an ISO date and time (2026-11-28T09:00:00Z)');
  return Date.parse(value);
}

function invalid(field: Edge | 'range', message: string) {
  return ApiError.invalid(`Invalid request — ${field}: ${message}`, [{ field, message }]);
}

/** Defaults: `to` now, `from` the start of the owner's day `to` falls in (so nothing given = today). */
export function parseHistoryRange(params: URLSearchParams, timeZone: string, now: number): HistoryRange {
  const to = readEdge('to', params.get('to'), timeZone) ?? now;
  const from = readEdge('from', params.get('from'), timeZone) ?? startOfDay(dayOf(to - 1, timeZone), timeZone);
  if (from >= to) throw invalid('range', '`from` must be before `to`');
  if (to - from > MAX_RANGE_DAYS * DAY_MS + 2 * 60 * 60_000)
    throw invalid('range', `spans more than ${MAX_RANGE_DAYS} days; ask in parts`);
  return { from, to };
}
