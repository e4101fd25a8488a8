// Site settings against a real SQLite database: saved through the store, read back by every page's
// reader, kept across a restart, published to open streams, and the avatar upload kept by the clean-up.
import { afterEach, describe, expect, it } from 'vitest';
import { resetAppGlobals, withTempSqlite } from './support/database';
import { recordingClient } from './support/sse-client';
import { waitUntil } from './support/wait.js';
import { getDb } from '@/lib/db';
import { deleteUnusedImages, storeImage } from '@/lib/images';
import { siteConfig } from '@/lib/site-config';
import { getSiteSettings } from '@/lib/site/settings';
import { siteSettingsInputSchema, type SiteSettingsInput } from '@/lib/site/settings-schema';
import { PNG_1X1, siteSettingsInput } from './support/site-settings';
import { subscribe } from '@/lib/status/bus';
import { getSnapshot, reportActivities, saveSiteSettings } from '@/lib/status/store';

withTempSqlite();

const input = siteSettingsInput({
  avatar: 'https://example.com/grace.png',
  language: 'zh-CN',
  precedence: ['music', 'coding'],
  accentColor: '#ffff00',
});
const save = (change: Partial<SiteSettingsInput> = {}) =>
  saveSiteSettings(siteSettingsInputSchema.parse({ ...input, ...change }));

afterEach(() => {
  delete process.env.NOWLINE_TIME_ZONE;
});

describe('site settings in the store', () => {
  it('uses nowline.config.ts while nothing is saved', async () => {
    const settings = await getSiteSettings();
    const file = siteConfig();
    expect(settings).toMatchObject({
      name: file.name,
      avatar: file.avatar,
      tagline: file.tagline,
      links: file.links,
      revision: 0,
      nowText: '',
    });
    expect((await getSnapshot()).siteVersion).toBe(0);
    expect(await getDb().setting.findUnique({ where: { key: 'site' } })).toBeNull();
  });

  it('saves to the Setting row, and every reader sees it at once and after a restart', async () => {
    const snapshot = await save();
    expect(snapshot.siteVersion).toBe(1);
    const settings = await getSiteSettings();
    expect(settings).toMatchObject({
      name: 'Grace Hopper',
      firstName: 'Grace',
      language: 'zh-CN',
      timeZone: 'America/New_York',
      revision: 1,
    });
    expect(settings.accent.light).not.toBe('#ffff00');
    const row = await getDb().setting.findUnique({ where: { key: 'site' } });
    expect(JSON.parse(row!.value)).toMatchObject({ name: 'Grace Hopper', revision: 1, nowText: 'Teaching.' });

    resetAppGlobals(); // a new process
    expect(await getSiteSettings()).toMatchObject({
      name: 'Grace Hopper',
      about: 'I wrote **the first** compiler.',
      revision: 1,
    });
    expect((await getSnapshot()).siteVersion).toBe(1);
  });

  it('takes the headline order from the saved settings', async () => {
    await reportActivities(
      [
        { kind: 'coding', project: 'nowline' },
        { kind: 'music', title: 'Song' },
      ],
      'api',
    );
    expect((await getSnapshot()).headline?.kind).toBe('coding');
    await save();
    expect((await getSnapshot()).headline?.kind).toBe('music');
  });

  it('dates the /now text when it changes, not on other saves', async () => {
    await save();
    const first = (await getSiteSettings()).nowUpdatedAt;
    expect(first).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await save({ name: 'G. Hopper' });
    expect((await getSiteSettings()).nowUpdatedAt).toBe(first);
    await save({ nowText: 'Retired.' });
    expect(Date.parse((await getSiteSettings()).nowUpdatedAt!)).toBeGreaterThan(Date.parse(first!));
  });

  it('lets NOWLINE_TIME_ZONE win over the saved time zone', async () => {
    await save();
    process.env.NOWLINE_TIME_ZONE = 'Asia/Tokyo';
    resetAppGlobals();
    expect(await getSiteSettings()).toMatchObject({ timeZone: 'Asia/Tokyo', storedTimeZone: 'America/New_York' });
  });

  it('publishes a frame with the new siteVersion to open streams', async () => {
    await getSnapshot();
    const stream = recordingClient();
    const off = subscribe(stream.client);
    try {
      await save();
      await waitUntil(() => stream.snapshots().some((s) => s.siteVersion === 1), { timeoutMs: 10_000 });
      await save({ tagline: 'Still compilers.' });
      await waitUntil(() => stream.snapshots().some((s) => s.siteVersion === 2), { timeoutMs: 10_000 });
    } finally {
      off();
    }
  });

  it('keeps an uploaded avatar through the unused-image clean-up', async () => {
    const png = PNG_1X1;
    const other = Buffer.concat([png, Buffer.from([0])]);
    const avatar = await storeImage(png);
    const unused = await storeImage(other);
    await save({ avatar: avatar.path });
    const deleted = await deleteUnusedImages(getDb(), { now: Date.now() + 3_600_000, graceMs: 0, historyDays: 7 });
    expect(deleted).toBe(1);
    expect(await getDb().image.findUnique({ where: { hash: avatar.hash } })).not.toBeNull();
    expect(await getDb().image.findUnique({ where: { hash: unused.hash } })).toBeNull();
  });
});
