// Publishing the store's snapshot to this instance's streams. Bursts coalesce: at most one frame
// per NOWLINE_PUBLISH_INTERVAL_MS, and a trailing one so the last change is never lost. One timer
// follows the next expiry, so open pages see an activity go when its time is up.
import 'server-only';
import { env } from '../env';
import { broadcastFrame } from './bus';
import { nextExpiry } from './live';

export interface PublisherSource {
  /** The current snapshot as an SSE frame. */
  frame(now: number): Uint8Array;
  /** The activities whose expiries the timer follows. */
  activities(): readonly { expiresAt: string | null }[];
  /** An activity's time is up: anything computed before it is stale. */
  expired(): void;
}

export interface Publisher {
  /** Publishes now, or once at the end of the current interval if one went out within it. */
  request(): void;
  /** Arms the expiry timer for the source's earliest expiry still ahead (after its activities change). */
  scheduleExpiry(): void;
  /** Clears both timers (tests reset the process's state between files). */
  stop(): void;
}

export function createPublisher(source: PublisherSource): Publisher {
  let publishTimer: ReturnType<typeof setTimeout> | null = null;
  let lastPublishAt = 0;
  let expiryTimer: ReturnType<typeof setTimeout> | null = null;
  let expiryAt: number | null = null;

  function publishNow() {
    publishTimer = null;
    lastPublishAt = Date.now();
    broadcastFrame(source.frame(lastPublishAt));
  }

  function request() {
    if (publishTimer) return;
    const wait = lastPublishAt + env().NOWLINE_PUBLISH_INTERVAL_MS - Date.now();
    if (wait <= 0) return publishNow();
    publishTimer = setTimeout(publishNow, wait);
    publishTimer.unref?.();
  }

  function scheduleExpiry() {
    const now = Date.now();
    const next = nextExpiry(source.activities(), now);
    if (next === expiryAt && expiryTimer) return;
    if (expiryTimer) clearTimeout(expiryTimer);
    expiryTimer = null;
    expiryAt = next;
    if (next === null) return;
    // setTimeout holds at most 2^31-1 ms; a later expiry is re-armed when this one fires.
    const delay = Math.min(next - now + 5, 2 ** 31 - 1);
    expiryTimer = setTimeout(() => {
      expiryTimer = null;
      expiryAt = null;
      source.expired();
      request();
      scheduleExpiry();
    }, delay);
    expiryTimer.unref?.();
  }

  function stop() {
    if (publishTimer) clearTimeout(publishTimer);
    if (expiryTimer) clearTimeout(expiryTimer);
    publishTimer = expiryTimer = null;
    expiryAt = null;
  }

  return { request, scheduleExpiry, stop };
}
