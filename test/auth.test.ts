import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkAdminPassword,
  clearLoginFailures,
  createSessionValue,
  ensureAdminPassword,
  hashPassword,
  loginRetryAfter,
  recordLoginFailure,
  verifyPasswordHash,
  verifySessionValue,
} from '@/lib/auth';
import { getDb } from '@/lib/db';
import { createReporterToken, hashToken, listReporterTokens, verifyReporterToken } from '@/lib/tokens';
import { resetAppGlobals, useTempSqlite } from './helpers/database';

let db: ReturnType<typeof useTempSqlite>;
beforeEach(() => {
  db = useTempSqlite();
  delete process.env.ADMIN_PASSWORD;
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

describe('session cookie', () => {
  it('accepts its own signature and refuses tampering or expiry', async () => {
    const { value } = await createSessionValue();
    expect(await verifySessionValue(value)).toBe(true);
    const [, exp, sig] = value.split('.');
    expect(await verifySessionValue(`admin.${Number(exp) + 1000}.${sig}`)).toBe(false);
    expect(await verifySessionValue(`admin.${exp}.${sig.slice(0, -2)}xx`)).toBe(false);
    expect(await verifySessionValue(value, Number(exp) + 1)).toBe(false);
    expect(await verifySessionValue(undefined)).toBe(false);
  });

  it('is signed with a key kept in the database, so it survives a restart', async () => {
    const { value } = await createSessionValue();
    resetAppGlobals();
    expect(await verifySessionValue(value)).toBe(true);
  });
});

describe('login rate limit', () => {
  it('allows five failures per client, then asks to wait', () => {
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      expect(loginRetryAfter('1.2.3.4', now)).toBe(0);
      recordLoginFailure('1.2.3.4', now);
    }
    expect(loginRetryAfter('1.2.3.4', now)).toBeGreaterThan(0);
    expect(loginRetryAfter('5.6.7.8', now)).toBe(0);
    expect(loginRetryAfter('1.2.3.4', now + 16 * 60_000)).toBe(0);
    clearLoginFailures('1.2.3.4');
  });
});

describe('reporter tokens', () => {
  it('stores only the SHA-256 of a token and verifies it', async () => {
    const { token } = await createReporterToken(getDb(), 'laptop');
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const rows = await getDb().reporterToken.findMany();
    expect(rows[0].hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await verifyReporterToken(getDb(), token)).toMatchObject({ name: 'laptop' });
    expect(await verifyReporterToken(getDb(), token.slice(0, -1))).toBeNull();
    expect(await verifyReporterToken(getDb(), '')).toBeNull();
    expect((await listReporterTokens(getDb()))[0]).not.toHaveProperty('hash');
  });
});
