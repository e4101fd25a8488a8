// Reporter tokens: shown once, stored as SHA-256 only, compared in constant time.
// No 'server-only' here: the `npm run token` script uses it too.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from './db';
import { ACTIVITY_KINDS } from './status/schema';
import { readScopeList, TOKEN_PROTOCOLS, type TokenScopes } from './token-scopes';

/** A token is looked up again after this long, so a revocation on another instance is seen soon. */
const CACHE_MS = 10_000;
/** lastUsedAt is written at most this often per token (one write per report would be waste). */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * A random UUID (122 random bits). Shaped like a UUID because some reporters (the CodeTime VS Code
 * plugin, wakatime-cli) refuse keys of any other shape before they send anything.
 */
export function generateToken(): string {
  return randomUUID();
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface TokenSummary extends TokenScopes {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A verified token: who reports, and what it may do. */
export interface Reporter extends TokenScopes {
  id: string;
  name: string;
}

const SUMMARY = { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true, protocols: true, kinds: true } as const;

const toSummary = (row: Omit<TokenSummary, keyof TokenScopes> & { protocols: string | null; kinds: string | null }): TokenSummary => ({
  ...row,
  protocols: readScopeList(row.protocols, TOKEN_PROTOCOLS),
  kinds: readScopeList(row.kinds, ACTIVITY_KINDS),
});

export async function createReporterToken(
  db: Db,
  name: string,
  scopes: Partial<TokenScopes> = {},
): Promise<{ token: string; summary: TokenSummary }> {
  const token = generateToken();
  const row = await db.reporterToken.create({
    data: {
      id: randomUUID(),
      name: name.trim(),
      hash: hashToken(token),
      protocols: scopes.protocols?.length ? scopes.protocols.join(',') : null,
      kinds: scopes.kinds?.length ? scopes.kinds.join(',') : null,
    },
    select: SUMMARY,
  });
  return { token, summary: toSummary(row) };
}

export async function listReporterTokens(db: Db): Promise<TokenSummary[]> {
  const rows = await db.reporterToken.findMany({ orderBy: { createdAt: 'desc' }, select: SUMMARY });
  return rows.map(toSummary);
}

export async function revokeReporterToken(db: Db, id: string): Promise<boolean> {
  const { count } = await db.reporterToken.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  // On this instance the revocation holds from the next request on, not after the cache's 10 s.
  clearTokenCache();
  return count > 0;
}

interface CachedToken extends Reporter {
  hash: string;
  checkedAt: number;
  lastUsedWrite: number;
}

const globalForTokens = globalThis as unknown as { __nowlineTokenCache?: Map<string, CachedToken | null>; __nowlineTokenCacheEpoch?: number };
const tokenCache = () => (globalForTokens.__nowlineTokenCache ??= new Map());
const cacheEpoch = () => globalForTokens.__nowlineTokenCacheEpoch ?? 0;

/** The token's owner record when it is valid and not revoked; null otherwise. */
export async function verifyReporterToken(db: Db, token: string | null | undefined): Promise<Reporter | null> {
  if (!token || token.length > 256) return null;
  const hash = hashToken(token);
  const cache = tokenCache();
  const now = Date.now();
  let entry = cache.get(hash);
  if (entry === undefined || (entry?.checkedAt ?? 0) + CACHE_MS < now) {
    const epoch = cacheEpoch();
    const row = await db.reporterToken.findUnique({
      where: { hash },
      select: { id: true, name: true, hash: true, revokedAt: true, lastUsedAt: true, protocols: true, kinds: true },
    });
    entry =
      row && !row.revokedAt
        ? {
            id: row.id,
            name: row.name,
            hash: row.hash,
            protocols: readScopeList(row.protocols, TOKEN_PROTOCOLS),
            kinds: readScopeList(row.kinds, ACTIVITY_KINDS),
            checkedAt: now,
            lastUsedWrite: row.lastUsedAt?.getTime() ?? 0,
          }
        : null;
    if (cache.size > 1000) cache.clear();
    // A lookup that was under way while a token was revoked may have read the row before the
    // revocation: it answers this request, but is not kept.
    if (epoch === cacheEpoch()) cache.set(hash, entry);
  }
  // The lookup is by hash; this comparison keeps the final check constant-time all the same.
  if (!entry || !timingSafeEqual(Buffer.from(entry.hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  if (now - entry.lastUsedWrite > LAST_USED_RESOLUTION_MS) {
    entry.lastUsedWrite = now;
    await db.reporterToken.update({ where: { id: entry.id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  return { id: entry.id, name: entry.name, protocols: entry.protocols, kinds: entry.kinds };
}

/** Forgets every verified token on this instance, including lookups still under way. */
export function clearTokenCache() {
  globalForTokens.__nowlineTokenCacheEpoch = cacheEpoch() + 1;
  tokenCache().clear();
}
