// Privacy rules: run on the server before anything is public. Pure, no server imports, so the
// admin page can preview the public snapshot with the same code.
import { z } from 'zod';
import { climbsOut, isAbsolutePath, maskHomeFolders, pathSegments, publicName, publicTail } from './public-path';
import { compilePattern } from './rule-pattern';
import { STORED_IMAGE_PATH, type Activity } from './schema';

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

// ---------------------------------------------------------------------------------------------
// Name rules

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

type RuleOutcome = { hidden: true } | { hidden: false; value: string | undefined };

/** First matching rule wins. A rule matches the value as reported or as it would be published. */
function applyNameRules(value: string | undefined, rules: readonly NameRule[]): RuleOutcome {
  if (!value) return { hidden: false, value };
  const published = scrubText(value);
  for (const rule of rules) {
    if (!ruleMatches(rule, value) && !(published && published !== value && ruleMatches(rule, published))) continue;
    if (rule.action === 'hide') return { hidden: true };
    // An incomplete rename (only possible in an unsaved draft) changes nothing.
    if (rule.replacement?.trim()) return { hidden: false, value: rule.replacement.trim() };
  }
  return { hidden: false, value };
}

// ---------------------------------------------------------------------------------------------
// Scrubbing: never published, whatever the settings — absolute paths (only their last segment is
// kept), home folders (public-path.ts, wherever they appear) and git remotes.

// Anything a folder name can hold (quotes, <>, |, apostrophes) but a separator or a line break.
const SEG_CHAR = String.raw`[^\\/\s]`;
const INNER_SPACE = String.raw`[^\S\r\n\f\v\u2028\u2029]+`; // spaces, tabs, no-break spaces
// Folders may have inner spaces ("John Smith", "My Old Backup Drive 2"), though not after a file
// name ("x.mp3 by AC/DC"); the last segment may not, since nothing tells where it ends.
const SEGMENT = `${SEG_CHAR}+(?:(?<!\\.[\\p{L}\\p{N}]{1,5})${INNER_SPACE}${SEG_CHAR}+)*`;
const NOT_AFTER_WORD = String.raw`(?<![\p{L}\p{N}_])`;

const PATH_ROOTS: { kind: PathRoot; pattern: string }[] = [
  { kind: 'drive', pattern: String.raw`\\\\[?.]\\(?:UNC\\|[A-Za-z]:\\)?` }, // \\?\C:\ and \\?\UNC\
  { kind: 'unc', pattern: String.raw`\\\\(?=[^\\\s])` }, // \\server\share
  { kind: 'drive', pattern: String.raw`${NOT_AFTER_WORD}[A-Za-z]:[\\/]` }, // C:\ and C:/
  { kind: 'home', pattern: String.raw`(?<![\p{L}\p{N}_.\-\\/])~[\p{L}\p{N}_.-]*[\\/]` }, // ~/ and ~alice/
  { kind: 'home', pattern: String.raw`\$\{?(?:HOME|USERPROFILE)\}?[\\/]` },
  { kind: 'home', pattern: String.raw`%(?:USERPROFILE|HOMEPATH)%[\\/]` },
  { kind: 'var', pattern: String.raw`\$\{?[A-Z_][A-Z0-9_]+\}?[\\/]` }, // $XDG_CONFIG_HOME/
  { kind: 'var', pattern: String.raw`%[A-Za-z_][A-Za-z0-9_]*%[\\/]` }, // %APPDATA%\
  { kind: 'posix', pattern: String.raw`(?<![\p{L}\p{N}_.\-~%}$@\\/])\/+` }, // /home/…, //server/…
  { kind: 'rooted', pattern: String.raw`(?<![\p{L}\p{N}_.\-\\/])\\` }, // \Users\… on the current drive
];
type PathRoot = 'drive' | 'unc' | 'home' | 'var' | 'posix' | 'rooted';

const PATH = new RegExp(
  `(?:${PATH_ROOTS.map((r) => `(${r.pattern})`).join('|')})((?:${SEGMENT}[\\\\/]+)*${SEG_CHAR}*)`,
  'gu',
);

/** What is left of one absolute path (home folders already masked as `~`): its last segment, or nothing. */
function reducePath(kind: PathRoot, body: string, original: string): string {
  const segments = pathSegments(body);
  if (segments.at(-1) === '~') return '';
  // "/etc" or "/month/" alone is more likely text than a path worth hiding.
  if ((kind === 'posix' || kind === 'rooted') && segments.length < 2) return original;
  if (kind === 'unc' && segments.length < 1) return original;
  if ((kind === 'posix' || kind === 'drive') && segments.length === 1 && segments[0].toLowerCase() === 'root') return '';
  return publicTail(body);
}

// After a path: the rest of its word, the next word when it holds a separator, or a later word
// within a folder name's length that holds two and starts with no root ("Vol.2 Old Files/acme/x").
const PATH_GOES_ON = /[^\s\\/]|[^\S\r\n]+[^\s\\/]*[\\/]|.{0,255}?[^\S\r\n][\p{L}\p{N}_][^\s\\/]*[\\/][^\s\\/]*[\\/]/uy;
const REST_OF_LINE = /[^\r\n]*/y;

/**
 * Safety net: a path that stops mid-word (or where the next word holds a separator, as in
 * "/Volumes/Vol.2 Backup/clients/x.ts") stopped at something unexpected; the path runs on to the
 * last separator on its line and the name after it. Returns where the path really ends.
 */
function pathEnd(text: string, end: number): number {
  PATH_GOES_ON.lastIndex = end;
  if (!PATH_GOES_ON.test(text)) return end;
  REST_OF_LINE.lastIndex = end;
  const line = REST_OF_LINE.exec(text)?.[0] ?? '';
  const lastSep = Math.max(line.lastIndexOf('/'), line.lastIndexOf('\\'));
  if (lastSep === -1) return end;
  const name = /\S*/y;
  name.lastIndex = end + lastSep + 1;
  return name.lastIndex + (name.exec(text)?.[0].length ?? 0);
}

function scrubPaths(text: string): string {
  let out = '';
  let from = 0;
  PATH.lastIndex = 0;
  for (let m = PATH.exec(text); m; m = PATH.exec(text)) {
    const root = m.slice(1, PATH_ROOTS.length + 1).findIndex((g) => g !== undefined);
    const bodyStart = m.index + m[0].length - (m[PATH_ROOTS.length + 1] ?? '').length;
    const end = pathEnd(text, m.index + m[0].length);
    PATH.lastIndex = end;
    out += text.slice(from, m.index) + reducePath(PATH_ROOTS[root].kind, text.slice(bodyStart, end), text.slice(m.index, end));
    from = end;
  }
  return out + text.slice(from);
}

// scp-like remotes: git@github.com:org/repo(.git), and host:org/repo.git or host/org/repo.git.
const SCP_REMOTE = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*:(?=[\w.~/-]*(?:\/|\.git\b))[\w.~/-]+/g;
const BARE_GIT_REMOTE = /(?<![\w.@/-])(?:[\w-]+\.)+[a-z]{2,}[:/][\w.~/-]*\.git\b\/?/gi;
const URL_TOKEN = /\b[a-z][a-z0-9+.-]{1,31}:\/\/[^\s"'<>]*/gi;
const REMOTE_SCHEMES = /(?:^|\+)(?:ssh|git|svn|sftp|scp|rsync|smb|cifs|afp|nfs|hg|ftp|ftps)(?:\+|$)/;

const isGitUrlPath = (path: string) => /\.git(?:\/|$)/i.test(path);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A URL whose query or fragment carries a local path (`?file=/Users/…`). */
function carriesLocalPath(url: string): boolean {
  const at = url.search(/[?#]/);
  if (at === -1) return false;
  const tail = safeDecode(url.slice(at + 1)).replace(/[=&?#]/g, ' ');
  return scrubPlain(tail) !== tail;
}

/** One URL found in text: kept, cut down, or removed. */
function scrubUrl(token: string): string {
  // Punctuation that ends a sentence is not part of the URL.
  const trail = /[.,;:!?)\]}]+$/.exec(token)?.[0] ?? '';
  const url = token.slice(0, token.length - trail.length);
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!m) return token;
  const scheme = m[1].toLowerCase();
  const authority = m[2];
  const rest = m[3];
  if (scheme === 'file') return publicTail(safeDecode(`/${authority}${rest}`.replace(/[?#].*$/, ''))) + trail;
  if (REMOTE_SCHEMES.test(scheme)) return trail;
  if (scheme === 'http' || scheme === 'https') {
    if (isGitUrlPath(rest.replace(/[?#].*$/, '')) || carriesLocalPath(url)) return trail;
    return `${scheme}://${authority.replace(/^[^@]*@/, '')}${rest}${trail}`;
  }
  // Other schemes (vscode://file/…, jetbrains://…) may carry a local path.
  const decoded = safeDecode(rest);
  const reduced = scrubPaths(maskHomeFolders(decoded));
  if (reduced === decoded && !carriesLocalPath(url)) return token;
  return publicTail(decoded.replace(/[?#].*$/, '')) + trail;
}

// A shell prompt's user@host in a terminal title ("alice@laptop: ~/proj", "alice@laptop:~"), and the
// remote VS Code names in its title ("[SSH: alice-ws.corp.example.com]", "[WSL: Ubuntu]").
const PROMPT_USER_HOST = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*:(?:[ \t]*~(?!\S)|(?=[ \t]*(?:[~/\\]|$)))/gm;
const REMOTE_MARKER = /\[(?:SSH|WSL|Dev Container|Codespaces|Attached Container|Container|Tunnel)[ \t]*:[^\]\r\n]{0,300}\]/gi;

function scrubPlain(text: string): string {
  const noRemotes = text.replace(SCP_REMOTE, '').replace(BARE_GIT_REMOTE, '').replace(PROMPT_USER_HOST, '').replace(REMOTE_MARKER, '');
  return scrubPaths(maskHomeFolders(noRemotes));
}

/**
 * Removes git remotes, reduces every absolute or home-relative path (POSIX, `~/`, Windows, UNC,
 * `file://`) to its last segment, and drops home folders. Ordinary text (AC/DC, 24/7, 1/2) and
 * ordinary web links are left alone, minus any `user:password@`.
 */
export function scrubText(text: string): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(URL_TOKEN)) {
    out += scrubPlain(text.slice(from, m.index)) + scrubUrl(m[0]);
    from = m.index + m[0].length;
  }
  out += scrubPlain(text.slice(from));
  if (out === text) return text;
  return out
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\(\s*\)|\[\s*\]/g, '')
    .trim();
}

/**
 * A link in a URL field (cover, link, icon): a public web address, or a reporter image this site
 * stored and serves itself. Never a data URL: images travel in the snapshot by reference only.
 */
function scrubUrlField(value: string): string | undefined {
  const v = value.trim();
  if (STORED_IMAGE_PATH.test(v)) return v;
  if (!/^https?:\/\/[^\s]+$/i.test(v)) return undefined;
  const scrubbed = scrubUrl(v);
  return /^https?:\/\//i.test(scrubbed) ? scrubbed : undefined;
}

const URL_FIELDS = new Set(['coverUrl', 'url', 'iconUrl']);
const TIME_FIELDS = new Set(['startedAt', 'updatedAt', 'expiresAt', 'until']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function scrubFields<T extends Activity>(activity: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(activity)) {
    if (value === undefined || value === '') continue;
    if (key === 'kind' || (key === 'expiresAt' && value === null)) out[key] = value;
    else if (typeof value === 'number') {
      if (Number.isFinite(value)) out[key] = value;
    } else if (typeof value === 'boolean') out[key] = value;
    else if (typeof value !== 'string') continue; // nothing nested is public
    else if (TIME_FIELDS.has(key)) {
      if (ISO_TIME.test(value)) out[key] = value;
    } else if (URL_FIELDS.has(key)) {
      const url = scrubUrlField(value);
      if (url) out[key] = url;
    } else {
      const scrubbed = scrubText(value);
      if (scrubbed) out[key] = scrubbed;
    }
  }
  return out as T;
}

/** A file name as published when file names are shown: relative paths stay, anything else is cut to its name. */
function publicFileName(file: string): string | undefined {
  if (!isAbsolutePath(file) && !climbsOut(file)) return file;
  return publicName(file.replace(/^[a-z][a-z0-9+.-]+:\/\//i, ''));
}

/** The public form of one activity, or null when the rules hide it. */
export function applyPrivacy(activity: Activity, rules: PrivacyRules): Activity | null {
  const a = { ...activity } as Activity;
  switch (a.kind) {
    case 'coding': {
      if (a.file) {
        if (!rules.showFileNames) delete a.file;
        else a.file = publicFileName(a.file);
      }
      if (!rules.showMachineName) delete a.machine;
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
  const scrubbed = scrubFields(a);
  // A name that was nothing but a path is no name at all.
  if ((scrubbed.kind === 'app' || scrubbed.kind === 'gaming') && !scrubbed.name) return null;
  return scrubbed;
}

// ---------------------------------------------------------------------------------------------
// Validation for the editor and the save action

export type PrivacyValidation =
  | { success: true; data: PrivacyRules }
  | { success: false; fieldErrors: Record<string, string> };

/**
 * Checks rules as the owner typed them. Field errors are keyed by path ("projects.2.match"), so
 * the editor can show each one next to its field.
 */
export function validatePrivacyRules(input: unknown): PrivacyValidation {
  const parsed = privacyRulesSchema.safeParse(input);
  const fieldErrors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fieldErrors[issue.path.map(String).join('.') || 'rules'] ??= issue.message;
  }
  for (const category of PRIVACY_CATEGORIES) {
    const list = (input as Partial<Record<PrivacyCategory, unknown>> | null)?.[category];
    if (!Array.isArray(list)) continue;
    list.forEach((rule: Partial<NameRule> | null, i) => {
      if (!rule?.regex || typeof rule.match !== 'string' || !rule.match.trim()) return;
      const pattern = compilePattern(rule.match.trim());
      if (!pattern.ok) fieldErrors[`${category}.${i}.match`] ??= pattern.message;
    });
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return { success: false, fieldErrors };
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
