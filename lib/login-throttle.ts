// Login throttle: slows password guessing down by delay, never by a lockout that others can trigger.
//
// - Per client address (an IPv6 client by its /64, which one host usually holds whole): the first
//   `freeAttempts` failures cost nothing; after that each failure makes that client wait before its
//   next check, doubling from 1 s up to `maxDelayMs`. Only that address waits; a success clears it;
//   an address quiet for a day starts afresh.
// - Across all clients: at most `checksPerSecond` password checks start each second (scrypt costs
//   CPU); the others are told to try again in a moment. This state lasts a second at a time, and a
//   single address can take only its own few free checks from it.
// - An attempt is counted BEFORE the password is checked (a compare-and-swap on the row), so
//   concurrent attempts cannot slip past the limit while a check is running.
// - Counters live in the database (LoginThrottle), so every instance sharing it sees the same ones.
//   Only conditional updates and inserts: atomic on SQLite and PostgreSQL alike.
import 'server-only';
import { limitKeyOf } from './client-address.js';
import type { Db } from './db';

export interface ThrottlePolicy {
  /** Failures allowed without any wait. */
  freeAttempts: number;
  /** The wait after the first counted failure; doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Password checks that may start per second, all clients together. */
  checksPerSecond: number;
  /** A client quiet this long starts afresh (and its row is pruned). */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  freeAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 300_000,
  checksPerSecond: 5,
  forgetAfterMs: 86_400_000,
};

/** What a client turned away by the server-wide bound is asked to wait. */
export const BUSY_RETRY_SECONDS = 2;
const GLOBAL_KEY = '*';
const WINDOW_MS = 1000;
/** Compare-and-swap rounds before giving up; losing every round means heavy contention: "busy". */
const MAX_ROUNDS = 12;

export type Reservation = { ok: true; key: string; count: number; retryAfterSeconds: number } | { ok: false; retryAfterSeconds: number };

/** The wait imposed after a client's `failures`-th failure. */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeAttempts) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, failures - policy.freeAttempts));
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function isUniqueViolation(error: unknown) {
  return (error as { code?: string } | null)?.code === 'P2002';
}

/**
 * Counts one attempt for `client` as a failure before its password is checked. `ok: false` means
 * it must not be checked now; `retryAfterSeconds` says when it may be.
 */
export async function reserveLoginAttempt(db: Db, client: string, policy: ThrottlePolicy, now = Date.now()): Promise<Reservation> {
  const key = limitKeyOf(client);
  const at = new Date(now);
  const reserved = (count: number): Reservation => ({ ok: true, key, count, retryAfterSeconds: Math.ceil(delayAfterFailures(count, policy) / 1000) });
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const row = await db.loginThrottle.findUnique({ where: { key } });
    if (!row) {
      try {
        await db.loginThrottle.create({ data: { key, count: 1, until: new Date(now + delayAfterFailures(1, policy)), updatedAt: at } });
        return reserved(1);
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    }
    if (row.until.getTime() > now) return { ok: false, retryAfterSeconds: seconds(row.until.getTime() - now) };
    const count = row.updatedAt.getTime() < now - policy.forgetAfterMs ? 1 : row.count + 1;
    // Every reservation changes `updatedAt` (and usually `count`): the pair is the row's version.
    const { count: won } = await db.loginThrottle.updateMany({
      where: { key, count: row.count, updatedAt: row.updatedAt },
      data: { count, until: new Date(now + delayAfterFailures(count, policy)), updatedAt: at },
    });
    if (won) return reserved(count);
  }
  return { ok: false, retryAfterSeconds: BUSY_RETRY_SECONDS };
}

/** Gives back an attempt that was reserved but never checked (the server was busy). */
export async function releaseLoginAttempt(db: Db, reservation: { key: string; count: number }, now = Date.now()): Promise<void> {
  const { count } = await db.loginThrottle.updateMany({
    where: { key: reservation.key, count: reservation.count },
    data: { count: reservation.count - 1, until: new Date(now) },
  });
  // Someone reserved after us (only possible while no wait applied): just take ours off the count.
  if (!count) await db.loginThrottle.updateMany({ where: { key: reservation.key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
}

/** After a correct password: the client starts afresh. */
export async function clearLoginAttempts(db: Db, client: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: limitKeyOf(client) } });
}

/** One of the `checksPerSecond` password checks of the current second, or how long to wait. */
export async function takePasswordCheckSlot(db: Db, policy: ThrottlePolicy, now = Date.now()): Promise<{ ok: boolean; retryAfterSeconds: number }> {
  const at = new Date(now);
  const granted = { ok: true, retryAfterSeconds: 0 };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const inWindow = await db.loginThrottle.updateMany({
      where: { key: GLOBAL_KEY, until: { gt: at }, count: { lt: policy.checksPerSecond } },
      data: { count: { increment: 1 }, updatedAt: at },
    });
    if (inWindow.count) return granted;
    const newWindow = await db.loginThrottle.updateMany({
      where: { key: GLOBAL_KEY, until: { lte: at } },
      data: { count: 1, until: new Date(now + WINDOW_MS), updatedAt: at },
    });
    if (newWindow.count) return granted;
    const row = await db.loginThrottle.findUnique({ where: { key: GLOBAL_KEY } });
    if (row && row.until > at && row.count >= policy.checksPerSecond) break;
    if (row) continue; // another instance opened the window meanwhile: try again
    try {
      await db.loginThrottle.create({ data: { key: GLOBAL_KEY, count: 1, until: new Date(now + WINDOW_MS), updatedAt: at } });
      return granted;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return { ok: false, retryAfterSeconds: BUSY_RETRY_SECONDS };
}

/** Deletes the counters of clients quiet for longer than the policy remembers. */
export async function pruneLoginThrottle(db: Db, policy: ThrottlePolicy, now = Date.now()): Promise<number> {
  const { count } = await db.loginThrottle.deleteMany({
    where: { key: { not: GLOBAL_KEY }, updatedAt: { lt: new Date(now - policy.forgetAfterMs) } },
  });
  return count;
}
