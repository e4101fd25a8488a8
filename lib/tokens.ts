// Reporter tokens: shown once, stored as SHA-256 only, compared in constant time.
// No 'server-only' here: the `npm run token` script uses it too.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from './db';
import { ACTIVITY_KINDS, type ActivityKind } from './status/schema';

/** A token is looked up again after this long, so a revocation elsewhere is seen soon. */
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

/** The ways a reporter can send; `api` is native `POST /api/status`. */
export const TOKEN_PROTOCOLS = ['api', 'wakatime', 'codetime', 'mixspace', 'listenbrainz'] as const;
export type TokenProtocol = (typeof TOKEN_PROTOCOLS)[number];

/** What a token may do; null = no limit (every token made before scopes existed). */
export interface TokenScopes {
  protocols: TokenProtocol[] | null;
  kinds: ActivityKind[] | null;
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

function readList<T extends string>(stored: string | null, allowed: readonly T[]): T[] | null {
  if (stored === null) return null;
  return stored.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

const toSummary = (row: Omit<TokenSummary, keyof TokenScopes> & { protocols: string | null; kinds: string | null }): TokenSummary => ({
  ...row,
  protocols: readList(row.protocols, TOKEN_PROTOCOLS),
  kinds: readList(row.kinds, ACTIVITY_KINDS),
});

/** Checks scope names (from a form or the command line); empty or missing = no limit. */
export function parseTokenScopes(protocols: string[] | undefined, kinds: string[] | undefined): TokenScopes {
  const pick = <T extends string>(values: string[] | undefined, allowed: readonly T[], what: string): T[] | null => {
    const clean = [...new Set((values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean))];
    if (clean.length === 0) return null;
    const unknown = clean.filter((v) => !(allowed as readonly string[]).includes(v));
    if (unknown.length) throw new Error(`Unknown ${what}: ${unknown.join(', ')} (choose from ${allowed.join(', ')})`);
    return clean as T[];
  };
  return { protocols: pick(protocols, TOKEN_PROTOCOLS, 'protocol'), kinds: pick(kinds, ACTIVITY_KINDS, 'kind') };
}

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
  tokenCache().clear();
  return count > 0;
}

interface CachedToken extends Reporter {
  hash: string;
  checkedAt: number;
  lastUsedWrite: number;
}

const globalForTokens = globalThis as unknown as { __nowlineTokenCache?: Map<string, CachedToken | null> };
const tokenCache = () => (globalForTokens.__nowlineTokenCache ??= new Map());

/** The token's owner record when it is valid and not revoked; null otherwise. */
export async function verifyReporterToken(db: Db, token: string | null | undefined): Promise<Reporter | null> {
  if (!token || token.length > 256) return null;
  const hash = hashToken(token);
  const cache = tokenCache();
  const now = Date.now();
  let entry = cache.get(hash);
  if (entry === undefined || (entry?.checkedAt ?? 0) + CACHE_MS < now) {
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
            protocols: readList(row.protocols, TOKEN_PROTOCOLS),
            kinds: readList(row.kinds, ACTIVITY_KINDS),
            checkedAt: now,
            lastUsedWrite: row.lastUsedAt?.getTime() ?? 0,
          }
        : null;
    if (cache.size > 1000) cache.clear();
    cache.set(hash, entry);
  }
  // The lookup is by hash; this comparison keeps the final check constant-time all the same.
  if (!entry || !timingSafeEqual(Buffer.from(entry.hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  if (now - entry.lastUsedWrite > LAST_USED_RESOLUTION_MS) {
    entry.lastUsedWrite = now;
    await db.reporterToken.update({ where: { id: entry.id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  return { id: entry.id, name: entry.name, protocols: entry.protocols, kinds: entry.kinds };
}

/** Why this token may not report through `protocol` (or set these kinds); null when it may. */
export function scopeRefusal(reporter: TokenScopes, protocol: TokenProtocol, kinds: readonly ActivityKind[] = []): string | null {
  if (reporter.protocols && !reporter.protocols.includes(protocol)) {
    return `This token may report only through ${reporter.protocols.join(', ')}, not ${protocol}.`;
  }
  const refused = reporter.kinds ? [...new Set(kinds.filter((k) => !reporter.kinds!.includes(k)))] : [];
  if (refused.length) return `This token may set only ${reporter.kinds!.join(', ')} activities, not ${refused.join(', ')}.`;
  return null;
}

export function clearTokenCache() {
  tokenCache().clear();
}
