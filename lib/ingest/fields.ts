// What every protocol parser shares: the parsed-report shape and reading fields from a reporter's JSON
// (trimmed, cut to length, type-checked, named in errors). Pure: no server imports.
import { ApiError } from '../errors';
import { activityInputSchema, CONTROL_CHARACTERS_MESSAGE, type ActivityInput } from '../status/schema';

/** An image field a reporter sent (URL, data URL or base64), resolved to a URL before ingest. */
export interface PendingImage {
  /** Index into `inputs`. */
  input: number;
  field: 'iconUrl' | 'coverUrl';
  value: string;
  /** Where it came from in the request, for the error message ("media.AlbumThumbnail"). */
  label: string;
}

export interface ParsedReport {
  inputs: ActivityInput[];
  images: PendingImage[];
  /** Parts dropped while the rest is still applied (an unreadable image, a bad entry in a batch). */
  warnings: string[];
}

export const emptyReport = (): ParsedReport => ({ inputs: [], images: [], warnings: [] });

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A text field as the status model can hold it: trimmed and cut to `max` characters (reporters
 * send long window titles and project names; cutting beats refusing the whole report).
 * Numbers are taken as text; any other type is a client error.
 */
export function readText(obj: Record<string, unknown>, key: string, max: number, label = key): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw ApiError.invalid(`Invalid request — ${label}: must be a string`, [{ field: label, message: 'must be a string' }]);
  }
  const text = String(value).trim();
  // Tabs and line breaks may wrap base64 images; the status model refuses them in text it shows.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    throw ApiError.invalid(`Invalid request — ${label}: ${CONTROL_CHARACTERS_MESSAGE}`, [{ field: label, message: CONTROL_CHARACTERS_MESSAGE }]);
  }
  if (!text) return undefined;
  return text.length > max ? text.slice(0, max - 1).trimEnd() + '…' : text;
}

/** A number field; numeric strings are accepted. Undefined when absent, a client error when not a number. */
export function readNumber(obj: Record<string, unknown>, key: string, label = key): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw ApiError.invalid(`Invalid request — ${label}: must be a number`, [{ field: label, message: 'must be a number' }]);
  }
  return n;
}

/** Drops undefined fields, then checks the activity against the status model's schema. */
export function validateInput(candidate: Record<string, unknown>, label: string): ActivityInput {
  const clean = Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined));
  const parsed = activityInputSchema.safeParse(clean);
  if (!parsed.success) throw ApiError.fromZod(parsed.error, label);
  return parsed.data;
}

/** An operating system name as people say it, from the forms user agents use. */
export function operatingSystemName(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const os = raw.trim().toLowerCase();
  if (os.startsWith('darwin') || os.startsWith('mac')) return 'macOS';
  if (os.startsWith('windows') || os.startsWith('win32')) return 'Windows';
  if (os.startsWith('linux')) return 'Linux';
  if (os.startsWith('freebsd')) return 'FreeBSD';
  if (os.startsWith('openbsd')) return 'OpenBSD';
  return undefined;
}

const EDITORS: Record<string, string> = {
  vscode: 'VS Code',
  code: 'VS Code',
  vscodium: 'VSCodium',
  cursor: 'Cursor',
  windsurf: 'Windsurf',
  vim: 'Vim',
  neovim: 'Neovim',
  nvim: 'Neovim',
  emacs: 'Emacs',
  xcode: 'Xcode',
  sublime_text: 'Sublime Text',
  sublime: 'Sublime Text',
  zed: 'Zed',
  atom: 'Atom',
  intellijidea: 'IntelliJ IDEA',
  intellij: 'IntelliJ IDEA',
  idea: 'IntelliJ IDEA',
  pycharm: 'PyCharm',
  webstorm: 'WebStorm',
  phpstorm: 'PhpStorm',
  goland: 'GoLand',
  rider: 'Rider',
  clion: 'CLion',
  rubymine: 'RubyMine',
  rustrover: 'RustRover',
  datagrip: 'DataGrip',
  androidstudio: 'Android Studio',
  studio: 'Android Studio',
  eclipse: 'Eclipse',
  jupyter: 'Jupyter',
  obsidian: 'Obsidian',
};

/** An editor's usual name from the forms plugins send ("vscode", "VSCode", "sublime_text"). */
export function editorName(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  return EDITORS[raw.toLowerCase().replace(/[\s-]/g, '')] ?? raw;
}
