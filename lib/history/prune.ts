// Keeps the database small: raw StatusEvent rows older than NOWLINE_EVENT_RETENTION_DAYS, sessions
// older than NOWLINE_SESSION_RETENTION_DAYS (0 = forever) and recent reports beyond the newest 100
// are deleted, at start and then hourly, in batches with a turn of the event loop between them.
import 'server-only';
import { getDb, type Db } from '../db';
import { env } from '../env';
import { pruneRecentReports } from '../status/reports';

const BATCH = 1000;
const DAY_MS = 24 * 60 * 60_000;
const INTERVAL_MS = 60 * 60_000;

export interface PruneOptions {
  now?: number;
  eventRetentionDays?: number;
  /** 0 = forever. */
  sessionRetentionDays?: number;
}

export interface PruneResult {
  events: number;
  sessions: number;
  reports: number;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Deletes the rows `where` matches, BATCH at a time (by id range: a list of ids would exceed
 * SQLite's parameter limit), with a turn of the event loop between batches.
 */
async function deleteInBatches(table: unknown, where: Record<string, unknown>): Promise<number> {
  // The two delegates' argument types differ only in their where clause.
  const rows = table as {
    findFirst(args: object): Promise<{ id: number } | null>;
    deleteMany(args: object): Promise<{ count: number }>;
  };
  let deleted = 0;
  for (;;) {
    const bound = await rows.findFirst({ where, orderBy: { id: 'asc' }, skip: BATCH - 1, select: { id: true } });
    deleted += (await rows.deleteMany({ where: bound ? { AND: [where, { id: { lte: bound.id } }] } : where })).count;
    if (!bound) return deleted;
    await nextTurn(); // never hold the database (or the event loop) for long
  }
}

export async function pruneHistory(db: Db = getDb(), options: PruneOptions = {}): Promise<PruneResult> {
  const now = options.now ?? Date.now();
  const eventDays = options.eventRetentionDays ?? env().NOWLINE_EVENT_RETENTION_DAYS;
  const sessionDays = options.sessionRetentionDays ?? env().NOWLINE_SESSION_RETENTION_DAYS;

  // The newest event stays whatever its age: its id is the snapshot's version.
  const newest = await db.statusEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  const events = newest
    ? await deleteInBatches(db.statusEvent, {
        createdAt: { lt: new Date(now - eventDays * DAY_MS) },
        id: { lt: newest.id },
      })
    : 0;

  let sessions = 0;
  if (sessionDays > 0) {
    // Each kind's newest session may still be open (a manual status without an end): it stays.
    const open = (await db.activitySession.groupBy({ by: ['kind'], _max: { id: true } })).map(
      (row) => row._max.id ?? 0,
    );
    sessions = await deleteInBatches(db.activitySession, {
      endedAt: { lt: new Date(now - sessionDays * DAY_MS) },
      id: { notIn: open },
    });
  }
  return { events, sessions, reports: await pruneRecentReports(db) };
}

/** Runs pruneHistory now and then hourly, without keeping the process alive (as the image clean-up). */
export function scheduleHistoryPruning(db: () => Db = getDb): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const { events, sessions } = await pruneHistory(db());
      if (events + sessions > 0) console.log(`[nowline] pruned ${events} old events and ${sessions} old sessions`);
    } catch (error) {
      console.error('[nowline] history pruning failed:', error instanceof Error ? error.message : String(error));
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
