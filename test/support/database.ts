// A real, migrated SQLite database per test file (no mocks on the data path).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { prepareDatabase } from '../../scripts/prepare-db.js';

/** The globalThis singletons the app keeps; cleared so each test starts from a cold process. */
const APP_GLOBALS = [
  '__nowlineDb',
  '__nowlineStore',
  '__nowlineBus',
  '__nowlineTokenCache',
  '__nowlineTokenCacheEpoch',
  '__nowlineReports',
  '__nowlineLogins',
  '__nowlineSessionKey',
  '__nowlineStreamSlots',
  '__nowlineAuthPrunedAt',
  '__nowlineSiteView',
  '__nowlinePageCache',
  '__nowlineViewers',
  '__nowlineOutbox',
  '__nowlineRelaySettings',
];

export function resetAppGlobals() {
  const g = globalThis as Record<string, unknown>;
  const store = g.__nowlineStore as { publisher?: { stop(): void } } | undefined;
  store?.publisher?.stop();
  const bus = g.__nowlineBus as { heartbeat?: NodeJS.Timeout } | undefined;
  if (bus?.heartbeat) clearInterval(bus.heartbeat);
  const viewers = g.__nowlineViewers as { timer?: NodeJS.Timeout | null } | undefined;
  if (viewers?.timer) clearInterval(viewers.timer);
  const outbox = g.__nowlineOutbox as { timer?: NodeJS.Timeout | null } | undefined;
  if (outbox?.timer) clearTimeout(outbox.timer);
  for (const key of APP_GLOBALS) delete g[key];
}

/** A migrated empty database, made once per set of migrations and copied for each test. */
function migratedTemplate(): string {
  const folder = path.join('prisma', 'migrations');
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).sort()) {
    const file = path.join(folder, name, 'migration.sql');
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  const template = path.join(os.tmpdir(), `nowline-template-${hash.digest('hex').slice(0, 16)}.db`);
  if (existsSync(template)) return template;
  const building = `${template}.${process.pid}.tmp`;
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${building}`;
  try {
    prepareDatabase({ quiet: true });
  } finally {
    process.env.DATABASE_URL = previous;
  }
  renameSync(building, template);
  return template;
}

/** Creates a fresh, migrated SQLite file and points DATABASE_URL at it. */
export function useTempSqlite(): { url: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nowline-test-'));
  const file = path.join(dir, 'test.db');
  copyFileSync(migratedTemplate(), file);
  const url = `file:${file}`;
  process.env.DATABASE_URL = url;
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

/** A fresh migrated SQLite database for each test of the file (or one for the whole file). */
export function withTempSqlite({ perTest = true } = {}) {
  let db: ReturnType<typeof useTempSqlite> | undefined;
  (perTest ? beforeEach : beforeAll)(() => {
    db = useTempSqlite();
  });
  (perTest ? afterEach : afterAll)(async () => {
    await db?.cleanup();
  });
}
