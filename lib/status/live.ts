// What the browser's live view needs from the status model, without zod: the homepage bundle
// imports this module, not schema.ts.
export const STATUS_STREAM_URL = '/api/status/stream';
export const STATUS_EVENT = 'status';

export function isLive(activity: { expiresAt: string | null }, now: number): boolean {
  return activity.expiresAt === null || Date.parse(activity.expiresAt) > now;
}
