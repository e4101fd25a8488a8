// Sends the outbox to each configured upstream: the oldest message of a relay first, one at a time,
// so messages arrive in order; a message stays until the upstream takes it (at-least-once). Several
// instances (PostgreSQL) share the outbox: a worker first claims the relay's oldest row with a
// conditional update, and while the claim lasts no other worker sends that relay's messages.
// Failures are retried with exponential backoff, or after the upstream's Retry-After on a 429 or 503;
// a 4xx other than 408/429 is refused for good: the message is dropped and the error kept for /admin.
// On its poll the worker also re-reads the relay settings saved on /admin (another instance may have
// changed them).
import 'server-only';
import { getDb, type Db } from '../db';
import { noteDropped, onOutboxWritten } from './outbox';
import { loadRelaySettings, relaySettingsLoadedAt } from './settings';
import { RELAY_NAMES, upstream as configuredUpstream, type RelayName, type Upstream } from './upstreams';

export interface RelayWorkerOptions {
  db?: () => Db;
  /** How often each relay's outbox is looked at (besides right after new messages are written). */
  pollMs?: number;
  /** One upstream request's deadline. */
  timeoutMs?: number;
  /** The first retry's delay, doubled on each further failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How old the saved relay settings in memory may get before the poll reads them again. */
  settingsMaxAgeMs?: number;
  upstream?: (relay: RelayName) => Upstream | null;
}

export interface RelayWorker {
  /** Looks at the outboxes now. */
  wake(): void;
  /** Stops polling and waits for a send under way. */
  stop(): Promise<void>;
}

type Outcome = 'empty' | 'busy' | 'waiting' | 'sent' | 'retry' | 'dropped';
type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string; retryAfterMs?: number | null };

const MAX_ERROR_CHARS = 500;

export function startRelayWorker(options: RelayWorkerOptions = {}): RelayWorker {
  const settings = {
    db: options.db ?? getDb,
    pollMs: options.pollMs ?? 1000,
    timeoutMs: options.timeoutMs ?? 15_000,
    baseDelayMs: options.baseDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 10 * 60_000,
    settingsMaxAgeMs: options.settingsMaxAgeMs ?? 3000,
    upstream: options.upstream ?? configuredUpstream,
  };
  const running = new Map<RelayName, Promise<void>>();
  let stopped = false;
  let reading: Promise<unknown> | null = null;

  const drain = async (relay: RelayName, target: Upstream) => {
    try {
      let outcome: Outcome;
      do outcome = await deliverNext(relay, target, settings.db(), settings);
      while (!stopped && (outcome === 'sent' || outcome === 'dropped'));
    } catch (error) {
      console.warn(`[nowline] relay ${relay}: outbox not read:`, error instanceof Error ? error.message : String(error));
    }
  };
  const rereadSettings = () => {
    if (reading || Date.now() - relaySettingsLoadedAt() < settings.settingsMaxAgeMs) return;
    reading = loadRelaySettings(settings.db())
      .catch((error) => console.warn('[nowline] relay settings not read:', error instanceof Error ? error.message : String(error)))
      .finally(() => (reading = null));
  };
  const wake = () => {
    if (stopped) return;
    rereadSettings();
    for (const relay of RELAY_NAMES) {
      const target = settings.upstream(relay);
      if (!target || running.has(relay)) continue;
      running.set(relay, drain(relay, target).finally(() => running.delete(relay)));
    }
  };
  const timer = setInterval(wake, settings.pollMs);
  timer.unref();
  onOutboxWritten(wake);
  wake();
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      onOutboxWritten(null);
      await Promise.all([...running.values(), reading]);
    },
  };
}

interface DeliverSettings {
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Sends the relay's oldest message if it is due and no other worker has it. */
export async function deliverNext(relay: RelayName, target: Upstream, db: Db, settings: DeliverSettings): Promise<Outcome> {
  const now = new Date();
  const row = await db.relayMessage.findFirst({ where: { relay }, orderBy: { id: 'asc' } });
  if (!row) return 'empty';
  if (row.claimedUntil && row.claimedUntil > now) return 'busy';
  if (row.nextAttemptAt > now) return 'waiting';
  // Atomic: of two workers that read the same row, one update matches and the other's does not.
  const claimedUntil = new Date(now.getTime() + 2 * settings.timeoutMs);
  const claim = await db.relayMessage.updateMany({
    where: { id: row.id, nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] },
    data: { claimedUntil },
  });
  if (claim.count === 0) return 'busy';

  const result = await send(target, row.body, JSON.parse(row.headers) as Record<string, string>, settings.timeoutMs);
  const done = new Date();
  if (result.ok) {
    await db.relayMessage.deleteMany({ where: { id: row.id } });
    await db.relayState.upsert({ where: { relay }, create: { relay, lastSuccessAt: done }, update: { lastSuccessAt: done } });
    return 'sent';
  }
  const error = result.error.slice(0, MAX_ERROR_CHARS);
  if (result.permanent) {
    await db.relayMessage.deleteMany({ where: { id: row.id } });
    console.warn(`[nowline] relay ${relay}: message ${row.id} refused by ${target.host}, dropped: ${error}`);
    await noteDropped(relay, 1, `Refused, dropped: ${error}`, db);
    return 'dropped';
  }
  const attempts = row.attempts + 1;
  // The upstream said when to come back: that instead of the backoff (both capped).
  const delay = Math.min(settings.maxDelayMs, result.retryAfterMs ?? settings.baseDelayMs * 2 ** (attempts - 1));
  await db.relayMessage.updateMany({
    where: { id: row.id },
    data: { attempts, nextAttemptAt: new Date(done.getTime() + delay), claimedUntil: null, lastError: error },
  });
  await db.relayState.upsert({ where: { relay }, create: { relay, lastError: error, lastErrorAt: done }, update: { lastError: error, lastErrorAt: done } });
  return 'retry';
}

async function send(target: Upstream, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendResult> {
  const request = target.request(body, headers);
  try {
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body, signal: AbortSignal.timeout(timeoutMs) });
    if (response.ok) {
      await response.body?.cancel();
      return { ok: true };
    }
    const text = (await response.text().catch(() => '')).slice(0, 200);
    const retry = response.status >= 500 || response.status === 408 || response.status === 429;
    const retryAfter = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers.get('retry-after')) : null;
    const wait = retryAfter === null ? '' : ` (retry after ${Math.ceil(retryAfter / 1000)} s)`;
    return { ok: false, permanent: !retry, retryAfterMs: retryAfter, error: `HTTP ${response.status} from ${target.host}${wait}${text ? `: ${text}` : ''}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause ?? (error instanceof Error ? error.message : String(error)));
    return { ok: false, permanent: false, error: `${target.host}: ${reason}` };
  }
}

/** Retry-After as a delay in ms: whole seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date starts with the day's name; Date.parse would take "-5" or "1.5" for a year.
  const at = /^[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
