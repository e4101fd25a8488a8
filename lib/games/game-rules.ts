// The owner's game rules (saved on /admin): apps to treat as games, and apps that are never games.
// Pure, no server imports: the store applies them when the snapshot is computed, the form checks them.
import { z } from 'zod';
import { applyPrivacy } from '../status/privacy/apply';
import type { PrivacyRules } from '../status/privacy/rules';
import { CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE, type Activity } from '../status/schema';
import { appKey, knownGameName, type AppReport } from './known-games';

const MAX_RULES = 100;
const name = z
  .string()
  .trim()
  .min(1, 'enter an app name')
  .max(200, 'at most 200 characters')
  .refine((v) => !CONTROL_CHARACTERS.test(v), CONTROL_CHARACTERS_MESSAGE);

export const gameRulesSchema = z.object({
  /** Apps that are games: matched like the built-in list (case-insensitive, .exe / .app optional). */
  games: z
    .array(z.object({ app: name, name: name.optional() }))
    .max(MAX_RULES, `at most ${MAX_RULES} apps`)
    .default([]),
  /** Apps that are never games, even when the built-in list says so. */
  notGames: z.array(name).max(MAX_RULES, `at most ${MAX_RULES} apps`).default([]),
});
export type GameRules = z.infer<typeof gameRulesSchema>;
export const DEFAULT_GAME_RULES: GameRules = gameRulesSchema.parse({});

/** The game's display name when the owner's rules or the built-in list make this app a game. */
export function gameNameFor(app: AppReport, rules: GameRules): string | null {
  const key = appKey(app.name);
  if (rules.notGames.some((n) => appKey(n) === key)) return null;
  const own = rules.games.find((g) => appKey(g.app) === key);
  if (own) return own.name ?? app.name;
  return knownGameName(app);
}

type GamingActivity = Extract<Activity, { kind: 'gaming' }>;

/**
 * An app report that is a game, as a gaming activity (same source, start, update and expiry); any
 * other activity as it is. The app's title, icon and description are not carried over: they describe
 * the window, not the game.
 */
export function appAsGame(activity: Activity, rules: GameRules): Activity {
  if (activity.kind !== 'app') return activity;
  const game = gameNameFor(activity, rules);
  if (!game) return activity;
  const gaming: GamingActivity = {
    kind: 'gaming',
    name: game,
    source: activity.source,
    startedAt: activity.startedAt,
    updatedAt: activity.updatedAt,
    expiresAt: activity.expiresAt,
  };
  return gaming;
}

/**
 * An activity as the public sees it: a recognised game as gaming, then the privacy rules. An app the
 * owner hid stays hidden as a game. The live snapshot and the history both read through this.
 */
export function publicActivity(reported: Activity, rules: PrivacyRules, games: GameRules): Activity | null {
  const raw = appAsGame(reported, games);
  if (raw !== reported && !applyPrivacy(reported, rules)) return null;
  return applyPrivacy(raw, rules);
}

/**
 * The form's two text areas: one app per line; "App = Display name" names the game. Field errors
 * are keyed by list and line ("games.2"; "games" for the list as a whole).
 */
export function parseGameRulesForm(
  gamesText: string,
  notGamesText: string,
): { success: true; data: GameRules } | { success: false; fieldErrors: Record<string, string> } {
  const games = formLines(gamesText).map((line) => {
    const at = line.indexOf('=');
    if (at === -1) return { app: line };
    const display = line.slice(at + 1).trim();
    return { app: line.slice(0, at).trim(), ...(display ? { name: display } : {}) };
  });
  const parsed = gameRulesSchema.safeParse({ games, notGames: formLines(notGamesText) });
  if (parsed.success) return { success: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const [list, index] = issue.path;
    fieldErrors[typeof index === 'number' ? `${String(list)}.${index}` : String(list)] ??= issue.message;
  }
  return { success: false, fieldErrors };
}

const formLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The rules back as the form's text. */
export function gameRulesToText(rules: GameRules): { games: string; notGames: string } {
  return {
    games: rules.games.map((g) => (g.name ? `${g.app} = ${g.name}` : g.app)).join('\n'),
    notGames: rules.notGames.join('\n'),
  };
}
