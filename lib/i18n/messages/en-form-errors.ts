// Messages a form shows, in English: exactly what lib/ writes (the API sends those too; lowercase
// ones follow a field name there). lib/i18n/form-errors.ts finds a message's key by this text. A
// file of its own so the admin forms can map messages without the whole English file.
export const EN_FORM_ERRORS = {
  sessionEnded: 'Your session has ended. Reload the page and log in again.',
  checkFields: 'Check the highlighted fields. Nothing was saved.',
  endInFuture: 'The end time must be in the future.',
  textOrEmoji: 'give a text or an emoji',
  controlCharacters: 'must not contain control characters',
  tokenName: 'Give the token a name.',
  atMost60: 'At most 60 characters.',
  nameOrPattern: 'enter a name or a pattern',
  renameNeedsName: 'a rename rule needs the new name',
  patternTooLarge: 'the pattern is too large to match quickly; use smaller repeat counts ({n})',
  backreferences: 'backreferences (\\1, \\k<name>) are not supported',
  lookbehind: 'lookbehind (?<= …) and (?<! …) is not supported',
  lookahead: 'lookahead (?= …) and (?! …) is not supported',
  unicodeEscape: 'write a character code as \\x{00E9}, not \\u00E9',
  possessive: 'possessive repetition like a++ is not supported',
  repeatCount: 'not a valid regular expression: repeat counts go up to 1000',
  invalidPattern: 'not a valid regular expression',
  invalidPatternDetail: 'not a valid regular expression: {detail}',
};
