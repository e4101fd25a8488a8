// A real, migrated SQLite database per test file (no mocks on the data path).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareDatabase } from '../../scripts/prepare-db.js';

/** The globalThis singletons the app keeps; cleared so each test starts from a cold process. */
const APP_GLOBALS = ['__nowlineDb', '__nowlineStore', '__nowlineBus', '__nowlineTokenCache', '__nowlineReports', '__nowlineLogins', '__nowlineSessionKey'];

export function resetAppGlobals() {
  const g = globalThis as Record<string, unknown>;
  const store = g.__nowlineStore as { publishTimer?: NodeJS.Timeout; expiryTimer?: NodeJS.Timeout } | undefined;
  if (store?.publishTimer) clearTimeout(store.publishTimer);
  if (store?.expiryTimer) clearTimeout(store.expiryTimer);
  const bus = g.__nowlineBus as { heartbeat?: NodeJS.Timeout } | undefined;
  if (bus?.heartbeat) clearInterval(bus.heartbeat);
  for (const key of APP_GLOBALS) delete g[key];
}

/** Creates a fresh SQLite file, applies the migrations and points DATABASE_URL at it. */
export function useTempSqlite(): { url: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nowline-test-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  process.env.DATABASE_URL = url;
  prepareDatabase({ quiet: true });
  resetAppGlobals();
  return {
    url,
    async cleanup() {
      const g = globalThis as { __nowlineDb?: { db: { $disconnect(): Promise<void> } } };
      await g.__nowlineDb?.db.$disconnect();
      resetAppGlobals();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
