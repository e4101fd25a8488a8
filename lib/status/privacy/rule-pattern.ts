// Owner-typed regular expressions for privacy rules, compiled with RE2 (re2js): matching takes time
// linear in the input whatever the pattern, so no rule can stall the server. JavaScript's own
// engine backtracks: `(.|\s)*x` on a run of spaces never ends. Pure, so the admin preview uses
// the same engine and shows exactly what the server will do.
import { RE2JS } from 're2js';

// Matching costs about (characters looked at) × (program size), so both are capped: names are at
// most 200 characters anyway, and counted repeats ({n}) are what make a program large.
/** Characters of a value a rule looks at; longer values are cut. */
export const RULE_MATCH_MAX_CHARS = 500;
/** RE2 program instructions a pattern may compile to (`slack|teams` is 13, `.{400}` about 400). */
export const RULE_PATTERN_MAX_SIZE = 400;

export type CompiledPattern = { ok: true; test: (value: string) => boolean } | { ok: false; message: string };

const cache = new Map<string, CompiledPattern>();

/** Compiles a pattern case-insensitively, or says in plain words why it cannot be used. */
export function compilePattern(source: string): CompiledPattern {
  const hit = cache.get(source);
  if (hit) return hit;
  let compiled: CompiledPattern;
  try {
    const re = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    if (re.programSize() > RULE_PATTERN_MAX_SIZE) {
      return remember(source, { ok: false, message: 'the pattern is too large to match quickly; use smaller repeat counts ({n})' });
    }
    compiled = { ok: true, test: (value) => re.test(value.length > RULE_MATCH_MAX_CHARS ? value.slice(0, RULE_MATCH_MAX_CHARS) : value) };
  } catch (error) {
    compiled = { ok: false, message: explainPatternError(source, error) };
  }
  return remember(source, compiled);
}

function remember(source: string, compiled: CompiledPattern): CompiledPattern {
  if (cache.size > 500) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

const UNSUPPORTED: [RegExp, string][] = [
  [/\\[1-9]|\\k</, 'backreferences (\\1, \\k<name>) are not supported'],
  [/\(\?<[=!]/, 'lookbehind (?<= …) and (?<! …) is not supported'],
  [/\(\?[=!]/, 'lookahead (?= …) and (?! …) is not supported'],
  [/\\u/, 'write a character code as \\x{00E9}, not \\u00E9'],
  [/[*+?}][+]/, 'possessive repetition like a++ is not supported'],
];

function explainPatternError(source: string, error: unknown): string {
  // Skip escaped backslashes so `\\1` (a backslash, then 1) is not taken for a backreference.
  const unescaped = source.replace(/\\\\/g, '');
  for (const [syntax, message] of UNSUPPORTED) if (syntax.test(unescaped)) return message;
  // RE2 quotes the pattern with the case flag it was given prepended: show what the owner typed.
  const detail = error instanceof Error ? error.message.replace(/^error parsing regexp:\s*/, '').replace('`(?i)', '`') : '';
  if (/invalid repeat count/.test(detail)) return 'not a valid regular expression: repeat counts go up to 1000';
  return detail ? `not a valid regular expression: ${detail}` : 'not a valid regular expression';
}
