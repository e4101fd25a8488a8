// Login throttle: slows password guessing down by delay, never by a lockout that others can trigger.
//
// - Per client address (an IPv6 client by its /48: tunnel brokers hand out a /48 free): the first
//   `freeAttempts` failures cost nothing; after that each failure makes that client wait before its
//   next check, doubling from 1 s up to `maxDelayMs`. Only that address waits; a success clears it;
//   an address quiet for a day starts afresh.
// - Across all clients: at most `checksPerSecond` password checks start each second (scrypt costs
//   CPU); the others are told to try again in a moment. This state lasts a second at a time, and a
//   single address can take only its own few free checks from it. A share of each second's checks
//   is kept for clients with no failure on record (the owner's usual state), so a flood of failing
//   addresses cannot take every check.
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
/** Server-wide rows: checks any client may take, and the share kept for clients with no failures. */
const GLOBAL_KEY = '*';
const RESERVED_KEY = '*new';
/** IPv6 login keys: a /48 (a /64 each would let one free /48 hold 65,536 keys' worth of free failures). */
const LOGIN_PREFIX_BITS = 48;
const WINDOW_MS = 1000;
/** Compare-and-swap rounds before giving up; losing every round means heavy contention: "busy". */
const MAX_ROUNDS = 12;

export type Reservation = { ok: true; key: string; count: number; retryAfterSeconds: number } | { ok: false; retryAfterSeconds: number };

/** The wait imposed after a client's `failures`-th failure. */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeAttempts) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, failures - policy.freeAttempts));
}

/** The row a client's login failures count under; `ip:` keeps it apart from the server-wide rows. */
export function loginKeyOf(client: string): string {
  return `ip:${limitKeyOf(client, LOGIN_PREFIX_BITS)}`;
}

/** Checks per second kept for clients with no failure on record (none when the bound is 1). */
export function reservedChecksPerSecond(policy: ThrottlePolicy): number {
  return policy.checksPerSecond > 1 ? Math.max(1, Math.floor(policy.checksPerSecond / 5)) : 0;
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
  const key = loginKeyOf(client);
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
  await db.loginThrottle.deleteMany({ where: { key: loginKeyOf(client) } });
}

/**
 * One of the `checksPerSecond` password checks of the current second, or how long to wait.
 * `clean`: the client has no failure on record (its reservation is its first); only such clients
 * may take the reserved share once the rest is used up.
 */
export async function takePasswordCheckSlot(
  db: Db,
  policy: ThrottlePolicy,
  now = Date.now(),
  { clean = false }: { clean?: boolean } = {},
): Promise<{ ok: boolean; retryAfterSeconds: number }> {
  const reserved = reservedChecksPerSecond(policy);
  // A clean client takes the reserved share first, so one address still gets all its free checks at once.
  if (clean && reserved > 0 && (await takeFromWindow(db, RESERVED_KEY, reserved, now))) return { ok: true, retryAfterSeconds: 0 };
  if (await takeFromWindow(db, GLOBAL_KEY, policy.checksPerSecond - reserved, now)) return { ok: true, retryAfterSeconds: 0 };
  return { ok: false, retryAfterSeconds: BUSY_RETRY_SECONDS };
}

/** One of `limit` uses of the one-second window counted in row `key`. */
async function takeFromWindow(db: Db, key: string, limit: number, now: number): Promise<boolean> {
  if (limit <= 0) return false;
  const at = new Date(now);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const inWindow = await db.loginThrottle.updateMany({
      where: { key, until: { gt: at }, count: { lt: limit } },
      data: { count: { increment: 1 }, updatedAt: at },
    });
    if (inWindow.count) return true;
    const newWindow = await db.loginThrottle.updateMany({
      where: { key, until: { lte: at } },
      data: { count: 1, until: new Date(now + WINDOW_MS), updatedAt: at },
    });
    if (newWindow.count) return true;
    const row = await db.loginThrottle.findUnique({ where: { key } });
    if (row && row.until > at && row.count >= limit) return false;
    if (row) continue; // another instance opened the window meanwhile: try again
    try {
      await db.loginThrottle.create({ data: { key, count: 1, until: new Date(now + WINDOW_MS), updatedAt: at } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return false;
}

/** Deletes the counters of clients quiet for longer than the policy remembers. */
export async function pruneLoginThrottle(db: Db, policy: ThrottlePolicy, now = Date.now()): Promise<number> {
  const { count } = await db.loginThrottle.deleteMany({
    where: { key: { notIn: [GLOBAL_KEY, RESERVED_KEY] }, updatedAt: { lt: new Date(now - policy.forgetAfterMs) } },
  });
  return count;
}
