// ListenBrainz scrobblers (Web Scrobbler, Pano Scrobbler, Navidrome, Jellyfin, …) with a custom URL
// of /api/listenbrainz: `Authorization: Token <token>`. `playing_now` → music; `single` and
// `import` are past plays, accepted but not "now". The parser is pure: body → activities.
import 'server-only';
import { ApiError } from '../../errors';
import { json } from '../../http';
import { DEFAULT_EXPIRY_MS } from '../../status/activity';
import { MAX_EXPIRES_IN, MBID, MIN_EXPIRES_IN } from '../../status/schema';
import { listenBrainzToken } from '../credentials';
import { emptyReport, isRecord, readNumber, readText, validateInput, type ParsedReport } from '../fields';
import type { IngestAdapter } from '../pipeline';
import type { IngestRequest } from '../request';

export const LISTENBRAINZ_SOURCE = 'listenbrainz';
const SHORT = 200;
const LISTEN_TYPES = ['playing_now', 'single', 'import'] as const;
export type ListenType = (typeof LISTEN_TYPES)[number];
/** ListenBrainz's own cap on listens per request. */
const MAX_LISTENS = 1000;

export interface ListenBrainzReport {
  listenType: ListenType;
  report: ParsedReport;
}

function invalid(message: string): ApiError {
  return ApiError.invalid(message);
}

function readTrack(listen: unknown, index: number) {
  const at = `payload[${index}]`;
  if (!isRecord(listen)) throw invalid(`${at} must be an object.`);
  const metadata = listen.track_metadata;
  if (!isRecord(metadata)) throw invalid(`${at}.track_metadata is required and must be an object.`);
  const artist = readText(metadata, 'artist_name', SHORT, `${at}.track_metadata.artist_name`);
  const title = readText(metadata, 'track_name', SHORT, `${at}.track_metadata.track_name`);
  if (!artist) throw invalid(`${at}.track_metadata.artist_name is required.`);
  if (!title) throw invalid(`${at}.track_metadata.track_name is required.`);
  const info = metadata.additional_info === undefined || metadata.additional_info === null ? {} : metadata.additional_info;
  if (!isRecord(info)) throw invalid(`${at}.track_metadata.additional_info must be an object.`);
  return { listen, metadata, info, artist, title, at };
}

function durationMs(info: Record<string, unknown>, at: string): number | undefined {
  const ms = readNumber(info, 'duration_ms', `${at}.track_metadata.additional_info.duration_ms`);
  const seconds = readNumber(info, 'duration', `${at}.track_metadata.additional_info.duration`);
  const value = ms ?? (seconds === undefined ? undefined : seconds * 1000);
  return value !== undefined && value > 0 && value <= 24 * 3600 * 1000 ? Math.round(value) : undefined;
}

/**
 * The MusicBrainz release: in additional_info (scrobblers that looked it up) or in mbid_mapping (what
 * ListenBrainz itself adds). Not a UUID: left out, since it only serves to find a cover.
 */
function releaseMbid(metadata: Record<string, unknown>, info: Record<string, unknown>): string | undefined {
  const mapping = isRecord(metadata.mbid_mapping) ? metadata.mbid_mapping : {};
  for (const value of [info.release_mbid, mapping.release_mbid]) {
    const id = typeof value === 'string' ? value.trim().toLowerCase() : '';
    if (MBID.test(id)) return id;
  }
  return undefined;
}

export function parseListenBrainz(body: unknown): ListenBrainzReport {
  if (!isRecord(body)) throw invalid('The body must be a JSON object with listen_type and payload.');
  const listenType = LISTEN_TYPES.find((t) => t === body.listen_type);
  if (!listenType) throw invalid(`listen_type must be one of ${LISTEN_TYPES.join(', ')}.`);
  const payload = body.payload;
  if (!Array.isArray(payload) || payload.length === 0) throw invalid('payload must be a non-empty array of listens.');
  if (payload.length > MAX_LISTENS) throw invalid(`Send at most ${MAX_LISTENS} listens per request.`);
  if (listenType !== 'import' && payload.length !== 1) throw invalid(`A ${listenType} submission holds exactly one listen.`);

  const report = emptyReport();
  const tracks = payload.map(readTrack);
  if (listenType !== 'playing_now') {
    for (const track of tracks) {
      const listenedAt = readNumber(track.listen, 'listened_at', `${track.at}.listened_at`);
      if (listenedAt === undefined) throw invalid(`${track.at}.listened_at is required for ${listenType} listens.`);
    }
    return { listenType, report };
  }

  // A playing_now submission holds exactly one listen (checked above).
  const { metadata, info, artist, title, at } = tracks[0]!;
  const duration = durationMs(info, at);
  const origin = readText(info, 'origin_url', 2048, `${at}.track_metadata.additional_info.origin_url`);
  // Without a position, the track is taken to have just started: it ends after its duration.
  const expiresInSeconds =
    duration === undefined
      ? undefined
      : Math.min(MAX_EXPIRES_IN, Math.max(MIN_EXPIRES_IN, Math.ceil((duration + DEFAULT_EXPIRY_MS.musicGrace) / 1000)));
  report.inputs.push(
    validateInput(
      {
        kind: 'music',
        source: LISTENBRAINZ_SOURCE,
        title,
        artist,
        album: readText(metadata, 'release_name', SHORT, `${at}.track_metadata.release_name`),
        releaseMbid: releaseMbid(metadata, info),
        durationMs: duration,
        // Only a public web page is a useful link; app links (spotify:…) are left out.
        url: origin && /^https?:\/\//i.test(origin) && URL.canParse(origin) ? origin : undefined,
        player: readText(info, 'media_player', SHORT, `${at}.track_metadata.additional_info.media_player`),
        playing: true,
        expiresInSeconds,
      },
      at,
    ),
  );
  return { listenType, report };
}

/** ListenBrainz's own error shape, which scrobblers read. */
export function listenBrainzError(status: number, message: string) {
  return { code: status, error: message };
}

/** Errors in ListenBrainz's shape (`{ code, error }`), which scrobblers show as they are. */
function errorReply(error: unknown): Response {
  if (error instanceof ApiError && error.status < 500) {
    const message = error.reason;
    return json(listenBrainzError(error.status, message), { status: error.status });
  }
  console.error('[nowline] listenbrainz submit failed:', error instanceof Error ? error.message : String(error));
  return json(listenBrainzError(503, 'The listen could not be saved; try again.'), { status: 503 });
}

function userAgentHeader(request: IngestRequest): Record<string, string> {
  const userAgent = request.headers.get('user-agent');
  return userAgent ? { 'user-agent': userAgent } : {};
}

export const listenBrainzAdapter: IngestAdapter<ListenBrainzReport> = {
  protocol: 'listenbrainz',
  path: /^\/api\/listenbrainz\/1\/submit-listens$/,
  // Imports carry up to 1000 listens.
  bodyLimit: 1024 * 1024,
  tokens: (request) => [listenBrainzToken(request)],
  unauthorized: 'Send a valid token as "Authorization: Token <token>".',
  parse: (body) => parseListenBrainz(body),
  reply: () => json({ status: 'ok' }),
  // playing_now, single and import alike, as the scrobbler sent them.
  relay: ({ text, request }) => ({ relay: 'listenbrainz', body: text, headers: userAgentHeader(request) }),
  fail: errorReply,
};
