// What the browser's live view needs from the status model, without zod: the homepage bundle
// imports this module, not schema.ts.
export const STATUS_STREAM_URL = '/api/status/stream';
export const STATUS_EVENT = 'status';
/** "Who is here now": `data: {"count":N}`, sent only when the owner turned it on. */
export const VIEWERS_EVENT = 'viewers';

export function isLive(activity: { expiresAt: string | null }, now: number): boolean {
  return activity.expiresAt === null || Date.parse(activity.expiresAt) > now;
}

/** The earliest expiry still ahead, for the server's publish timer and the page's own clock; null if none. */
export function nextExpiry(activities: readonly { expiresAt: string | null }[], now: number): number | null {
  let next: number | null = null;
  for (const a of activities) {
    if (!a.expiresAt) continue;
    const t = Date.parse(a.expiresAt);
    if (t > now && (next === null || t < next)) next = t;
  }
  return next;
}
