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
  /** What the reporter sent, with secrets removed. */
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

/** A copy safe to show and keep: secret fields removed, long strings (base64 images) cut. */
export function redactRaw(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (typeof value === 'string') return value.length > MAX_RAW_STRING ? `${value.slice(0, 60)}… (${value.length} chars)` : value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactRaw(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[hidden]' : redactRaw(v, depth + 1);
    return out;
  }
  return value;
}

export function recordReport(report: Omit<ReceivedReport, 'id' | 'receivedAt' | 'raw'> & { raw: unknown }): void {
  const l = log();
  l.items.unshift({ ...report, raw: redactRaw(report.raw), id: l.next++, receivedAt: new Date().toISOString() });
  if (l.items.length > RECENT_REPORTS_LIMIT) l.items.length = RECENT_REPORTS_LIMIT;
}

export function listRecentReports(): ReceivedReport[] {
  return [...log().items];
}
