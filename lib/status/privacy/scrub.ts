// Scrubbing: never published, whatever the rules — absolute paths (only their last segment is
// kept), home folders (public-path.ts, wherever they appear), git remotes, credentials in URLs and
// shell prompts' user@host. Pure, no server imports.
import { climbsOut, isAbsolutePath, maskHomeFolders, pathSegments, publicName, publicTail } from './public-path';
import { STORED_IMAGE_PATH, type Activity } from '../schema';

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
  if ((kind === 'posix' || kind === 'drive') && segments.length === 1 && segments[0]?.toLowerCase() === 'root') return '';
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
    // Exactly one root's group took part: PATH is an alternation of them.
    const root = PATH_ROOTS[m.slice(1, PATH_ROOTS.length + 1).findIndex((g) => g !== undefined)]!;
    const bodyStart = m.index + m[0].length - (m[PATH_ROOTS.length + 1] ?? '').length;
    const end = pathEnd(text, m.index + m[0].length);
    PATH.lastIndex = end;
    out += text.slice(from, m.index) + reducePath(root.kind, text.slice(bodyStart, end), text.slice(m.index, end));
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
  // All three groups always take part in a match.
  const [, rawScheme = '', authority = '', rest = ''] = m;
  const scheme = rawScheme.toLowerCase();
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

/** Every field of an activity as it may be published: text scrubbed, links checked, nothing nested. */
export function scrubActivity<T extends Activity>(activity: T): T {
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
export function publicFileName(file: string): string | undefined {
  if (!isAbsolutePath(file) && !climbsOut(file)) return file;
  return publicName(file.replace(/^[a-z][a-z0-9+.-]+:\/\//i, ''));
}
