// The relay outbox: accepted reports waiting to be forwarded. Messages are buffered and written in
// one insert every FLUSH_DELAY_MS, so the reporter's reply never waits for (or fails on) the outbox;
// rows stay until delivered, across restarts. Each relay keeps at most NOWLINE_RELAY_MAX_QUEUE rows:
// past it the oldest are dropped, counted on /admin. Messages of a relay no longer set up stay (they
// are sent if it is set up again) until the owner discards them on /admin.
import 'server-only';
import { getDb, type Db } from '../db';
import { env } from '../env';
import { upstream, type RelayHeaders, type RelayName } from './upstreams';

export interface RelayMessageInput {
  relay: RelayName;
  /** The body as the reporter sent it (JSON text). */
  body: string;
  headers: RelayHeaders;
}

interface Outbox {
  pending: (RelayMessageInput & { createdAt: Date })[];
  flushing: Promise<void>;
  timer: NodeJS.Timeout | null;
  /** Called after each write (the worker starts sending at once). */
  onWritten: (() => void) | null;
}

const FLUSH_DELAY_MS = 250;

const globalForOutbox = globalThis as unknown as { __nowlineOutbox?: Outbox };
const outbox = () => (globalForOutbox.__nowlineOutbox ??= { pending: [], flushing: Promise.resolve(), timer: null, onWritten: null });

/** Queues a message when its relay is configured; a no-op otherwise. Never throws. */
export function enqueueRelay(message: RelayMessageInput): void {
  if (!upstream(message.relay)) return;
  const o = outbox();
  o.pending.push({ ...message, createdAt: new Date() });
  if (!o.timer) {
    o.timer = setTimeout(() => void flushRelayOutbox(), FLUSH_DELAY_MS);
    o.timer.unref?.();
  }
}

export function onOutboxWritten(listener: (() => void) | null): void {
  outbox().onWritten = listener;
}

/** Writes the buffered messages in order, then trims each relay to its bound. */
export function flushRelayOutbox(db: Db = getDb()): Promise<void> {
  const o = outbox();
  if (o.timer) clearTimeout(o.timer);
  o.timer = null;
  const batch = o.pending.splice(0);
  o.flushing = o.flushing.then(async () => {
    if (batch.length === 0) return;
    try {
      await db.relayMessage.createMany({
        data: batch.map((m) => ({ relay: m.relay, body: m.body, headers: JSON.stringify(m.headers), createdAt: m.createdAt, nextAttemptAt: m.createdAt })),
      });
      for (const relay of new Set(batch.map((m) => m.relay))) await trimOutbox(relay, db);
    } catch (error) {
      console.warn(`[nowline] relay outbox: ${batch.length} message(s) not queued:`, error instanceof Error ? error.message : String(error));
      return;
    }
    o.onWritten?.();
  });
  return o.flushing;
}

/** Drops the oldest rows past the bound; returns how many went. */
export async function trimOutbox(relay: RelayName, db: Db = getDb(), max = env().NOWLINE_RELAY_MAX_QUEUE): Promise<number> {
  const oldestKept = await db.relayMessage.findFirst({ where: { relay }, orderBy: { id: 'desc' }, skip: max - 1, select: { id: true } });
  if (!oldestKept) return 0;
  const { count } = await db.relayMessage.deleteMany({ where: { relay, id: { lt: oldestKept.id } } });
  if (count > 0) {
    const error = `The outbox was full (${max} messages): the ${count} oldest were dropped.`;
    console.warn(`[nowline] relay ${relay}: ${error}`);
    await noteDropped(relay, count, error, db);
  }
  return count;
}

/** Deletes every message waiting for the relay (the owner chose to, on /admin); returns how many. */
export async function discardQueuedMessages(relay: RelayName, db: Db = getDb()): Promise<number> {
  return (await db.relayMessage.deleteMany({ where: { relay } })).count;
}

export async function noteDropped(relay: RelayName, count: number, error: string, db: Db): Promise<void> {
  const now = new Date();
  await db.relayState.upsert({
    where: { relay },
    create: { relay, dropped: count, lastError: error, lastErrorAt: now },
    update: { dropped: { increment: count }, lastError: error, lastErrorAt: now },
  });
}
