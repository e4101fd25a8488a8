// The one way history is read: every reader (the API, pages, feeds, reporters' totals) calls
// listPublicSessions, so the privacy rules (and the game rules) apply to all of them the same way.
import 'server-only';
import { getDb } from '../db';
import { getGameRules, getOpenSessions, getPrivacyRules } from '../status/store';
import { toPublicSessions, type PublicSession } from './public-sessions';
import { EXTEND_WRITE_MS } from './sessions';

export interface SessionQuery {
  /** Instants (ms); sessions overlapping [from, to) are returned whole. */
  from: number;
  to: number;
  now?: number;
}

export async function listPublicSessions({ from, to, now = Date.now() }: SessionQuery): Promise<PublicSession[]> {
  const [rules, games, { sessions: open, activities }] = await Promise.all([getPrivacyRules(), getGameRules(), getOpenSessions()]);
  const openIds = open.flatMap((session) => (session.id === undefined || session.closed ? [] : [session.id]));
  const rows = await getDb().activitySession.findMany({
    where: {
      startedAt: { lt: new Date(to) },
      // An open session's row may lag its real end (ends are written every 30 s, a manual status
      // without an end not at all): those are read by id.
      OR: [{ endedAt: { gte: new Date(from - EXTEND_WRITE_MS) } }, { id: { in: openIds } }],
    },
    orderBy: { startedAt: 'asc' },
  });
  return toPublicSessions(rows, { rules, games, now, from, to, open, activities });
}
