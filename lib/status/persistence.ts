// The status in the database: row mapping, the consistent read the store reloads from, and the
// write transaction every writer goes through.
//
// Several instances on one PostgreSQL database: a version is the id of a StatusEvent, assigned at
// insert. If writers ran freely, A could take id N, B take N+1 and commit and notify first; an
// instance that holds N+1 then believes it has seen N and skips A's notice for good. So every write
// transaction on PostgreSQL first takes one transaction-level advisory lock: writers commit one
// after another, ids follow commit order, and a state read in one snapshot whose newest event is N
// holds every change up to N and nothing after. That makes "version ≤ what I hold" a safe reason to
// skip a notice. The lock is held for one short transaction per group commit, not per report.
import 'server-only';
import type { Prisma } from '../generated/sqlite/client';
import { databaseProvider, getDb } from '../db';
import { nextStoredSettings, parseStoredSettings, type SiteSettingsFields, type StoredSiteSettings } from '../site/settings-schema';
import { readOpenSessions, writeSessionsToPostgres } from '../history/session-rows';
import type { OpenSession, SessionWrites } from '../history/sessions';
import { DEFAULT_GAME_RULES, gameRulesSchema, type GameRules } from '../games/game-rules';
import { DEFAULT_PRIVACY_RULES, privacyRulesSchema, type PrivacyRules } from './privacy/rules';
import { ACTIVITY_KINDS, type Activity, type ActivityKind } from './schema';
import { writeChangesToSqlite } from './sqlite-writes';

export type Tx = Prisma.TransactionClient;

const PRIVACY_SETTING = 'privacyRules';
/** Which apps are games (lib/games/game-rules.ts); no row: the built-in list alone. */
const GAME_SETTING = 'gameRules';
/** The owner's profile and site settings (lib/site); no row: nowline.config.ts's defaults. */
export const SITE_SETTING = 'site';
/** Any constant works; every writer must use the same one ("nowl" in ASCII). */
export const WRITE_LOCK_KEY = 0x6e6f776c;

export interface StoredState {
  activities: Map<ActivityKind, Activity>;
  /** The id of the newest StatusEvent (0 when none). */
  version: number;
  rules: PrivacyRules;
  games: GameRules;
  /** null: never saved from /admin. */
  site: StoredSiteSettings | null;
  /** The newest history session of each kind (lib/history/sessions.ts). */
  sessions: Map<ActivityKind, OpenSession>;
}

export type Change = { kind: ActivityKind; action: 'set' | 'clear'; activity: Activity; source: string };

const isPostgres = () => databaseProvider() === 'postgresql';

/**
 * Runs `write` in a transaction that holds the writers' lock from its first statement, so no other
 * instance commits until this one has (PostgreSQL; SQLite has one process and one writer).
 */
export function inWriteTransaction<T>(write: (tx: Tx, shared: boolean) => Promise<T>, options?: { timeoutMs?: number }): Promise<T> {
  const shared = isPostgres();
  return getDb().$transaction(
    async (tx) => {
      if (shared) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
      return write(tx, shared);
    },
    options?.timeoutMs ? { timeout: options.timeoutMs, maxWait: options.timeoutMs } : undefined,
  );
}

/** The stored state, read in one snapshot (REPEATABLE READ on PostgreSQL), so its parts agree. */
export function loadStoredState(): Promise<StoredState> {
  // Db is typed as the SQLite client, which names only its own level; SQLite's is serializable anyway.
  const options = isPostgres() ? ({ isolationLevel: 'RepeatableRead' } as unknown as { isolationLevel: 'Serializable' }) : undefined;
  return getDb().$transaction((tx) => readStoredState(tx), options);
}

export async function readStoredState(tx: Tx, knownVersion?: number): Promise<StoredState> {
  const rows = await tx.activity.findMany();
  const version = knownVersion ?? (await readLatestVersion(tx));
  const privacy = await tx.setting.findUnique({ where: { key: PRIVACY_SETTING } });
  const site = await tx.setting.findUnique({ where: { key: SITE_SETTING } });
  const games = await tx.setting.findUnique({ where: { key: GAME_SETTING } });
  const activities = new Map<ActivityKind, Activity>();
  for (const row of rows) {
    const activity = toActivity(row);
    if (activity) activities.set(activity.kind, activity);
  }
  const sessions = await readOpenSessions(tx, activities);
  return {
    activities,
    version,
    rules: privacy ? parseSetting(privacy.value, privacyRulesSchema, DEFAULT_PRIVACY_RULES) : DEFAULT_PRIVACY_RULES,
    games: games ? parseSetting(games.value, gameRulesSchema, DEFAULT_GAME_RULES) : DEFAULT_GAME_RULES,
    site: parseStoredSettings(site?.value),
    sessions,
  };
}

export async function readLatestVersion(tx: Tx): Promise<number> {
  const latest = await tx.statusEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return latest?.id ?? 0;
}

/**
 * Inside a write transaction, holding the writers' lock, nobody else commits: if the newest event
 * is not the one memory holds, another instance wrote since (its notice may still be on the way).
 * Returns what is stored then, or null when memory is current (always on SQLite: one instance).
 */
export async function readMissedState(tx: Tx, shared: boolean, held: number): Promise<StoredState | null> {
  if (!shared) return null;
  const latest = await readLatestVersion(tx);
  return latest === held ? null : readStoredState(tx, latest);
}

export interface PlannedGroup<T> {
  changes: Change[];
  /** What the changes do to the history, written in the same transaction. */
  sessions?: SessionWrites;
  result: T;
}

/**
 * Commits one group. `plan` runs once the group may write, given what another instance stored
 * since `held` (PostgreSQL, read under the writers' lock; null when memory is current), and
 * returns the changes to write. Resolves to the newest event id written (0 for none).
 * SQLite has one instance and the write chain makes it the only writer: the changes go straight
 * to its connection (sqlite-writes.ts), without a Prisma transaction.
 */
export async function commitChanges<T>(
  held: number,
  plan: (reloaded: StoredState | null) => PlannedGroup<T>,
): Promise<{ reloaded: StoredState | null; version: number; result: T }> {
  if (!isPostgres()) {
    const { changes, sessions, result } = plan(null);
    return { reloaded: null, version: await writeChangesToSqlite(changes, sessions), result };
  }
  return inWriteTransaction(async (tx, shared) => {
    // Plan on what is stored now, or a clear of another instance's activity would find nothing to clear.
    const reloaded = await readMissedState(tx, shared, held);
    const { changes, sessions, result } = plan(reloaded);
    const version = await writeChangesToPostgres(tx, changes);
    if (sessions) await writeSessionsToPostgres(tx, sessions);
    // The notice names this batch's own newest id (not memory's version, which may be higher after
    // the database was restored from a backup).
    if (changes.length > 0) await notifyInTransaction(tx, version);
    return { reloaded, version, result };
  });
}

/**
 * Appends every change to the event log and writes each kind's final slot; returns the highest new id.
 * Plain SQL, two statements per group whatever its size: Prisma's query compiler (WebAssembly) cost
 * about 3 ms of CPU per group for `createManyAndReturn` and `upsert`, a third of the ingest path.
 * Timestamps are written as Prisma writes them (timestamp(3) in UTC), so its reads see the same values.
 */
async function writeChangesToPostgres(tx: Tx, changes: Change[]): Promise<number> {
  if (changes.length === 0) return 0;
  const createdAt = new Date().toISOString();
  const events = statementParams();
  const rows = changes.map(
    ({ kind, action, activity, source }) =>
      `(${events.time(createdAt)}, ${events.add(kind)}, ${events.add(action)}, ${events.add(source)}, ${events.add(action === 'set' ? JSON.stringify(activity) : null)})`,
  );
  const inserted = await tx.$queryRawUnsafe<{ id: number | bigint }[]>(
    `INSERT INTO "StatusEvent" ("createdAt", "kind", "action", "source", "activity") VALUES ${rows.join(', ')} RETURNING "id"`,
    ...events.values,
  );
  // Later changes of a kind replace earlier ones, so only the last needs writing to its slot.
  const slots = statementParams();
  const values = [...new Map(changes.map((change) => [change.kind, change.activity])).values()].map((activity) => {
    const { kind, source, startedAt, updatedAt, expiresAt, ...fields } = activity;
    return `(${slots.add(kind)}, ${slots.add(source)}, ${slots.add(JSON.stringify(fields))}, ${slots.time(startedAt)}, ${slots.time(updatedAt)}, ${expiresAt ? slots.time(expiresAt) : slots.add(null)})`;
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO "Activity" ("kind", "source", "fields", "startedAt", "updatedAt", "expiresAt") VALUES ${values.join(', ')} ` +
      `ON CONFLICT ("kind") DO UPDATE SET "source" = excluded."source", "fields" = excluded."fields", ` +
      `"startedAt" = excluded."startedAt", "updatedAt" = excluded."updatedAt", "expiresAt" = excluded."expiresAt"`,
    ...slots.values,
  );
  return inserted.reduce((highest, event) => Math.max(highest, Number(event.id)), 0);
}

/** Parameters of one raw PostgreSQL statement (`$1`, `$2`…); a time is written as timestamp(3) in UTC. */
function statementParams() {
  const values: unknown[] = [];
  const add = (value: unknown) => (values.push(value), `$${values.length}`);
  const time = (iso: string) => `${add(new Date(iso).toISOString())}::timestamp(3)`;
  return { values, add, time };
}

/**
 * Saves one setting. On PostgreSQL the save also appends an event (no activity) and returns its id:
 * privacy rules and site settings change what pages show, so they take a version like any change.
 * Another instance's next commit then sees a newest event it does not hold and re-reads (settings
 * included), and its notice is not skipped. SQLite has one instance: no event, returns null.
 */
async function writeSetting(tx: Tx, key: string, value: string, shared: boolean, event: { kind: string; action: string }): Promise<number | null> {
  await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  if (!shared) return null;
  const created = await tx.statusEvent.create({ data: { ...event, source: 'admin', activity: null }, select: { id: true } });
  return created.id;
}

export function writePrivacyRules(tx: Tx, rules: PrivacyRules, shared: boolean): Promise<number | null> {
  return writeSetting(tx, PRIVACY_SETTING, JSON.stringify(rules), shared, { kind: 'privacy', action: 'rules' });
}

export function writeGameRules(tx: Tx, games: GameRules, shared: boolean): Promise<number | null> {
  return writeSetting(tx, GAME_SETTING, JSON.stringify(games), shared, { kind: 'games', action: 'rules' });
}

/** Saves the site settings on top of the stored row (read under the writers' lock): its revision and /now date move on. */
export async function writeSiteSettings(tx: Tx, fields: SiteSettingsFields, shared: boolean, now: Date) {
  const previous = parseStoredSettings((await tx.setting.findUnique({ where: { key: SITE_SETTING } }))?.value);
  const stored = nextStoredSettings(previous, fields, now);
  const version = await writeSetting(tx, SITE_SETTING, JSON.stringify(stored), shared, { kind: 'site', action: 'settings' });
  return { version, stored };
}

/**
 * NOTIFY from inside the write transaction: PostgreSQL delivers it at commit, in commit order, and
 * never for a rolled-back one, so a committed change cannot lose its notice to a failed send.
 */
export async function notifyInTransaction(tx: Tx, version: number): Promise<void> {
  const { NOTIFY_CHANNEL, noticePayload } = await import('./pg-notify');
  await tx.$executeRawUnsafe('SELECT pg_notify($1, $2)', NOTIFY_CHANNEL, noticePayload(version));
}

/** A stored setting that no longer parses (edited by hand, an older shape) gives way to the defaults. */
function parseSetting<T>(json: string, schema: { parse(value: unknown): T }, fallback: T): T {
  try {
    return schema.parse(JSON.parse(json));
  } catch {
    return fallback;
  }
}

function toActivity(row: { kind: string; source: string; fields: string; startedAt: Date; updatedAt: Date; expiresAt: Date | null }): Activity | null {
  if (!(ACTIVITY_KINDS as readonly string[]).includes(row.kind)) return null;
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(row.fields) as Record<string, unknown>;
  } catch {
    return null;
  }
  return {
    ...fields,
    kind: row.kind,
    source: row.source,
    startedAt: row.startedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
  } as Activity;
}
