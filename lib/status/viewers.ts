// "Who is here now" (off unless the owner turns on showViewers): every 5 s at most, the number of
// open streams summed over instances goes to every open page as `event: viewers`, only when it
// changed. Off, nothing runs: no timer, no NOTIFY. On PostgreSQL each instance announces its own
// count on a channel of its own (pg-notify.ts) when it changes, and every 10 s while it has
// visitors, so the others can drop an instance that went quiet (viewers-count.ts).
import 'server-only';
import { databaseProvider } from '../db';
import { encodeEvent } from '../sse';
import { broadcastFrame, busStats } from './bus';
import { VIEWERS_EVENT } from './live';
import { sumViewerCounts, VIEWERS_STALE_MS, type InstanceCount, type ViewersNotice } from './viewers-count';

const TICK_MS = 5000;
const ANNOUNCE_EVERY_MS = 10_000;

interface ViewersState {
  timer: ReturnType<typeof setInterval> | null;
  /** The total last sent to the pages; null before the first tick. */
  sent: number | null;
  others: Map<string, InstanceCount>;
  announced: InstanceCount | null;
}

// On globalThis like the bus: one timer per process whichever bundler layer turns it on.
const globalForViewers = globalThis as unknown as { __nowlineViewers?: ViewersState };

function state(): ViewersState {
  return (globalForViewers.__nowlineViewers ??= { timer: null, sent: null, others: new Map(), announced: null });
}

const viewersFrameOf = (count: number) => encodeEvent({ event: VIEWERS_EVENT, data: JSON.stringify({ count }) });

/** Turns the count on or off; called whenever the store holds new site settings. */
export function setViewersEnabled(enabled: boolean): void {
  const s = state();
  if (enabled && !s.timer) {
    s.timer = setInterval(() => void tick(s), TICK_MS);
    s.timer.unref?.();
    void tick(s);
  } else if (!enabled && s.timer) {
    clearInterval(s.timer);
    Object.assign(s, { timer: null, sent: null, announced: null });
    s.others.clear();
  }
}

/** The last count sent, for a stream that opens now (it may not change for a while); null when off. */
export function currentViewersFrame(): Uint8Array | null {
  const s = state();
  return s.timer && s.sent !== null ? viewersFrameOf(s.sent) : null;
}

/** Open pages on every instance when the count is on; otherwise this instance's own. */
export function watchingCount(): number {
  const s = state();
  return Math.max(busStats().subscribers, s.timer && s.sent !== null ? s.sent : 0);
}

/** Another instance's announcement (pg-notify.ts), timed by this clock: instances' clocks may differ. */
export function receiveViewersNotice(notice: ViewersNotice, ownId: string, now = Date.now()): void {
  const s = state();
  if (notice.i === ownId || !s.timer) return;
  s.others.set(notice.i, { count: notice.c, at: now });
}

async function tick(s: ViewersState): Promise<void> {
  const now = Date.now();
  const local = busStats().subscribers;
  if (databaseProvider() === 'postgresql') await announce(s, local, now);
  for (const [id, count] of s.others) if (now - count.at > VIEWERS_STALE_MS) s.others.delete(id);
  const total = sumViewerCounts(local, s.others, now);
  if (total === s.sent || !s.timer) return;
  s.sent = total;
  broadcastFrame(viewersFrameOf(total));
}

async function announce(s: ViewersState, local: number, now: number): Promise<void> {
  const last = s.announced;
  const due = !last || last.count !== local || (local > 0 && now - last.at >= ANNOUNCE_EVERY_MS);
  if (!due) return;
  try {
    const { announceViewers } = await import('./pg-notify');
    await announceViewers(local, now);
    s.announced = { count: local, at: now };
  } catch (error) {
    // The next tick tries again; the pages keep the last count meanwhile.
    console.error('[nowline] could not announce the viewer count:', error instanceof Error ? error.message : error);
  }
}
