// Each protocol carries the reporter token its own way; all of them end in verifyReporterToken.
import 'server-only';
import { getDb } from '../db';
import { verifyReporterToken, type Reporter } from '../tokens';
import type { IngestRequest } from './request';

const PRINTABLE = /^[\x21-\x7e]{1,256}$/;

function decodeBase64(value: string): string | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return PRINTABLE.test(text) ? text : null;
}

/**
 * What a WakaTime client may have sent as its key: `Basic base64(key)` (or of `key:` / `user:key`),
 * `Basic key`, `Bearer base64(key)`, `Bearer key`, or `?api_key=key`.
 */
export function wakatimeTokenCandidates(request: IngestRequest): string[] {
  const candidates: string[] = [];
  const header = request.headers.get('authorization')?.trim();
  const sent = header?.match(/^(?:Basic|Bearer)\s+(\S+)$/i)?.[1];
  if (sent) {
    const decoded = decodeBase64(sent);
    if (decoded !== null) {
      const [before = '', ...after] = decoded.split(':');
      candidates.push(before, after.join(':'));
    }
    candidates.push(sent);
  }
  const query = new URL(request.url).searchParams.get('api_key');
  if (query) candidates.push(query.trim());
  return [...new Set(candidates.filter((c) => PRINTABLE.test(c)))];
}

/** `Authorization: Token <token>` (ListenBrainz), or `?token=` as its older clients send. */
export function listenBrainzToken(request: IngestRequest): string | null {
  const match = request.headers.get('authorization')?.trim().match(/^Token\s+(\S+)$/i);
  return match?.[1] ?? new URL(request.url).searchParams.get('token')?.trim() ?? null;
}

/** The first candidate that is a valid, unrevoked reporter token. */
export async function verifyAnyToken(candidates: (string | null | undefined)[]): Promise<Reporter | null> {
  for (const candidate of candidates.slice(0, 4)) {
    if (!candidate) continue;
    const reporter = await verifyReporterToken(getDb(), candidate);
    if (reporter) return reporter;
  }
  return null;
}
