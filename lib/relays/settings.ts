// The relays the owner set up on /admin, stored in the Setting table (key "relays"). Reporters look
// up a relay synchronously on every accepted report, so the saved settings are kept in memory:
// loaded at start, replaced on a save, and re-read by the relay worker every few seconds so another
// instance (PostgreSQL) picks up a change. A reporter never waits for, or fails on, this store.
// Environment variables, when set, win over what is saved (lib/relays/upstreams.ts).
import 'server-only';
import { z } from 'zod';
import { getDb, type Db } from '../db';
import { relayUrl } from '../env';
import { RELAY_NAMES, type RelayName } from './names';

export const RELAYS_SETTING = 'relays';

/** One relay as saved: the upstream's address and the owner's key (WakaTime) or token (ListenBrainz). */
const savedRelaySchema = z.object({ url: relayUrl, secret: z.string().min(1) });
export type SavedRelay = z.infer<typeof savedRelaySchema>;

const storedSchema = z.object(Object.fromEntries(RELAY_NAMES.map((name) => [name, savedRelaySchema.optional()]))) as z.ZodType<SavedRelays>;
export type SavedRelays = Partial<Record<RelayName, SavedRelay>>;

interface Cache {
  saved: SavedRelays;
  loadedAt: number;
}

const globalForRelays = globalThis as unknown as { __nowlineRelaySettings?: Cache };

/** What is saved, as last loaded; nothing before the first load. Never touches the database. */
export function savedRelay(relay: RelayName): SavedRelay | null {
  return globalForRelays.__nowlineRelaySettings?.saved[relay] ?? null;
}

/** When the saved settings were last read (0: never), so the worker knows when to read them again. */
export const relaySettingsLoadedAt = () => globalForRelays.__nowlineRelaySettings?.loadedAt ?? 0;

/** Reads the row into memory. A row that no longer parses counts as nothing saved (and says so). */
export async function loadRelaySettings(db: Db = getDb()): Promise<SavedRelays> {
  const row = await db.setting.findUnique({ where: { key: RELAYS_SETTING } });
  let saved: SavedRelays = {};
  if (row) {
    const parsed = storedSchema.safeParse(parseJson(row.value));
    if (parsed.success) saved = parsed.data;
    else console.warn('[nowline] the saved relay settings are not valid; no saved relay is used');
  }
  globalForRelays.__nowlineRelaySettings = { saved, loadedAt: Date.now() };
  return saved;
}

/** Sets (or, with null, removes) one relay; the others stay as they are. Memory follows at once. */
export async function saveRelay(relay: RelayName, value: SavedRelay | null, db: Db = getDb()): Promise<void> {
  const current = await loadRelaySettings(db);
  const next: SavedRelays = { ...current };
  if (value) next[relay] = value;
  else delete next[relay];
  const text = JSON.stringify(next);
  await db.setting.upsert({ where: { key: RELAYS_SETTING }, create: { key: RELAYS_SETTING, value: text }, update: { value: text } });
  globalForRelays.__nowlineRelaySettings = { saved: next, loadedAt: Date.now() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
