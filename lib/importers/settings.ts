// The owner's importer settings (saved on /admin): which services to read and with what account.
// One `Setting` row, read by the runner on every instance. The API keys are stored as given (the
// services need them as they are) and never leave the server: /admin gets `importerSettingsView`.
import 'server-only';
import { z } from 'zod';
import { getDb, type Db } from '../db';
import type { ImporterName, LanyardConfig, LastFmConfig, SteamConfig } from './types';

const SETTING_KEY = 'importers';

// The messages are lib/i18n/messages/en-form-errors.ts's (the form shows them translated).
export const IMPORTER_FIELD_ERRORS = {
  lastFmUser: 'a Last.fm user name: 2 to 15 letters, digits, _ or -, starting with a letter',
  lastFmKey: 'a Last.fm API key: 32 characters, 0–9 and a–f',
  steamKey: 'a Steam Web API key: 32 characters, 0–9 and A–F',
  steamId: 'a SteamID64: 17 digits, such as 76561197960287930',
  discordId: 'a Discord user id: 17 to 20 digits',
} as const;

export const lastFmSettingsSchema = z.object({
  user: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_-]{1,14}$/, IMPORTER_FIELD_ERRORS.lastFmUser),
  apiKey: z.string().trim().regex(/^[0-9a-f]{32}$/i, IMPORTER_FIELD_ERRORS.lastFmKey),
});
export const steamSettingsSchema = z.object({
  apiKey: z.string().trim().regex(/^[0-9a-f]{32}$/i, IMPORTER_FIELD_ERRORS.steamKey),
  steamId: z.string().trim().regex(/^\d{17}$/, IMPORTER_FIELD_ERRORS.steamId),
});
export const lanyardSettingsSchema = z.object({
  userId: z.string().trim().regex(/^\d{17,20}$/, IMPORTER_FIELD_ERRORS.discordId),
});

/** null: the importer is not set up. */
export const importerSettingsSchema = z.object({
  lastfm: lastFmSettingsSchema.nullable().default(null),
  lanyard: lanyardSettingsSchema.nullable().default(null),
  steam: steamSettingsSchema.nullable().default(null),
});
export type ImporterSettings = z.infer<typeof importerSettingsSchema>;
export interface ImporterConfigs {
  lastfm: LastFmConfig;
  lanyard: LanyardConfig;
  steam: SteamConfig;
}

export const NO_IMPORTERS: ImporterSettings = { lastfm: null, lanyard: null, steam: null };

export async function readImporterSettings(db: Db = getDb()): Promise<ImporterSettings> {
  const row = await db.setting.findUnique({ where: { key: SETTING_KEY } });
  if (!row) return NO_IMPORTERS;
  const parsed = importerSettingsSchema.safeParse(JSON.parse(row.value));
  // A row this version cannot read (written by a newer one): nothing runs, nothing crashes.
  return parsed.success ? parsed.data : NO_IMPORTERS;
}

/** Sets (or, with null, removes) one importer's settings; the others stay as they are. */
export async function saveImporterSettings<N extends ImporterName>(name: N, config: ImporterSettings[N], db: Db = getDb()): Promise<ImporterSettings> {
  const next = { ...(await readImporterSettings(db)), [name]: config };
  const value = JSON.stringify(next);
  await db.setting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value }, update: { value } });
  return next;
}

/** What /admin may show: the account, and only whether a key is saved. */
export interface ImporterSettingsView {
  lastfm: { user: string; hasKey: true } | null;
  lanyard: { userId: string } | null;
  steam: { steamId: string; hasKey: true } | null;
}

export function importerSettingsView(settings: ImporterSettings): ImporterSettingsView {
  return {
    lastfm: settings.lastfm && { user: settings.lastfm.user, hasKey: true },
    lanyard: settings.lanyard && { userId: settings.lanyard.userId },
    steam: settings.steam && { steamId: settings.steam.steamId, hasKey: true },
  };
}

/** A stable text of one importer's settings: the runner restarts it when this changes. */
export const settingsDigest = (config: unknown) => JSON.stringify(config);
