'use server';
// The admin server actions. They live in lib/, below the forms in components/admin/ that call
// them, so imports run one way (app → components → lib); the forms are UI pieces like any other
// component, too many to move into app/ (which stays routing). Each action is thin: adminAction
// re-checks the session and parses the input, then lib/ does the work.
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { endAllSessions, endSession, logIn, startSession } from '@/lib/auth';
import { clientAddressOfHeaders } from '@/lib/client-address.js';
import { getDb } from '@/lib/db';
import type { FormState } from '@/lib/form-state';
import { loginRefusalText } from '@/lib/i18n/login-messages';
import { getMessages } from '@/lib/i18n/server';
import { ImageError } from '@/lib/images';
import { AVATAR_TOO_LARGE, storeAvatarUpload } from '@/lib/site/avatar';
import { renderMarkdown } from '@/lib/site/markdown';
import { PROFILE_LIMITS } from '@/lib/site/options';
import { siteSettingsInputSchema } from '@/lib/site/settings-schema';
import { findUnusableRules, privacyRulesSchema } from '@/lib/status/privacy/rules';
import { manualInputSchema } from '@/lib/status/schema';
import { parseGameRulesForm } from '@/lib/games/game-rules';
import { clearActivity, reportActivities, saveGameRules, savePrivacyRules, saveSiteSettings } from '@/lib/status/store';
import { parseTokenScopes } from '@/lib/token-scopes';
import { RELAY_NAMES } from '@/lib/relays/names';
import { discardQueuedMessages } from '@/lib/relays/outbox';
import { applyRelayForm, relayFormSchema, SET_UP_AGAIN } from '@/lib/relays/relay-form';
import { relayConfig } from '@/lib/relays/upstreams';
import { createReporterToken, revokeReporterToken } from '@/lib/tokens';
import { adminAction, CHECK_FIELDS, formList, optionalText } from './admin-action';

export type CreatedTokenState = FormState & { token?: string; tokenName?: string };

export async function login(_prev: FormState, formData: FormData): Promise<FormState> {
  const password = formData.get('password');
  // The same path as POST /api/admin/session: throttled per client address, then checked.
  const result = await logIn(clientAddressOfHeaders(await headers()), typeof password === 'string' ? password : '');
  if (!result.ok) return { error: loginRefusalText(result, (await getMessages()).m.login) };
  await startSession(result.session);
  revalidatePath('/admin');
  return { ok: true };
}

/** Ends this browser's session; without one there is nothing to end. */
export async function logout(): Promise<void> {
  await endSession();
  revalidatePath('/admin');
}

const endEverySession = adminAction(z.object({}), async () => {
  await endAllSessions();
  revalidatePath('/admin');
  return { ok: true };
});

/** Ends every admin session on every device (a lost laptop, a cookie that may have leaked). */
export async function logoutEverywhere(formData: FormData): Promise<void> {
  // A plain <form action>: the page re-renders as the login form, so the state is not needed.
  await endEverySession({}, formData);
}

const manualStatusFormSchema = z
  .object({ text: optionalText, emoji: optionalText, until: optionalText })
  .transform((fields): z.input<typeof manualInputSchema> => ({ kind: 'manual', ...fields }))
  .pipe(manualInputSchema)
  .refine((m) => !m.until || Date.parse(m.until) > Date.now(), { path: ['until'], message: 'The end time must be in the future.' });

export const setManualStatus = adminAction(manualStatusFormSchema, async (manual) => {
  await reportActivities([manual], 'admin');
  return { ok: true };
});

export const clearManualStatus = adminAction(z.object({}), async () => {
  await clearActivity('manual', 'admin');
  return { ok: true };
});

const newTokenSchema = z.object({
  name: z.string({ error: 'Give the token a name.' }).trim().min(1, 'Give the token a name.').max(60, 'At most 60 characters.'),
  protocols: formList,
  kinds: formList,
});

export const createToken = adminAction(newTokenSchema, async ({ name, protocols, kinds }): Promise<CreatedTokenState> => {
  let scopes;
  try {
    scopes = parseTokenScopes(protocols, kinds);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { token } = await createReporterToken(getDb(), name, scopes);
  revalidatePath('/admin');
  // The only time the token is shown; only its hash is kept.
  return { ok: true, token, tokenName: name };
});

const revoke = adminAction(z.object({ id: z.uuid() }), async ({ id }) => {
  await revokeReporterToken(getDb(), id);
  revalidatePath('/admin');
  return { ok: true };
});

/** A plain <form action> in each token row: the list re-renders with the token marked revoked. */
export async function revokeToken(formData: FormData): Promise<void> {
  await revoke({}, formData);
}

/** Saves the privacy rules; the store republishes the snapshot to every open page. */
export const savePrivacySettings = adminAction(privacyRulesSchema, async (rules) => {
  // Stored rules whose pattern RE2 cannot compile still load (and are skipped); new ones are refused.
  const unusable = findUnusableRules(rules);
  if (unusable.length > 0) return { error: CHECK_FIELDS, fieldErrors: Object.fromEntries(unusable.map((u) => [u.path, u.message])) };
  await savePrivacyRules(rules);
  revalidatePath('/admin');
  return { ok: true };
});

const gameRulesFormSchema = z.object({
  games: z.string().max(40_000).default(''),
  notGames: z.string().max(40_000).default(''),
});

/** Saves which apps are games; the app shown now is re-read under the new rules and published. */
export const saveGameSettings = adminAction(gameRulesFormSchema, async ({ games, notGames }) => {
  const parsed = parseGameRulesForm(games, notGames);
  if (!parsed.success) return { error: CHECK_FIELDS, fieldErrors: parsed.fieldErrors };
  await saveGameRules(parsed.data);
  revalidatePath('/admin');
  return { ok: true };
});

/** The profile form: the settings, and an uploaded avatar as a data URL (which then replaces `avatar`). */
const profileFormSchema = siteSettingsInputSchema.extend({
  avatarUpload: z.string().max(400_000, AVATAR_TOO_LARGE).optional(),
});

/** Saves the profile and site settings; open pages re-render with them (the snapshot's siteVersion). */
export const saveProfile = adminAction(profileFormSchema, async ({ avatarUpload, ...settings }) => {
  if (avatarUpload) {
    try {
      settings.avatar = await storeAvatarUpload(avatarUpload);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      return { error: CHECK_FIELDS, fieldErrors: { avatar: error.message } };
    }
  }
  await saveSiteSettings(settings);
  for (const path of ['/', '/now', '/admin']) revalidatePath(path);
  return { ok: true, avatar: settings.avatar };
});

const markdownPreviewSchema = z.object({ source: z.string().max(PROFILE_LIMITS.markdown, `At most ${PROFILE_LIMITS.markdown} characters.`) });

/** The About preview on /admin: Markdown is rendered on the server only, as on the pages. */
export const previewMarkdown = adminAction(markdownPreviewSchema, async ({ source }) => ({ ok: true, html: renderMarkdown(source) }));

/** Saves or removes a relay set up on /admin; reporters keep going on what is in memory meanwhile. */
export const saveRelaySettings = adminAction(relayFormSchema, async (form) => {
  const result = await applyRelayForm(form);
  if (result.ok) revalidatePath('/admin');
  return result;
});

/** Deletes the messages waiting for a relay that is no longer set up (the owner chose not to set it up again). */
export const discardRelayMessages = adminAction(z.object({ relay: z.enum(RELAY_NAMES) }), async ({ relay }) => {
  if (relayConfig(relay)) return { error: SET_UP_AGAIN };
  const discarded = await discardQueuedMessages(relay);
  revalidatePath('/admin');
  return { ok: true, discarded };
});

/** A plain <form action> under a relay no longer set up: the list re-renders without its messages. */
export async function discardRelayQueue(formData: FormData): Promise<void> {
  await discardRelayMessages({}, formData);
}
