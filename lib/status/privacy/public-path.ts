// The public part of a path: the one home-folder rule, used by the privacy scrubber and by the
// protocol parsers that make reported file paths relative. Pure, no server imports.

// Any `home/<x>`, `Users\<x>` or `Documents and Settings/<x>`, any case, either slash, wherever it
// stands (also inside a window title, or with no root before it). The user folder runs to the next
// separator, spaces and apostrophes included ("Jean Paul Van Dijk", "O'Brien"), and stops only at
// what no Windows folder name can hold. `$HOME/` is a variable, not a folder named home.
const HOME_FOLDER_SOURCE = String.raw`(?<![\p{L}\p{N}_.\-$%{])(?:home|users|documents and settings)[\\/]+[^\\/:*?"<>|\r\n\t]+`;
const HOME_FOLDERS = new RegExp(HOME_FOLDER_SOURCE, 'giu');
const HOME_FOLDER = new RegExp(HOME_FOLDER_SOURCE, 'iu');

const isSeparator = (c: string | undefined) => c === '/' || c === '\\';

export function hasHomeFolder(text: string): boolean {
  return HOME_FOLDER.test(text);
}

/**
 * Replaces every home folder with `~`, so what follows it reads as a home-relative path
 * (`C:\Users\Jean Paul\Documents\a.txt` → `C:\~\Documents\a.txt`); one standing alone in text goes.
 */
export function maskHomeFolders(text: string): string {
  return text.replace(HOME_FOLDERS, (match: string, offset: number) =>
    isSeparator(text[offset - 1]) || isSeparator(text[offset + match.length]) ? '~' : '',
  );
}

export function pathSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter(Boolean);
}

/** The last segment of a path, or '' when the path ends at a home folder, `~` or a drive. */
export function publicTail(path: string): string {
  const last = pathSegments(maskHomeFolders(path)).at(-1) ?? '';
  return last === '~' || /^[A-Za-z]:$/.test(last) ? '' : last;
}

/** Rooted anywhere but the project: `/`, `\\`, `C:`, `~`, `$HOME`, `%USERPROFILE%` or a URL. */
export function isAbsolutePath(path: string): boolean {
  return /^(?:[\\/]|~|[A-Za-z]:|\$|%|[a-z][a-z0-9+.-]+:\/\/)/i.test(path.trim());
}

/** Climbs out of where it starts with a `..` segment, wherever that stands. */
export function climbsOut(path: string): boolean {
  return /(?:^|[\\/])\.\.(?:[\\/]|$)/.test(path);
}

/** A path that may be published as it stands: relative, never climbing out, no home folder in it. */
export function isPublicRelativePath(path: string): boolean {
  return !isAbsolutePath(path) && !climbsOut(path) && !hasHomeFolder(path);
}

/** The last segment of a path, never `..` or nothing: undefined then. */
export function publicName(path: string): string | undefined {
  const last = publicTail(path);
  return last && last !== '..' && last !== '.' ? last : undefined;
}

/**
 * A file path fit to publish: relative to the project when that can be told, else the file name.
 * Never an absolute path, never a home folder. `rootCount` is WakaTime's `project_root_count` (the
 * number of `/` in the project folder's path, trailing one included).
 */
export function relativeFile(entity: string, project?: string, rootCount?: number): string | undefined {
  const path = entity.trim().replace(/\\/g, '/');
  if (!path) return undefined;
  if (!isAbsolutePath(path)) {
    const relative = path.replace(/^(?:\.\/)+/, '');
    if (!isPublicRelativePath(relative)) return publicName(relative);
    return relative || undefined;
  }
  const segments = path.split('/');
  const at = project ? segments.lastIndexOf(project) : -1;
  // A root count that stops above the project folder would publish the folders above it.
  if (rootCount && Number.isInteger(rootCount) && rootCount > at && rootCount < segments.length) {
    const rest = segments.slice(rootCount).filter(Boolean).join('/');
    if (rest && isPublicRelativePath(rest)) return rest;
  }
  if (at >= 0 && at < segments.length - 1) {
    const rest = segments.slice(at + 1).filter(Boolean).join('/');
    if (rest && isPublicRelativePath(rest)) return rest;
  }
  return publicName(path);
}
