// PostgreSQL LISTEN/NOTIFY between instances. Every change is announced on one channel with a
// small payload; every instance LISTENs on its own direct connection (a pooler in transaction
// mode drops LISTEN), re-reads the database when another instance speaks, and publishes to its
// own streams. State lives on globalThis so a second evaluation of this module (Next bundler
// layers) never opens a second listener.
import 'server-only';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresConfig } from '../database-url.js';
import { receiveViewersNotice } from './viewers';
import { parseViewersNotice, type ViewersNotice } from './viewers-count';

export const NOTIFY_CHANNEL = 'nowline_status';
/** Each instance's count of open streams, when the owner shows "who is here now" (viewers.ts). */
export const VIEWERS_CHANNEL = 'nowline_viewers';
/** The listening connection's application_name is this plus the instance id (see pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'nowline-listener';
const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** A re-read that failed is tried again after this, doubling up to the max (database busy or down). */
const REREAD_RETRY_START_MS = 200;
const REREAD_RETRY_MAX_MS = 10_000;

type OnRemoteChange = (version: number | null) => Promise<void>;

/** What goes over the wire: the new version (null: settings changed) and the sender's id. */
export interface ChangeNotice {
  v: number | null;
  o: string;
}

interface ListenerState {
  /** This instance's id: it ignores its own notifications, and names its listening connection. */
  origin: string;
  onChange: OnRemoteChange | null;
  client: pg.Client | null;
  connected: boolean;
  connecting: Promise<void> | null;
  retryTimer: ReturnType<typeof setTimeout> | null;
  backoffMs: number;
  stopped: boolean;
  /** Times the connection came back after being lost. */
  reconnects: number;
  received: number;
  /** A re-read that failed and is due again (null version: re-read whatever the version). */
  pendingReread: { version: number | null } | null;
  rereadTimer: ReturnType<typeof setTimeout> | null;
  rereadBackoffMs: number;
}

const globalForListener = globalThis as unknown as { __nowlinePgListener?: ListenerState };

function state(): ListenerState {
  return (globalForListener.__nowlinePgListener ??= {
    origin: randomBytes(6).toString('hex'),
    onChange: null,
    client: null,
    connected: false,
    connecting: null,
    retryTimer: null,
    backoffMs: BACKOFF_START_MS,
    stopped: false,
    reconnects: 0,
    received: 0,
    pendingReread: null,
    rereadTimer: null,
    rereadBackoffMs: REREAD_RETRY_START_MS,
  });
}

/** Starts listening once per process; later calls only replace the callback. */
export async function startPgListener(onChange: OnRemoteChange): Promise<void> {
  const s = state();
  s.onChange = onChange;
  s.stopped = false;
  if (s.client || s.retryTimer) return;
  await (s.connecting ??= connect(s, false));
}

async function connect(s: ListenerState, isReconnect: boolean): Promise<void> {
  // Read like lib/db.ts reads DATABASE_URL, so both connections always name the same database.
  const url = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL || '';
  const client = new pg.Client({
    ...postgresConfig(url),
    application_name: `${LISTENER_APPLICATION_NAME}-${s.origin}`,
    keepAlive: true,
  });
  s.client = client;
  let lost = false;
  const onLost = (error?: Error) => {
    if (lost) return;
    lost = true;
    if (s.client === client) s.client = null;
    s.connected = false;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (!s.stopped) {
      console.warn(`[nowline] change listener lost its database connection${error ? ` (${error.message})` : ''}; retrying in ${s.backoffMs} ms`);
      scheduleReconnect(s);
    }
  };
  client.on('error', onLost);
  client.on('end', () => onLost());
  client.on('notification', (message) => {
    if (message.channel === VIEWERS_CHANNEL) return onViewersNotice(message.payload, s.origin);
    if (message.channel !== NOTIFY_CHANNEL) return;
    const notice = parseNotice(message.payload);
    if (!notice || notice.o === s.origin) return;
    s.received++;
    reread(s, notice.v);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    await client.query(`LISTEN ${VIEWERS_CHANNEL}`);
  } catch (error) {
    onLost(error as Error);
    s.connecting = null;
    return;
  }
  s.connecting = null;
  if (s.stopped || lost) return;
  s.connected = true;
  s.backoffMs = BACKOFF_START_MS;
  if (isReconnect) {
    s.reconnects++;
    // Changes made while the connection was down sent notifications nobody heard: re-read now.
    await reread(s, null);
  }
}

/**
 * Applies a notice. A failed re-read (pool timeout, database away) is not dropped: nothing else
 * would bring the change here, so it is tried again with a growing pause until it succeeds.
 */
async function reread(s: ListenerState, version: number | null): Promise<void> {
  try {
    await s.onChange?.(version);
  } catch (error) {
    console.error(`[nowline] could not apply a change from another instance (retrying in ${s.rereadBackoffMs} ms):`, error instanceof Error ? error.message : error);
    // Failed notices merge into one pending re-read: a full re-read covers them all.
    const pending = s.pendingReread;
    const merged = !pending ? version : pending.version === null || version === null ? null : Math.max(pending.version, version);
    s.pendingReread = { version: merged };
    scheduleReread(s);
  }
}

function scheduleReread(s: ListenerState) {
  if (s.rereadTimer || s.stopped) return;
  const delay = s.rereadBackoffMs;
  s.rereadBackoffMs = Math.min(s.rereadBackoffMs * 2, REREAD_RETRY_MAX_MS);
  s.rereadTimer = setTimeout(() => {
    s.rereadTimer = null;
    const due = s.pendingReread;
    s.pendingReread = null;
    if (!due || s.stopped) return;
    void reread(s, due.version).then(() => {
      if (!s.pendingReread) s.rereadBackoffMs = REREAD_RETRY_START_MS;
    });
  }, delay);
  s.rereadTimer.unref?.();
}

function scheduleReconnect(s: ListenerState) {
  if (s.retryTimer) return;
  const delay = s.backoffMs;
  s.backoffMs = Math.min(s.backoffMs * 2, BACKOFF_MAX_MS);
  s.retryTimer = setTimeout(() => {
    s.retryTimer = null;
    if (s.stopped || s.client) return;
    s.connecting ??= connect(s, true);
  }, delay);
  s.retryTimer.unref?.();
}

export function parseNotice(payload: string | undefined): ChangeNotice | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<ChangeNotice>;
    if (typeof value.o !== 'string') return null;
    const v = typeof value.v === 'number' && Number.isSafeInteger(value.v) ? value.v : null;
    return { v, o: value.o };
  } catch {
    return null;
  }
}

/** The notice for a change, as sent with pg_notify inside the write transaction. */
export function noticePayload(version: number | null): string {
  return JSON.stringify({ v: version, o: state().origin } satisfies ChangeNotice);
}

function onViewersNotice(payload: string | undefined, origin: string) {
  const notice = parseViewersNotice(payload);
  if (notice) receiveViewersNotice(notice, origin);
}

/** Tells the other instances how many streams this one holds, on the listening connection. */
export async function announceViewers(count: number, at: number): Promise<void> {
  const s = state();
  if (!s.client || !s.connected) throw new Error('the change listener is not connected');
  const payload = JSON.stringify({ i: s.origin, c: count, at } satisfies ViewersNotice);
  await s.client.query('SELECT pg_notify($1, $2)', [VIEWERS_CHANNEL, payload]);
}

/** For /api/health: whether this instance currently hears other instances. */
export function pgListenerStatus() {
  const s = state();
  return { connected: s.connected, instance: s.origin, reconnects: s.reconnects, received: s.received };
}

/** Closes the listening connection for good (tests, shutdown). */
export async function stopPgListener(): Promise<void> {
  const s = globalForListener.__nowlinePgListener;
  if (!s) return;
  s.stopped = true;
  if (s.retryTimer) clearTimeout(s.retryTimer);
  s.retryTimer = null;
  if (s.rereadTimer) clearTimeout(s.rereadTimer);
  s.rereadTimer = null;
  await withDeadline(s.connecting?.catch(() => undefined), STOP_WAIT_MS);
  const client = s.client;
  s.client = null;
  s.connected = false;
  if (client) await endClient(client);
  delete globalForListener.__nowlinePgListener;
}

/** How long stopping waits for a connect in progress, and for the connection to end cleanly. */
const STOP_WAIT_MS = 3000;

function withDeadline(task: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!task) return Promise.resolve(true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref?.();
  });
  return Promise.race([task.then(() => true), deadline]).finally(() => clearTimeout(timer));
}

/**
 * Ends the listening connection. pg's end() waits for the server's goodbye, which a connection cut
 * mid-way (a terminated backend, a dead socket) may never send: past the deadline the socket is
 * destroyed, so shutting down never hangs on it.
 */
async function endClient(client: pg.Client): Promise<void> {
  const ended = await withDeadline(client.end().catch(() => undefined), STOP_WAIT_MS);
  if (!ended) (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
