// Sessions built from the event log, once: on the first start after the history table was added,
// the StatusEvent rows already stored become sessions, through the same planner as live writes.
// Idempotent: it runs only while no session exists, under the writers' lock, and leaves a marker.
import 'server-only';
import { inWriteTransaction } from '../status/persistence';
import { ACTIVITY_KINDS, type Activity, type ActivityKind } from '../status/schema';
import { emptySessionWrites, planSessionChange, type OpenSession } from './sessions';

const MARKER = 'historyBackfilled';
const BATCH = 1000;
/** Prisma ends an interactive transaction after 5 s by default; a long event log takes longer, once. */
const BACKFILL_TIMEOUT_MS = 10 * 60_000;

/** Builds sessions from the stored events when none exist yet; returns how many were written. */
export function backfillSessionsOnce(): Promise<number> {
  return inWriteTransaction(
    async (tx) => {
      if (await tx.setting.findUnique({ where: { key: MARKER }, select: { key: true } })) return 0;
      const hasSessions = (await tx.activitySession.count()) > 0;
      const hasEvents = (await tx.statusEvent.count()) > 0;
      if (!hasEvents && !hasSessions) return 0; // an empty database: nothing to mark yet
      let written = 0;
      if (!hasSessions) {
        const open = new Map<ActivityKind, OpenSession>();
        const slots = new Map<ActivityKind, Activity>();
        const writes = emptySessionWrites();
        let after = 0;
        for (;;) {
          const events = await tx.statusEvent.findMany({
            where: { id: { gt: after } },
            orderBy: { id: 'asc' },
            take: BATCH,
          });
          for (const event of events) {
            if (!(ACTIVITY_KINDS as readonly string[]).includes(event.kind)) continue; // privacy saves
            const kind = event.kind as ActivityKind;
            const now = event.createdAt.getTime();
            const previous = slots.get(kind);
            const activity = event.activity ? readActivity(event.activity) : null;
            if (event.action === 'set' && activity?.kind === kind) {
              planSessionChange(open, { kind, action: 'set', activity }, previous, now, event.source, writes);
              slots.set(kind, activity);
            } else if (event.action === 'clear' && previous) {
              planSessionChange(
                open,
                { kind, action: 'clear', activity: previous },
                previous,
                now,
                event.source,
                writes,
              );
              slots.set(kind, { ...previous, expiresAt: new Date(now).toISOString() });
            }
          }
          const last = events.at(-1);
          if (!last || events.length < BATCH) break;
          after = last.id;
        }
        // Never inserted, so each carries its final end; written in id order = start order.
        const rows = writes.inserts.map((s) => ({
          kind: s.kind,
          source: s.source,
          fields: JSON.stringify(s.fields),
          startedAt: new Date(s.startedAt),
          endedAt: new Date(s.endedAt),
        }));
        for (let i = 0; i < rows.length; i += BATCH)
          written += (await tx.activitySession.createMany({ data: rows.slice(i, i + BATCH) })).count;
      }
      await tx.setting.upsert({ where: { key: MARKER }, create: { key: MARKER, value: 'true' }, update: {} });
      return written;
    },
    { timeoutMs: BACKFILL_TIMEOUT_MS },
  );
}

function readActivity(json: string): Activity | null {
  try {
    const value = JSON.parse(json) as Activity;
    return value && typeof value === 'object' && typeof value.kind === 'string' ? value : null;
  } catch {
    return null;
  }
}
