// The status model, shared by server and client: no server imports here.
import { z } from 'zod';

// In the browser zod would probe for eval (`new Function`) to compile faster parsers; the pages'
// Content-Security-Policy forbids eval, and the caught probe still raises a policy violation.
// The server keeps the faster parsers.
if (typeof window !== 'undefined') z.config({ jitless: true });

export const ACTIVITY_KINDS = ['manual', 'coding', 'music', 'gaming', 'app'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const DEFAULT_PRECEDENCE: readonly ActivityKind[] = ['manual', 'coding', 'gaming', 'music', 'app'];

export const MAX_TEXT = 280;
const MAX_SHORT = 200;
const MAX_URL = 2048;
/** Bounds for a report's own `expiresInSeconds`. */
export const MIN_EXPIRES_IN = 10;
export const MAX_EXPIRES_IN = 7 * 24 * 3600;

/** C0 control characters and DEL: no status field is multi-line, and PostgreSQL refuses NUL in text. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
export const CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';
/** Trimmed text without control characters. */
const text = () => z.string().trim().refine((v) => !CONTROL_CHARACTERS.test(v), CONTROL_CHARACTERS_MESSAGE);

const shortText = text().min(1).max(MAX_SHORT);
const httpUrl = z
  .string()
  .max(MAX_URL)
  // Checked before URL parsing, which would silently drop tabs and newlines.
  .refine((v) => !CONTROL_CHARACTERS.test(v), CONTROL_CHARACTERS_MESSAGE)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
const isoTime = z.iso.datetime({ offset: true });
/** A MusicBrainz id (a UUID), lower case. */
export const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Where stored reporter images are served; site-relative so it works behind any proxy or domain. */
export const STORED_IMAGE_PATH = /^\/api\/images\/[0-9a-f]{64}\.(?:png|jpg|webp|gif)$/;
const imageUrl = z.union([httpUrl, z.string().regex(STORED_IMAGE_PATH)], { error: 'must be an http(s) URL' });

const common = {
  source: text().min(1).max(64).optional(),
  expiresInSeconds: z.number().int().min(MIN_EXPIRES_IN).max(MAX_EXPIRES_IN).optional(),
};

export const manualInputSchema = z
  .object({
    kind: z.literal('manual'),
    text: text().max(MAX_TEXT).optional(),
    emoji: text().max(16).optional(),
    until: isoTime.optional(),
    ...common,
  })
  .strict()
  .refine((m) => Boolean(m.text || m.emoji), { message: 'give a text or an emoji', path: ['text'] });

export const codingInputSchema = z
  .object({
    kind: z.literal('coding'),
    editor: shortText.optional(),
    language: shortText.optional(),
    project: shortText.optional(),
    file: text().max(512).optional(),
    branch: shortText.optional(),
    machine: shortText.optional(),
    ...common,
  })
  .strict();

export const musicInputSchema = z
  .object({
    kind: z.literal('music'),
    title: shortText.optional(),
    artist: shortText.optional(),
    album: shortText.optional(),
    coverUrl: imageUrl.optional(),
    /** The MusicBrainz release: without a cover, one is looked up in the Cover Art Archive (lib/covers). */
    releaseMbid: z.string().trim().toLowerCase().regex(MBID, 'must be a MusicBrainz id (a UUID)').optional(),
    url: httpUrl.optional(),
    player: shortText.optional(),
    durationMs: z.number().int().min(0).max(24 * 3600 * 1000).optional(),
    positionMs: z.number().int().min(0).max(24 * 3600 * 1000).optional(),
    playing: z.boolean().optional(),
    ...common,
  })
  .strict();

export const gamingInputSchema = z
  .object({
    kind: z.literal('gaming'),
    name: shortText,
    details: shortText.optional(),
    platform: shortText.optional(),
    ...common,
  })
  .strict();

export const appInputSchema = z
  .object({
    kind: z.literal('app'),
    name: shortText,
    title: text().max(MAX_TEXT).optional(),
    iconUrl: imageUrl.optional(),
    description: text().max(MAX_TEXT).optional(),
    ...common,
  })
  .strict();

export const activityInputSchema = z.discriminatedUnion('kind', [
  manualInputSchema,
  codingInputSchema,
  musicInputSchema,
  gamingInputSchema,
  appInputSchema,
]);
export type ActivityInput = z.infer<typeof activityInputSchema>;

const activityListSchema = z
  .object({ activities: z.array(activityInputSchema).min(1).max(ACTIVITY_KINDS.length) })
  .strict()
  .refine((b) => new Set(b.activities.map((a) => a.kind)).size === b.activities.length, {
    message: 'one activity per kind',
    path: ['activities'],
  });

/**
 * Body of `POST /api/status`: one activity, or several under `activities`. Chosen by shape
 * first, so an error names the real field ("kind", "activities.0.title") rather than the union.
 */
export function parseIngestBody(body: unknown) {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'activities' in body) {
    const parsed = activityListSchema.safeParse(body);
    return parsed.success ? { success: true as const, data: parsed.data.activities } : parsed;
  }
  const parsed = activityInputSchema.safeParse(body);
  return parsed.success ? { success: true as const, data: [parsed.data] } : parsed;
}

export const activityKindSchema = z.enum(ACTIVITY_KINDS);

type Fields<T> = Omit<T, 'kind' | 'source' | 'expiresInSeconds'>;
export type ManualFields = Fields<z.infer<typeof manualInputSchema>>;
export type CodingFields = Fields<z.infer<typeof codingInputSchema>>;
export type MusicFields = Fields<z.infer<typeof musicInputSchema>>;
export type GamingFields = Fields<z.infer<typeof gamingInputSchema>>;
export type AppFields = Fields<z.infer<typeof appInputSchema>>;

interface ActivityMeta {
  source: string;
  startedAt: string;
  updatedAt: string;
  /** null: until cleared (manual status without `until`). */
  expiresAt: string | null;
}

export type Activity =
  | ({ kind: 'manual' } & ManualFields & ActivityMeta)
  | ({ kind: 'coding' } & CodingFields & ActivityMeta)
  | ({ kind: 'music' } & MusicFields & ActivityMeta)
  | ({ kind: 'gaming' } & GamingFields & ActivityMeta)
  | ({ kind: 'app' } & AppFields & ActivityMeta);

export interface Snapshot {
  version: number;
  /** Changes when the owner saves the site settings (profile, About, /now): pages then re-render. */
  siteVersion: number;
  generatedAt: string;
  online: boolean;
  /** When the owner was last active; null when nothing was ever reported. */
  lastSeenAt: string | null;
  /** The activity the owner was last seen doing, once nothing is live. */
  lastActivity: Activity | null;
  headline: Activity | null;
  activities: Activity[];
}
