// The owner's view of what reporters send: the last reports received by this instance, raw
// fields beside what was published after the privacy rules. Kept in memory only (it is a live
// diagnostic, not history; the StatusEvent log is the history).
import type { Activity } from './schema';

export const RECENT_REPORTS_LIMIT = 100;

export interface ReceivedReport {
  id: number;
  receivedAt: string;
  tokenName: string | null;
  protocol: string;
  /** A size-capped preview of what the reporter sent, with secrets removed. */
  raw: unknown;
  /** The public form of the reported kinds after this report (empty when hidden or cleared). */
  published: Activity[];
  /** Set when the report (or part of it) was refused. */
  error?: string;
}

interface ReportLog {
  next: number;
  items: ReceivedReport[];
}

const globalForReports = globalThis as unknown as { __nowlineReports?: ReportLog };
const log = () => (globalForReports.__nowlineReports ??= { next: 1, items: [] });

const SECRET_KEYS = /^(?:key|token|api_?key|apikey|password|secret|authorization)$/i;
const MAX_RAW_STRING = 300;
const MAX_KEY_CHARS = 80;
const MAX_ERROR_CHARS = 1000;
export const PREVIEW_MAX_KEYS = 40;
export const PREVIEW_MAX_ITEMS = 20;
export const PREVIEW_MAX_DEPTH = 6;
/** Upper bound of one report's preview, serialised as JSON. */
export const PREVIEW_MAX_CHARS = 4096;
// Markers ("… (N more keys)") and the brackets still to close are written after the budget runs
// out, so the walk stops this much short of the cap.
const PREVIEW_HEADROOM = 512;

interface Budget {
  left: number;
}

/**
 * A small copy safe to show and keep: secret fields hidden, long strings (base64 images) cut, and
 * at most PREVIEW_MAX_KEYS keys per object, PREVIEW_MAX_ITEMS items per array, PREVIEW_MAX_DEPTH
 * levels and about PREVIEW_MAX_CHARS of JSON in all; what is left out is counted in a marker.
 * A reporter's body can be a megabyte of keys; the log keeps a hundred of these in memory.
 */
export function previewRaw(value: unknown): unknown {
  return previewValue(value, 0, { left: PREVIEW_MAX_CHARS - PREVIEW_HEADROOM });
}

function previewValue(value: unknown, depth: number, budget: Budget): unknown {
  if (typeof value === 'string') {
    const text = value.length > MAX_RAW_STRING ? `${value.slice(0, 60)}… (${value.length} chars)` : value;
    budget.left -= JSON.stringify(text).length;
    return text;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    budget.left -= String(value).length;
    return value;
  }
  if (typeof value !== 'object') return undefined;
  if (depth >= PREVIEW_MAX_DEPTH || budget.left <= 0) {
    budget.left -= 3;
    return '…';
  }
  budget.left -= 2;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      if (i >= PREVIEW_MAX_ITEMS || budget.left <= 0) {
        out.push(`… (${value.length - i} more items)`);
        break;
      }
      out.push(previewValue(value[i], depth + 1, budget));
      budget.left -= 1;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value);
  for (const [i, [name, item]] of entries.entries()) {
    if (i >= PREVIEW_MAX_KEYS || budget.left <= 0) {
      out['…'] = `(${entries.length - i} more keys)`;
      break;
    }
    const key = name.length > MAX_KEY_CHARS ? `${name.slice(0, MAX_KEY_CHARS)}…` : name;
    budget.left -= JSON.stringify(key).length + 2;
    out[key] = SECRET_KEYS.test(name) ? '[hidden]' : previewValue(item, depth + 1, budget);
  }
  return out;
}

export function recordReport(report: Omit<ReceivedReport, 'id' | 'receivedAt' | 'raw'> & { raw: unknown }): void {
  const l = log();
  const error = report.error && report.error.length > MAX_ERROR_CHARS ? `${report.error.slice(0, MAX_ERROR_CHARS)}…` : report.error;
  l.items.unshift({ ...report, raw: previewRaw(report.raw), error, id: l.next++, receivedAt: new Date().toISOString() });
  if (l.items.length > RECENT_REPORTS_LIMIT) l.items.length = RECENT_REPORTS_LIMIT;
}

export function listRecentReports(): ReceivedReport[] {
  return [...log().items];
}
