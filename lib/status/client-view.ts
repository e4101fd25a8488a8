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
