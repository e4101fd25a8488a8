// Lanyard's presence object (https://github.com/Phineas/lanyard#api-docs) as activity inputs: the
// first game the owner plays on Discord, and the Spotify track Discord shows. Pure, and defensive:
// the object comes off a socket, so every field may be missing, of the wrong type or huge.
import { activityInputSchema, musicInputSchema, type ActivityInput } from '../status/schema';

const MAX_SHORT = 200;
const MAX_URL = 2048;
const MAX_DURATION_MS = 24 * 3600 * 1000;
/** Discord's activity type for "Playing …" (2 is listening, 4 a custom status). */
const PLAYING = 0;
/** Spotify track ids are 22 base-62 characters; anything else would make a wrong link. */
const SPOTIFY_TRACK_ID = /^[0-9A-Za-z]{22}$/;

type Fields = Record<string, unknown>;

function record(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** Trimmed text without control characters or broken surrogates, cut to `max` UTF-16 units; undefined when empty. */
function cleanText(value: unknown, max = MAX_SHORT): string | undefined {
  if (typeof value !== 'string') return undefined;
  let text = value
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .trim();
  if (text.length > max) {
    // Not between the two halves of an emoji.
    const lastIsHighSurrogate = /[\ud800-\udbff]/.test(text.charAt(max - 1));
    text = text.slice(0, lastIsHighSurrogate ? max - 1 : max).trimEnd();
  }
  return text || undefined;
}

/** An absolute http(s) URL the schema takes as it is (a site-relative path is for our own stored images only). */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL || !/^https?:\/\//i.test(value)) return undefined;
  return musicInputSchema.shape.url.safeParse(value).success ? value : undefined;
}

function millis(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : undefined;
}

function gameFrom(activities: unknown): ActivityInput | undefined {
  if (!Array.isArray(activities)) return undefined;
  for (const item of activities) {
    const activity = record(item);
    // Spotify's own activity is type 2 (listening); the id check also keeps it out of a misreported type.
    if (!activity || activity.type !== PLAYING || String(activity.id ?? '').startsWith('spotify:')) continue;
    const name = cleanText(activity.name);
    if (!name) continue;
    const parts = [cleanText(activity.details), cleanText(activity.state)].filter(Boolean);
    const details = cleanText(parts.join(' · '));
    return { kind: 'gaming', name, ...(details && { details }), platform: 'Discord' };
  }
  return undefined;
}

function musicFrom(presence: Fields, now: number): ActivityInput | undefined {
  const spotify = record(presence.spotify);
  if (presence.listening_to_spotify !== true || !spotify) return undefined;
  const title = cleanText(spotify.song);
  if (!title) return undefined;
  // Lanyard joins a track's artists with "; " (Discord's own format).
  const artist = typeof spotify.artist === 'string' ? cleanText(spotify.artist.split(';').map((a) => a.trim()).filter(Boolean).join(', ')) : undefined;
  const album = cleanText(spotify.album);
  const coverUrl = httpUrl(spotify.album_art_url);
  const trackId = typeof spotify.track_id === 'string' && SPOTIFY_TRACK_ID.test(spotify.track_id) ? spotify.track_id : undefined;
  const timestamps = record(spotify.timestamps);
  const start = millis(timestamps?.start);
  const end = millis(timestamps?.end);
  const durationMs = start !== undefined && end !== undefined && end > start && end - start <= MAX_DURATION_MS ? end - start : undefined;
  const positionMs = start === undefined ? undefined : Math.min(Math.max(Math.round(now) - start, 0), durationMs ?? MAX_DURATION_MS);
  return {
    kind: 'music',
    title,
    ...(artist && { artist }),
    ...(album && { album }),
    ...(coverUrl && { coverUrl }),
    ...(trackId && { url: `https://open.spotify.com/track/${trackId}` }),
    player: 'Spotify',
    ...(durationMs !== undefined && { durationMs }),
    ...(positionMs !== undefined && Number.isFinite(positionMs) && { positionMs }),
    playing: true,
  };
}

/**
 * A Lanyard presence as at most one `gaming` and one `music` input, in that order; anything the
 * schema would still refuse is left out, so a strange presence never blocks the other activity.
 */
export function lanyardPresenceToInputs(presence: unknown, now: number): ActivityInput[] {
  const fields = record(presence);
  if (!fields) return [];
  const inputs = [gameFrom(fields.activities), musicFrom(fields, now)];
  return inputs.filter((input): input is ActivityInput => input !== undefined && activityInputSchema.safeParse(input).success);
}
