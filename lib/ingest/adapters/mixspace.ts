// Mix Space "ProcessReporter" agents (Kizuna, ProcessReporterMac, processforlinux, …): `process`
// → app, `media` → music. The parser is pure: body → activities. The `key` (the reporter token)
// travels inside the JSON body: it is looked for in the first bytes as they arrive, so a body with
// a wrong key (or none, past a window) is not read to its end.
import 'server-only';
import { ApiError } from '../../errors';
import { CORS_HEADERS, errorResponse, json } from '../../http';
import { MAX_TEXT, type Activity, type Snapshot } from '../../status/schema';
import { getSnapshot } from '../../status/store';
import { emptyReport, isRecord, readNumber, readText, validateInput, type ParsedReport } from '../fields';
import type { IngestAdapter } from '../pipeline';

export const MIXSPACE_SOURCE = 'mixspace';
const SHORT = 200;
/** Seconds below this are taken as seconds, above as milliseconds (1e12 ms is 2001; 1e12 s is year 33658). */
const MS_THRESHOLD = 1e12;

export interface MixSpaceReport {
  /** The `key` field (the reporter token); null for an old-style read. */
  key: string | null;
  /** The agent's `timestamp` in milliseconds, whichever unit it used. */
  timestampMs?: number;
  report: ParsedReport;
}

function readObject(body: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw ApiError.invalid(`Invalid request — ${key}: must be an object`, [{ field: key, message: 'must be an object' }]);
  return value;
}

/** Seconds (most agents) or milliseconds (ProcessReporterCli, ShiroProcessReporter) → milliseconds. */
export function timestampToMs(value: number): number {
  return value >= MS_THRESHOLD ? value : value * 1000;
}

const secondsToMs = (value: number | undefined) =>
  value !== undefined && value >= 0 && value <= 24 * 3600 ? Math.round(value * 1000) : undefined;

function readBody(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw ApiError.invalid('The body must be a JSON object.');
  return body;
}

/** The `key` field (the reporter token), or null when there is none. */
function readKey(body: Record<string, unknown>): string | null {
  if (body.key != null && typeof body.key !== 'string') {
    throw ApiError.invalid('Invalid request — key: must be a string', [{ field: 'key', message: 'must be a string' }]);
  }
  return typeof body.key === 'string' && body.key.trim() ? body.key.trim() : null;
}

export function parseMixSpace(value: unknown): MixSpaceReport {
  const body = readBody(value);
  const key = readKey(body);
  const timestamp = readNumber(body, 'timestamp');
  if (timestamp !== undefined && timestamp <= 0) {
    throw ApiError.invalid('Invalid request — timestamp: must be seconds or milliseconds since 1970', [
      { field: 'timestamp', message: 'must be seconds or milliseconds since 1970' },
    ]);
  }
  const report = emptyReport();

  // `process` is a name (older agents, details in `meta`) or an object (current agents).
  const meta = readObject(body, 'meta') ?? {};
  const processValue = body.process;
  let processObject: Record<string, unknown>;
  let processLabel = 'process';
  if (typeof processValue === 'string' || processValue === undefined || processValue === null) {
    processObject = { ...meta, name: processValue ?? undefined };
    processLabel = 'meta';
  } else if (isRecord(processValue)) {
    processObject = { ...meta, ...processValue };
  } else {
    throw ApiError.invalid('Invalid request — process: must be a name or an object', [{ field: 'process', message: 'must be a name or an object' }]);
  }
  const name = readText(processObject, 'name', SHORT, 'process.name');
  if (name) {
    report.inputs.push(
      validateInput(
        {
          kind: 'app',
          source: MIXSPACE_SOURCE,
          name,
          title: readText(body, 'title', MAX_TEXT) ?? readText(processObject, 'title', MAX_TEXT, 'process.title'),
          description: readText(processObject, 'description', MAX_TEXT, `${processLabel}.description`),
        },
        'process',
      ),
    );
    const iconUrl = readText(processObject, 'iconUrl', Infinity, `${processLabel}.iconUrl`);
    const iconBase64 = readText(processObject, 'iconBase64', Infinity, `${processLabel}.iconBase64`);
    const icon = iconUrl ?? iconBase64;
    if (icon) {
      report.images.push({ input: report.inputs.length - 1, field: 'iconUrl', value: icon, label: `${processLabel}.${iconUrl ? 'iconUrl' : 'iconBase64'}` });
    }
  }

  const media = readObject(body, 'media');
  if (media) {
    const title = readText(media, 'title', SHORT, 'media.title');
    const artist = readText(media, 'artist', SHORT, 'media.artist');
    // Agents send an empty media object when nothing plays.
    if (title || artist) {
      report.inputs.push(
        validateInput(
          {
            kind: 'music',
            source: MIXSPACE_SOURCE,
            title,
            artist,
            album: readText(media, 'AlbumTitle', SHORT, 'media.AlbumTitle') ?? readText(media, 'album', SHORT, 'media.album'),
            player:
              readText(media, 'processName', SHORT, 'media.processName') ?? readText(media, 'SourceAppName', SHORT, 'media.SourceAppName'),
            durationMs: secondsToMs(readNumber(media, 'duration', 'media.duration')),
            positionMs: secondsToMs(readNumber(media, 'elapsedTime', 'media.elapsedTime')),
          },
          'media',
        ),
      );
      const cover = readText(media, 'AlbumThumbnail', Infinity, 'media.AlbumThumbnail');
      if (cover) report.images.push({ input: report.inputs.length - 1, field: 'coverUrl', value: cover, label: 'media.AlbumThumbnail' });
    }
  }

  return { key, timestampMs: timestamp === undefined ? undefined : timestampToMs(timestamp), report };
}

type AppActivity = Extract<Activity, { kind: 'app' }>;
type MusicActivity = Extract<Activity, { kind: 'music' }>;

function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * What Mix Space pages read (`GET /api/v2/fn/ps/update`): the current process and media, from the
 * PUBLIC snapshot only (privacy rules applied), in the agents' own field names.
 */
export function toMixSpaceState(snapshot: Snapshot) {
  const app = snapshot.activities.find((a): a is AppActivity => a.kind === 'app');
  const music = snapshot.activities.find((a): a is MusicActivity => a.kind === 'music');
  return {
    processName: app?.name ?? null,
    processInfo: app ? defined({ name: app.name, description: app.description, iconUrl: app.iconUrl, title: app.title }) : null,
    mediaInfo: music
      ? defined({
          title: music.title,
          artist: music.artist,
          AlbumTitle: music.album,
          AlbumThumbnail: music.coverUrl,
          processName: music.player,
          duration: music.durationMs === undefined ? undefined : music.durationMs / 1000,
          elapsedTime: music.positionMs === undefined ? undefined : music.positionMs / 1000,
        })
      : null,
  };
}

// Bounded whitespace, so one match spans at most KEY_MATCH_MAX characters (the search's overlap).
const KEY_FIELD = /"key"\s{0,32}:\s{0,32}"((?:[^"\\]|\\.){1,512})"/g;
export const KEY_MATCH_MAX = '"key"'.length + 32 + 1 + 32 + 1 + 2 * 512 + 1;

/** Every string value of a "key" field in (possibly partial) JSON text. */
export function findKeyCandidates(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(KEY_FIELD)) {
    try {
      const key = (JSON.parse(`"${match[1]}"`) as string).trim();
      if (key) found.push(key);
    } catch {
      // Not a complete JSON string: not a key.
    }
  }
  return found;
}

export const readMixSpaceState = async () => json(toMixSpaceState(await getSnapshot()), { headers: CORS_HEADERS });

export const mixSpaceAdapter: IngestAdapter<MixSpaceReport> = {
  protocol: 'mixspace',
  // v2 is Mix Space's documented path; some agents are configured with v3.
  path: /^\/api\/v[23]\/fn\/ps\/update$/,
  // Base64 icons and covers make these bodies large; each image is still capped on its own.
  bodyLimit: 1024 * 1024,
  tokens: () => [],
  unauthorized: 'The key is not a valid reporter token (or it was revoked).',
  bodyKey: {
    find: findKeyCandidates,
    maxMatchLength: KEY_MATCH_MAX,
    read: (body) => readKey(readBody(body)),
    // Older Mix Space pages read the state with a POST that carries no key.
    anonymous(body) {
      readKey(readBody(body));
      return readMixSpaceState();
    },
  },
  parse: (body) => parseMixSpace(body),
  reply({ snapshot, warnings }) {
    const state = toMixSpaceState(snapshot);
    return json(
      { ok: 1, process: state.processInfo, media: state.mediaInfo, timestamp: Date.now(), ...(warnings.length ? { errors: warnings } : {}) },
      { headers: CORS_HEADERS },
    );
  },
  fail: (error) => errorResponse(error, CORS_HEADERS),
};
