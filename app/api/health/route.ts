import { databaseProvider } from '@/lib/db';
import { json } from '@/lib/http';
import { busStats } from '@/lib/status/bus';
import { getRemoteListenerStatus } from '@/lib/status/remote';
import { openStreamCount } from '@/lib/status/stream';
import { getStoreHealth } from '@/lib/status/store';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { subscribers, heartbeatRunning } = busStats();
  // Slots held under the stream caps: equal to subscribers unless a stream is still closing.
  const streams = openStreamCount();
  const database = databaseProvider();
  try {
    const { version } = await getStoreHealth();
    // PostgreSQL only (null on SQLite): whether this instance hears changes made on the others.
    const listener = await getRemoteListenerStatus();
    return json({ ok: true, database, version, subscribers, streams, heartbeatRunning, listener });
  } catch {
    const listener = await getRemoteListenerStatus();
    return json({ ok: false, database, version: null, subscribers, streams, heartbeatRunning, listener, error: 'database unreachable' }, { status: 503 });
  }
}
