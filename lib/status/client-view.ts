// Client side of expiry: the page hides an activity at its expiresAt on its own, even when no
// server event arrives (a closed laptop lid stops the reporter, not the visitor's page).
import { isLive } from './live';
import type { Snapshot } from './schema';

export function withClientExpiry(snapshot: Snapshot, now: number): Snapshot {
  const live = snapshot.activities.filter((a) => isLive(a, now));
  if (live.length === snapshot.activities.length) return snapshot;
  const gone = snapshot.activities.filter((a) => !isLive(a, now));
  const candidates = snapshot.lastActivity ? [...gone, snapshot.lastActivity] : gone;
  const lastActivity =
    live.length > 0
      ? null
      : candidates.reduce((best, a) => (Date.parse(a.updatedAt) > Date.parse(best.updatedAt) ? a : best));
  const lastSeenAt =
    lastActivity && (!snapshot.lastSeenAt || Date.parse(lastActivity.updatedAt) > Date.parse(snapshot.lastSeenAt))
      ? lastActivity.updatedAt
      : snapshot.lastSeenAt;
  return { ...snapshot, online: live.length > 0, activities: live, headline: live[0] ?? null, lastActivity, lastSeenAt };
}

/**
 * The server's clock as seen from this page, so expiry does not depend on the visitor's clock
 * (an hour off is common). Each snapshot's generatedAt is server time no later than its arrival,
 * so `generatedAt - arrival` is a lower bound on the offset; the largest one seen is kept. That
 * makes a stale frame (a new stream starts with the last change's frame, which may be old) and
 * network delay harmless: they only ever give a smaller bound.
 */
export interface ServerClock {
  /** Learns from a snapshot that has just arrived (the SSR payload at hydration, each SSE frame). */
  observe(snapshot: Pick<Snapshot, 'generatedAt'>): void;
  /** Server time now, in ms since the epoch. */
  now(): number;
  /** Server time minus device time, in ms. */
  offset(): number;
}

/**
 * The device's monotonic clock: unlike Date.now it does not jump when the visitor's wall clock is
 * corrected, so a bound learnt before the correction stays a true bound after it. (Where it pauses
 * during sleep, it only falls behind, and the next frame's larger bound corrects it.)
 */
const monotonicNow = () => performance.timeOrigin + performance.now();

export function createServerClock(first: Pick<Snapshot, 'generatedAt'>, deviceNow: () => number = monotonicNow): ServerClock {
  let offset = -Infinity;
  const clock: ServerClock = {
    observe(snapshot) {
      const generatedAt = Date.parse(snapshot.generatedAt);
      if (Number.isFinite(generatedAt)) offset = Math.max(offset, generatedAt - deviceNow());
    },
    now: () => deviceNow() + clock.offset(),
    offset: () => (Number.isFinite(offset) ? offset : 0),
  };
  clock.observe(first);
  return clock;
}
