// Form messages from lib/ (zod schemas, the pattern checker) are English, since the API sends them
// as they are. A form shows them in the page's language: the known ones are looked up here; one
// this table does not know (a zod default) is shown as written. Pure, so the privacy editor uses it
// in the browser too.
import type { Messages } from './messages/en';
import { formatMessage } from './format-message';

type ErrorKey = keyof Messages['errors'];

/** Lowercase first letter, no closing full stop: as lib/ writes them. */
const normalise = (message: string) => (message.charAt(0).toLowerCase() + message.slice(1)).replace(/\.$/, '');

const KNOWN: Record<string, ErrorKey> = Object.fromEntries(
  (
    [
      ['Your session has ended. Reload the page and log in again.', 'sessionEnded'],
      ['Check the highlighted fields. Nothing was saved.', 'checkFields'],
      ['The end time must be in the future.', 'endInFuture'],
      ['give a text or an emoji', 'textOrEmoji'],
      ['must not contain control characters', 'controlCharacters'],
      ['Give the token a name.', 'tokenName'],
      ['At most 60 characters.', 'atMost60'],
      ['enter a name or a pattern', 'nameOrPattern'],
      ['a rename rule needs the new name', 'renameNeedsName'],
      ['the pattern is too large to match quickly; use smaller repeat counts ({n})', 'patternTooLarge'],
      ['backreferences (\\1, \\k<name>) are not supported', 'backreferences'],
      ['lookbehind (?<= …) and (?<! …) is not supported', 'lookbehind'],
      ['lookahead (?= …) and (?! …) is not supported', 'lookahead'],
      ['write a character code as \\x{00E9}, not \\u00E9', 'unicodeEscape'],
      ['possessive repetition like a++ is not supported', 'possessive'],
      ['not a valid regular expression: repeat counts go up to 1000', 'repeatCount'],
      ['not a valid regular expression', 'invalidPattern'],
    ] as const
  ).map(([message, key]) => [normalise(message), key]),
);

const PATTERN_DETAIL = 'not a valid regular expression: ';

/** One message in the page's language, when it is one we know. */
export function localizeFormMessage(message: string, errors: Messages['errors']): string {
  const key = KNOWN[normalise(message)];
  if (key) return errors[key];
  // RE2's own explanation stays as it is (it quotes the pattern); only the lead-in is translated.
  if (message.startsWith(PATTERN_DETAIL)) return formatMessage(errors.invalidPatternDetail, { detail: message.slice(PATTERN_DETAIL.length) });
  return message;
}

/** Every field's message (field path → message) in the page's language. */
export function localizeFieldErrors(fieldErrors: Record<string, string>, errors: Messages['errors']): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([path, message]) => [path, localizeFormMessage(message, errors)]));
}
