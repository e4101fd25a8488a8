// Two instances of the store, each in its own process, writing to one PostgreSQL database with
// their transactions interleaved on purpose: A's write is held open (a third connection locks the
// row it must update) while B writes, commits and notifies. Whatever order the database lets that
// happen in, both instances must end up showing both changes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { connectTo, createScratchDatabase, isPostgresReachable, waitUntil, type ScratchDatabase } from './helpers/postgres';
import { startStoreInstance, type StoreInstance } from './helpers/store-instance';
import type { Snapshot } from '@/lib/status/schema';

const reachable = await isPostgresReachable('interleaved writers');

const project = (s: Snapshot) => (s.activities.find((a) => a.kind === 'coding') as { project?: string } | undefined)?.project;
const title = (s: Snapshot) => (s.activities.find((a) => a.kind === 'music') as { title?: string } | undefined)?.title;

describe.skipIf(!reachable)('two store processes with interleaved write transactions', () => {
  let database: ScratchDatabase;
  let observer: pg.Client;
  let locker: pg.Client;
  let a: StoreInstance;
  let b: StoreInstance;

  beforeAll(async () => {
    database = await createScratchDatabase('nowline_interleave');
    observer = await connectTo(database.url);
  });

  afterAll(async () => {
    await observer?.end();
    await database?.drop();
  });

  beforeEach(async () => {
    await observer.query('TRUNCATE "Activity", "StatusEvent", "Setting"');
    locker = await connectTo(database.url, 'nowline-test-locker');
    a = startStoreInstance(database.url);
    b = startStoreInstance(database.url);
    // Warm: each has loaded the state and is listening.
    await Promise.all([a.call('snapshot'), b.call('snapshot')]);
  });

  afterEach(async () => {
    await locker.end().catch(() => undefined);
    await Promise.all([a.stop(), b.stop()]);
  });

  /** Backends of this database waiting for a lock (a row, a transaction or an advisory lock). */
  async function lockWaiters(): Promise<number> {
    const r = await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [database.name]);
    return r.rows[0].n as number;
  }

  async function eventually(instance: StoreInstance, check: (s: Snapshot) => boolean, timeoutMs = 20_000): Promise<Snapshot> {
    let last: Snapshot | undefined;
    try {
      await waitUntil(async () => check((last = await instance.call<Snapshot>('snapshot'))), timeoutMs, 50);
    } catch {
      throw new Error(`not reached within ${timeoutMs} ms; last snapshot: ${JSON.stringify(last)}`);
    }
    return last!;
  }

  it('B shows A’s change even when B writes while A’s transaction is still open', async () => {
    await a.call('report', [{ kind: 'coding', project: 'before' }], 'api');
    await eventually(b, (s) => project(s) === 'before');

    // A third connection holds the coding row: A's next write stops inside its transaction.
    await locker.query('BEGIN');
    await locker.query(`SELECT * FROM "Activity" WHERE kind = 'coding' FOR UPDATE`);
    const fromA = a.call<Snapshot>('report', [{ kind: 'coding', project: 'after' }], 'api');
    await waitUntil(async () => (await lockWaiters()) === 1, 20_000);

    // B writes another kind meanwhile. Either it commits now (and notifies) or it waits for A.
    let bDone = false;
    const fromB = b.call<Snapshot>('report', [{ kind: 'music', title: 'Vantablack' }], 'api').finally(() => (bDone = true));
    await waitUntil(async () => bDone || (await lockWaiters()) === 2, 20_000);

    await locker.query('ROLLBACK'); // A goes on and commits
    const [snapA, snapB] = await Promise.all([fromA, fromB]);
    expect(snapA.version).not.toBe(snapB.version);

    const events = await observer.query('SELECT id, kind FROM "StatusEvent" ORDER BY id');
    const latest = events.rows.at(-1).id as number;
    // Both instances converge on the same state at the same version.
    const seenByB = await eventually(b, (s) => project(s) === 'after' && title(s) === 'Vantablack');
    const seenByA = await eventually(a, (s) => project(s) === 'after' && title(s) === 'Vantablack');
    expect(seenByB.version).toBe(latest);
    expect(seenByA.version).toBe(latest);
  });
});
