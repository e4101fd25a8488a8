// Mix Space "ProcessReporter" agents (Kizuna, ProcessReporterMac, processforlinux, …):
// `process` → app, `media` → music. Pure: body → activities.
import { ApiError } from '../../errors';
import { MAX_TEXT, type Activity, type Snapshot } from '../schema';
import { emptyReport, isRecord, readNumber, readText, validateInput, type ParsedReport } from './shared';

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

export function parseMixSpace(body: unknown): MixSpaceReport {
  if (!isRecord(body)) throw ApiError.invalid('The body must be a JSON object.');
  const rawKey = body.key;
  if (rawKey !== undefined && rawKey !== null && typeof rawKey !== 'string') {
    throw ApiError.invalid('Invalid request — key: must be a string', [{ field: 'key', message: 'must be a string' }]);
  }
  const key = typeof rawKey === 'string' && rawKey.trim() ? rawKey.trim() : null;
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
