// Privacy rules: run on the server before anything is public. Pure, no server imports, so the
// admin page can preview the public snapshot with the same code.
import { z } from 'zod';
import type { Activity } from './schema';

export const nameRuleSchema = z
  .object({
    /** A plain name (case-insensitive, whole value) or, with `regex`, a regular expression. */
    match: z.string().trim().min(1).max(200),
    regex: z.boolean().default(false),
    action: z.enum(['hide', 'rename']),
    /** The public name for `rename`. */
    replacement: z.string().trim().max(200).optional(),
  })
  .refine((r) => r.action !== 'rename' || Boolean(r.replacement), {
    message: 'a rename rule needs the new name',
    path: ['replacement'],
  })
  .refine((r) => !r.regex || isValidRegex(r.match), {
    message: 'not a valid regular expression',
    path: ['match'],
  });
export type NameRule = z.infer<typeof nameRuleSchema>;

export const privacyRulesSchema = z.object({
  showFileNames: z.boolean().default(false),
  showWindowTitles: z.boolean().default(false),
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

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

type RuleOutcome = { hidden: true } | { hidden: false; value: string | undefined };

function applyNameRules(value: string | undefined, rules: NameRule[]): RuleOutcome {
  if (!value) return { hidden: false, value };
  for (const rule of rules) {
    const matches = rule.regex
      ? new RegExp(rule.match, 'i').test(value)
      : rule.match.toLowerCase() === value.toLowerCase();
    if (!matches) continue;
    if (rule.action === 'hide') return { hidden: true };
    return { hidden: false, value: rule.replacement };
  }
  return { hidden: false, value };
}

// Never published, whatever the settings: absolute paths (their last segment is kept), home
// folders and git remotes.
const GIT_REMOTE = /(?:\b[\w.-]+@[\w.-]+:[\w./~-]+|\b(?:ssh|git|git\+ssh|https?):\/\/\S+?\.git)(?=$|[\s"'),;])/gi;
const WINDOWS_PATH = /(?:\b[A-Za-z]:|\\\\[\w.$-]+)[\\/](?:[^\\/\s"'<>|]+[\\/])*([^\\/\s"'<>|]*)/g;
const HOME_PATH = /(?<![\w.])~[\\/](?:[^\\/\s"']+[\\/])*([^\\/\s"']*)/g;
const POSIX_PATH = /(?<![\w.:/\\@-])\/(?:[^/\s"'<>]+\/)+([^/\s"'<>]*)/g;

/** Removes git remotes and reduces every absolute or home-relative path to its last segment. */
export function scrubText(text: string): string {
  return text
    .replace(GIT_REMOTE, '')
    .replace(WINDOWS_PATH, '$1')
    .replace(HOME_PATH, '$1')
    .replace(POSIX_PATH, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function looksAbsolute(file: string): boolean {
  return /^(?:\/|~|[A-Za-z]:|\\\\)/.test(file);
}

const URL_FIELDS = new Set(['coverUrl', 'url', 'iconUrl']);
const KEEP_AS_IS = new Set(['kind', 'source', 'startedAt', 'updatedAt', 'expiresAt', 'until']);

function scrubFields<T extends Activity>(activity: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(activity)) {
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || KEEP_AS_IS.has(key)) out[key] = value;
    else if (URL_FIELDS.has(key)) {
      // A public URL is fine; a URL that is a git remote or a local file is not.
      if (/^https?:\/\//i.test(value) && !/\.git(?:$|[?#])/i.test(value)) out[key] = value;
    } else {
      const scrubbed = scrubText(value);
      if (scrubbed) out[key] = scrubbed;
    }
  }
  return out as T;
}

/** The public form of one activity, or null when the rules hide it. */
export function applyPrivacy(activity: Activity, rules: PrivacyRules): Activity | null {
  const a = { ...activity } as Activity;
  switch (a.kind) {
    case 'coding': {
      if (a.file) {
        if (!rules.showFileNames) delete a.file;
        else if (looksAbsolute(a.file)) a.file = a.file.split(/[\\/]/).pop() || undefined;
      }
      const project = applyNameRules(a.project, rules.projects);
      if (project.hidden) {
        delete a.project;
        delete a.file;
        delete a.branch;
      } else a.project = project.value;
      break;
    }
    case 'app': {
      if (!rules.showWindowTitles) delete a.title;
      const name = applyNameRules(a.name, rules.apps);
      if (name.hidden || !name.value) return null;
      a.name = name.value;
      break;
    }
    case 'music': {
      const player = applyNameRules(a.player, rules.players);
      if (player.hidden) return null;
      a.player = player.value;
      break;
    }
    case 'gaming': {
      const game = applyNameRules(a.name, rules.games);
      if (game.hidden || !game.value) return null;
      a.name = game.value;
      break;
    }
    case 'manual':
      break;
  }
  return scrubFields(a);
}
