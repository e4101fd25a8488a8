// Owner authentication: the admin password (scrypt hash or ADMIN_PASSWORD), the session cookie
// (a signed token of a server-side session, lib/admin-sessions.ts) and logging in through the
// throttle (lib/login-throttle.ts). Every admin entry point checks the session itself: server
// actions through adminAction (lib/admin/admin-action.ts), route handlers with requireAdmin().
import 'server-only';
import { createHash, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { cookies } from 'next/headers';
import {
  createAdminSession,
  endAdminSession,
  endAllAdminSessions,
  pruneAdminSessions,
  SESSION_TOUCH_EVERY_MS,
  touchAdminSession,
  type SessionPolicy,
} from './admin-sessions';
import { UNKNOWN_ADDRESS } from './client-address.js';
import { getDb } from './db';
import { env } from './env';
import { ApiError } from './errors';
import {
  clearLoginAttempts,
  DEFAULT_THROTTLE_POLICY,
  pruneLoginThrottle,
  releaseLoginAttempt,
  reserveLoginAttempt,
  takePasswordCheckSlot,
  type ThrottlePolicy,
} from './login-throttle';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export const SESSION_COOKIE = 'nowline_session';
const DAY_MS = 86_400_000;
/** Longer passwords are refused unchecked: scrypt's cost grows with the input. */
const MAX_PASSWORD_LENGTH = 1024;
const PASSWORD_SETTING = 'adminPasswordHash';
const SECRET_SETTING = 'sessionSecret';

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

async function readSetting(key: string) {
  return (await getDb().setting.findUnique({ where: { key } }))?.value ?? null;
}

/**
 * On first start without ADMIN_PASSWORD: generate a password, store only its hash and print it
 * once. Returns the generated password (for the log) or null when nothing was generated.
 */
export async function ensureAdminPassword(): Promise<string | null> {
  if (env().ADMIN_PASSWORD) return null;
  if (await readSetting(PASSWORD_SETTING)) return null;
  const password = randomBytes(12).toString('base64url');
  const value = await hashPassword(password);
  // createMany with skipDuplicates is not on SQLite; a lost race just means another process won.
  try {
    await getDb().setting.create({ data: { key: PASSWORD_SETTING, value } });
  } catch {
    return null;
  }
  return password;
}

export async function checkAdminPassword(password: string): Promise<boolean> {
  const fromEnv = env().ADMIN_PASSWORD;
  if (fromEnv) return timingSafeEqual(sha256(password), sha256(fromEnv));
  const stored = await readSetting(PASSWORD_SETTING);
  return stored ? verifyPasswordHash(password, stored) : false;
}

/** The key that signs sessions: SESSION_SECRET, or one generated once and kept in the database. */
async function sessionKey(): Promise<Buffer> {
  const cache = globalThis as unknown as { __nowlineSessionKey?: Buffer };
  if (cache.__nowlineSessionKey) return cache.__nowlineSessionKey;
  let secret = env().SESSION_SECRET ?? (await readSetting(SECRET_SETTING));
  if (!secret) {
    const generated = randomBytes(32).toString('base64url');
    await getDb()
      .setting.create({ data: { key: SECRET_SETTING, value: generated } })
      .catch(() => undefined);
    secret = (await readSetting(SECRET_SETTING)) ?? generated;
  }
  // The password's identity is part of the key: changing the password ends every session.
  const passwordIdentity = env().ADMIN_PASSWORD ?? (await readSetting(PASSWORD_SETTING)) ?? '';
  cache.__nowlineSessionKey = createHmac('sha256', secret).update(passwordIdentity).digest();
  return cache.__nowlineSessionKey;
}

function sign(key: Buffer, payload: string) {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

function sessionPolicy(): SessionPolicy {
  const e = env();
  return { idleMs: e.NOWLINE_SESSION_IDLE_DAYS * DAY_MS, maxMs: e.NOWLINE_SESSION_MAX_DAYS * DAY_MS, touchEveryMs: SESSION_TOUCH_EVERY_MS };
}

function throttlePolicy(): ThrottlePolicy {
  const e = env();
  const maxDelayMs = e.NOWLINE_LOGIN_MAX_DELAY_SECONDS * 1000;
  return {
    ...DEFAULT_THROTTLE_POLICY,
    freeAttempts: e.NOWLINE_LOGIN_FREE_ATTEMPTS,
    maxDelayMs,
    checksPerSecond: e.NOWLINE_LOGIN_CHECKS_PER_SECOND,
    forgetAfterMs: Math.max(DEFAULT_THROTTLE_POLICY.forgetAfterMs, 2 * maxDelayMs),
  };
}

/**
 * Starts a server-side session; the cookie value is `<token>.<signature>`. The signature (by the
 * session key, which changes with the password) turns away forged cookies before any query.
 */
export async function createSessionValue(now = Date.now()): Promise<{ value: string; expires: Date }> {
  const { token, cookieExpires } = await createAdminSession(getDb(), sessionPolicy(), now);
  return { value: `${token}.${sign(await sessionKey(), token)}`, expires: cookieExpires };
}

/** The session token of a cookie value whose signature holds, else null. */
async function tokenOf(value: string | undefined): Promise<string | null> {
  const [token, signature, extra] = (value ?? '').split('.');
  if (!token || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(await sessionKey(), token));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? token : null;
}

/** True while the cookie's session lives on the server; each use slides its expiry. */
export async function verifySessionValue(value: string | undefined, now = Date.now()): Promise<boolean> {
  const token = await tokenOf(value);
  return token ? touchAdminSession(getDb(), token, sessionPolicy(), now) : false;
}

export async function startSession(session: { value: string; expires: Date }) {
  (await cookies()).set(SESSION_COOKIE, session.value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env().NODE_ENV === 'production' && !env().NOWLINE_INSECURE_COOKIES,
    path: '/',
    expires: session.expires,
  });
}

/** Logout: the session ends on the server, so the cookie is worthless even if kept or copied. */
export async function endSession() {
  const jar = await cookies();
  const token = await tokenOf(jar.get(SESSION_COOKIE)?.value);
  if (token) await endAdminSession(getDb(), token);
  jar.delete(SESSION_COOKIE);
}

/** "Log out everywhere": ends every session, this one included. The caller checks the session first. */
export async function endAllSessions() {
  await endAllAdminSessions(getDb());
  (await cookies()).delete(SESSION_COOKIE);
}

export async function isAdmin(): Promise<boolean> {
  return verifySessionValue((await cookies()).get(SESSION_COOKIE)?.value);
}

export async function requireAdmin(): Promise<void> {
  if (!(await isAdmin())) throw new ApiError(401, 'unauthorized', 'Log in again: your session has ended.');
}

/** "40 s", "3 min": how long to wait, for people. */
function formatWait(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, Math.ceil(seconds))} s` : `${Math.ceil(seconds / 60)} min`;
}

export type LoginResult =
  | { ok: true; session: { value: string; expires: Date } }
  | {
      ok: false;
      status: 400 | 401 | 429;
      code: 'invalid_request' | 'unauthorized' | 'rate_limited';
      /** Which refusal, so the login form can say it in the page's language (`message` is the API's English). */
      reason: 'no_password' | 'wrong_password' | 'too_many_attempts' | 'busy';
      message: string;
      retryAfterSeconds?: number;
      /** Wrong password: how long this address now waits before its next try (0: none). */
      waitSeconds?: number;
    };

const tooMany = (reason: 'too_many_attempts' | 'busy', message: string, retryAfterSeconds: number): LoginResult => ({
  ok: false,
  status: 429,
  code: 'rate_limited',
  reason,
  message,
  retryAfterSeconds,
});

/** Old counters and ended sessions go, at most once a minute per process. */
async function pruneOccasionally(now: number) {
  const g = globalThis as unknown as { __nowlineAuthPrunedAt?: number };
  if (now - (g.__nowlineAuthPrunedAt ?? 0) < 60_000) return;
  g.__nowlineAuthPrunedAt = now;
  await Promise.all([pruneLoginThrottle(getDb(), throttlePolicy(), now), pruneAdminSessions(getDb(), now)]);
}

/**
 * The one login path (server action and POST /api/admin/session): throttle, check the password,
 * start a session. The attempt is counted before the check, so concurrent guesses cannot outrun it.
 * `verify` is the password check (a test may wrap it to count the checks that ran).
 */
export async function logIn(
  client: string,
  password: string,
  { now = Date.now(), verify = checkAdminPassword }: { now?: number; verify?: (password: string) => Promise<boolean> } = {},
): Promise<LoginResult> {
  if (!password) return { ok: false, status: 400, code: 'invalid_request', reason: 'no_password', message: 'Enter the admin password.' };
  const db = getDb();
  const policy = throttlePolicy();
  await pruneOccasionally(now);
  // No address (a request that did not come through scripts/server.js): no per-client counter, as one
  // shared row would let anyone lock everyone out; the server-wide bound still applies.
  const reservation = client === UNKNOWN_ADDRESS ? null : await reserveLoginAttempt(db, client, policy, now);
  if (reservation && !reservation.ok) return tooMany('too_many_attempts', `Too many attempts. Try again in ${formatWait(reservation.retryAfterSeconds)}.`, reservation.retryAfterSeconds);
  const slot = await takePasswordCheckSlot(db, policy, now, { clean: reservation?.count === 1 });
  if (!slot.ok) {
    // Not this client's fault: its attempt is given back.
    if (reservation) await releaseLoginAttempt(db, reservation, now);
    return tooMany('busy', 'Many logins are being checked right now. Try again in a moment.', slot.retryAfterSeconds);
  }
  if (password.length > MAX_PASSWORD_LENGTH || !(await verify(password))) {
    const wait = reservation?.retryAfterSeconds ?? 0;
    const message = wait > 0 ? `Wrong password. Try again in ${formatWait(wait)}.` : 'Wrong password.';
    return { ok: false, status: 401, code: 'unauthorized', reason: 'wrong_password', message, waitSeconds: wait };
  }
  if (reservation) await clearLoginAttempts(db, client);
  return { ok: true, session: await createSessionValue(now) };
}
