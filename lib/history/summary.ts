// Pure summaries over public sessions (listPublicSessions), for the history page, the homepage's
// "Today" line, feeds and reporters' totals. Times are in seconds, counted inside an optional window.
import type { ActivityKind } from '../status/schema';
import type { PublicSession } from './public-sessions';
import { dayOf, startOfDay, nextDay, type ZonedDay } from './time-zone';

export interface Window {
  from: number;
  to: number;
}

export interface TimeEntry {
  /** null: sessions that did not say (no language, a hidden project). */
  name: string | null;
  seconds: number;
}

export interface PlayEntry {
  plays: number;
  seconds: number;
}

/** The seconds of a session inside the window (all of it when there is none). */
export function secondsIn(session: PublicSession, window?: Window): number {
  const start = Math.max(Date.parse(session.startedAt), window?.from ?? -Infinity);
  const end = Math.min(Date.parse(session.endedAt), window?.to ?? Infinity);
  return Math.max(0, Math.round((end - start) / 1000));
}

function totalBy(
  sessions: readonly PublicSession[],
  kind: ActivityKind,
  key: (s: PublicSession) => string | undefined,
  window?: Window,
): TimeEntry[] {
  const totals = new Map<string | null, number>();
  for (const session of sessions) {
    if (session.kind !== kind) continue;
    const seconds = secondsIn(session, window);
    if (seconds === 0) continue;
    const name = key(session) ?? null;
    totals.set(name, (totals.get(name) ?? 0) + seconds);
  }
  return [...totals]
    .map(([name, seconds]) => ({ name, seconds }))
    .sort((a, b) => b.seconds - a.seconds || String(a.name).localeCompare(String(b.name)));
}

export function codingSeconds(sessions: readonly PublicSession[], window?: Window): number {
  return sessions.reduce((sum, s) => (s.kind === 'coding' ? sum + secondsIn(s, window) : sum), 0);
}

/** Coding time on each of the owner's days (days from daysBetween). */
export function codingTimeByDay(
  sessions: readonly PublicSession[],
  days: readonly ZonedDay[],
): { date: string; seconds: number }[] {
  return days.map((day) => ({
    date: day.date,
    seconds: codingSeconds(sessions, { from: Date.parse(day.start), to: Date.parse(day.end) }),
  }));
}

export const codingTimeByLanguage = (sessions: readonly PublicSession[], window?: Window) =>
  totalBy(sessions, 'coding', (s) => s.language, window);
export const codingTimeByProject = (sessions: readonly PublicSession[], window?: Window) =>
  totalBy(sessions, 'coding', (s) => s.project, window);
export const gamesByTime = (sessions: readonly PublicSession[], window?: Window) =>
  totalBy(sessions, 'gaming', (s) => s.name, window);
export const appsByTime = (sessions: readonly PublicSession[], window?: Window) =>
  totalBy(sessions, 'app', (s) => s.name, window);

/** Tracks that started inside the window (a play counts where it began). */
function plays(sessions: readonly PublicSession[], window?: Window): PublicSession[] {
  return sessions.filter((s) => {
    if (s.kind !== 'music' || !s.title) return false;
    const start = Date.parse(s.startedAt);
    return !window || (start >= window.from && start < window.to);
  });
}

function topBy<T extends object>(
  sessions: readonly PublicSession[],
  identify: (s: PublicSession) => [string, T] | null,
  limit: number,
): (T & PlayEntry)[] {
  const entries = new Map<string, T & PlayEntry>();
  for (const session of sessions) {
    const identity = identify(session);
    if (!identity) continue;
    const [key, value] = identity;
    const entry = entries.get(key) ?? { ...value, plays: 0, seconds: 0 };
    entry.plays += 1;
    entry.seconds += secondsIn(session);
    entries.set(key, entry);
  }
  return [...entries.values()].sort((a, b) => b.plays - a.plays || b.seconds - a.seconds).slice(0, limit);
}

export function topArtists(
  sessions: readonly PublicSession[],
  { limit = 10, window }: { limit?: number; window?: Window } = {},
) {
  return topBy(
    plays(sessions, window),
    (s) => (s.artist ? [s.artist.toLowerCase(), { artist: s.artist }] : null),
    limit,
  );
}

export function topTracks(
  sessions: readonly PublicSession[],
  { limit = 10, window }: { limit?: number; window?: Window } = {},
) {
  return topBy(
    plays(sessions, window),
    (s) => [
      `${s.title!.toLowerCase()}\u0000${s.artist?.toLowerCase() ?? ''}`,
      { title: s.title!, ...(s.artist ? { artist: s.artist } : {}) },
    ],
    limit,
  );
}

export interface TodaySummary {
  /** The owner's day, YYYY-MM-DD. */
  date: string;
  codingSeconds: number;
  tracksPlayed: number;
  lastTrack: { title: string; artist?: string; album?: string; startedAt: string; playing: boolean } | null;
}

/** The owner's today: coding time so far, tracks started today, and the last track of the sessions given. */
export function summarizeToday(
  sessions: readonly PublicSession[],
  { now, timeZone }: { now: number; timeZone: string },
): TodaySummary {
  const date = dayOf(now, timeZone);
  const today = { from: startOfDay(date, timeZone), to: Math.min(now, startOfDay(nextDay(date), timeZone)) };
  const tracks = sessions.filter((s) => s.kind === 'music' && s.title);
  const last = tracks.reduce<PublicSession | null>(
    (latest, s) => (!latest || s.startedAt > latest.startedAt ? s : latest),
    null,
  );
  return {
    date,
    codingSeconds: codingSeconds(sessions, today),
    tracksPlayed: plays(sessions, today).length,
    lastTrack: last
      ? {
          title: last.title!,
          ...(last.artist ? { artist: last.artist } : {}),
          ...(last.album ? { album: last.album } : {}),
          startedAt: last.startedAt,
          playing: last.ongoing,
        }
      : null,
  };
}
