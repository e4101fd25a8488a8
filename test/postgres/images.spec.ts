// Stored images on PostgreSQL: the owner-token column and its quota, and the clean-up that keeps
// what the current activities and the recent history show (the same queries as on SQLite).
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, isPostgresReachable, type ScratchDatabase } from './helpers/postgres';
import { resetAppGlobals } from '../support/database';
import { defined } from '../support/defined';

const reachable = await isPostgresReachable('postgres images');
const HOUR = 3_600_000;

describe.skipIf(!reachable)('stored images on PostgreSQL', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('nowline_images');
    process.env.DATABASE_URL = database.url;
    resetAppGlobals();
  });

  afterAll(async () => {
    const g = globalThis as { __nowlineDb?: { db: { $disconnect(): Promise<void> } } };
    await g.__nowlineDb?.db.$disconnect();
    resetAppGlobals();
    await database?.drop();
  });

  const png = (colour: string) => sharp({ create: { width: 2, height: 2, channels: 3, background: colour } }).png().toBuffer();

  it('applies the quota per token and deletes only what nothing uses', async () => {
    const { getDb } = await import('@/lib/db');
    const { deleteUnusedImages, storeImage } = await import('@/lib/images');
    const { applyReport } = await import('@/lib/ingest/pipeline');
    const db = getDb();

    const icon = (await png('#102030')).toString('base64');
    await applyReport(
      { inputs: [{ kind: 'app', name: 'Editor' }], images: [{ input: 0, field: 'iconUrl', value: icon, label: 'icon' }], warnings: [] },
      { source: 'mixspace', tokenName: 'desktop', tokenId: 'tok', raw: {} },
    );
    const used = defined((await db.image.findMany())[0], 'the stored image');
    expect(used.tokenId).toBe('tok');

    const loose = await storeImage(await png('#405060'), db, { tokenId: 'tok', quotaBytes: 1 << 20 });
    await expect(storeImage(await png('#708090'), db, { tokenId: 'tok', quotaBytes: used.size + 10 })).rejects.toThrow('image storage is full');

    const later = Date.now() + 2 * HOUR;
    expect(await deleteUnusedImages(db, { now: later, graceMs: HOUR, historyDays: 7 })).toBe(1);
    expect(await db.image.findUnique({ where: { hash: loose.hash } })).toBeNull();
    expect(await db.image.findUnique({ where: { hash: used.hash } })).not.toBeNull();
  });
});
