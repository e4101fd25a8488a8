// Reads what the owner is scrobbling on Last.fm (user.getRecentTracks, JSON variant): the track now
// playing becomes a music activity; nothing playing (or a paused player, which stops "now playing")
// ends it. https://www.last.fm/api/show/user.getRecentTracks
import 'server-only';
import { MBID } from '../status/schema';
import { cleanHttpUrl, cleanText, fitActivity, getFromService, isRecord, withoutSecret, type ServiceAnswer } from './service-request';
import { ImporterFetchError, ImporterSetupError, type LastFmConfig, type Poll } from './types';

export const LASTFM_DEFAULT_URL = 'https://ws.audioscrobbler.com/2.0';
const SERVICE = 'Last.fm';
/** Last.fm's grey star, shown for tracks without artwork: better no cover (the archive may have one). */
const PLACEHOLDER_IMAGE = '2a96cbd8b46e442fc41c2b86b821562f';
const KEY_ERRORS = new Set([4, 10, 26]);
const USER_ERROR = 6;
/** "Login: User required to be logged in": the user hides their recent listening. */
const PRIVATE_ERROR = 17;

export const pollLastFm: Poll<LastFmConfig> = (config, { baseUrl, signal }) =>
  withoutSecret(config.apiKey, async () => {
    const user = config.user.trim();
    if (!config.apiKey.trim()) throw new ImporterSetupError('Last.fm needs an API key: add one on /admin.');
    if (!user) throw new ImporterSetupError('Last.fm needs a user name: add one on /admin.');
    const url = new URL(`${baseUrl.replace(/\/+$/, '')}/`);
    url.search = new URLSearchParams({ method: 'user.getrecenttracks', user, api_key: config.apiKey.trim(), format: 'json', limit: '1' }).toString();
    const answer = await getFromService(SERVICE, url, signal);
    throwIfRefused(answer, user);
    const nowPlaying = recentTracks(answer).find((track) => isRecord(track['@attr']) && track['@attr'].nowplaying === 'true');
    return nowPlaying ? musicFrom(nowPlaying) : [];
  });

/** Last.fm answers errors as `{ error: <code>, message }`, mostly with a 4xx/5xx status. */
function throwIfRefused({ status, json }: ServiceAnswer, user: string): void {
  const code = isRecord(json) && typeof json.error === 'number' ? json.error : undefined;
  const said = isRecord(json) ? cleanText(json.message)?.replace(/\.$/, '') : undefined;
  const theirWords = said ? `: ${said}` : '';
  if (code !== undefined && KEY_ERRORS.has(code)) {
    throw new ImporterSetupError(`Last.fm refused the API key${theirWords}. Check the key on /admin.`);
  }
  if (code === USER_ERROR) {
    throw new ImporterSetupError(
      /user not found/i.test(said ?? '')
        ? `Last.fm has no user named "${user}". Check the user name on /admin.`
        : `Last.fm refused the user name "${user}"${theirWords}. Check the user name on /admin.`,
    );
  }
  if (code === PRIVATE_ERROR) {
    throw new ImporterSetupError(`Last.fm keeps the recent listening of "${user}" private. Turn off "Hide recent listening" in Last.fm's privacy settings.`);
  }
  if (code !== undefined) throw new ImporterFetchError(`Last.fm answered error ${code}${theirWords} (HTTP ${status}).`);
  if (status === 429) throw new ImporterFetchError('Last.fm is limiting requests (HTTP 429).');
  if (status < 200 || status > 299) throw new ImporterFetchError(`Last.fm answered HTTP ${status}.`);
  if (json === undefined) throw new ImporterFetchError('Last.fm sent an answer that is not JSON.');
}

/** `track` is a list, a single object when there is one, or missing when there is none. */
function recentTracks({ json }: ServiceAnswer): Record<string, unknown>[] {
  const recent = isRecord(json) ? json.recenttracks : undefined;
  if (!isRecord(recent)) throw new ImporterFetchError('Last.fm sent an unexpected answer (no "recenttracks").');
  const track = recent.track;
  if (track === undefined || track === null || track === '') return [];
  if (isRecord(track)) return [track];
  if (Array.isArray(track)) return track.filter(isRecord);
  throw new ImporterFetchError('Last.fm sent an unexpected answer ("track" is neither a list nor a track).');
}

function musicFrom(track: Record<string, unknown>) {
  const title = cleanText(track.name);
  const artist = cleanText(textOf(track.artist));
  if (!title && !artist) return [];
  const album = isRecord(track.album) ? track.album : {};
  const releaseMbid = typeof album.mbid === 'string' ? album.mbid.trim().toLowerCase() : '';
  return [
    fitActivity(SERVICE, {
      kind: 'music',
      title,
      artist,
      album: cleanText(album['#text']),
      coverUrl: coverOf(track.image),
      releaseMbid: MBID.test(releaseMbid) ? releaseMbid : undefined,
      url: cleanHttpUrl(track.url),
      player: SERVICE,
      playing: true,
    }),
  ];
}

/** An artist is `{ "#text": name }`, or `{ name }` in the extended variant. */
function textOf(value: unknown): unknown {
  return isRecord(value) ? (value['#text'] ?? value.name) : value;
}

/** The extralarge image, else the largest one given; none when it is Last.fm's placeholder star. */
function coverOf(images: unknown): string | undefined {
  if (!Array.isArray(images)) return undefined;
  const given = images.filter((image): image is Record<string, unknown> => isRecord(image) && Boolean(cleanHttpUrl(image['#text'])));
  const chosen = given.find((image) => image.size === 'extralarge') ?? given.at(-1);
  const url = chosen && cleanHttpUrl(chosen['#text']);
  return url && !url.includes(PLACEHOLDER_IMAGE) ? url : undefined;
}
