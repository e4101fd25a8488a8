// Changes between instances. On SQLite there is one process and nothing to do; on PostgreSQL
// every change is announced with NOTIFY and every instance LISTENs (see lib/status/pg-notify.ts).
import { databaseProvider } from '../db';

type OnRemoteChange = (version: number | null) => Promise<void>;

export async function startRemoteListener(onChange: OnRemoteChange): Promise<void> {
  if (databaseProvider() !== 'postgresql') return;
  const { startPgListener } = await import('./pg-notify');
  await startPgListener(onChange);
}

/** Tells the other instances that the status changed (version null: settings changed). */
export async function announceChange(version: number | null): Promise<void> {
  if (databaseProvider() !== 'postgresql') return;
  const { notifyPg } = await import('./pg-notify');
  await notifyPg(version);
}
