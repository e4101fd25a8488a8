// What a reporter token may do: the protocols it may report through and the activity kinds it may
// set (a CodeTime token cannot set the manual status). Pure, so the admin form can use it too.
import { ACTIVITY_KINDS, type ActivityKind } from './status/schema';

/**
 * The ways a reporter can send, with the name the owner sees; `api` is native `POST /api/status`.
 * A new protocol adds its line here (its adapter's `protocol` must be one of these keys).
 */
export const TOKEN_PROTOCOL_LABELS = {
  api: 'Nowline API',
  wakatime: 'WakaTime',
  codetime: 'CodeTime',
  mixspace: 'Mix Space',
  listenbrainz: 'ListenBrainz',
} as const;
export type TokenProtocol = keyof typeof TOKEN_PROTOCOL_LABELS;
export const TOKEN_PROTOCOLS = Object.keys(TOKEN_PROTOCOL_LABELS) as TokenProtocol[];

/** What a token may do; null = no limit (every token made before scopes existed). */
export interface TokenScopes {
  protocols: TokenProtocol[] | null;
  kinds: ActivityKind[] | null;
}

/** A stored comma-separated scope list; null (no limit) stays null. */
export function readScopeList<T extends string>(stored: string | null, allowed: readonly T[]): T[] | null {
  if (stored === null) return null;
  return stored.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

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

/** Why this token may not report through `protocol` (or set these kinds); null when it may. */
export function scopeRefusal(reporter: TokenScopes, protocol: TokenProtocol, kinds: readonly ActivityKind[] = []): string | null {
  if (reporter.protocols && !reporter.protocols.includes(protocol)) {
    return `This token may report only through ${reporter.protocols.join(', ')}, not ${protocol}.`;
  }
  const refused = reporter.kinds ? [...new Set(kinds.filter((k) => !reporter.kinds!.includes(k)))] : [];
  if (refused.length) return `This token may set only ${reporter.kinds!.join(', ')} activities, not ${refused.join(', ')}.`;
  return null;
}
