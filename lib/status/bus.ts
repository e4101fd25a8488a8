// The bus: every open SSE stream of this instance, one shared heartbeat timer, and each change
// serialised once for all of them. It lives on globalThis because Next may evaluate this module
// once per bundler layer (a server action and a route handler would otherwise hold two buses).
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { encodeEvent, PING_FRAME, type SseClient } from '../sse';
import { STATUS_EVENT } from './live';
import type { Snapshot } from './schema';

interface BusState {
  clients: Set<SseClient>;
  heartbeat: ReturnType<typeof setInterval> | null;
  heartbeatMs: number;
  maxLifetimeMs: number;
  published: number;
  /** A fan-out is being written, or the loop is being given back its time after one. */
  fanningOut: boolean;
  /** The latest frame that arrived meanwhile; only the newest is ever worth sending. */
  pending: Uint8Array | null;
  lastFanOutMs: number;
  /** Event-loop utilisation counters at the end of the last fan-out. */
  loopMark: EventLoopUtilization | null;
}

const globalForBus = globalThis as unknown as { __nowlineBus?: BusState };

function state(): BusState {
  return (globalForBus.__nowlineBus ??= {
    clients: new Set(),
    heartbeat: null,
    heartbeatMs: 15_000,
    maxLifetimeMs: 0,
    published: 0,
    fanningOut: false,
    pending: null,
    lastFanOutMs: 0,
    loopMark: null,
  });
}

export function configureBus(options: { heartbeatMs: number; maxLifetimeMs: number }) {
  const s = state();
  s.heartbeatMs = options.heartbeatMs;
  s.maxLifetimeMs = options.maxLifetimeMs;
}

export function snapshotFrame(snapshot: Snapshot): Uint8Array {
  return encodeEvent({ id: snapshot.version, event: STATUS_EVENT, data: JSON.stringify(snapshot) });
}

/** Streams written per turn of the event loop. */
const FAN_OUT_SLICE = 250;
/** A fan-out shorter than this needs no pause after it. */
const PAUSE_AFTER_MS = 5;
/** Event-loop utilisation above which the loop counts as saturated (a burst of reports). */
const SATURATED_LOOP = 0.9;
/** The share of a saturated loop fan-outs may take: ingest keeps the rest. */
const SATURATED_FAN_OUT_SHARE = 0.1;

/**
 * Sends one serialised snapshot to every stream of this instance: one buffer, N writes. A change
 * that comes alone goes out at once. When changes keep coming while a fan-out is being written
 * (thousands of streams, a burst of reports), fan-outs take at most about half of the event loop:
 * after one, the loop gets as long again for ingest and new streams before the next, and only the
 * newest frame that waited is sent. When the loop had no idle time since the last fan-out, they
 * take a tenth: each write is a system call (on loopback it also runs the reader's side of TCP),
 * and reports waiting on the loop matter more than a 20th frame a second. The last change is never
 * lost.
 */
export function broadcastFrame(frame: Uint8Array): void {
  const s = state();
  s.published++;
  if (s.fanningOut) {
    s.pending = frame;
    return;
  }
  fanOut(s, frame);
}

function fanOut(s: BusState, frame: Uint8Array) {
  s.fanningOut = true;
  const clients = [...s.clients];
  let cost = 0;
  // Streams are written a slice per turn of the loop, so a report arriving meanwhile waits for one
  // slice, not for every stream. The first slice runs once the promise jobs queued now have run:
  // the replies to the reports this frame publishes leave before the streams' writes.
  const writeSlice = (from: number) => {
    const started = performance.now();
    const end = Math.min(from + FAN_OUT_SLICE, clients.length);
    for (let i = from; i < end; i++) clients[i]!.send(frame);
    cost += performance.now() - started;
    // Writes a stream could not finish at once run in the ticks after this; setImmediate comes after them.
    setImmediate(() => (end < clients.length ? writeSlice(end) : afterFanOut(s, cost)));
  };
  process.nextTick(writeSlice, 0);
}

function afterFanOut(s: BusState, cost: number) {
  s.lastFanOutMs = cost;
  const saturated = loopUtilisationSinceLastFanOut(s) > SATURATED_LOOP;
  if (cost < PAUSE_AFTER_MS || (!saturated && !s.pending)) return fanOutPending(s);
  // On a saturated loop the pause holds even with nothing waiting yet: the publisher's next
  // frame is on its way, and it is the one that must wait.
  const share = saturated ? SATURATED_FAN_OUT_SHARE : 0.5;
  setTimeout(() => fanOutPending(s), cost * (1 / share - 1)).unref?.();
}

function loopUtilisationSinceLastFanOut(s: BusState): number {
  const now = performance.eventLoopUtilization();
  const since = s.loopMark ? performance.eventLoopUtilization(now, s.loopMark) : now;
  s.loopMark = now;
  return since.utilization;
}

function fanOutPending(s: BusState) {
  s.fanningOut = false;
  const frame = s.pending;
  s.pending = null;
  if (frame) fanOut(s, frame);
}

export function subscribe(client: SseClient): () => void {
  const s = state();
  s.clients.add(client);
  if (!s.heartbeat) {
    // One timer for all streams, started with the first and stopped with the last.
    s.heartbeat = setInterval(tick, s.heartbeatMs);
    s.heartbeat.unref?.();
  }
  return () => {
    s.clients.delete(client);
    if (s.clients.size === 0 && s.heartbeat) {
      clearInterval(s.heartbeat);
      s.heartbeat = null;
    }
  };
}

function tick() {
  const s = state();
  const now = Date.now();
  // Streams near the end of their allowed life close now, cleanly, rather than being cut by the
  // platform mid-write; EventSource reconnects and gets the current snapshot.
  const closeBefore = s.maxLifetimeMs > 0 ? now - (s.maxLifetimeMs - s.heartbeatMs) : -Infinity;
  for (const client of [...s.clients]) {
    if (client.openedAt <= closeBefore) client.close();
    else client.send(PING_FRAME);
  }
}

/** Ends every stream (on shutdown, so the server can stop; browsers reconnect elsewhere). */
export function closeAllStreams(): void {
  for (const client of [...state().clients]) client.close();
}

export function busStats() {
  const s = state();
  return {
    subscribers: s.clients.size,
    heartbeatRunning: s.heartbeat !== null,
    published: s.published,
    lastFanOutMs: s.lastFanOutMs,
  };
}
