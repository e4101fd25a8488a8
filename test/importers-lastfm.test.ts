// The Last.fm reader against a stand-in speaking Last.fm's JSON: the track now playing becomes one
// music activity the status model accepts, nothing playing becomes [], and each of Last.fm's errors
// becomes a setup or fetch error with a message that helps and never holds the API key.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LASTFM_DEFAULT_URL, pollLastFm } from '@/lib/importers/lastfm';
import { IMPORTER_USER_AGENT } from '@/lib/importers/service-request';
import { ImporterFetchError, ImporterSetupError } from '@/lib/importers/types';
import { activityInputSchema } from '@/lib/status/schema';
import { expectTransportFailures, importerError } from './support/importer-errors';
import { LASTFM_PLACEHOLDER_IMAGE, startLastFmStandIn, type LastFmFailure, type LastFmStandIn } from './support/lastfm-api';

const API_KEY = 'b25b959554ed76058ac220b7b2e0a026';
const USER = 'rj';
let lastfm: LastFmStandIn;

beforeAll(async () => {
  lastfm = await startLastFmStandIn({ apiKey: API_KEY, user: USER });
});
afterEach(() => {
  lastfm.setNowPlaying(null);
  lastfm.setRecent([{ title: 'Earlier Song', artist: 'Earlier Artist' }]);
  lastfm.failWith(null);
  lastfm.requests.length = 0;
});
afterAll(() => lastfm.close());

const poll = (config: Partial<{ apiKey: string; user: string }> = {}, signal = AbortSignal.timeout(5000)) =>
  pollLastFm({ apiKey: API_KEY, user: USER, ...config }, { baseUrl: lastfm.url, signal });

const failure = (kind: Parameters<typeof importerError>[1], config?: Parameters<typeof poll>[0], signal?: AbortSignal) =>
  importerError(poll(config, signal), kind, 'Last.fm', [API_KEY, config?.apiKey]);

const ABBEY_ROAD = '1b022e01-4da6-387b-8658-8678046e4cef';

describe('pollLastFm', () => {
  it('asks user.getRecentTracks for the last track, as JSON, naming Nowline', async () => {
    await poll();
    expect(lastfm.requests).toHaveLength(1);
    expect(lastfm.requests[0]!.params).toEqual({ method: 'user.getrecenttracks', user: USER, api_key: API_KEY, format: 'json', limit: '1' });
    expect(lastfm.requests[0]!.userAgent).toBe(IMPORTER_USER_AGENT);
    expect(IMPORTER_USER_AGENT).toMatch(/Nowline/);
    expect(LASTFM_DEFAULT_URL).toBe('https://ws.audioscrobbler.com/2.0');
  });

  it('turns the track now playing into one music activity the status model accepts', async () => {
    lastfm.setNowPlaying({ title: 'Come Together', artist: 'The Beatles', album: 'Abbey Road', albumMbid: ABBEY_ROAD });
    const inputs = await poll();
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toEqual({
      kind: 'music',
      title: 'Come Together',
      artist: 'The Beatles',
      album: 'Abbey Road',
      coverUrl: expect.stringMatching(/^https:\/\/lastfm\.freetls\.fastly\.net\/i\/u\/300x300\/[0-9a-f]{32}\.png$/),
      releaseMbid: ABBEY_ROAD,
      url: 'https://www.last.fm/music/The+Beatles/_/Come+Together',
      player: 'Last.fm',
      playing: true,
    });
    expect(activityInputSchema.safeParse(inputs[0]).success).toBe(true);
  });

  it('answers [] when the last tracks were scrobbled but none is playing, or there are none at all', async () => {
    lastfm.setRecent([{ title: 'Yesterday', artist: 'The Beatles' }]);
    expect(await poll()).toEqual([]);
    lastfm.setRecent([]);
    expect(await poll()).toEqual([]);
  });

  it('reads a single track sent as an object rather than a list (only the one now playing)', async () => {
    lastfm.setRecent([]);
    lastfm.setNowPlaying({ title: 'First Ever', artist: 'Someone' });
    const inputs = await poll();
    expect(inputs).toMatchObject([{ kind: 'music', title: 'First Ever', artist: 'Someone', playing: true }]);
  });

  it("leaves out Last.fm's placeholder star, an empty album and an album id that is not a MusicBrainz id", async () => {
    lastfm.setNowPlaying({ title: 'Song', artist: 'Artist', album: '  ', albumMbid: 'not-an-mbid', imageUrl: LASTFM_PLACEHOLDER_IMAGE });
    const [input] = await poll();
    expect(input).toBeDefined();
    expect(input).not.toHaveProperty('coverUrl');
    expect(input).not.toHaveProperty('album');
    expect(input).not.toHaveProperty('releaseMbid');
    expect(activityInputSchema.safeParse(input).success).toBe(true);
  });

  it('leaves out empty images and a link that is not http(s)', async () => {
    lastfm.setNowPlaying({ title: 'Song', artist: 'Artist', imageUrl: '', url: 'javascript:alert(1)' });
    const [input] = await poll();
    expect(input).toMatchObject({ kind: 'music', title: 'Song', artist: 'Artist' });
    expect(input).not.toHaveProperty('coverUrl');
    expect(input).not.toHaveProperty('url');
  });

  it('takes out control characters and cuts long texts to what the status model holds', async () => {
    const long = '🎵'.repeat(150); // 300 UTF-16 units
    lastfm.setNowPlaying({ title: ' Tab\there\u0000 ', artist: 'Line\nbreak', album: long, albumMbid: ABBEY_ROAD.toUpperCase() });
    const [input] = await poll();
    expect(input).toMatchObject({ title: 'Tab here', artist: 'Line break', releaseMbid: ABBEY_ROAD });
    const album = (input as { album: string }).album;
    expect(album.length).toBeLessThanOrEqual(200);
    expect(album.endsWith('…')).toBe(true);
    expect(album).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half of a surrogate pair
    expect(activityInputSchema.safeParse(input).success).toBe(true);
  });

  it('refuses a wrong API key as a setup problem, quoting Last.fm and never the key', async () => {
    const message = await failure(ImporterSetupError, { apiKey: 'f00dfeedf00dfeedf00dfeedf00dfeed' });
    expect(message).toBe('Last.fm refused the API key: Invalid API key - You must be granted a valid key by last.fm. Check the key on /admin.');
  });

  it.each<[LastFmFailure, RegExp]>([
    ['suspended-key', /refused the API key: Suspended API key/],
    ['auth-failed', /refused the API key: Authentication Failed/],
    ['private-user', /private.*Hide recent listening/],
  ])('treats %s as a setup problem', async (mode, expected) => {
    lastfm.failWith(mode);
    expect(await failure(ImporterSetupError)).toMatch(expected);
  });

  it('names the user Last.fm does not know', async () => {
    expect(await failure(ImporterSetupError, { user: 'nobody-here' })).toBe('Last.fm has no user named "nobody-here". Check the user name on /admin.');
  });

  it('takes the key out of a message even where it is quoted (the key pasted as the user name)', async () => {
    expect(await failure(ImporterSetupError, { user: API_KEY })).toBe('Last.fm has no user named "[API key]". Check the user name on /admin.');
  });

  it('refuses an empty key or user name before asking', async () => {
    await failure(ImporterSetupError, { apiKey: ' ' });
    await failure(ImporterSetupError, { user: '' });
    expect(lastfm.requests).toHaveLength(0);
  });

  it.each<[LastFmFailure, RegExp]>([
    ['rate-limited', /error 29: Rate Limit Exceeded.*\(HTTP 429\)/],
    ['unavailable', /error 16: There was a temporary error.*\(HTTP 503\)/],
    ['operation-failed', /error 8: Operation failed.*\(HTTP 500\)/],
    ['not-json', /answered HTTP 502/],
    ['unexpected-shape', /unexpected answer/],
  ])('treats %s as a passing problem', async (mode, expected) => {
    lastfm.failWith(mode);
    expect(await failure(ImporterFetchError)).toMatch(expected);
  });

  it('gives up on a silent Last.fm when the signal ends, and says when it cannot be reached', async () => {
    lastfm.failWith('hang');
    await expectTransportFailures({
      service: 'Last.fm',
      poll: (baseUrl, signal) => pollLastFm({ apiKey: API_KEY, user: USER }, { baseUrl, signal }),
      hangingUrl: lastfm.url,
    });
  });
});
