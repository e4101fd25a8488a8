// The owner's site settings as /admin saves them and the Setting row "site" stores them: every
// field checked here, with messages that can stand next to the field in the form.
import { z } from 'zod';
import { isTimeZone } from '../site-config';
import { ACTIVITY_KINDS, CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE, DEFAULT_PRECEDENCE } from '../status/schema';
import { HEX_COLOR } from './accent';
import { LINK_ICONS, PROFILE_LIMITS as LIMIT, SITE_LANGUAGES } from './options';

/** Multi-line text may hold line breaks and tabs, never other control characters (NUL, escape, DEL). */
const MULTILINE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((v) => !CONTROL_CHARACTERS.test(v), CONTROL_CHARACTERS_MESSAGE);
const required = (max: number, what: string) => oneLine(max).min(1, `give ${what}`);

const markdown = z
  .string()
  .max(LIMIT.markdown, `at most ${LIMIT.markdown} characters`)
  .refine((v) => !MULTILINE_CONTROL.test(v), CONTROL_CHARACTERS_MESSAGE)
  // Windows line ends and trailing blank lines are not worth storing.
  .transform((v) => v.replace(/\r\n?/g, '\n').trimEnd());

const LINK_SCHEMES = new Set(['https:', 'http:', 'mailto:']);

/** An absolute https:, http: or mailto: URL; anything else (javascript:, data:, a path) is refused. */
const linkUrl = oneLine(LIMIT.url).refine((value) => {
  try {
    const url = new URL(value);
    return LINK_SCHEMES.has(url.protocol) && (url.protocol === 'mailto:' || url.hostname !== '');
  } catch {
    return false;
  }
}, 'must be an https:, http: or mailto: link');

/** A file under public/ ("/avatar.svg"), a stored upload (/api/images/…) or an http(s) URL. */
const avatarUrl = required(LIMIT.url, 'an avatar').refine((value) => {
  if (/^\/(?![/\\])[^\s\\]*$/.test(value)) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL or a path on this site such as /avatar.svg');

export const siteLinkSchema = z.object({
  label: required(LIMIT.linkLabel, 'the link a label'),
  href: linkUrl,
  icon: z.enum(LINK_ICONS, { error: 'choose one of the listed icons' }).optional(),
});

export const linkCardSchema = z.object({
  title: required(LIMIT.cardTitle, 'the card a title'),
  href: linkUrl,
  description: oneLine(LIMIT.cardDescription),
});

export const linkSectionSchema = z.object({
  title: required(LIMIT.sectionTitle, 'the section a title'),
  cards: z.array(linkCardSchema).max(LIMIT.cards, `at most ${LIMIT.cards} cards in a section`),
});

/** What the owner edits; `nowUpdatedAt` and `revision` are kept by the server. */
export const siteSettingsInputSchema = z.object({
  name: required(LIMIT.name, 'a name'),
  avatar: avatarUrl,
  tagline: oneLine(LIMIT.tagline),
  about: markdown,
  links: z.array(siteLinkSchema).max(LIMIT.links, `at most ${LIMIT.links} links`),
  sections: z.array(linkSectionSchema).max(LIMIT.sections, `at most ${LIMIT.sections} sections`),
  timeZone: z.string().trim().refine(isTimeZone, 'is not a time zone; use an IANA name such as Europe/Berlin'),
  language: z.enum(SITE_LANGUAGES, { error: 'choose English or Chinese (Simplified)' }),
  precedence: z
    .array(z.enum(ACTIVITY_KINDS))
    .refine((kinds) => new Set(kinds).size === kinds.length, 'names a kind twice')
    .transform((kinds) => [...kinds, ...DEFAULT_PRECEDENCE.filter((kind) => !kinds.includes(kind))]),
  accentColor: z
    .string()
    .trim()
    .regex(HEX_COLOR, 'must be a colour such as #4f46e5')
    .transform((v) => v.toLowerCase()),
  nowText: markdown,
  /** "3 here now" on the public pages: the number of open pages, summed over instances. */
  showViewers: z.boolean().default(false),
});
export type SiteSettingsInput = z.input<typeof siteSettingsInputSchema>;
export type SiteSettingsFields = z.output<typeof siteSettingsInputSchema>;

/** The stored row: the fields, when the /now text last changed, and a revision that grows with each save. */
export const storedSiteSettingsSchema = siteSettingsInputSchema.extend({
  nowUpdatedAt: z.iso.datetime().nullable(),
  revision: z.number().int().min(1),
});
export type StoredSiteSettings = z.output<typeof storedSiteSettingsSchema>;

/** The row to store after a save: the revision moves on, and the /now date only when its text changed. */
export function nextStoredSettings(
  previous: StoredSiteSettings | null,
  fields: SiteSettingsFields,
  now: Date,
): StoredSiteSettings {
  const nowChanged = fields.nowText !== (previous?.nowText ?? '');
  return {
    ...fields,
    nowUpdatedAt: nowChanged ? (fields.nowText ? now.toISOString() : null) : (previous?.nowUpdatedAt ?? null),
    revision: (previous?.revision ?? 0) + 1,
  };
}

/** A stored row as JSON text; null when it is missing or no longer valid (then the defaults apply). */
export function parseStoredSettings(json: string | null | undefined): StoredSiteSettings | null {
  if (!json) return null;
  try {
    const parsed = storedSiteSettingsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
