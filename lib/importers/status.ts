// Where each importer stands, for /admin, and which instance runs the importers. Both are `Setting`
// rows, so every instance's /admin shows the same state, and on PostgreSQL only one instance reads
// the services at a time (two would double the requests and the reports).
import 'server-only';
import { getDb, type Db } from '../db';
import { IMPORTER_NAMES, type ImporterName } from './types';

const STATUS_KEY = 'importer-status';
const LEASE_KEY = 'importer-lease';

export type ImporterState =
  /** Set up, not yet read (just saved, or the server just started). */
  | 'starting'
  /** The last read worked. */
  | 'ok'
  /** The last read failed; it is tried again (message says why). */
  | 'retrying'
  /** The service refused the settings (a wrong key, an unknown user): nothing is tried until they change. */
  | 'stopped';

export interface ImporterStatus {
  state: ImporterState;
  /** Why it is retrying or stopped, as shown to the owner. */
  message: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
}

export type ImporterStatuses = Partial<Record<ImporterName, ImporterStatus>>;

export const STARTING: ImporterStatus = { state: 'starting', message: null, lastSuccessAt: null, lastErrorAt: null };

export async function readImporterStatuses(db: Db = getDb()): Promise<ImporterStatuses> {
  const row = await db.setting.findUnique({ where: { key: STATUS_KEY } });
  if (!row) return {};
  try {
    const value = JSON.parse(row.value) as ImporterStatuses;
    return Object.fromEntries(IMPORTER_NAMES.filter((name) => value[name]).map((name) => [name, value[name]]));
  } catch {
    return {};
  }
}

export async function writeImporterStatuses(statuses: ImporterStatuses, db: Db = getDb()): Promise<void> {
  const value = JSON.stringify(statuses);
  await db.setting.upsert({ where: { key: STATUS_KEY }, create: { key: STATUS_KEY, value }, update: { value } });
}

interface Lease {
  owner: string;
  until: number;
}

/**
 * Takes or renews the lease for `owner` until `now + durationMs`; true when this instance holds it.
 * A compare-and-swap on the row's text: of two instances that read the same expired lease, one
 * update matches and the other's does not.
 */
export async function claimImporterLease(owner: string, now: number, durationMs: number, db: Db = getDb()): Promise<boolean> {
  const value = JSON.stringify({ owner, until: now + durationMs } satisfies Lease);
  const row = await db.setting.findUnique({ where: { key: LEASE_KEY } });
  if (!row) {
    try {
      await db.setting.create({ data: { key: LEASE_KEY, value } });
      return true;
    } catch {
      return false; // another instance created it first
    }
  }
  let held: Lease | null = null;
  try {
    held = JSON.parse(row.value) as Lease;
  } catch {
    // unreadable: treated as expired
  }
  if (held && held.owner !== owner && held.until > now) return false;
  const { count } = await db.setting.updateMany({ where: { key: LEASE_KEY, value: row.value }, data: { value } });
  return count === 1;
}

/** Gives the lease up (a graceful stop), so another instance takes over at once. */
export async function releaseImporterLease(owner: string, db: Db = getDb()): Promise<void> {
  const row = await db.setting.findUnique({ where: { key: LEASE_KEY } });
  if (!row) return;
  try {
    if ((JSON.parse(row.value) as Lease).owner !== owner) return;
  } catch {
    return;
  }
  await db.setting.deleteMany({ where: { key: LEASE_KEY, value: row.value } });
}
