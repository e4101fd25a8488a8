// A stand-in for Last.fm's API (https://www.last.fm/api/show/user.getRecentTracks), speaking its JSON
// variant: `GET /?method=user.getrecenttracks&user=…&api_key=…&format=json&limit=N` lists the track
// now playing (with `@attr.nowplaying`) before the last N scrobbles (with `date`); a list of one is
// sent as a single object, as Last.fm does. Errors are `{ error, message }` with Last.fm's codes and
// statuses. A wrong key or user gets what Last.fm sends; other failures are switched on with failWith.
import { createHash } from 'node:crypto';
import { startStandInServer } from './stand-in-server';

export interface StandInTrack {
  title: string;
  artist: string;
  album?: string;
  albumMbid?: string;
  /** The extralarge image; '' for none (Last.fm then sends empty image URLs). Default: a cover URL. */
  imageUrl?: string;
  url?: string;
}

/** Last.fm's grey star, sent as the image of tracks without artwork. */
export const LASTFM_PLACEHOLDER_IMAGE = 'https://lastfm.freetls.fastly.net/i/u/300x300/2a96cbd8b46e442fc41c2b86b821562f.png';

export type LastFmFailure =
  | 'suspended-key' // 403, error 26
  | 'auth-failed' // 403, error 4
  | 'private-user' // 403, error 17: the user hides recent listening
  | 'rate-limited' // 429, error 29
  | 'unavailable' // 503, error 16 ("temporarily unavailable")
  | 'operation-failed' // 500, error 8
  | 'not-json' // 502 with an HTML page, as a proxy in front of Last.fm sends
  | 'unexpected-shape' // 200 with JSON that is not a recent-tracks answer
  | 'hang'; // never answers

export interface LastFmRequest {
  params: Record<string, string>;
  userAgent: string | undefined;
}

export interface LastFmStandIn {
  /** The base URL to poll, like https://ws.audioscrobbler.com/2.0 */
  url: string;
  setNowPlaying(track: StandInTrack | null): void;
  /** The scrobbles before it, newest first (default: one). */
  setRecent(tracks: StandInTrack[]): void;
  failWith(failure: LastFmFailure | null): void;
  /** A slow but answering service: every answer this many milliseconds late. */
  setDelay(ms: number): void;
  requests: LastFmRequest[];
  close(): Promise<void>;
}

const FAILURES: Record<Exclude<LastFmFailure, 'not-json' | 'unexpected-shape' | 'hang'>, [number, number, string]> = {
  'suspended-key': [403, 26, 'Suspended API key - Access for your account has been suspended, please contact Last.fm'],
  'auth-failed': [403, 4, 'Authentication Failed - You do not have permissions to access the service'],
  'private-user': [403, 17, 'Login: User required to be logged in'],
  'rate-limited': [429, 29, 'Rate Limit Exceeded - Your IP has made too many requests in a short period'],
  unavailable: [503, 16, 'There was a temporary error processing your request. Please try again'],
  'operation-failed': [500, 8, 'Operation failed - Most likely the backend service failed. Please try again.'],
};

const PLAYED_BEFORE: StandInTrack = { title: 'Earlier Song', artist: 'Earlier Artist', album: 'Earlier Album' };

export async function startLastFmStandIn({ apiKey, user }: { apiKey: string; user: string }): Promise<LastFmStandIn> {
  let nowPlaying: StandInTrack | null = null;
  let recent: StandInTrack[] = [PLAYED_BEFORE];
  let failure: LastFmFailure | null = null;
  const requests: LastFmRequest[] = [];

  const server = await startStandInServer((req, res) => {
    const params = Object.fromEntries(new URL(req.url ?? '/', 'http://lastfm').searchParams);
    requests.push({ params, userAgent: req.headers['user-agent'] });
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    const error = (status: number, code: number, message: string) => json(status, { error: code, message, links: [] });
    if (failure === 'hang') server.hang(res);
    else if (failure === 'not-json') res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    else if (failure === 'unexpected-shape') json(200, { lfm: { status: 'ok' } });
    else if (failure) error(...FAILURES[failure]);
    else if (params.api_key !== apiKey) error(403, 10, 'Invalid API key - You must be granted a valid key by last.fm');
    else if (params.method !== 'user.getrecenttracks' || params.format !== 'json') error(400, 3, 'Invalid Method - No method with that name in this package');
    else if (params.user?.toLowerCase() !== user.toLowerCase()) error(404, 6, 'User not found');
    else json(200, recentTracks(user, nowPlaying, recent, Number(params.limit ?? 50)));
  });
  return {
    url: `${server.origin}/2.0`,
    setNowPlaying: (track) => void (nowPlaying = track),
    setRecent: (tracks) => void (recent = tracks),
    failWith: (mode) => void (failure = mode),
    setDelay: server.setDelay,
    requests,
    close: () => server.close(),
  };
}

function recentTracks(user: string, nowPlaying: StandInTrack | null, recent: StandInTrack[], limit: number) {
  const played = recent.slice(0, limit).map((track, i) => {
    const uts = Math.floor(Date.now() / 1000) - 240 * (i + 1);
    return { ...wireTrack(track), date: { uts: String(uts), '#text': new Date(uts * 1000).toUTCString() } };
  });
  const tracks = nowPlaying ? [{ ...wireTrack(nowPlaying), '@attr': { nowplaying: 'true' } }, ...played] : played;
  const attr = { user, totalPages: String(Math.ceil(recent.length / limit)), page: '1', perPage: String(limit), total: String(recent.length) };
  return { recenttracks: { track: tracks.length === 1 ? tracks[0] : tracks, '@attr': attr } };
}

function wireTrack(track: StandInTrack) {
  const slug = (text: string) => text.split(' ').map(encodeURIComponent).join('+');
  const imageId = createHash('md5').update(`${track.artist}/${track.album ?? track.title}`).digest('hex');
  const large = track.imageUrl ?? `https://lastfm.freetls.fastly.net/i/u/300x300/${imageId}.png`;
  const sized = (size: string, px: string) => ({ size, '#text': large && large.replace('/300x300/', `/${px}/`) });
  return {
    artist: { mbid: '', '#text': track.artist },
    streamable: '0',
    image: [sized('small', '34s'), sized('medium', '64s'), sized('large', '174s'), sized('extralarge', '300x300')],
    mbid: '',
    album: { mbid: track.albumMbid ?? '', '#text': track.album ?? '' },
    name: track.title,
    url: track.url ?? `https://www.last.fm/music/${slug(track.artist)}/_/${slug(track.title)}`,
  };
}
