// Form messages from lib/ (zod schemas, the pattern checker) are English, since the API sends them
// as they are. A form shows them in the page's language: the known ones are looked up by their
// English text; one the English file does not hold (a zod default) is shown as written. Pure, so
// the privacy editor uses it in the browser too.
import type { Messages } from './messages/en';
import { EN_FORM_ERRORS } from './messages/en-form-errors';
import { formatMessage } from './format-message';

type ErrorKey = keyof Messages['errors'];

/** English text → key, from the English file itself (its texts are lib/'s own). */
const KNOWN = new Map(Object.entries(EN_FORM_ERRORS).map(([key, text]) => [text, key as ErrorKey]));

const PATTERN_DETAIL = EN_FORM_ERRORS.invalidPatternDetail.replace('{detail}', '');

/** One message in the page's language, when it is one we know. */
export function localizeFormMessage(message: string, errors: Messages['errors']): string {
  const key = KNOWN.get(message);
  if (key) return errors[key];
  // RE2's own explanation stays as it is (it quotes the pattern); only the lead-in is translated.
  if (message.startsWith(PATTERN_DETAIL))
    return formatMessage(errors.invalidPatternDetail, { detail: message.slice(PATTERN_DETAIL.length) });
  return message;
}

/** Every field's message (field path → message) in the page's language. */
export function localizeFieldErrors(
  fieldErrors: Record<string, string>,
  errors: Messages['errors'],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([path, message]) => [path, localizeFormMessage(message, errors)]),
  );
}
