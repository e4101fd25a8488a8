// Every reporter protocol ends here: apply the reports through the store, then note them in the
// owner's recent-reports list.
import 'server-only';
import { ApiError } from '../errors';
import { recordReport } from './reports';
import type { ActivityInput, ActivityKind, Snapshot } from './schema';
import { reportActivities } from './store';

export interface IngestOptions {
  /** The protocol or reporter name, published as each activity's `source` unless it sets one. */
  protocol: string;
  tokenName: string | null;
  /** The request body as received (secrets are removed before it is kept). */
  raw: unknown;
  /** Parts of the report that were dropped (an unreadable image), shown to the owner. */
  error?: string;
}

export async function ingestReports(inputs: ActivityInput[], options: IngestOptions): Promise<Snapshot> {
  const snapshot = await reportActivities(inputs, options.protocol);
  const kinds = new Set<ActivityKind>(inputs.map((i) => i.kind));
  recordReport({
    tokenName: options.tokenName,
    protocol: options.protocol,
    raw: options.raw,
    published: snapshot.activities.filter((a) => kinds.has(a.kind)),
    ...(options.error ? { error: options.error } : {}),
  });
  return snapshot;
}

/** Runs a protocol parser on a known reporter's body; a refusal is noted for the owner, then rethrown. */
export function parseOrNoteRefusal<T>(options: IngestOptions, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ApiError) recordRefusedReport({ ...options, error: error.message });
    throw error;
  }
}

/** Notes a refused report, so the owner can see why a reporter is not showing up. */
export function recordRefusedReport(options: IngestOptions & { error: string }): void {
  recordReport({ tokenName: options.tokenName, protocol: options.protocol, raw: options.raw, published: [], error: options.error });
}
