// Owner sessions kept on the server (AdminSession), so logging out ends a session for good: a copied
// or replayed cookie stops working once its row is gone. The cookie carries a random token; only
// its SHA-256 is stored. Expiry slides: each use extends it by the idle limit, up to a lifetime cap.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db';

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** No session lives longer than this, however often it is used. */
  maxMs: number;
  /** lastSeenAt is written at most this often (not one write per request). */
  touchEveryMs: number;
}

export const SESSION_TOUCH_EVERY_MS = 5 * 60_000;

const hashSessionToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Starts a session; returns the token for the cookie and when the cookie may be dropped. */
export async function createAdminSession(db: Db, policy: SessionPolicy, now = Date.now()): Promise<{ token: string; cookieExpires: Date }> {
  const token = randomBytes(32).toString('base64url');
  const createdAt = new Date(now);
  await db.adminSession.create({
    data: { id: hashSessionToken(token), createdAt, lastSeenAt: createdAt, expiresAt: new Date(now + Math.min(policy.idleMs, policy.maxMs)) },
  });
  return { token, cookieExpires: new Date(now + policy.maxMs) };
}

/** True while the session lives; extends it (a write at most every `touchEveryMs`). */
export async function touchAdminSession(db: Db, token: string, policy: SessionPolicy, now = Date.now()): Promise<boolean> {
  const id = hashSessionToken(token);
  const row = await db.adminSession.findUnique({ where: { id } });
  if (!row || row.expiresAt.getTime() <= now) return false;
  if (now - row.lastSeenAt.getTime() >= policy.touchEveryMs) {
    const expiresAt = Math.min(now + policy.idleMs, row.createdAt.getTime() + policy.maxMs);
    // updateMany: a logout racing this request must not be undone by an upsert.
    await db.adminSession.updateMany({ where: { id }, data: { lastSeenAt: new Date(now), expiresAt: new Date(expiresAt) } });
  }
  return true;
}

export async function endAdminSession(db: Db, token: string): Promise<void> {
  await db.adminSession.deleteMany({ where: { id: hashSessionToken(token) } });
}

/** "Log out everywhere": every session on every device ends. */
export async function endAllAdminSessions(db: Db): Promise<number> {
  return (await db.adminSession.deleteMany({})).count;
}

export async function pruneAdminSessions(db: Db, now = Date.now()): Promise<number> {
  return (await db.adminSession.deleteMany({ where: { expiresAt: { lte: new Date(now) } } })).count;
}
