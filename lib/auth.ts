// Owner authentication: the admin password (scrypt hash or ADMIN_PASSWORD), a signed session
// cookie, and a login rate limit. Every admin entry point calls requireAdmin() itself.
import 'server-only';
import { createHash, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { cookies } from 'next/headers';
import { getDb } from './db';
import { env } from './env';
import { ApiError } from './errors';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export const SESSION_COOKIE = 'nowline_session';
const SESSION_DAYS = 30;
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

export async function createSessionValue(now = Date.now()): Promise<{ value: string; expires: Date }> {
  const expires = new Date(now + SESSION_DAYS * 86_400_000);
  const payload = `admin.${expires.getTime()}`;
  return { value: `${payload}.${sign(await sessionKey(), payload)}`, expires };
}

export async function verifySessionValue(value: string | undefined, now = Date.now()): Promise<boolean> {
  if (!value) return false;
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== 'admin') return false;
  const expires = Number(parts[1]);
  if (!Number.isFinite(expires) || expires < now) return false;
  const expected = Buffer.from(sign(await sessionKey(), `admin.${parts[1]}`));
  const actual = Buffer.from(parts[2]);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export async function startSession() {
  const { value, expires } = await createSessionValue();
  (await cookies()).set(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env().NODE_ENV === 'production' && !env().NOWLINE_INSECURE_COOKIES,
    path: '/',
    expires,
  });
}

export async function endSession() {
  (await cookies()).delete(SESSION_COOKIE);
}

export async function isAdmin(): Promise<boolean> {
  return verifySessionValue((await cookies()).get(SESSION_COOKIE)?.value);
}

export async function requireAdmin(): Promise<void> {
  if (!(await isAdmin())) throw new ApiError(401, 'unauthorized', 'Log in again: your session has ended.');
}

// Login rate limit: per client address, and overall so many addresses cannot guess in parallel.
const WINDOW_MS = 15 * 60_000;
const PER_CLIENT = 5;
const OVERALL = 50;

interface Attempts {
  byClient: Map<string, number[]>;
  all: number[];
}
const globalForLogins = globalThis as unknown as { __nowlineLogins?: Attempts };
const attempts = (): Attempts => (globalForLogins.__nowlineLogins ??= { byClient: new Map<string, number[]>(), all: [] });

/** Seconds to wait before the next attempt, or 0 when one is allowed. */
export function loginRetryAfter(client: string, now = Date.now()): number {
  const a = attempts();
  const recent = (a.byClient.get(client) ?? []).filter((t) => t > now - WINDOW_MS);
  a.all = a.all.filter((t) => t > now - WINDOW_MS);
  if (recent.length >= PER_CLIENT) return Math.ceil((recent[0] + WINDOW_MS - now) / 1000);
  if (a.all.length >= OVERALL) return Math.ceil((a.all[0] + WINDOW_MS - now) / 1000);
  return 0;
}

export function recordLoginFailure(client: string, now = Date.now()) {
  const a = attempts();
  const list = (a.byClient.get(client) ?? []).filter((t) => t > now - WINDOW_MS);
  list.push(now);
  a.byClient.set(client, list);
  a.all.push(now);
  if (a.byClient.size > 10_000) a.byClient.clear();
}

export function clearLoginFailures(client: string) {
  attempts().byClient.delete(client);
}
