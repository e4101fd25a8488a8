'use server';
// Thin server actions: each checks the session itself (a page guard does not protect an action),
// validates, then calls lib/.
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { endAllSessions, endSession, isAdmin, logIn, startSession } from '@/lib/auth';
import { clientAddressOfHeaders } from '@/lib/client-address.js';
import { getDb } from '@/lib/db';
import { validatePrivacyRules } from '@/lib/status/privacy/rules';
import { manualInputSchema } from '@/lib/status/schema';
import { clearActivity, reportActivities, savePrivacyRules } from '@/lib/status/store';
import { parseTokenScopes } from '@/lib/token-scopes';
import { createReporterToken, revokeReporterToken } from '@/lib/tokens';

export type FormState = { error?: string; fieldErrors?: Record<string, string>; ok?: boolean; token?: string; tokenName?: string };

const SESSION_ENDED: FormState = { error: 'Your session has ended. Reload the page and log in again.' };

export async function login(_prev: FormState, formData: FormData): Promise<FormState> {
  const password = formData.get('password');
  // The same path as POST /api/admin/session: throttled per client address, then checked.
  const result = await logIn(clientAddressOfHeaders(await headers()), typeof password === 'string' ? password : '');
  if (!result.ok) return { error: result.message };
  await startSession(result.session);
  revalidatePath('/admin');
  return { ok: true };
}

export async function logout(): Promise<void> {
  await endSession();
  revalidatePath('/admin');
}

/** Ends every admin session on every device (a lost laptop, a cookie that may have leaked). */
export async function logoutEverywhere(): Promise<void> {
  if (!(await isAdmin())) return;
  await endAllSessions();
  revalidatePath('/admin');
}

export async function setManualStatus(_prev: FormState, formData: FormData): Promise<FormState> {
  if (!(await isAdmin())) return SESSION_ENDED;
  const text = String(formData.get('text') ?? '');
  const emoji = String(formData.get('emoji') ?? '');
  const until = String(formData.get('until') ?? '');
  const parsed = manualInputSchema.safeParse({
    kind: 'manual',
    text: text.trim() || undefined,
    emoji: emoji.trim() || undefined,
    until: until || undefined,
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'text')] ??= issue.message;
    return { error: 'Check the highlighted fields.', fieldErrors };
  }
  if (parsed.data.until && Date.parse(parsed.data.until) <= Date.now()) {
    return { error: 'Check the highlighted fields.', fieldErrors: { until: 'The end time must be in the future.' } };
  }
  await reportActivities([parsed.data], 'admin');
  return { ok: true };
}

export async function clearManualStatus(): Promise<FormState> {
  if (!(await isAdmin())) return SESSION_ENDED;
  await clearActivity('manual', 'admin');
  return { ok: true };
}

const tokenNameSchema = z.string().trim().min(1, 'Give the token a name.').max(60, 'At most 60 characters.');

export async function createToken(_prev: FormState, formData: FormData): Promise<FormState> {
  if (!(await isAdmin())) return SESSION_ENDED;
  const name = tokenNameSchema.safeParse(formData.get('name') ?? '');
  if (!name.success) return { error: name.error.issues[0].message, fieldErrors: { name: name.error.issues[0].message } };
  let scopes;
  try {
    scopes = parseTokenScopes(formData.getAll('protocols').map(String), formData.getAll('kinds').map(String));
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { token } = await createReporterToken(getDb(), name.data, scopes);
  revalidatePath('/admin');
  // The only time the token is shown; only its hash is kept.
  return { ok: true, token, tokenName: name.data };
}

export async function revokeToken(formData: FormData): Promise<void> {
  if (!(await isAdmin())) return;
  const id = z.string().uuid().safeParse(formData.get('id'));
  if (!id.success) return;
  await revokeReporterToken(getDb(), id.data);
  revalidatePath('/admin');
}

export type PrivacyFormState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string> };

/** Saves the privacy rules; the store republishes the snapshot to every open page. */
export async function savePrivacySettings(_prev: PrivacyFormState, input: unknown): Promise<PrivacyFormState> {
  if (!(await isAdmin())) return SESSION_ENDED;
  const result = validatePrivacyRules(input);
  if (!result.success) return { error: 'Check the highlighted fields. Nothing was saved.', fieldErrors: result.fieldErrors };
  await savePrivacyRules(result.data);
  revalidatePath('/admin');
  return { ok: true };
}
