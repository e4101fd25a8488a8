// The ActivitySession rows the store writes and reloads: the open session of each kind (the newest
// row), and a group's session writes on PostgreSQL (SQLite writes them in sqlite-writes.ts).
import 'server-only';
import type { Prisma } from '../generated/sqlite/client';
import { ACTIVITY_KINDS, type Activity, type ActivityKind } from '../status/schema';
import {
  announcesEnd,
  sameIdentity,
  parseSessionFields,
  reportedEnd,
  sessionFields,
  type OpenSession,
  type SessionWrites,
} from './sessions';

type Tx = Prisma.TransactionClient;

/**
 * The newest session of each kind, taken as still open. Its end may be up to EXTEND_WRITE_MS behind
 * (writes are spaced): the kind's slot, when it is the same activity, tells where it really got to.
 */
export async function readOpenSessions(
  tx: Tx,
  activities: ReadonlyMap<ActivityKind, Activity>,
): Promise<Map<ActivityKind, OpenSession>> {
  const newest = await tx.activitySession.groupBy({ by: ['kind'], _max: { id: true } });
  const ids = newest.map((row) => row._max.id).filter((id): id is number => id !== null);
  const open = new Map<ActivityKind, OpenSession>();
  if (ids.length === 0) return open;
  for (const row of await tx.activitySession.findMany({ where: { id: { in: ids } } })) {
    if (!(ACTIVITY_KINDS as readonly string[]).includes(row.kind)) continue;
    const kind = row.kind as ActivityKind;
    const fields = parseSessionFields(row.fields);
    const activity = activities.get(kind);
    const same = activity !== undefined && sameIdentity(kind, sessionFields(activity), fields);
    const storedEndedAt = row.endedAt.getTime();
    open.set(kind, {
      id: row.id,
      kind,
      source: row.source,
      fields,
      startedAt: row.startedAt.getTime(),
      endedAt: same ? Math.max(storedEndedAt, reportedEnd(activity, Date.parse(activity.updatedAt))) : storedEndedAt,
      storedEndedAt,
      announcedEnd: same ? announcesEnd(activity) : true,
      // A slot that moved on to something else means this one was closed.
      closed: !same,
    });
  }
  return open;
}

/** A copy whose sessions may be changed while planning, so memory changes only once the write commits. */
export function stageSessions(open: ReadonlyMap<ActivityKind, OpenSession>): Map<ActivityKind, OpenSession> {
  return new Map([...open].map(([kind, session]) => [kind, { ...session }]));
}

/** PostgreSQL: one insert for the new sessions (their ids noted on them), one update per moved end. */
export async function writeSessionsToPostgres(tx: Tx, writes: SessionWrites): Promise<void> {
  if (writes.inserts.length > 0) {
    const values: unknown[] = [];
    const add = (value: unknown) => (values.push(value), `$${values.length}`);
    const time = (ms: number) => `${add(new Date(ms).toISOString())}::timestamp(3)`;
    const rows = writes.inserts.map(
      (s) =>
        `(${add(s.kind)}, ${add(s.source)}, ${add(JSON.stringify(s.fields))}, ${time(s.startedAt)}, ${time(s.endedAt)})`,
    );
    const inserted = await tx.$queryRawUnsafe<{ id: number | bigint }[]>(
      `INSERT INTO "ActivitySession" ("kind", "source", "fields", "startedAt", "endedAt") VALUES ${rows.join(', ')} RETURNING "id"`,
      ...values,
    );
    // RETURNING gives the rows in the order of the VALUES list.
    inserted.forEach((row, i) => {
      const session = writes.inserts[i];
      if (session) session.id = Number(row.id);
    });
  }
  for (const [id, endedAt] of writes.updates) {
    await tx.$executeRawUnsafe(
      'UPDATE "ActivitySession" SET "endedAt" = $1::timestamp(3) WHERE "id" = $2',
      new Date(endedAt).toISOString(),
      id,
    );
  }
}
