// Privacy rules as the owner writes them: their schema, validation for the editor and the save
// action, and whether a rule matches a value. Pure, no server imports, so the admin page can check
// and preview rules with the same code.
import { z } from 'zod';
import { fieldErrors } from '@/lib/form-state';
import { compilePattern } from './rule-pattern';

export const nameRuleSchema = z
  .object({
    /** A plain name (case-insensitive, whole value) or, with `regex`, an RE2 regular expression. */
    match: z.string().trim().min(1, 'enter a name or a pattern').max(200),
    regex: z.boolean().default(false),
    action: z.enum(['hide', 'rename']),
    /** The public name for `rename`. */
    replacement: z.string().trim().max(200).optional(),
  })
  .refine((r) => r.action !== 'rename' || Boolean(r.replacement), {
    message: 'a rename rule needs the new name',
    path: ['replacement'],
  });
// Whether a pattern compiles is checked when rules are saved (validatePrivacyRules), not here: stored
// rules written before the engine changed must still load, the unusable ones skipped and flagged.
export type NameRule = z.infer<typeof nameRuleSchema>;

export const privacyRulesSchema = z.object({
  showFileNames: z.boolean().default(false),
  showWindowTitles: z.boolean().default(false),
  /** The reporting machine's name (often a host name with the owner's name in it). */
  showMachineName: z.boolean().default(false),
  /** Matched against app names (`app.name`). Hide: the activity is not shown. */
  apps: z.array(nameRuleSchema).max(100).default([]),
  /** Matched against `coding.project`. Hide: the project, file and branch are not shown. */
  projects: z.array(nameRuleSchema).max(100).default([]),
  /** Matched against `music.player`. Hide: the activity is not shown. */
  players: z.array(nameRuleSchema).max(100).default([]),
  /** Matched against `gaming.name`. Hide: the activity is not shown. */
  games: z.array(nameRuleSchema).max(100).default([]),
});
export type PrivacyRules = z.infer<typeof privacyRulesSchema>;

export const DEFAULT_PRIVACY_RULES: PrivacyRules = privacyRulesSchema.parse({});

export const PRIVACY_CATEGORIES = ['apps', 'projects', 'players', 'games'] as const;
export type PrivacyCategory = (typeof PRIVACY_CATEGORIES)[number];

const normalizeName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** A pattern that does not compile matches nothing: it is skipped, and /admin says so. */
export function ruleMatches(rule: Pick<NameRule, 'match' | 'regex'>, value: string): boolean {
  if (!rule.regex) return normalizeName(rule.match) === normalizeName(value);
  const pattern = compilePattern(rule.match);
  return pattern.ok && pattern.test(value);
}

/** Saved rules whose pattern cannot be used (stored before RE2, or edited in the database). */
export function findUnusableRules(rules: PrivacyRules): { path: string; match: string; message: string }[] {
  return PRIVACY_CATEGORIES.flatMap((category) =>
    rules[category].flatMap((rule, i) => {
      const pattern = rule.regex ? compilePattern(rule.match) : null;
      return pattern && !pattern.ok ? [{ path: `${category}.${i}.match`, match: rule.match, message: pattern.message }] : [];
    }),
  );
}

export type PrivacyValidation =
  | { success: true; data: PrivacyRules }
  | { success: false; fieldErrors: Record<string, string> };

/**
 * Checks rules as the owner typed them. Field errors are keyed by path ("projects.2.match"), so
 * the editor can show each one next to its field.
 */
export function validatePrivacyRules(input: unknown): PrivacyValidation {
  const parsed = privacyRulesSchema.safeParse(input);
  const errors = parsed.success ? {} : fieldErrors(parsed.error, 'rules');
  for (const category of PRIVACY_CATEGORIES) {
    const list = (input as Partial<Record<PrivacyCategory, unknown>> | null)?.[category];
    if (!Array.isArray(list)) continue;
    list.forEach((rule: Partial<NameRule> | null, i) => {
      if (!rule?.regex || typeof rule.match !== 'string' || !rule.match.trim()) return;
      const pattern = compilePattern(rule.match.trim());
      if (!pattern.ok) errors[`${category}.${i}.match`] ??= pattern.message;
    });
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { success: false, fieldErrors: errors };
  return { success: true, data: parsed.data };
}

/** The usable part of rules being edited: incomplete or invalid rules are left out of the preview. */
export function usablePrivacyRules(
  draft: Pick<PrivacyRules, 'showFileNames' | 'showWindowTitles' | 'showMachineName'> & Record<PrivacyCategory, readonly Partial<NameRule>[]>,
): PrivacyRules {
  const usable = (rules: readonly Partial<NameRule>[]) =>
    rules.flatMap((r) => {
      const parsed = nameRuleSchema.safeParse(r);
      return parsed.success && (!parsed.data.regex || compilePattern(parsed.data.match).ok) ? [parsed.data] : [];
    });
  return {
    showFileNames: draft.showFileNames,
    showWindowTitles: draft.showWindowTitles,
    showMachineName: draft.showMachineName,
    apps: usable(draft.apps),
    projects: usable(draft.projects),
    players: usable(draft.players),
    games: usable(draft.games),
  };
}
