// Pure: stored session rows + the store's open sessions + time + privacy rules → the public history.
// The same rules as the live snapshot (applyPrivacy), applied at read time: a rule changed today
// changes the past too. Only the identifying fields are ever public; paths, home folders and git
// remotes are scrubbed whatever was stored.
import { DEFAULT_GAME_RULES, publicActivity, type GameRules } from '../games/game-rules';
import { isLive } from '../status/live';
import type { PrivacyRules } from '../status/privacy/rules';
import type { Activity, ActivityKind } from '../status/schema';
import { parseSessionFields, type OpenSession } from './sessions';

/** The fields a public session may carry, per kind. */
const PUBLIC_FIELDS: Record<ActivityKind, readonly string[]> = {
  coding: ['project', 'language', 'editor'],
  music: ['title', 'artist', 'album', 'player'],
  gaming: ['name'],
  app: ['name'],
  manual: ['text', 'emoji'],
};

/** One continuous activity, as anyone may see it. Fields absent when unknown or hidden. */
export interface PublicSession {
  id: number;
  kind: ActivityKind;
  source: string;
  startedAt: string;
  /** Never after the time of the request. */
  endedAt: string;
  /** Still going on: `endedAt` is then the latest moment known. */
  ongoing: boolean;
  project?: string;
  language?: string;
  editor?: string;
  title?: string;
  artist?: string;
  album?: string;
  player?: string;
  name?: string;
  text?: string;
  emoji?: string;
}

export interface SessionRow {
  id: number;
  kind: string;
  source: string;
  fields: string;
  startedAt: Date;
  endedAt: Date;
}

export interface PublicSessionsContext {
  rules: PrivacyRules;
  /** Which app sessions are games (as on the live page: recognised when read, not when stored). */
  games?: GameRules;
  now: number;
  from: number;
  to: number;
  /** The store's open session of each kind: their ends are ahead of the rows'. */
  open?: readonly OpenSession[];
  /** The current slots, to tell which open sessions are still live. */
  activities?: ReadonlyMap<ActivityKind, Activity>;
}

function currentEnd(row: SessionRow, context: PublicSessionsContext): { end: number; ongoing: boolean } {
  const { now } = context;
  const open = context.open?.find((session) => session.id === row.id && !session.closed);
  if (!open) return { end: Math.min(row.endedAt.getTime(), now), ongoing: false };
  const slot = context.activities?.get(open.kind);
  const ongoing = slot !== undefined && isLive(slot, now);
  // A manual status without an end goes on for as long as it is set.
  const end = ongoing && slot.kind === 'manual' && slot.expiresAt === null ? now : Math.min(open.endedAt, now);
  return { end: Math.max(end, Math.min(row.endedAt.getTime(), now)), ongoing };
}

/** The public form of one session, or null when the rules hide it. */
export function toPublicSession(row: SessionRow, context: PublicSessionsContext): PublicSession | null {
  if (!PUBLIC_FIELDS[row.kind as ActivityKind]) return null;
  const { end, ongoing } = currentEnd(row, context);
  const startedAt = row.startedAt.toISOString();
  const endedAt = new Date(Math.max(end, row.startedAt.getTime())).toISOString();
  const stored = {
    ...parseSessionFields(row.fields),
    kind: row.kind,
    source: row.source,
    startedAt,
    updatedAt: endedAt,
    expiresAt: endedAt,
  } as Activity;
  const visible = publicActivity(stored, context.rules, context.games ?? DEFAULT_GAME_RULES);
  if (!visible) return null;
  const kind = visible.kind;
  const allowed = PUBLIC_FIELDS[kind];
  const session: PublicSession = { id: row.id, kind, source: visible.source, startedAt, endedAt, ongoing };
  const fields = visible as unknown as Record<string, unknown>;
  for (const name of allowed) {
    const value = fields[name];
    if (typeof value === 'string' && value) (session as unknown as Record<string, unknown>)[name] = value;
  }
  return session;
}

/** The public sessions that overlap [from, to), oldest first (each whole: not cut at the edges). */
export function toPublicSessions(rows: readonly SessionRow[], context: PublicSessionsContext): PublicSession[] {
  const sessions: PublicSession[] = [];
  for (const row of rows) {
    const session = toPublicSession(row, context);
    if (!session) continue;
    if (Date.parse(session.startedAt) >= context.to || Date.parse(session.endedAt) < context.from) continue;
    sessions.push(session);
  }
  return sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id - b.id);
}
