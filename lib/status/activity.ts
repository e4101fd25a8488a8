// Pure: a validated report + the previous activity of its kind → the activity to store.
import { ApiError } from '../errors';
import { isLive } from './live';
import type { Activity, ActivityInput } from './schema';

const MINUTE = 60_000;
export const DEFAULT_EXPIRY_MS = {
  coding: 10 * MINUTE,
  gaming: 5 * MINUTE,
  app: 5 * MINUTE,
  /** Music without a known duration and position. */
  music: 90_000,
  /** Music: after the track's end, to bridge the gap to the next report. */
  musicGrace: 30_000,
} as const;

/** Fields that say "this is the same activity continuing", so startedAt is kept. */
function identity(a: ActivityInput | Activity): string {
  switch (a.kind) {
    case 'manual':
      return `${a.emoji ?? ''}|${a.text ?? ''}`;
    case 'coding':
      return `${a.project ?? ''}|${a.editor ?? ''}`;
    case 'music':
      return `${a.title ?? ''}|${a.artist ?? ''}`;
    case 'gaming':
    case 'app':
      return a.name;
  }
}

function expiryFor(input: ActivityInput, now: number): number | null {
  if (input.expiresInSeconds) return now + input.expiresInSeconds * 1000;
  switch (input.kind) {
    case 'manual':
      return input.until ? Date.parse(input.until) : null;
    case 'music':
      if (input.durationMs !== undefined && input.positionMs !== undefined && input.durationMs > 0) {
        const left = Math.max(0, input.durationMs - input.positionMs);
        return now + left + DEFAULT_EXPIRY_MS.musicGrace;
      }
      return now + DEFAULT_EXPIRY_MS.music;
    default:
      return now + DEFAULT_EXPIRY_MS[input.kind];
  }
}

/** A cover the Cover Art Archive gave the same release stays when the track is reported again without one. */
function foundCover(previous: Activity, input: ActivityInput): { coverUrl?: string } {
  if (previous.kind !== 'music' || input.kind !== 'music' || input.coverUrl || !input.releaseMbid) return {};
  return previous.releaseMbid === input.releaseMbid && previous.coverUrl ? { coverUrl: previous.coverUrl } : {};
}

/** `playing: false` is a report that the music stopped: it clears the slot. */
export function isStopReport(input: ActivityInput): boolean {
  return input.kind === 'music' && input.playing === false;
}

export function buildActivity(
  input: ActivityInput,
  previous: Activity | undefined,
  now: number,
  defaultSource: string,
): Activity {
  if (input.kind === 'manual' && input.until && Date.parse(input.until) <= now) {
    throw ApiError.invalid('Invalid request — until: must be in the future', [
      { field: 'until', message: 'must be in the future' },
    ]);
  }
  const { expiresInSeconds: _ignored, source, ...fields } = input;
  const continues = previous && isLive(previous, now) && identity(previous) === identity(input);
  const expiresAt = expiryFor(input, now);
  return {
    ...(continues ? foundCover(previous, input) : {}),
    ...fields,
    source: source ?? defaultSource,
    startedAt: continues ? previous.startedAt : new Date(now).toISOString(),
    updatedAt: new Date(now).toISOString(),
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  } as Activity;
}
