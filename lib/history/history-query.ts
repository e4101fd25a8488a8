// Pure: /history's query → what to show. A bad value falls back to today with a note to say so
// (the page still answers 200), never an error page for a typo in a link.
import { DAY_PATTERN, isCalendarDay } from './time-zone';

export const RANGE_DAYS = { '7d': 7, '30d': 30 } as const;
export type RangeName = keyof typeof RANGE_DAYS;

export type HistoryView =
  | { view: 'day'; date: string; problem?: 'day' | 'futureDay' | 'range' }
  | { view: 'range'; range: RangeName; days: number };

type Query = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function parseHistoryQuery(query: Query, today: string): HistoryView {
  const range = single(query.range);
  if (range !== undefined) {
    if (range in RANGE_DAYS) return { view: 'range', range: range as RangeName, days: RANGE_DAYS[range as RangeName] };
    return { view: 'day', date: today, problem: 'range' };
  }
  const day = single(query.day);
  if (day === undefined || day === '') return { view: 'day', date: today };
  if (!DAY_PATTERN.test(day) || !isCalendarDay(day)) return { view: 'day', date: today, problem: 'day' };
  // Days compare as text: YYYY-MM-DD sorts in date order.
  if (day > today) return { view: 'day', date: today, problem: 'futureDay' };
  return { view: 'day', date: day };
}

export function previousDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
