// ListenBrainz scrobblers (custom URL /api/listenbrainz) through the real routes.
import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/listenbrainz/1/submit-listens/route';
import { GET } from '@/app/api/listenbrainz/1/validate-token/route';
import { getDb } from '@/lib/db';
import { getSnapshot } from '@/lib/status/store';
import { listenbrainzPlayingNow } from '../support/fixtures';
import { expectNothingPrivate, expectUnchanged, itAnswers400ForEach, latestReport, type MalformedCase, SITE, withReporterToken } from './helpers';

const token = withReporterToken();

const playingNow = (info: Record<string, unknown> = {}) => listenbrainzPlayingNow({}, info);

function submit(body: unknown, headers: Record<string, string> = {}) {
  return POST(
    new Request(`${SITE}/api/listenbrainz/1/submit-listens`, {
      method: 'POST',
      headers: { authorization: `Token ${token()}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

describe('POST /api/listenbrainz/1/submit-listens', () => {
  it('maps playing_now to music and replies { status: "ok" }', async () => {
    const res = await submit(playingNow());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const music = (await getSnapshot()).activities.find((a) => a.kind === 'music');
    expect(music).toEqual(
      expect.objectContaining({
        kind: 'music',
        source: 'listenbrainz',
        title: 'Vantablack',
        artist: 'Dool',
        album: 'Here Now, There Then',
        durationMs: 301000,
        url: 'https://www.youtube.com/watch?v=abc',
        player: 'YouTube Music',
        playing: true,
      }),
    );
    expect(JSON.stringify(music)).not.toContain('youtube.com"');
    // Ends after the track (301 s) plus the grace of 30 s.
    const left = Date.parse(music!.expiresAt!) - Date.now();
    expect(left).toBeGreaterThan(325_000);
    expect(left).toBeLessThanOrEqual(331_000);
    await expectNothingPrivate();
  });

  it('takes a duration in seconds too, and leaves out an app link', async () => {
    await submit(playingNow({ duration_ms: undefined, duration: 200, origin_url: 'spotify:track:123' }));
    const music = (await getSnapshot()).activities.find((a) => a.kind === 'music');
    expect(music).toMatchObject({ durationMs: 200_000 });
    expect(music).not.toHaveProperty('url');
  });

  it('accepts single and import listens without changing "now"', async () => {
    const before = await getSnapshot();
    const listen = { listened_at: Math.floor(Date.now() / 1000) - 300, track_metadata: { artist_name: 'A', track_name: 'B' } };
    expect(await (await submit({ listen_type: 'single', payload: [listen] })).json()).toEqual({ status: 'ok' });
    expect((await submit({ listen_type: 'import', payload: [listen, listen, listen] })).status).toBe(200);
    await expectUnchanged(before);
    expect((await latestReport())).toMatchObject({ protocol: 'listenbrainz', published: [] });
  });

  it('answers 401 in ListenBrainz form on a wrong or missing token', async () => {
    const before = await getSnapshot();
    for (const authorization of ['Token nl_wrong', '', `Bearer ${token()}`]) {
      const res = await submit(playingNow(), { authorization });
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body.code).toBe(401);
      expect(body.error).toMatch(/token/i);
    }
    await expectUnchanged(before);
  });

  const malformed: MalformedCase[] = [
    ['not JSON', '{"listen_type":', 'not valid JSON'],
    ['an unknown listen_type', { listen_type: 'now', payload: [] }, 'listen_type'],
    ['an empty payload', { listen_type: 'playing_now', payload: [] }, 'payload'],
    ['two playing_now listens', { listen_type: 'playing_now', payload: [playingNow().payload[0], playingNow().payload[0]] }, 'exactly one'],
    ['a listen without a track name', { listen_type: 'playing_now', payload: [{ track_metadata: { artist_name: 'A' } }] }, 'track_name'],
    ['a single without listened_at', { listen_type: 'single', payload: [{ track_metadata: { artist_name: 'A', track_name: 'B' } }] }, 'listened_at'],
  ];
  // ListenBrainz's own error shape: { code, error }.
  itAnswers400ForEach(malformed, submit, (reply) => {
    const { code, error } = reply as unknown as { code: number; error: string };
    expect(code).toBe(400);
    return error;
  });
});

describe('GET /api/listenbrainz/1/validate-token', () => {
  const validate = (headers: Record<string, string>, query = '') =>
    GET(new Request(`${SITE}/api/listenbrainz/1/validate-token${query}`, { headers }));

  it('says a good token is valid, with a user name', async () => {
    const res = await validate({ authorization: `Token ${token()}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 200, message: 'Token valid.', valid: true, user_name: 'laptop' });
    const viaQuery = await validate({}, `?token=${encodeURIComponent(token())}`);
    expect((await viaQuery.json()).valid).toBe(true);
  });

  it('says a wrong token is not valid, with status 200 as ListenBrainz does', async () => {
    const res = await validate({ authorization: 'Token nl_wrong' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 200, message: 'Token invalid.', valid: false });
  });

  it('answers 401 with no token at all', async () => {
    expect((await validate({})).status).toBe(401);
  });

  it('does not count a revoked token', async () => {
    const { createReporterToken, revokeReporterToken } = await import('@/lib/tokens');
    const { token: other, summary } = await createReporterToken(getDb(), 'old phone');
    await revokeReporterToken(getDb(), summary.id);
    expect((await (await validate({ authorization: `Token ${other}` })).json()).valid).toBe(false);
  });
});
