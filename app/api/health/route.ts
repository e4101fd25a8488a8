import { databaseProvider } from '@/lib/db';
import { json } from '@/lib/http';
import { busStats } from '@/lib/status/bus';
import { getStoreHealth } from '@/lib/status/store';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { subscribers, heartbeatRunning } = busStats();
  const database = databaseProvider();
  try {
    const { version } = await getStoreHealth();
    return json({ ok: true, database, version, subscribers, heartbeatRunning });
  } catch {
    return json({ ok: false, database, version: null, subscribers, heartbeatRunning, error: 'database unreachable' }, { status: 503 });
  }
}
