// Wording shared by the status card, the screen-reader summary and the admin page.
import type { Activity } from '@/lib/status/schema';

export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest && hours < 10 ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

export function formatAgo(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  return ms < 60_000 ? 'just now' : `${formatDuration(ms)} ago`;
}

export function formatClock(iso: string, timeZone: string, now: number): string {
  const date = new Date(iso);
  const sameDay =
    new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(date) ===
    new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(new Date(now));
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(date);
  if (sameDay) return time;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(date);
  return `${day}, ${time}`;
}

export function formatTrackTime(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** A short phrase: "coding nowline", "listening to Vantablack by Dool". */
export function describeActivity(a: Activity): string {
  switch (a.kind) {
    case 'manual':
      return [a.emoji, a.text].filter(Boolean).join(' ');
    case 'coding': {
      const what = a.project ?? (a.language ? `in ${a.language}` : '');
      return what ? `coding ${what}` : 'coding';
    }
    case 'music':
      return a.title ? `listening to ${a.title}${a.artist ? ` by ${a.artist}` : ''}` : 'listening to music';
    case 'gaming':
      return `playing ${a.name}`;
    case 'app':
      return `using ${a.name}`;
  }
}

/** Music position now, advanced locally from the last report while it plays. */
export function musicPosition(a: Extract<Activity, { kind: 'music' }>, now: number): number | null {
  if (a.durationMs === undefined || a.positionMs === undefined) return null;
  const elapsed = a.playing === false ? 0 : Math.max(0, now - Date.parse(a.updatedAt));
  return Math.min(a.durationMs, a.positionMs + elapsed);
}
