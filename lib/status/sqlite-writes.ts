// SQLite: a group's changes written straight on the connection the Prisma client holds, in one
// synchronous transaction, with statements prepared once per connection. Through Prisma, each raw
// statement cost about 0.5 ms of CPU (its client serialises the parameters and runs them through
// its query compiler) and the interactive transaction as much again; here a group takes microseconds.
// Rows are written as Prisma writes them (times as ISO text ending `+00:00`), so its reads agree.
import 'server-only';
import { getSqliteConnection, type SqliteConnection } from '../db';
import type { SessionWrites } from '../history/sessions';
import type { Activity } from './schema';
import type { Change } from './persistence';

/** How long a group waits for a transaction Prisma has open on the connection to end. */
const BUSY_WAIT_MS = 5000;

type GroupWriter = (changes: Change[], sessions: SessionWrites | undefined, createdAt: string) => number;

const prepared = new WeakMap<SqliteConnection, GroupWriter>();

/**
 * Appends every change to the event log, writes each kind's final slot and the group's session
 * writes (new sessions get their ids); returns the highest new event id.
 */
export async function writeChangesToSqlite(changes: Change[], sessions?: SessionWrites): Promise<number> {
  if (changes.length === 0) return 0;
  const connection = await getSqliteConnection();
  const write = writerFor(connection);
  const deadline = Date.now() + BUSY_WAIT_MS;
  // Prisma's own transactions (a token's lastUsedAt, a session) span several turns of the event
  // loop on this connection: a BEGIN now would fail, or join theirs. Wait until it has ended; the
  // check and the whole write below then run without a turn in between.
  for (;;) {
    if (!connection.inTransaction) return write(changes, sessions, sqliteTime(new Date().toISOString()));
    if (Date.now() > deadline) {
      throw Object.assign(new Error('The SQLite connection stayed inside another transaction.'), { code: 'SQLITE_BUSY' });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function writerFor(connection: SqliteConnection) {
  let write = prepared.get(connection);
  if (write) return write;
  const insertEvent = connection.prepare(
    'INSERT INTO "StatusEvent" ("createdAt", "kind", "action", "source", "activity") VALUES (?, ?, ?, ?, ?)',
  );
  const upsertSlot = connection.prepare(
    'INSERT INTO "Activity" ("kind", "source", "fields", "startedAt", "updatedAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT ("kind") DO UPDATE SET "source" = excluded."source", "fields" = excluded."fields", ' +
      '"startedAt" = excluded."startedAt", "updatedAt" = excluded."updatedAt", "expiresAt" = excluded."expiresAt"',
  );
  const insertSession = connection.prepare(
    'INSERT INTO "ActivitySession" ("kind", "source", "fields", "startedAt", "endedAt") VALUES (?, ?, ?, ?, ?)',
  );
  const updateSessionEnd = connection.prepare('UPDATE "ActivitySession" SET "endedAt" = ? WHERE "id" = ?');
  const transaction = connection.transaction((changes: Change[], sessions: SessionWrites | undefined, createdAt: string) => {
    let highest = 0;
    for (const { kind, action, activity, source } of changes) {
      const { lastInsertRowid } = insertEvent.run(createdAt, kind, action, source, action === 'set' ? JSON.stringify(activity) : null);
      highest = Math.max(highest, Number(lastInsertRowid));
    }
    // Later changes of a kind replace earlier ones, so only the last needs writing to its slot.
    for (const activity of new Map(changes.map((change) => [change.kind, change.activity])).values()) upsertSlot.run(...slotRow(activity));
    for (const session of sessions?.inserts ?? []) {
      const times = [session.startedAt, session.endedAt].map((ms) => sqliteTime(new Date(ms).toISOString()));
      const { lastInsertRowid } = insertSession.run(session.kind, session.source, JSON.stringify(session.fields), ...times);
      session.id = Number(lastInsertRowid);
    }
    for (const [id, endedAt] of sessions?.updates ?? []) updateSessionEnd.run(sqliteTime(new Date(endedAt).toISOString()), id);
    return highest;
  });
  // IMMEDIATE: the write lock is taken at BEGIN, so another process's writer makes it wait (busy
  // timeout) rather than fail halfway.
  write = (changes, sessions, createdAt) => transaction.immediate(changes, sessions, createdAt);
  prepared.set(connection, write);
  return write;
}

function slotRow(activity: Activity): [string, string, string, string, string, string | null] {
  const { kind, source, startedAt, updatedAt, expiresAt, ...fields } = activity;
  return [kind, source, JSON.stringify(fields), sqliteTime(startedAt), sqliteTime(updatedAt), expiresAt ? sqliteTime(expiresAt) : null];
}

/** A time as the Prisma SQLite adapter writes it: ISO text in UTC ending `+00:00`. */
function sqliteTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+00:00');
}
