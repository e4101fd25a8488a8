// "Who is here now", pure: the open streams of this instance plus the latest count each other
// instance announced, leaving out instances not heard from for a while (stopped, or cut off).
/** An instance whose last count is older than this is gone: its visitors are not counted. */
export const VIEWERS_STALE_MS = 30_000;

export interface InstanceCount {
  count: number;
  /** When it was announced (ms since the epoch, the sender's clock). */
  at: number;
}

export function sumViewerCounts(local: number, others: ReadonlyMap<string, InstanceCount>, now: number, staleMs = VIEWERS_STALE_MS): number {
  let total = local;
  for (const { count, at } of others.values()) if (now - at <= staleMs) total += count;
  return total;
}

/** What one instance says on the wire: its id, its open streams, when. */
export interface ViewersNotice {
  i: string;
  c: number;
  at: number;
}

export function parseViewersNotice(payload: string | undefined): ViewersNotice | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<ViewersNotice>;
    const valid = typeof value.i === 'string' && Number.isSafeInteger(value.c) && (value.c ?? -1) >= 0 && Number.isFinite(value.at);
    return valid ? { i: value.i!, c: value.c!, at: value.at! } : null;
  } catch {
    return null;
  }
}
