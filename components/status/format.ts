// Wording shared by the status card, the screen-reader summary and the admin page, in the page's
// language: numbers, dates and relative times through Intl, the words from the message file.
import { formatMessage } from '@/lib/i18n/format-message';
import { cachedFormatter } from '@/lib/i18n/intl-cache';
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import type { Activity } from '@/lib/status/schema';

export type StatusMessages = Messages['status'];
/** What the status texts need: the language (for Intl) and the status section of its messages. */
export interface StatusLocale {
  language: Language;
  m: StatusMessages;
}

// The card re-renders every second while a track plays: every formatter comes from the cache.
const cached = cachedFormatter;

function unit(value: number, name: 'minute' | 'hour' | 'day', language: Language): string {
  return cached(Intl.NumberFormat, INTL_LOCALE[language], { style: 'unit', unit: name, unitDisplay: name === 'day' ? 'long' : 'short' }).format(value);
}

/** "3 mins", "2 hrs 5 mins", "2 days" (3分钟, 2小时5分钟, 2天). */
export function formatDuration(ms: number, { language, m }: StatusLocale): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return m.lessThanMinute;
  if (minutes < 60) return unit(minutes, 'minute', language);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest && hours < 10 ? unit(hours, 'hour', language) + m.durationJoin + unit(rest, 'minute', language) : unit(hours, 'hour', language);
  }
  return unit(Math.floor(hours / 24), 'day', language);
}

/** "just now", "3 min ago", "2 hr ago", "1 day ago" (刚刚, 3分钟前…). */
export function formatAgo(iso: string, now: number, { language, m }: StatusLocale): string {
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return m.justNow;
  const relative = cached(Intl.RelativeTimeFormat, INTL_LOCALE[language], { style: 'short' });
  if (minutes < 60) return relative.format(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? relative.format(-hours, 'hour') : relative.format(-Math.floor(hours / 24), 'day');
}

/**
 * "17:00" today, "Mon 23 Nov, 17:00" on another day, in the owner's zone. With `withZone` (the
 * visitor's zone differs) the zone's abbreviation follows the time: "17:00 CET", "17:00 GMT+1".
 */
export function formatClock(iso: string, timeZone: string, now: number, { language, m }: StatusLocale, withZone = false): string {
  const date = new Date(iso);
  const locale = INTL_LOCALE[language];
  const dayOf = (d: Date) => cached(Intl.DateTimeFormat, 'en-CA', { timeZone, dateStyle: 'short' }).format(d);
  const parts = clockParts(date, timeZone, language);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}${withZone ? ` ${part('timeZoneName')}` : ''}`;
  if (dayOf(date) === dayOf(new Date(now))) return time;
  const day = cached(Intl.DateTimeFormat, locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(date);
  return formatMessage(m.dayTime, { day, time });
}

/** The zone's abbreviation at that moment: "CET", "GMT+1". */
export function formatZone(iso: string, timeZone: string, { language }: StatusLocale): string {
  return clockParts(new Date(iso), timeZone, language).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

function clockParts(date: Date, timeZone: string, language: Language): Intl.DateTimeFormatPart[] {
  return cached(Intl.DateTimeFormat, INTL_LOCALE[language], { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).formatToParts(date);
}

/** The visitor's zone is not at the owner's offset (at `at`): their times then carry the zone's abbreviation. */
export function zoneDiffers(ownerTimeZone: string, visitorTimeZone: string | undefined, at = Date.now()): boolean {
  if (!visitorTimeZone || visitorTimeZone === ownerTimeZone) return false;
  const offset = (timeZone: string) =>
    cached(Intl.DateTimeFormat, 'en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  return offset(visitorTimeZone) !== offset(ownerTimeZone);
}

export function formatTrackTime(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** A short phrase: "coding nowline", "listening to Vantablack by Dool". */
export function describeActivity(a: Activity, m: StatusMessages): string {
  switch (a.kind) {
    case 'manual':
      return [a.emoji, a.text].filter(Boolean).join(' ');
    case 'coding':
      if (a.project) return formatMessage(m.describeCodingProject, { project: a.project });
      return a.language ? formatMessage(m.describeCodingLanguage, { language: a.language }) : m.describeCoding;
    case 'music':
      if (!a.title) return m.describeMusic;
      return a.artist ? formatMessage(m.describeMusicTitleArtist, { title: a.title, artist: a.artist }) : formatMessage(m.describeMusicTitle, { title: a.title });
    case 'gaming':
      return formatMessage(m.describeGaming, { name: a.name });
    case 'app':
      return formatMessage(m.describeApp, { name: a.name });
  }
}

/** Music position now, advanced locally from the last report while it plays. */
export function musicPosition(a: Extract<Activity, { kind: 'music' }>, now: number): number | null {
  if (a.durationMs === undefined || a.positionMs === undefined) return null;
  const elapsed = a.playing === false ? 0 : Math.max(0, now - Date.parse(a.updatedAt));
  return Math.min(a.durationMs, a.positionMs + elapsed);
}
