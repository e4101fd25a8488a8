import { databaseProvider } from '@/lib/db';
import { json } from '@/lib/http';
import { busStats } from '@/lib/status/bus';
import { getRemoteListenerStatus } from '@/lib/status/remote';
import { getStoreHealth } from '@/lib/status/store';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { subscribers, heartbeatRunning } = busStats();
  const database = databaseProvider();
  try {
    const { version } = await getStoreHealth();
    // PostgreSQL only (null on SQLite): whether this instance hears changes made on the others.
    const listener = await getRemoteListenerStatus();
    return json({ ok: true, database, version, subscribers, heartbeatRunning, listener });
  } catch {
    const listener = await getRemoteListenerStatus();
    return json({ ok: false, database, version: null, subscribers, heartbeatRunning, listener, error: 'database unreachable' }, { status: 503 });
  }
}
