'use server';
// Saving and removing an importer on /admin. A save reads the service once first: settings the
// service refuses (a wrong key, an unknown user) are not saved and the form says why; a service that
// cannot be reached right now does not stop the save (the runner keeps trying, /admin shows it).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { FormState } from '@/lib/form-state';
import { fieldErrors } from '@/lib/form-state';
import { localizeFieldErrors } from '@/lib/i18n/form-errors';
import { formatMessage } from '@/lib/i18n/format-message';
import { getMessages } from '@/lib/i18n/server';
import { checkImporter } from '@/lib/importers/check';
import { reloadServerImporters } from '@/lib/importers/runner';
import {
  lanyardSettingsSchema,
  lastFmSettingsSchema,
  readImporterSettings,
  saveImporterSettings,
  steamSettingsSchema,
  type ImporterConfigs,
} from '@/lib/importers/settings';
import { adminAction, CHECK_FIELDS, optionalText } from './admin-action';

export type ImporterFormState = FormState & { notice?: string };

const importerFormSchema = z.object({
  importer: z.enum(['lastfm', 'lanyard', 'steam']),
  intent: z.enum(['save', 'remove']).default('save'),
  user: optionalText,
  apiKey: optionalText,
  steamId: optionalText,
  userId: optionalText,
});
type ImporterForm = z.output<typeof importerFormSchema>;

const SETTINGS_SCHEMAS = { lastfm: lastFmSettingsSchema, lanyard: lanyardSettingsSchema, steam: steamSettingsSchema } as const;

export const saveImporter = adminAction(importerFormSchema, async (form): Promise<ImporterFormState> => {
  const { m } = await getMessages();
  const t = m.importers;
  if (form.intent === 'remove') {
    await saveImporterSettings(form.importer, null);
    await reloadServerImporters();
    revalidatePath('/admin');
    return { ok: true, notice: t.removed };
  }
  const saved = (await readImporterSettings())[form.importer];
  const candidate = settingsFromForm(form, saved);
  const parsed = SETTINGS_SCHEMAS[form.importer].safeParse(candidate);
  if (!parsed.success) return { error: CHECK_FIELDS, fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), m.errors) };

  const check = await checkImporter(form.importer, parsed.data as ImporterConfigs[typeof form.importer]);
  // Refused settings are not saved: the importer would only stop at once.
  if (!check.ok && check.setup) return { error: formatMessage(t.refused, { message: check.message }) };
  await saveImporterSettings(form.importer, parsed.data as never);
  await reloadServerImporters();
  revalidatePath('/admin');
  if (!check.ok) return { ok: true, notice: formatMessage(t.savedUnreachable, { message: check.message }) };
  const now = check.inputs[0];
  const seen = now ? (now.kind === 'music' ? [now.title, now.artist].filter(Boolean).join(' — ') : now.kind === 'gaming' ? now.name : '') : '';
  return { ok: true, notice: seen ? formatMessage(t.savedSeeing, { now: seen }) : t.savedNothingNow };
});

/** The form's fields as settings; an empty key field keeps the key already saved. */
function settingsFromForm(form: ImporterForm, saved: Partial<Record<string, string>> | null): Record<string, string> {
  // Empty rather than missing, so the field's own message says what to enter.
  const keep = (value: string | undefined, field: string) => value ?? saved?.[field] ?? '';
  switch (form.importer) {
    case 'lastfm':
      return { user: form.user ?? '', apiKey: keep(form.apiKey, 'apiKey') };
    case 'steam':
      return { steamId: form.steamId ?? '', apiKey: keep(form.apiKey, 'apiKey') };
    case 'lanyard':
      return { userId: form.userId ?? '' };
  }
}
