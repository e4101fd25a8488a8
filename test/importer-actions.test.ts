// Saving an importer on /admin: the real server action, session and SQLite behind it (only
// next/headers and next/cache are stood in for), against the Last.fm stand-in. A key the service
// refuses saves nothing; a saved key never comes back; an empty key field keeps it; remove removes.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveImporter, type ImporterFormState } from '@/lib/admin/importer-actions';
import { readImporterSettings } from '@/lib/importers/settings';
import { startLastFmStandIn, type LastFmStandIn } from './support/lastfm-api';
import { withTempSqlite } from './support/database';

const cookieJar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) } : undefined) }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const KEY = '0123456789abcdef0123456789abcdef';
let lastfm: LastFmStandIn;

beforeAll(async () => {
  lastfm = await startLastFmStandIn({ apiKey: KEY, user: 'ada' });
  // Read once by lib/env.ts, before the first action runs.
  process.env.NOWLINE_LASTFM_URL = lastfm.url;
});
afterAll(async () => {
  await lastfm.close();
  delete process.env.NOWLINE_LASTFM_URL;
});

describe('saveImporter', () => {
  withTempSqlite();
  beforeEach(async () => {
    cookieJar.clear();
    const { createSessionValue, SESSION_COOKIE } = await import('@/lib/auth');
    cookieJar.set(SESSION_COOKIE, (await createSessionValue()).value);
    lastfm.setNowPlaying({ title: 'Teardrop', artist: 'Massive Attack', imageUrl: '' });
  });

  const save = (fields: Record<string, string>) => saveImporter({}, { importer: 'lastfm', intent: 'save', ...fields });

  it('saves nothing when logged out', async () => {
    cookieJar.clear();
    const state = await save({ user: 'ada', apiKey: KEY });
    expect(state.error).toMatch(/session has ended/);
    expect((await readImporterSettings()).lastfm).toBeNull();
  });

  it('names each bad field and saves nothing', async () => {
    const state = await save({ user: '1x', apiKey: 'not-a-key' });
    expect(state.fieldErrors).toEqual({
      user: 'a Last.fm user name: 2 to 15 letters, digits, _ or -, starting with a letter',
      apiKey: 'a Last.fm API key: 32 characters, 0–9 and a–f',
    });
    expect((await readImporterSettings()).lastfm).toBeNull();
    expect(lastfm.requests).toHaveLength(0);
  });

  it('does not save a key the service refuses, and says so without the key', async () => {
    const wrong = 'f'.repeat(32);
    const state = await save({ user: 'ada', apiKey: wrong });
    expect(state.error).toMatch(/^Nothing was saved: Last\.fm refused the API key/);
    expect(JSON.stringify(state)).not.toContain(wrong);
    expect((await readImporterSettings()).lastfm).toBeNull();
  });

  it('saves, tells what the service shows now, keeps the key on an empty field, and removes', async () => {
    const saved = await save({ user: 'ada', apiKey: KEY });
    expect(saved).toMatchObject({ ok: true, notice: 'Saved. Right now: Teardrop — Massive Attack.' });
    expect(JSON.stringify(saved)).not.toContain(KEY);
    expect((await readImporterSettings()).lastfm).toEqual({ user: 'ada', apiKey: KEY });

    // The form never holds the saved key: an empty field keeps it.
    lastfm.setNowPlaying(null);
    expect(await save({ user: 'ada', apiKey: '' })).toMatchObject({ ok: true, notice: 'Saved. Nothing is playing right now.' });
    expect((await readImporterSettings()).lastfm?.apiKey).toBe(KEY);
    expect(lastfm.requests.at(-1)?.params.api_key).toBe(KEY);

    expect(await saveImporter({}, { importer: 'lastfm', intent: 'remove' })).toMatchObject({ ok: true });
    expect((await readImporterSettings()).lastfm).toBeNull();
  });

  it('saves when the service is down for now, and says it keeps trying', async () => {
    lastfm.failWith('unavailable');
    const state: ImporterFormState = await save({ user: 'ada', apiKey: KEY });
    lastfm.failWith(null);
    expect(state.ok).toBe(true);
    expect(state.notice).toMatch(/^Saved, but the service could not be reached just now \(.*Last\.fm.*\)\. Nowline keeps trying\.$/);
    expect((await readImporterSettings()).lastfm?.user).toBe('ada');
  });
});
