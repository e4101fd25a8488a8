// What editor plugins show in their status bar, from the history: WakaTime's `statusbar/today`
// (wakatime-cli --today) and CodeTime's `user/minutes`, in their own wire formats.
import 'server-only';
import { listPublicSessions } from './list';
import { codingSeconds } from './summary';
import { dayOf, getOwnerTimeZone, nextDay, startOfDay } from './time-zone';

/** Coding time in [from, to), in seconds. */
async function codingSecondsBetween(from: number, to: number, now: number): Promise<number> {
  return codingSeconds(await listPublicSessions({ from, to, now }), { from, to });
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** WakaTime's duration object: `{ decimal: "1.50", digital: "1:30", hours, minutes, text: "1 hr 30 mins", total_seconds }`. */
export function wakatimeDuration(totalSeconds: number) {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const text = hours > 0 ? `${plural(hours, 'hr')} ${plural(minutes, 'min')}` : plural(minutes, 'min');
  return {
    decimal: (Math.floor((totalSeconds / 3600) * 100) / 100).toFixed(2),
    digital: `${hours}:${String(minutes).padStart(2, '0')}`,
    hours,
    minutes,
    text,
    total_seconds: totalSeconds,
  };
}

/** The body of `GET …/users/current/statusbar/today`: today's coding time in the owner's zone. */
export async function wakatimeStatusBar(now = Date.now()) {
  const timeZone = await getOwnerTimeZone();
  const date = dayOf(now, timeZone);
  const start = startOfDay(date, timeZone);
  const end = startOfDay(nextDay(date), timeZone);
  const seconds = await codingSecondsBetween(start, now, now);
  const total = wakatimeDuration(seconds);
  return {
    data: {
      categories: seconds > 0 ? [{ name: 'Coding', ...total, percent: 100 }] : [],
      grand_total: total,
      range: {
        date,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        text: 'Today',
        timezone: timeZone,
      },
    },
  };
}

/** At most a year back. */
export const CODETIME_MAX_MINUTES = 366 * 24 * 60;

/**
 * The body of CodeTime's `GET user/minutes?minutes=N`: coding minutes in the last N minutes (the
 * plugin asks for the time since its own midnight); without N, since the owner's midnight.
 */
export async function codetimeMinutes(lastMinutes: number | null, now = Date.now()) {
  const timeZone = await getOwnerTimeZone();
  const from = lastMinutes === null ? startOfDay(dayOf(now, timeZone), timeZone) : now - lastMinutes * 60_000;
  return { minutes: Math.floor((await codingSecondsBetween(from, now, now)) / 60) };
}
