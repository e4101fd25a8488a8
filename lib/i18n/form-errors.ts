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

/** "{n}" in a message; global, so only for matchAll and split (test() would keep its lastIndex). */
const PLACEHOLDER = /\{([a-z]+)\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Messages with a value written in ("at most {n} characters"): a pattern that matches the English
 * text with any value there, and the names of those values in order.
 */
const TEMPLATES = Object.entries(EN_FORM_ERRORS)
  .filter(([, text]) => /\{[a-z]+\}/.test(text))
  .map(([key, text]) => {
    const names = [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
    const pattern = text
      .split(PLACEHOLDER)
      .map((part, index) => (index % 2 === 1 ? '(.+?)' : escapeRegExp(part)))
      .join('');
    return { key: key as ErrorKey, names, pattern: new RegExp(`^${pattern}$`, 's') };
  });

/** One message in the page's language, when it is one we know. */
export function localizeFormMessage(message: string, errors: Messages['errors']): string {
  const key = KNOWN.get(message);
  if (key) return errors[key];
  // A value lib/ wrote in (a limit, RE2's own explanation of a pattern) stays as it is.
  for (const { key, names, pattern } of TEMPLATES) {
    const match = pattern.exec(message);
    if (match) return formatMessage(errors[key], Object.fromEntries(names.map((name, i) => [name, match[i + 1]!])));
  }
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
