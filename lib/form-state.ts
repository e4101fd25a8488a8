// What a form gets back from its server action, and zod errors turned into it. No server imports:
// the privacy editor validates in the browser with the same helper.
import type { ZodError } from 'zod';

export type FormState = { ok?: boolean; error?: string; fieldErrors?: Record<string, string> };

/** Field path ("projects.2.match") → its first message; issues about the input as a whole go under `rootKey`. */
export function fieldErrors(error: ZodError, rootKey = 'form'): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.map(String).join('.') || rootKey] ??= issue.message;
  return errors;
}
