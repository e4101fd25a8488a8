// The query options of /api/card.svg and /api/badge.json, checked once: a wrong value is a 400
// that says what is allowed, never a silently different image.
import { z } from 'zod';
import { ApiError } from '../errors';
import { LANGUAGES, type Language } from '../i18n/languages';
import { ACTIVITY_KINDS, CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE, type ActivityKind } from '../status/schema';

export const EMBED_THEMES = ['light', 'dark', 'auto'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];
/** Longest `idle` text: it has one line on the card and on the badge. */
export const IDLE_MAX = 60;

export interface EmbedOptions {
  theme: EmbedTheme;
  hide: ActivityKind[];
  /** What to say when nothing (visible) is live; null: the homepage's own "Away right now". */
  idle: string | null;
  /** null: the owner's language. */
  lang: Language | null;
}

const hideSchema = z
  .string()
  .transform((value) => value.split(',').map((kind) => kind.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ACTIVITY_KINDS, { error: `name kinds from ${ACTIVITY_KINDS.join(', ')}, separated by commas` })));

const optionsSchema = z
  .object({
    theme: z.enum(EMBED_THEMES, { error: `must be one of ${EMBED_THEMES.join(', ')}` }).default('auto'),
    hide: hideSchema.default([]),
    idle: z
      .string()
      .trim()
      .max(IDLE_MAX, `at most ${IDLE_MAX} characters`)
      .refine((v) => !CONTROL_CHARACTERS.test(v), CONTROL_CHARACTERS_MESSAGE)
      .transform((v) => v || null)
      .default(null),
    lang: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` }).nullable().default(null),
  })
  .strict();

/** The options of an embed URL; throws a 400 ApiError naming each bad or unknown parameter. */
export function parseEmbedOptions(searchParams: URLSearchParams): EmbedOptions {
  const raw: Record<string, string> = {};
  for (const [key, value] of searchParams) {
    if (key in raw) throw ApiError.invalid(`Invalid request — ${key}: given more than once`, [{ field: key, message: 'given more than once' }]);
    raw[key] = value;
  }
  // Cache-busting parameters (?v=…, ?t=…) are common in READMEs: ignore them rather than refuse.
  for (const key of Object.keys(raw)) if (!(key in optionsSchema.shape) && /^(?:v|t|ts|cache)$/.test(key)) delete raw[key];
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) throw ApiError.fromZod(parsed.error);
  return { ...parsed.data, hide: [...new Set(parsed.data.hide)] };
}
