// The login throttle and admin sessions on PostgreSQL: attempts are reserved atomically even with
// real concurrency (a connection pool) and with two instances (two clients) on one database.
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresConfig } from '../../lib/database-url.js';
import { createScratchDatabase, isPostgresReachable, type ScratchDatabase } from './helpers/postgres';
import { resetAppGlobals } from '../support/database';

const reachable = await isPostgresReachable('postgres auth');

describe.skipIf(!reachable)('login throttle and sessions on PostgreSQL', () => {
  let database: ScratchDatabase;
  let hash: string;
  let checks = 0;

  beforeAll(async () => {
    database = await createScratchDatabase('nowline_auth');
    process.env.DATABASE_URL = database.url;
    const { hashPassword } = await import('@/lib/auth');
    hash = await hashPassword('correct horse battery');
  });

  afterAll(async () => {
    const g = globalThis as { __nowlineDb?: { db: { $disconnect(): Promise<void> } } };
    await g.__nowlineDb?.db.$disconnect();
    await database?.drop();
  });

  beforeEach(async () => {
    const { getDb } = await import('@/lib/db');
    await getDb().loginThrottle.deleteMany({});
    checks = 0;
  });

  const verify = async (password: string) => {
    checks++;
    const { verifyPasswordHash } = await import('@/lib/auth');
    return verifyPasswordHash(password, hash);
  };

  it('60 concurrent wrong logins from one address: 5 reach the password check', async () => {
    const { logIn } = await import('@/lib/auth');
    const results = await Promise.all(Array.from({ length: 60 }, () => logIn('198.51.100.9', 'wrong', { verify })));
    expect(checks).toBe(5);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(55);
  });

  it('two instances reserving at once still allow five', async () => {
    const { getDb } = await import('@/lib/db');
    const { PrismaClient } = await import('@/lib/generated/postgres/client');
    const { DEFAULT_THROTTLE_POLICY, reserveLoginAttempt } = await import('@/lib/login-throttle');
    const other = new PrismaClient({ adapter: new PrismaPg({ ...postgresConfig(database.url), max: 10 }) });
    try {
      const now = Date.now();
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => reserveLoginAttempt(i % 2 ? (other as unknown as ReturnType<typeof getDb>) : getDb(), '198.51.100.10', DEFAULT_THROTTLE_POLICY, now)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(5);
    } finally {
      await other.$disconnect();
    }
  });

  it('bounds the password checks per second across clients', async () => {
    const { logIn } = await import('@/lib/auth');
    const now = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => logIn(`192.0.2.${i + 1}`, 'wrong', { now, verify })));
    expect(checks).toBe(5);
    expect((await logIn('192.0.2.200', 'correct horse battery', { now: now + 1000, verify })).ok).toBe(true);
  });

  it('sessions: logout and "everywhere" end them on the server; expiry slides', async () => {
    const { createSessionValue, verifySessionValue } = await import('@/lib/auth');
    const { endAllAdminSessions } = await import('@/lib/admin-sessions');
    const t0 = Date.now();
    const a = await createSessionValue(t0);
    const b = await createSessionValue(t0);
    expect(await verifySessionValue(a.value, t0 + 6 * 86_400_000)).toBe(true);
    expect(await verifySessionValue(a.value, t0 + 12 * 86_400_000)).toBe(true);
    expect(await verifySessionValue(b.value, t0 + 12 * 86_400_000)).toBe(false);
    resetAppGlobals();
    process.env.DATABASE_URL = database.url;
    const { getDb } = await import('@/lib/db');
    await endAllAdminSessions(getDb());
    expect(await verifySessionValue(a.value, t0 + 12 * 86_400_000)).toBe(false);
  });
});
