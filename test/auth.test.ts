import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkAdminPassword,
  createSessionValue,
  endAllSessions,
  endSession,
  ensureAdminPassword,
  hashPassword,
  logIn,
  SESSION_COOKIE,
  verifyPasswordHash,
  verifySessionValue,
} from '@/lib/auth';
import { parseDatabaseUrl } from '@/lib/database-url.js';
import { getDb, type Db } from '@/lib/db';
import { PrismaClient as SqliteClient } from '@/lib/generated/sqlite/client';
import { limitKeyOf } from '@/lib/client-address.js';
import { DEFAULT_THROTTLE_POLICY, delayAfterFailures, reserveLoginAttempt } from '@/lib/login-throttle';
import { createReporterToken, hashToken, listReporterTokens, revokeReporterToken, verifyReporterToken } from '@/lib/tokens';
import { resetAppGlobals, useTempSqlite } from './support/database';
import { defined } from './support/defined';

// The cookie jar next/headers would give a server action; the session logic behind it is real.
const cookieJar = vi.hoisted(() => new Map<string, string>());
const cookieOptions = vi.hoisted(() => new Map<string, Record<string, unknown>>());
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) } : undefined),
    set: (name: string, value: string, options: Record<string, unknown> = {}) => {
      cookieJar.set(name, value);
      cookieOptions.set(name, options);
    },
    delete: (name: string) => void cookieJar.delete(name),
  }),
  // What scripts/server.js hands Next: the socket's peer stamped in, whatever else the client wrote.
  headers: async () => new Headers({ 'x-nowline-peer-address': request.peer, 'x-forwarded-for': request.forwardedFor }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
const request = vi.hoisted(() => ({ peer: '127.0.0.1', forwardedFor: '' }));

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

let db: ReturnType<typeof useTempSqlite>;
beforeEach(() => {
  db = useTempSqlite();
  delete process.env.ADMIN_PASSWORD;
  cookieJar.clear();
  cookieOptions.clear();
});
afterEach(async () => {
  await db.cleanup();
});

describe('admin password', () => {
  it('is generated once on first start, stored only as a hash', async () => {
    const generated = await ensureAdminPassword();
    expect(generated).toMatch(/^[\w-]{16}$/);
    expect(await ensureAdminPassword()).toBeNull();
    const stored = await getDb().setting.findUnique({ where: { key: 'adminPasswordHash' } });
    expect(stored?.value).toMatch(/^scrypt\$/);
    expect(stored?.value).not.toContain(generated!);
    expect(await checkAdminPassword(generated!)).toBe(true);
    expect(await checkAdminPassword(generated! + 'x')).toBe(false);
  });

  it('verifies scrypt hashes', async () => {
    const hash = await hashPassword('correct horse');
    expect(await verifyPasswordHash('correct horse', hash)).toBe(true);
    expect(await verifyPasswordHash('wrong horse', hash)).toBe(false);
    expect(await verifyPasswordHash('x', 'garbage')).toBe(false);
  });
});

describe('admin sessions', () => {
  it('accepts its own cookie and refuses a forged signature', async () => {
    const { value } = await createSessionValue();
    expect(await verifySessionValue(value)).toBe(true);
    const [token = '', signature = ''] = value.split('.');
    expect(signature).not.toBe('');
    expect(await verifySessionValue(`${token}.${signature.slice(0, -2)}xx`)).toBe(false);
    expect(await verifySessionValue(`${token.slice(0, -2)}xx.${signature}`)).toBe(false);
    expect(await verifySessionValue(token)).toBe(false);
    expect(await verifySessionValue(undefined)).toBe(false);
  });

  it('stores only the hash of the session token', async () => {
    const { value } = await createSessionValue();
    const rows = await getDb().adminSession.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(value.split('.')[0]);
  });

  it('survives a restart (key and session are in the database)', async () => {
    const { value } = await createSessionValue();
    resetAppGlobals();
    expect(await verifySessionValue(value)).toBe(true);
  });

  it('logout ends the session on the server: the same cookie replayed no longer works', async () => {
    const other = await createSessionValue();
    const { value } = await createSessionValue();
    expect(await verifySessionValue(value)).toBe(true);
    cookieJar.set(SESSION_COOKIE, value);
    await endSession();
    expect(cookieJar.has(SESSION_COOKIE)).toBe(false);
    expect(await verifySessionValue(value)).toBe(false);
    // Only this session: another device stays logged in.
    expect(await verifySessionValue(other.value)).toBe(true);
    expect(await getDb().adminSession.count()).toBe(1);
  });

  it('"log out everywhere" ends every session', async () => {
    const laptop = await createSessionValue();
    const phone = await createSessionValue();
    cookieJar.set(SESSION_COOKIE, laptop.value);
    await endAllSessions();
    expect(await verifySessionValue(laptop.value)).toBe(false);
    expect(await verifySessionValue(phone.value)).toBe(false);
    // A new login afterwards works as usual.
    expect(await verifySessionValue((await createSessionValue()).value)).toBe(true);
  });

  it('slides: each use extends it by the idle limit (7 days), written at most every few minutes', async () => {
    const t0 = Date.now();
    const { value } = await createSessionValue(t0);
    const row = async () => (await getDb().adminSession.findFirstOrThrow()).lastSeenAt.getTime();
    expect(await verifySessionValue(value, t0 + 60_000)).toBe(true);
    expect(await row()).toBe(t0); // a minute later: no write
    expect(await verifySessionValue(value, t0 + 6 * DAY)).toBe(true);
    expect(await row()).toBe(t0 + 6 * DAY);
    expect(await verifySessionValue(value, t0 + 12 * DAY)).toBe(true); // past the first 7 days, still alive
    expect(await verifySessionValue(value, t0 + 19 * DAY + 1)).toBe(false); // unused for 7 days: ended
  });

  it('ends after 7 idle days even if never used', async () => {
    const t0 = Date.now();
    const { value } = await createSessionValue(t0);
    expect(await verifySessionValue(value, t0 + 7 * DAY - 1000)).toBe(true);
    const fresh = await createSessionValue(t0);
    expect(await verifySessionValue(fresh.value, t0 + 7 * DAY + 1)).toBe(false);
  });

  it('ends at the lifetime cap (90 days) however often it is used', async () => {
    const t0 = Date.now();
    const { value, expires } = await createSessionValue(t0);
    expect(expires.getTime()).toBe(t0 + 90 * DAY);
    for (let day = 5; day < 90; day += 5) expect(await verifySessionValue(value, t0 + day * DAY)).toBe(true);
    expect(await verifySessionValue(value, t0 + 90 * DAY + 1)).toBe(false);
  });
});

describe('the session cookie', () => {
  /** The options the cookie is set with, under these environment variables (read afresh). */
  async function cookieSetWith(vars: Record<string, string>) {
    const saved = { ...process.env };
    Object.assign(process.env, vars);
    vi.resetModules(); // lib/env.ts reads the environment once per module instance
    try {
      const auth = await import('@/lib/auth');
      await auth.startSession(await auth.createSessionValue());
      return cookieOptions.get(auth.SESSION_COOKIE);
    } finally {
      process.env = saved;
      vi.resetModules();
    }
  }

  it('is Secure, HttpOnly and SameSite=Lax by default in production', async () => {
    expect(await cookieSetWith({ NODE_ENV: 'production' })).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
    expect(await cookieSetWith({ NODE_ENV: 'production', NOWLINE_INSECURE_COOKIES: '0' })).toMatchObject({ secure: true });
  });

  it('drops Secure only when NOWLINE_INSECURE_COOKIES=1 (a LAN box on plain HTTP)', async () => {
    expect(await cookieSetWith({ NODE_ENV: 'production', NOWLINE_INSECURE_COOKIES: '1' })).toMatchObject({ secure: false, httpOnly: true });
  });
});

describe('login throttle', () => {
  let hash: string;
  let checks: number;
  const verify = async (password: string) => {
    checks++;
    return verifyPasswordHash(password, hash);
  };
  beforeEach(async () => {
    hash ??= await hashPassword(PASSWORD);
    checks = 0;
  });

  it('delays per client: five free failures, then 1 s, 2 s, 4 s … up to the cap', () => {
    const p = DEFAULT_THROTTLE_POLICY;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => delayAfterFailures(n, p))).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 8000]);
    expect(delayAfterFailures(13, p)).toBe(256_000);
    expect(delayAfterFailures(14, p)).toBe(300_000);
    expect(delayAfterFailures(1000, p)).toBe(300_000);
  });

  it('answers a wrong password, then asks the guessing client (only) to wait', async () => {
    const t = Date.now();
    for (let i = 1; i <= 4; i++) expect(await logIn('198.51.100.7', 'wrong', { now: t, verify })).toMatchObject({ status: 401, message: 'Wrong password.' });
    expect(await logIn('198.51.100.7', 'wrong', { now: t, verify })).toMatchObject({ status: 401, message: 'Wrong password. Try again in 1 s.' });
    expect(await logIn('198.51.100.7', PASSWORD, { now: t + 500, verify })).toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'Too many attempts. Try again in 1 s.',
      retryAfterSeconds: 1,
    });
    expect(checks).toBe(5);
    // Another address is not slowed down (past this second's five checks, all clients together).
    expect((await logIn('203.0.113.5', PASSWORD, { now: t + 1000, verify })).ok).toBe(true);
    // After the wait, the right password works and the client starts afresh.
    expect((await logIn('198.51.100.7', PASSWORD, { now: t + 1000, verify })).ok).toBe(true);
    expect(await getDb().loginThrottle.count({ where: { key: 'ip:198.51.100.7' } })).toBe(0);
  });

  it('says how long to wait in seconds or minutes', async () => {
    let t = Date.now();
    let last;
    for (let i = 0; i < 12; i++) {
      last = await logIn('198.51.100.8', 'wrong', { now: t, verify });
      t += 300_000;
    }
    expect(last).toMatchObject({ message: 'Wrong password. Try again in 3 min.' }); // 128 s, rounded up
    expect(await logIn('198.51.100.8', 'wrong', { now: t - 300_000 + 40_000, verify })).toMatchObject({ message: 'Too many attempts. Try again in 2 min.' });
    expect(await logIn('198.51.100.8', 'wrong', { now: t - 300_000 + 88_000, verify })).toMatchObject({ message: 'Too many attempts. Try again in 40 s.' });
  });

  it('counts an attempt before checking it: 60 concurrent guesses from one address, 5 checks', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, () => logIn('198.51.100.9', 'wrong', { verify })));
    expect(checks).toBe(5);
    expect(results.filter((r) => !r.ok && r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(55);
  });

  it('bounds password checks per second across all clients, without charging those turned away', async () => {
    const t = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => logIn(`192.0.2.${i + 1}`, 'wrong', { now: t, verify })));
    expect(checks).toBe(DEFAULT_THROTTLE_POLICY.checksPerSecond);
    const busy = results.filter((r) => !r.ok && r.status === 429);
    expect(busy).toHaveLength(20 - DEFAULT_THROTTLE_POLICY.checksPerSecond);
    for (const r of busy) expect(r).toMatchObject({ retryAfterSeconds: 2, message: expect.stringContaining('Try again in a moment') });
    // Those turned away owe nothing; a second later the owner gets straight in.
    const charged = await getDb().loginThrottle.aggregate({ _sum: { count: true }, where: { key: { startsWith: 'ip:' } } });
    expect(charged._sum.count).toBe(DEFAULT_THROTTLE_POLICY.checksPerSecond);
    expect((await logIn('192.0.2.200', PASSWORD, { now: t + 1000, verify })).ok).toBe(true);
  });

  it('never keeps the owner out: an attacker hammering for an hour, the owner logs in from elsewhere at once', async () => {
    const start = Date.now();
    for (let t = start; t < start + 3_600_000; t += 10_000) {
      await logIn('203.0.113.66', 'guess', { now: t, verify });
      const owner = t % 600_000 === 0 ? await logIn('198.51.100.1', PASSWORD, { now: t + 1, verify }) : null;
      if (owner) expect(owner.ok).toBe(true);
    }
    // At most 5 free + one per doubling wait: the attacker got very few checks in an hour.
    expect(checks).toBeLessThan(5 + 9 + 12 + 7);
  });

  it('the login action keys on the socket address: spoofed X-Forwarded-For neither helps a guesser nor locks the owner out', async () => {
    const password = (await ensureAdminPassword())!;
    const { login } = await import('@/lib/admin/actions');
    const form = (value: string) => {
      const data = new FormData();
      data.set('password', value);
      return data;
    };
    request.peer = '::ffff:203.0.113.66';
    // The clock stands still while the loop runs, however long it takes: no wait runs out meanwhile.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const results = [];
      for (let i = 0; i < 60; i++) {
        request.forwardedFor = `10.0.${i}.1`;
        results.push(await login({}, form('wrong')));
      }
      // The five free checks, and not one more.
      const checked = results.filter((r) => r.error?.startsWith('Wrong password')).length;
      expect(checked).toBe(5);
      expect(results.at(-1)?.error).toMatch(/^Too many attempts\. Try again in \d+ s\.$/);
      expect(cookieJar.has(SESSION_COOKIE)).toBe(false);
      // The owner, from another address, gets in at once (in the next second's checks).
      vi.setSystemTime(Date.now() + 1000);
      request.peer = '198.51.100.1';
      request.forwardedFor = '10.0.0.1';
      expect(await login({}, form(password))).toEqual({ ok: true });
      expect(await verifySessionValue(cookieJar.get(SESSION_COOKIE))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('POST /api/admin/session: JSON 401s for the free failures, then 429 with Retry-After and no cookie', async () => {
    const password = (await ensureAdminPassword())!;
    const { POST } = await import('@/app/api/admin/session/route');
    const attempt = (value: string) =>
      POST(
        new Request('http://localhost/api/admin/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-nowline-peer-address': '203.0.113.9' },
          body: JSON.stringify({ password: value }),
        }),
      );
    vi.useFakeTimers({ toFake: ['Date'] }); // no wait runs out between the attempts
    try {
      for (let i = 0; i < DEFAULT_THROTTLE_POLICY.freeAttempts; i++) {
        const wrong = await attempt('wrong');
        expect(wrong.status).toBe(401);
        expect(wrong.headers.get('retry-after')).toBeNull();
        expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: i < 4 ? 'Wrong password.' : 'Wrong password. Try again in 1 s.' } });
      }
      const throttled = await attempt(password);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('1');
      expect((await throttled.json()).error).toEqual({ code: 'rate_limited', message: 'Too many attempts. Try again in 1 s.' });
      expect(cookieJar.has(SESSION_COOKIE)).toBe(false);
      // Once the wait is over, the right password gets in.
      vi.setSystemTime(Date.now() + 1000);
      expect((await attempt(password)).status).toBe(200);
      expect(cookieJar.has(SESSION_COOKIE)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts login failures by IPv6 /48: fresh /64s from one /48 share one key and its waits', async () => {
    expect(limitKeyOf('2001:db8:1:2::1', 48)).toBe('2001:db8:1::/48');
    const t = Date.now();
    const results = [];
    // Each try from a fresh /64 of 2001:db8:7::/48, a second apart (clear of the server-wide bound).
    for (let i = 0; i < 6; i++) results.push(await logIn(`2001:db8:7:${(i + 1).toString(16)}::1`, 'wrong', { now: t + i * 1000, verify }));
    expect(results.slice(0, 4).every((r) => !r.ok && r.status === 401 && r.message === 'Wrong password.')).toBe(true);
    expect(results[4]).toMatchObject({ status: 401, message: 'Wrong password. Try again in 1 s.' });
    expect(results[5]).toMatchObject({ status: 401, message: 'Wrong password. Try again in 2 s.' });
    expect(await logIn('2001:db8:7:ffff::9', 'wrong', { now: t + 6000, verify })).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(checks).toBe(6);
    expect(await getDb().loginThrottle.count({ where: { key: { startsWith: 'ip:2001:db8:7' } } })).toBe(1);
  });

  it('keeps a check each second for a client with no failures while many failing addresses flood', async () => {
    const t = Date.now();
    const attackers = Array.from({ length: 30 }, (_, i) => `203.0.113.${i + 1}`);
    // Each attacker has failed before (a minute ago, spread so the bound did not answer instead).
    for (const [i, a] of attackers.entries()) await logIn(a, 'wrong', { now: t - 60_000 + i * 1000, verify });
    await logIn('192.0.2.99', 'wrong', { now: t - 10_000, verify });
    const flood = await Promise.all(attackers.map((a) => logIn(a, 'wrong', { now: t, verify })));
    expect(flood.filter((r) => !r.ok && r.status === 401)).toHaveLength(DEFAULT_THROTTLE_POLICY.checksPerSecond - 1);
    // The owner, in the same second, still gets a check.
    expect((await logIn('198.51.100.77', PASSWORD, { now: t, verify })).ok).toBe(true);
    // The reserved share is for clean clients only: a failing one is still turned away this second.
    expect(await logIn('192.0.2.99', 'wrong', { now: t, verify })).toMatchObject({ status: 429, retryAfterSeconds: 2 });
  });

  it("keeps no per-client counter for an unknown address, so it cannot lock everyone out or touch the server-wide row", async () => {
    const t = Date.now();
    for (let i = 0; i < 8; i++) expect(await logIn('unknown', 'wrong', { now: t + i * 1000, verify })).toMatchObject({ status: 401, message: 'Wrong password.' });
    expect(await getDb().loginThrottle.count({ where: { key: { startsWith: 'ip:' } } })).toBe(0);
    // A forged peer header of `*` resolves to unknown, never to the server-wide row's key.
    const { clientAddressOfHeaders } = await import('@/lib/client-address.js');
    expect(clientAddressOfHeaders(new Headers({ 'x-nowline-peer-address': '*' }))).toBe('unknown');
    expect((await logIn('198.51.100.40', PASSWORD, { now: t + 8000, verify })).ok).toBe(true);
  });

  it('keys IPv6 clients by their /64', () => {
    expect(limitKeyOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(limitKeyOf('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(limitKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(limitKeyOf('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(limitKeyOf('198.51.100.1')).toBe('198.51.100.1');
    expect(limitKeyOf('')).toBe('unknown');
  });

  it('is shared by every instance using the database', async () => {
    const other: Db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: (parseDatabaseUrl(db.url) as { file: string }).file }) });
    try {
      const t = Date.now();
      const policy = DEFAULT_THROTTLE_POLICY;
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await reserveLoginAttempt(i % 2 ? other : getDb(), '198.51.100.20', policy, t));
      expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false]);
    } finally {
      await other.$disconnect();
    }
  });

  it('forgets quiet clients and prunes their rows and ended sessions', async () => {
    const t = Date.now() - 2 * DAY;
    for (let i = 0; i < 5; i++) await logIn('198.51.100.30', 'wrong', { now: t, verify });
    await createSessionValue(t - 10 * DAY);
    resetAppGlobals(); // as a new process: pruning runs on its first login
    expect((await logIn('198.51.100.31', 'wrong', { verify })).ok).toBe(false);
    expect(await getDb().loginThrottle.findUnique({ where: { key: 'ip:198.51.100.30' } })).toBeNull();
    expect(await getDb().adminSession.count()).toBe(0);
  });
});

describe('reporter tokens', () => {
  it('stores only the SHA-256 of a token and verifies it', async () => {
    const { token } = await createReporterToken(getDb(), 'laptop');
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const rows = await getDb().reporterToken.findMany();
    expect(rows).toHaveLength(1);
    expect(defined(rows[0], 'the token row').hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await verifyReporterToken(getDb(), token)).toMatchObject({ name: 'laptop' });
    expect(await verifyReporterToken(getDb(), token.slice(0, -1))).toBeNull();
    expect(await verifyReporterToken(getDb(), '')).toBeNull();
    expect((await listReporterTokens(getDb()))[0]).not.toHaveProperty('hash');
  });

  it('a revocation holds at once on this instance, though verified tokens are cached for 10 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // the cache's 10 s cannot run out during the test
    try {
      const { token, summary } = await createReporterToken(getDb(), 'laptop');
      expect(await verifyReporterToken(getDb(), token)).toMatchObject({ name: 'laptop' }); // now cached
      expect(await revokeReporterToken(getDb(), summary.id)).toBe(true);
      expect(await verifyReporterToken(getDb(), token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a lookup under way while the token is revoked answers its own request but is not kept', async () => {
    const { token, summary } = await createReporterToken(getDb(), 'laptop');
    // The lookup reads the row (still valid), then waits until the revocation is done.
    let read = () => {};
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tokens = getDb().reporterToken;
    const slowFindUnique = async (args: Parameters<typeof tokens.findUnique>[0]) => {
      const row = await tokens.findUnique(args);
      read();
      await gate;
      return row;
    };
    const slowDb = new Proxy(getDb(), {
      get: (db, key) => (key === 'reporterToken' ? new Proxy(tokens, { get: (t, k) => (k === 'findUnique' ? slowFindUnique : Reflect.get(t, k)) }) : Reflect.get(db, key)),
    });
    const underWay = verifyReporterToken(slowDb, token);
    await hasRead;
    await revokeReporterToken(getDb(), summary.id);
    release();
    expect(await underWay).toMatchObject({ name: 'laptop' });
    expect(await verifyReporterToken(getDb(), token)).toBeNull();
  });

  it('a revocation made elsewhere (another instance) is seen within the 10 s cache', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { token, summary } = await createReporterToken(getDb(), 'laptop');
      expect(await verifyReporterToken(getDb(), token)).not.toBeNull();
      // Another instance revokes it: this one's cache is not told.
      await getDb().reporterToken.update({ where: { id: summary.id }, data: { revokedAt: new Date() } });
      expect(await verifyReporterToken(getDb(), token)).not.toBeNull();
      vi.setSystemTime(Date.now() + 10_001);
      expect(await verifyReporterToken(getDb(), token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('admin server actions', () => {
  const form = (fields: Record<string, string | string[]>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
    return data;
  };
  const logInCookie = async () => cookieJar.set(SESSION_COOKIE, (await createSessionValue()).value);
  const actions = () => import('@/lib/admin/actions');
  const store = () => import('@/lib/status/store');
  /** What the public snapshot shows. */
  const publicActivities = async () => (await (await store()).getSnapshot()).activities;

  it('refuses every call without a live session, with or without a cookie, and changes nothing', async () => {
    const { clearManualStatus, createToken, logoutEverywhere, revokeToken, savePrivacySettings, setManualStatus } = await actions();
    const { getPrivacyRules, reportActivities } = await store();
    const { DEFAULT_PRIVACY_RULES } = await import('@/lib/status/privacy/rules');
    await reportActivities([{ kind: 'manual', text: 'Set by a reporter' }], 'test');
    const { summary: laptop } = await createReporterToken(getDb(), 'laptop');
    const otherDevice = await createSessionValue();

    // No cookie at all, then the cookie of a session that was logged out (replayed).
    const ended = await createSessionValue();
    cookieJar.set(SESSION_COOKIE, ended.value);
    await endSession();
    for (const cookie of [undefined, ended.value]) {
      if (cookie) cookieJar.set(SESSION_COOKIE, cookie);
      const refused = { error: expect.stringMatching(/session has ended/) };
      expect(await setManualStatus({}, form({ text: 'Hijacked' }))).toEqual(refused);
      expect(await clearManualStatus({}, form({}))).toEqual(refused);
      expect(await createToken({}, form({ name: 'intruder' }))).toEqual(refused);
      expect(await savePrivacySettings({}, { showWindowTitles: true, showFileNames: true })).toEqual(refused);
      await revokeToken(form({ id: laptop.id }));
      await logoutEverywhere(form({}));
    }

    expect(await publicActivities()).toMatchObject([{ kind: 'manual', text: 'Set by a reporter' }]);
    expect((await listReporterTokens(getDb())).map((t) => [t.name, t.revokedAt])).toEqual([['laptop', null]]);
    expect(await getPrivacyRules()).toEqual(DEFAULT_PRIVACY_RULES);
    expect(await verifySessionValue(otherDevice.value)).toBe(true);
  });

  it('with a session, runs on the parsed form and answers bad input field by field', async () => {
    const { clearManualStatus, createToken, logoutEverywhere, revokeToken, setManualStatus } = await actions();
    await logInCookie();

    expect(await setManualStatus({}, form({ text: '  ', emoji: '', until: '' }))).toEqual({
      error: 'Check the highlighted fields. Nothing was saved.',
      fieldErrors: { text: 'give a text or an emoji' },
    });
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(await setManualStatus({}, form({ text: 'Lunch', until: past }))).toEqual({
      error: 'Check the highlighted fields. Nothing was saved.',
      fieldErrors: { until: 'The end time must be in the future.' },
    });
    expect(await publicActivities()).toEqual([]);
    expect(await setManualStatus({}, form({ text: '  Deep work ', emoji: '🎧', until: '', preset: 'none' }))).toEqual({ ok: true });
    expect(await publicActivities()).toMatchObject([{ kind: 'manual', text: 'Deep work', emoji: '🎧' }]);
    expect(await clearManualStatus({}, form({}))).toEqual({ ok: true });
    expect(await publicActivities()).toEqual([]);

    expect((await createToken({}, form({ name: ' ' }))).fieldErrors).toEqual({ name: 'Give the token a name.' });
    expect((await createToken({}, form({ name: 'x', protocols: 'gopher' }))).error).toMatch(/^Unknown protocol: gopher/);
    // Ticked checkboxes arrive as repeated names: one or several, each becomes the list.
    const created = await createToken({}, form({ name: 'editor', protocols: ['wakatime', 'codetime'], kinds: 'coding' }));
    expect(created).toMatchObject({ ok: true, tokenName: 'editor', token: expect.any(String) });
    const [row] = await listReporterTokens(getDb());
    expect(row).toMatchObject({ name: 'editor', protocols: ['wakatime', 'codetime'], kinds: ['coding'] });

    await revokeToken(form({ id: 'not-a-uuid' }));
    expect((await listReporterTokens(getDb()))[0]?.revokedAt).toBeNull();
    await revokeToken(form({ id: row!.id }));
    expect((await listReporterTokens(getDb()))[0]?.revokedAt).toBeInstanceOf(Date);

    const phone = await createSessionValue();
    await logoutEverywhere(form({}));
    expect(await verifySessionValue(phone.value)).toBe(false);
    expect(cookieJar.has(SESSION_COOKIE)).toBe(false);
  });
});
