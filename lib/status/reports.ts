// The owner's view of what reporters send: the last reports received, raw fields beside what was
// published after the privacy rules. Kept in the database (the newest RECENT_REPORTS_LIMIT), so they
// survive a restart and every instance shows the same list. Reports are buffered and written in one
// insert every FLUSH_DELAY_MS, so a busy reporter costs no query per report.
import 'server-only';
import { getDb, type Db } from '../db';
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

type PendingReport = Omit<ReceivedReport, 'id'>;

interface ReportLog {
  pending: PendingReport[];
  /** The write under way (the list waits for it). */
  flushing: Promise<void>;
  timer: NodeJS.Timeout | null;
}

const FLUSH_DELAY_MS = 250;

const globalForReports = globalThis as unknown as { __nowlineReports?: ReportLog };
const log = () => (globalForReports.__nowlineReports ??= { pending: [], flushing: Promise.resolve(), timer: null });

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
  l.pending.push({ ...report, raw: previewRaw(report.raw), error, receivedAt: new Date().toISOString() });
  // Only the newest are kept anyway.
  if (l.pending.length > RECENT_REPORTS_LIMIT) l.pending.splice(0, l.pending.length - RECENT_REPORTS_LIMIT);
  if (!l.timer) {
    l.timer = setTimeout(() => void flushRecentReports(), FLUSH_DELAY_MS);
    l.timer.unref?.();
  }
}

/** Writes the buffered reports (one insert) and trims the table to the newest RECENT_REPORTS_LIMIT. */
export function flushRecentReports(db: Db = getDb()): Promise<void> {
  const l = log();
  if (l.timer) clearTimeout(l.timer);
  l.timer = null;
  const batch = l.pending.splice(0);
  l.flushing = l.flushing.then(async () => {
    if (batch.length === 0) return;
    try {
      await db.recentReport.createMany({
        data: batch.map((r) => ({
          receivedAt: new Date(r.receivedAt),
          tokenName: r.tokenName,
          protocol: r.protocol,
          raw: JSON.stringify(r.raw ?? null),
          published: JSON.stringify(r.published),
          error: r.error ?? null,
        })),
      });
      await pruneRecentReports(db);
    } catch (error) {
      // A diagnostic list: losing a few entries must not fail a report.
      console.error('[nowline] recent reports not saved:', error instanceof Error ? error.message : String(error));
    }
  });
  return l.flushing;
}

/** Deletes all but the newest RECENT_REPORTS_LIMIT reports; returns how many went. */
export async function pruneRecentReports(db: Db = getDb()): Promise<number> {
  const oldestKept = await db.recentReport.findFirst({ orderBy: { id: 'desc' }, skip: RECENT_REPORTS_LIMIT - 1, select: { id: true } });
  if (!oldestKept) return 0;
  return (await db.recentReport.deleteMany({ where: { id: { lt: oldestKept.id } } })).count;
}

/** The newest reports first, those still buffered included. */
export async function listRecentReports(db: Db = getDb()): Promise<ReceivedReport[]> {
  await flushRecentReports(db);
  const rows = await db.recentReport.findMany({ orderBy: { id: 'desc' }, take: RECENT_REPORTS_LIMIT });
  return rows.map((row) => ({
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    tokenName: row.tokenName,
    protocol: row.protocol,
    raw: parseJson(row.raw, null),
    published: parseJson<Activity[]>(row.published, []),
    ...(row.error ? { error: row.error } : {}),
  }));
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
