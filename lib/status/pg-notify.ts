// PostgreSQL LISTEN/NOTIFY between instances. Every change is announced on one channel with a
// small payload; every instance LISTENs on its own direct connection (a pooler in transaction
// mode drops LISTEN), re-reads the database when another instance speaks, and publishes to its
// own streams. State lives on globalThis so a second evaluation of this module (Next bundler
// layers) never opens a second listener.
import 'server-only';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresConfig } from '../database-url.js';
import { getDb } from '../db';

export const NOTIFY_CHANNEL = 'nowline_status';
/** The listening connection's application_name is this plus the instance id (see pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'nowline-listener';
const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;

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
    if (message.channel !== NOTIFY_CHANNEL) return;
    const notice = parseNotice(message.payload);
    if (!notice || notice.o === s.origin) return;
    s.received++;
    s.onChange?.(notice.v).catch((error: unknown) => {
      console.error('[nowline] could not apply a change from another instance:', error instanceof Error ? error.message : error);
    });
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
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
    await s.onChange?.(null).catch((error: unknown) => {
      console.error('[nowline] could not re-read the status after reconnecting:', error instanceof Error ? error.message : error);
    });
  }
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

/** Tells every other instance that the status changed. The write has committed already. */
export async function notifyPg(version: number | null): Promise<void> {
  const payload = JSON.stringify({ v: version, o: state().origin } satisfies ChangeNotice);
  try {
    await getDb().$executeRawUnsafe('SELECT pg_notify($1, $2)', NOTIFY_CHANNEL, payload);
  } catch (error) {
    // The change is stored; instances that miss this notice pick it up on their next reload.
    console.error('[nowline] could not notify other instances:', error instanceof Error ? error.message : error);
  }
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
  await s.connecting?.catch(() => undefined);
  const client = s.client;
  s.client = null;
  s.connected = false;
  await client?.end().catch(() => undefined);
  delete globalForListener.__nowlinePgListener;
}
