// GET /feed.atom and /feed.json on a real SQLite database: the manual statuses newest first, ids
// that stay the same, an ETag and 304, and the privacy rules applied when the feed is read.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as atomFeed } from '@/app/feed.atom/route';
import { GET as jsonFeed } from '@/app/feed.json/route';
import { privacyRulesSchema } from '@/lib/status/privacy/rules';
import { reportActivities, savePrivacyRules } from '@/lib/status/store';
import { withTempSqlite } from './support/database';
import { expectValidJsonFeed, parseWithFeedparser } from './support/feed-readers';

vi.mock('next/headers', () => ({ headers: async () => new Headers({ host: 'ada.example' }) }));

withTempSqlite();

// Friday 20 November 2026, 10:00 in Berlin (the owner's zone in nowline.config.ts).
const START = Date.parse('2026-11-20T09:00:00.000Z');
const MINUTE = 60_000;
const at = (minutes: number) => new Date(START + minutes * MINUTE).toISOString();

async function reportAt(minutes: number, activity: Parameters<typeof reportActivities>[0][number]) {
  vi.setSystemTime(START + minutes * MINUTE);
  await reportActivities([activity], activity.kind === 'manual' ? 'admin' : 'api');
}

/** Three statuses (two ended, one still set), half an hour of coding and two tracks on Spotify. */
async function friday() {
  await reportAt(0, { kind: 'manual', text: 'Deep work', emoji: '🧠' });
  for (let minute = 0; minute <= 30; minute += 5) await reportAt(minute, { kind: 'coding', project: 'nowline' });
  await reportAt(10, { kind: 'music', title: 'VCR', artist: 'The xx', player: 'Spotify', durationMs: 180_000, positionMs: 0 });
  await reportAt(14, { kind: 'music', title: 'Intro', artist: 'The xx', player: 'Spotify', durationMs: 120_000, positionMs: 0 });
  await reportAt(60, { kind: 'manual', text: `Fish & <chips> "to go"`, emoji: '🐟' });
  await reportAt(120, { kind: 'manual', text: 'Lunch' });
  // Saturday morning.
  vi.setSystemTime(Date.parse('2026-11-21T09:00:00.000Z'));
}

const get = (handler: (request: Request) => Promise<Response>, path: string, headers: Record<string, string> = {}) =>
  handler(new Request(`http://ada.example${path}`, { headers }));

const TITLES = ['Lunch', '🐟 Fish & <chips> "to go"', '🧠 Deep work'];

describe('feeds', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serve the manual statuses newest first as Atom, read back by feedparser', async () => {
    await friday();
    const res = await get(atomFeed, '/feed.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const { meta, items } = await parseWithFeedparser(await res.text());
    expect(meta.title).toMatch(/: status updates$/);
    expect(meta.link).toBe('http://ada.example/');
    expect(meta.xmlurl).toBe('http://ada.example/feed.atom');
    expect(items.map((item) => item.title)).toEqual(TITLES);
    expect(items.map((item) => item.pubdate?.toISOString())).toEqual([at(120), at(60), at(0)]);
    // Ended statuses were updated when they ended; the one still set, when it began.
    expect(items.map((item) => item.date?.toISOString())).toEqual([at(120), at(120), at(60)]);
    expect(items[1]!.description).toContain('20 Nov 2026, 11:00 – 20 Nov 2026, 12:00');
    expect(items[0]!.description).toContain('Since 20 Nov 2026, 12:00');
    for (const item of items) expect(item.guid).toMatch(/^tag:ada\.example,2026-11-20:status\/\d+$/);
  });

  it('serve the same entries as a JSON Feed 1.1, with the same ids on every request', async () => {
    await friday();
    const res = await get(jsonFeed, '/feed.json');
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = await res.json();
    expectValidJsonFeed(feed);
    expect(feed).toMatchObject({ home_page_url: 'http://ada.example/', feed_url: 'http://ada.example/feed.json', language: 'en' });
    expect(feed.items.map((item: { title: string }) => item.title)).toEqual(TITLES);
    expect(feed.items[2]).toMatchObject({ url: 'http://ada.example/', date_published: at(0), date_modified: at(60) });

    await reportAt(24 * 60 + 30, { kind: 'manual', text: 'Weekend', emoji: '🌴' });
    const again = await (await get(jsonFeed, '/feed.json')).json();
    const atomIds = (await parseWithFeedparser(await (await get(atomFeed, '/feed.atom')).text())).items.map((i) => i.guid);
    const ids = again.items.map((item: { id: string }) => item.id);
    expect(again.items[0].title).toBe('🌴 Weekend');
    expect(ids.slice(1)).toEqual(feed.items.map((item: { id: string }) => item.id));
    expect(atomIds).toEqual(ids);
  });

  it('answer a repeated request with its ETag with a 304, until a status changes the feed', async () => {
    await friday();
    const first = await get(atomFeed, '/feed.atom');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const repeat = await get(atomFeed, '/feed.atom', { 'if-none-match': `"other", W/${etag}` });
    expect(repeat.status).toBe(304);
    expect(await repeat.text()).toBe('');
    expect(repeat.headers.get('etag')).toBe(etag);
    expect(repeat.headers.get('cache-control')).toBe('public, max-age=300');

    await reportAt(24 * 60 + 30, { kind: 'manual', text: 'Weekend' });
    const changed = await get(atomFeed, '/feed.atom', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('add each past day’s summary with ?daily=1, with the privacy rules of the time of reading', async () => {
    await friday();
    const titles = async (path: string) => (await (await get(jsonFeed, path)).json()).items.map((i: { title: string }) => i.title);
    expect(await titles('/feed.json')).toEqual(TITLES);
    const daily = await titles('/feed.json?daily=1');
    // The day's entry is published when the day ends: newer than Friday's statuses.
    expect(daily).toEqual(['Friday 20 November: 30 mins coding, 2 tracks', ...TITLES]);

    await savePrivacyRules(privacyRulesSchema.parse({ players: [{ match: 'Spotify', action: 'hide' }] }));
    expect(await titles('/feed.json?daily=1')).toEqual(['Friday 20 November: 30 mins coding', ...TITLES]);
  });

  it('list the newest 50 statuses only', async () => {
    for (let n = 1; n <= 52; n++) await reportAt(n, { kind: 'manual', text: `Status ${n}` });
    const feed = await (await get(jsonFeed, '/feed.json')).json();
    expect(feed.items).toHaveLength(50);
    expect(feed.items[0].title).toBe('Status 52');
    expect(feed.items[49].title).toBe('Status 3');
  });

  it('refuse an unknown daily option with a 400 naming it', async () => {
    const res = await get(atomFeed, '/feed.atom?daily=yes');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid_request', fields: [{ field: 'daily', message: 'must be 1 or 0' }] });
  });
});
