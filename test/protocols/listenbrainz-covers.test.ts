// Covers from the Cover Art Archive for ListenBrainz plays with a release id, against a local
// stand-in that speaks the archive's wire format, through the real route and a real SQLite database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/listenbrainz/1/submit-listens/route';
import { coverLookupPending, settledCoverLookups } from '@/lib/covers/cover-art';
import { readImage } from '@/lib/images';
import type { Activity } from '@/lib/status/schema';
import { getSnapshot } from '@/lib/status/store';
import { planMusicCover } from '@/lib/status/write-plans';
import { COVER_RELEASES, startCoverArtArchive, type CoverArtArchive } from '../support/cover-art-archive';
import { listenbrainzPlayingNow } from '../support/fixtures';
import { waitUntil } from '../support/wait';
import { SITE, withReporterToken } from './helpers';

let archive: CoverArtArchive;
beforeAll(async () => {
  archive = await startCoverArtArchive();
  // Read by lib/env.ts at its first use, in the first test.
  process.env.NOWLINE_COVER_ART_URL = `${archive.baseUrl}/`;
  process.env.NOWLINE_COVER_ART_TIMEOUT_SECONDS = '2';
});
afterAll(async () => {
  await archive.close();
  delete process.env.NOWLINE_COVER_ART_URL;
  delete process.env.NOWLINE_COVER_ART_TIMEOUT_SECONDS;
});

const token = withReporterToken();

function playingNow(mbid: string, where: 'additional_info' | 'mbid_mapping' = 'additional_info', title = 'Vantablack') {
  const body = where === 'additional_info' ? listenbrainzPlayingNow({ track_name: title }, { release_mbid: mbid }) : listenbrainzPlayingNow({ track_name: title, mbid_mapping: { release_mbid: mbid } });
  return POST(
    new Request(`${SITE}/api/listenbrainz/1/submit-listens`, {
      method: 'POST',
      headers: { authorization: `Token ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

const music = async () => (await getSnapshot()).activities.find((a): a is Extract<Activity, { kind: 'music' }> => a.kind === 'music');
const front = (mbid: string) => `/release/${mbid}/front-250`;

describe('covers from the Cover Art Archive', () => {
  it('gives a playing_now with a release id its cover, fetched once per release', async () => {
    expect((await playingNow(COVER_RELEASES.found, 'mbid_mapping')).status).toBe(200);
    expect(await music()).toMatchObject({ releaseMbid: COVER_RELEASES.found, title: 'Vantablack' });

    await waitUntil(async () => (await music())?.coverUrl, { timeoutMs: 10_000, message: 'the cover to arrive' });
    const { coverUrl, startedAt, expiresAt } = (await music())!;
    expect(coverUrl).toMatch(/^\/api\/images\/[0-9a-f]{64}\.png$/);
    const stored = await readImage(coverUrl!.split('/').at(-1)!);
    expect(Buffer.from(stored!.bytes).equals(archive.png)).toBe(true);

    // The same track again: the cover stays, and the archive is not asked again.
    await playingNow(COVER_RELEASES.found);
    await settledCoverLookups();
    expect(await music()).toMatchObject({ coverUrl, startedAt });
    expect(Date.parse((await music())!.expiresAt!)).toBeGreaterThanOrEqual(Date.parse(expiresAt!));
    expect(archive.hits.get(front(COVER_RELEASES.found))).toBe(1);
  });

  it('puts a late cover only on the same track, still playing, without one', () => {
    const now = Date.parse('2026-01-01T12:00:00.000Z');
    const meta = { source: 'listenbrainz', startedAt: '2026-01-01T11:59:00.000Z', updatedAt: '2026-01-01T11:59:00.000Z', expiresAt: '2026-01-01T12:03:00.000Z' };
    const playing: Activity = { kind: 'music', title: 'Vantablack', artist: 'Dool', releaseMbid: COVER_RELEASES.found, ...meta };
    const track = { releaseMbid: COVER_RELEASES.found, title: 'Vantablack', artist: 'Dool' };
    const plan = planMusicCover(track, '/api/images/x.png');
    expect(plan(new Map([['music', playing]]), now)).toEqual([{ kind: 'music', action: 'set', activity: { ...playing, coverUrl: '/api/images/x.png' }, source: 'listenbrainz' }]);
    for (const other of [
      { ...playing, title: 'Next song' },
      { ...playing, releaseMbid: COVER_RELEASES.missing },
      { ...playing, coverUrl: 'https://example.com/own.png' },
      { ...playing, expiresAt: '2026-01-01T11:59:30.000Z' },
    ]) {
      expect(plan(new Map([['music', other]]), now)).toEqual([]);
    }
  });

  for (const [name, mbid] of [
    ['a release without a cover (404)', COVER_RELEASES.missing],
    ['an archive that never answers', COVER_RELEASES.hanging],
    ['endless redirects', COVER_RELEASES.looping],
    ['bytes that are not an image', COVER_RELEASES.notImage],
  ] as const) {
    it(`leaves the card as it was for ${name}, without delaying the reply, and remembers it`, async () => {
      const res = await playingNow(mbid);
      expect(res.status).toBe(200);
      const after = await getSnapshot();
      if (mbid === COVER_RELEASES.hanging) {
        // The reply came while the archive still has not answered.
        await waitUntil(() => archive.hits.get(front(mbid)), { timeoutMs: 10_000, message: 'the archive to be asked' });
        expect(coverLookupPending(mbid)).toBe(true);
      }
      await settledCoverLookups();
      const now = await getSnapshot();
      expect(now.version).toBe(after.version);
      expect(await music()).not.toHaveProperty('coverUrl');

      const hits = archive.hits.get(front(mbid));
      expect(hits).toBeGreaterThan(0);
      await playingNow(mbid);
      await settledCoverLookups();
      expect(archive.hits.get(front(mbid))).toBe(hits);
    });
  }
});

describe('NOWLINE_COVER_ART_URL', () => {
  it('takes an http(s) address, without its trailing slash, and refuses anything else', async () => {
    const { parseEnv } = await import('@/lib/env');
    expect(parseEnv({}).NOWLINE_COVER_ART_URL).toBe('https://coverartarchive.org');
    expect(parseEnv({ NOWLINE_COVER_ART_URL: 'http://mirror.lan:8080/caa/' }).NOWLINE_COVER_ART_URL).toBe('http://mirror.lan:8080/caa');
    expect(() => parseEnv({ NOWLINE_COVER_ART_URL: 'ftp://mirror.lan' })).toThrow(/NOWLINE_COVER_ART_URL: must be an http\(s\) URL/);
    expect(() => parseEnv({ NOWLINE_COVER_ART_TIMEOUT_SECONDS: '0' })).toThrow(/NOWLINE_COVER_ART_TIMEOUT_SECONDS/);
  });
});
