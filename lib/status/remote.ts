// Changes between instances. On SQLite there is one process and nothing to do; on PostgreSQL
// every change is announced with NOTIFY inside its write transaction (lib/status/persistence.ts) and
// every instance LISTENs (see lib/status/pg-notify.ts).
// Expiry is never announced: it is a pure function of time, so each instance publishes its own.
import { databaseProvider } from '../db';

type OnRemoteChange = (version: number | null) => Promise<void>;

export async function startRemoteListener(onChange: OnRemoteChange): Promise<void> {
  if (databaseProvider() !== 'postgresql') return;
  const { startPgListener } = await import('./pg-notify');
  await startPgListener(onChange);
}

/** For /api/health: null on SQLite (nothing to listen to), else whether the listener is connected. */
export async function getRemoteListenerStatus(): Promise<{ connected: boolean; instance: string; reconnects: number; received: number } | null> {
  if (databaseProvider() !== 'postgresql') return null;
  const { pgListenerStatus } = await import('./pg-notify');
  return pgListenerStatus();
}
