// The one way an admin server action is built: session re-checked on every call (a page guard does
// not protect an action: anyone can post to it), input parsed with zod, one form-state shape back.
import 'server-only';
import { z } from 'zod';
import { isAdmin } from '@/lib/auth';
import { fieldErrors, type FormState } from '@/lib/form-state';
import { localizeFieldErrors, localizeFormMessage } from '@/lib/i18n/form-errors';
import type { Language } from '@/lib/i18n/languages';
import { getMessages } from '@/lib/i18n/server';

export const SESSION_ENDED = 'Your session has ended. Reload the page and log in again.';
export const CHECK_FIELDS = 'Check the highlighted fields. Nothing was saved.';

/** Ticked checkboxes sharing a name: absent, one value or several, always a list. */
export const formList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : [v].flat()));

/** A text input: trimmed, and left out when empty. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => v?.trim() || undefined);

/** A form's fields as an object: a name sent once maps to its value, a repeated name to the list. */
function formFields(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const fields: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const name of new Set(formData.keys())) {
    const values = formData.getAll(name);
    fields[name] = values.length === 1 ? values[0]! : values;
  }
  return fields;
}

/**
 * `fn` runs only for a live admin session and input `schema` accepts. The input is a form's
 * FormData, or a plain object a client component sent (the privacy editor): both are unchecked.
 */
export function adminAction<S extends z.ZodType, R extends FormState>(schema: S, fn: (data: z.output<S>) => Promise<R>) {
  return async (_prev: FormState, input: unknown): Promise<R | FormState> => {
    const { language, m } = await getMessages();
    if (!(await isAdmin())) return { error: localizeFormMessage(SESSION_ENDED, m.errors) };
    // zod's own wording (a schema without a message of its own) in the page's language too.
    const parsed = schema.safeParse(input instanceof FormData ? formFields(input) : input, ZOD_LOCALE[language]);
    if (!parsed.success) return { error: localizeFormMessage(CHECK_FIELDS, m.errors), fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), m.errors) };
    const result = await fn(parsed.data);
    return result.error ? { ...result, error: localizeFormMessage(result.error, m.errors), fieldErrors: result.fieldErrors && localizeFieldErrors(result.fieldErrors, m.errors) } : result;
  };
}

const ZOD_LOCALE: Record<Language, z.core.ParseContext<z.core.$ZodIssue> | undefined> = {
  en: undefined,
  'zh-CN': { error: z.locales.zhCN().localeError },
};
