// The owner's "today" for the homepage: coding time so far, tracks played, the last track.
import 'server-only';
import { listPublicSessions } from './list';
import { summarizeToday, type TodaySummary } from './summary';
import { dayOf, getOwnerTimeZone, startOfDay } from './time-zone';

export async function getTodaySummary(now = Date.now()): Promise<TodaySummary> {
  const timeZone = await getOwnerTimeZone();
  const from = startOfDay(dayOf(now, timeZone), timeZone);
  return summarizeToday(await listPublicSessions({ from, to: now, now }), { now, timeZone });
}
