// How many files (sockets included) this process may hold open, and how many of them long-lived
// streams may take by default.
import { readFileSync } from 'node:fs';

/** Used where the limit cannot be read (not Linux): the usual soft limit. */
export const FALLBACK_OPEN_FILES = 1024;

/** The soft "Max open files" line of /proc/self/limits; null when absent or unlimited. */
export function parseOpenFilesLimit(limits: string): number | null {
  const match = /^Max open files\s+(\S+)/m.exec(limits);
  const value = match ? Number(match[1]) : NaN;
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** The open-files soft limit of this process (Node raises it to the hard limit at start). */
export function openFilesLimit(): number {
  try {
    return parseOpenFilesLimit(readFileSync('/proc/self/limits', 'utf8')) ?? FALLBACK_OPEN_FILES;
  } catch {
    return FALLBACK_OPEN_FILES;
  }
}

/**
 * The default cap on open streams: the open-files limit less headroom of 128 + 10 % of it, kept
 * for pages, ingest, the database, images and Node's own files (1,024 → 793; 20,000 → 17,872).
 */
export function streamBudget(openFiles: number): number {
  return Math.max(1, Math.floor(openFiles - 128 - openFiles / 10));
}
