// Pure: how each change to a slot moves the history. A session is one continuous activity (the same
// song, project + language + editor, game, app or manual status); a report of the same thing while
// it is live extends it, a different one or a clear closes it, and so does expiry (noticed at the
// next change of its kind). The store keeps the open session of each kind in memory and writes what
// this plans inside the same write as the change, so history costs no query per report: an insert
// when a session opens, an update when its end moved by more than EXTEND_WRITE_MS, or at close.
import { isLive } from '../status/live';
import type { Activity, ActivityKind } from '../status/schema';

/** A session's end is written when it moved by more than this, or when it closes. */
export const EXTEND_WRITE_MS = 30_000;

/** The fields that say which thing a session is about, per kind (plus the music player, for the privacy rules). */
const SESSION_FIELDS = {
  coding: ['project', 'language', 'editor'],
  music: ['title', 'artist', 'album', 'player'],
  gaming: ['name'],
  app: ['name'],
  manual: ['text', 'emoji'],
} as const satisfies Record<ActivityKind, readonly string[]>;

/** Which fields make two reports the same session (the player does not). */
const IDENTITY_FIELDS: Record<ActivityKind, readonly string[]> = {
  ...SESSION_FIELDS,
  music: ['title', 'artist', 'album'],
};

export type SessionFields = Record<string, string>;

export interface OpenSession {
  /** Row id; undefined until the write that inserts it has committed. */
  id?: number;
  kind: ActivityKind;
  source: string;
  fields: SessionFields;
  startedAt: number;
  /** The latest end known (may be ahead of the stored one by up to EXTEND_WRITE_MS). */
  endedAt: number;
  /** The end as stored in the row. */
  storedEndedAt: number;
  /** The latest report named its own end (a manual `until`, a track's length): the session ends there. */
  announcedEnd: boolean;
  /** Closed sessions stay in the map until the next write of their kind, so their last end is written. */
  closed: boolean;
}

/** What one group's changes do to the history: sessions to insert, ends to update (by row id). */
export interface SessionWrites {
  inserts: OpenSession[];
  updates: Map<number, number>;
}

export interface SlotChange {
  kind: ActivityKind;
  action: 'set' | 'clear';
  /** The activity after the change (a clear keeps it, expired now). */
  activity: Activity;
}

export function sessionFields(activity: Activity): SessionFields {
  const fields: SessionFields = {};
  const record = activity as unknown as Record<string, unknown>;
  for (const name of SESSION_FIELDS[activity.kind]) {
    const value = record[name];
    if (typeof value === 'string' && value) fields[name] = value;
  }
  return fields;
}

/** Stored fields (JSON text) back as strings; anything else in them is dropped. */
export function parseSessionFields(json: string): SessionFields {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

export function sameIdentity(kind: ActivityKind, a: SessionFields, b: SessionFields): boolean {
  return IDENTITY_FIELDS[kind].every((name) => (a[name] ?? '') === (b[name] ?? ''));
}

/**
 * The last moment a report says its activity goes on: a manual status until its `until`, a track
 * until its end when the duration and position are known, anything else the report's own time.
 */
export function reportedEnd(activity: Activity, now: number): number {
  if (!announcesEnd(activity)) return now;
  if (activity.kind === 'music') return now + Math.max(0, (activity.durationMs ?? 0) - (activity.positionMs ?? 0));
  return Date.parse(activity.expiresAt!);
}

export function announcesEnd(activity: Activity): boolean {
  if (activity.kind === 'manual') return activity.expiresAt !== null;
  return (
    activity.kind === 'music' &&
    activity.durationMs !== undefined &&
    activity.positionMs !== undefined &&
    activity.durationMs > 0
  );
}

export function emptySessionWrites(): SessionWrites {
  return { inserts: [], updates: new Map() };
}

/** Records a session's new end: on its pending insert, or as an update when due. */
function moveEnd(session: OpenSession, endedAt: number, writes: SessionWrites, force: boolean) {
  session.endedAt = endedAt;
  if (session.id === undefined) {
    session.storedEndedAt = endedAt; // not inserted yet: the insert carries it
    return;
  }
  if (endedAt === session.storedEndedAt) return;
  if (force || Math.abs(endedAt - session.storedEndedAt) > EXTEND_WRITE_MS) {
    writes.updates.set(session.id, endedAt);
    session.storedEndedAt = endedAt;
  }
}

function close(session: OpenSession, endedAt: number, writes: SessionWrites) {
  session.closed = true;
  moveEnd(session, Math.max(session.startedAt, endedAt), writes, true);
}

/**
 * Applies one change to the open sessions (`open`, changed in place) and notes the writes.
 * `previous` is the kind's activity before the change; `now` the change's time.
 */
export function planSessionChange(
  open: Map<ActivityKind, OpenSession>,
  change: SlotChange,
  previous: Activity | undefined,
  now: number,
  source: string,
  writes: SessionWrites,
): void {
  let current = open.get(change.kind);
  if (current?.closed) current = undefined;
  if (current && !(previous && isLive(previous, now))) {
    close(current, current.endedAt, writes); // it expired: it ended where its last report said
    current = undefined;
  }
  if (change.action === 'clear') {
    if (current) close(current, endWhenStopped(current, now), writes);
    return;
  }
  const fields = sessionFields(change.activity);
  const end = reportedEnd(change.activity, now);
  const announced = announcesEnd(change.activity);
  if (current && sameIdentity(change.kind, current.fields, fields)) {
    current.announcedEnd = announced;
    // An end the report names (an `until` moved earlier, a track sought back) replaces the old one.
    moveEnd(current, announced ? end : Math.max(current.endedAt, end), writes, false);
    return;
  }
  if (current) close(current, endWhenStopped(current, now), writes);
  const session: OpenSession = {
    kind: change.kind,
    source,
    fields,
    startedAt: now,
    endedAt: end,
    storedEndedAt: end,
    announcedEnd: announced,
    closed: false,
  };
  open.set(change.kind, session);
  writes.inserts.push(session);
}

/**
 * Replaced or cleared while live: it went on until now (the slot was live), unless it had
 * announced an earlier end (a track that finished during its grace period).
 */
function endWhenStopped(session: OpenSession, now: number): number {
  return session.announcedEnd ? Math.min(session.endedAt, now) : now;
}
