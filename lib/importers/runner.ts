// Runs the importers the owner set up: reads each service while someone watches (every
// NOWLINE_IMPORTER_POLL_SECONDS; Lanyard's socket stays open) and slowly otherwise (every
// NOWLINE_IMPORTER_IDLE_SECONDS; Lanyard connects for one presence and closes), and stores what
// they return like a reporter's report, under the importer's name as source. A failed read is retried
// with backoff; a refused key stops the importer until the owner changes its settings, so a wrong
// key never becomes a request loop. On PostgreSQL one instance at a time holds the lease and runs them.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb, type Db } from '../db';
import { env } from '../env';
import { requestCover } from '../covers/cover-art';
import { MAX_EXPIRES_IN, type ActivityInput } from '../status/schema';
import { clearOwnActivity, getRawActivities, reportActivities } from '../status/store';
import { isLive } from '../status/live';
import { watchingCount } from '../status/viewers';
import { DEFAULT_READERS, type ImporterReaders } from './readers';
import { readImporterSettings, settingsDigest, type ImporterSettings } from './settings';
import { claimImporterLease, releaseImporterLease, STARTING, writeImporterStatuses, type ImporterStatus, type ImporterStatuses } from './status';
import { IMPORTER_KINDS, IMPORTER_NAMES, ImporterSetupError, type ImporterName, type PushConnection } from './types';

export interface ImporterRunnerOptions {
  db?: () => Db;
  /** How often the runner looks at what is due. */
  tickMs?: number;
  pollMs?: number;
  idleMs?: number;
  /** How often the settings are read again (a save on another instance) and the lease renewed. */
  refreshMs?: number;
  urls?: Record<ImporterName, string>;
  readers?: ImporterReaders;
  /** Whether someone is watching (an open page on any instance). */
  watching?: () => boolean;
}

export interface ImporterRunner {
  /** Reads the settings again now (after a save on /admin). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

interface Slot {
  name: ImporterName;
  digest: string;
  config: unknown;
  nextAt: number;
  failures: number;
  busy: boolean;
  status: ImporterStatus;
  /** What was stored last (text, to compare) and when: the same presence is only renewed. */
  stored: { key: string; inputs: ActivityInput[]; at: number; expiresInSeconds: number } | null;
  socket: { connection: PushConnection; live: boolean } | null;
}

const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 10 * 60_000;
/** A success is written to the status row at most this often (every read would be a write). */
const SUCCESS_WRITE_MS = 60_000;
const MAX_MESSAGE_CHARS = 500;

export function startImporters(options: ImporterRunnerOptions = {}): ImporterRunner {
  const variables = env();
  const o = {
    db: options.db ?? getDb,
    tickMs: options.tickMs ?? 1000,
    pollMs: options.pollMs ?? variables.NOWLINE_IMPORTER_POLL_SECONDS * 1000,
    idleMs: options.idleMs ?? variables.NOWLINE_IMPORTER_IDLE_SECONDS * 1000,
    refreshMs: options.refreshMs ?? 10_000,
    urls: options.urls ?? { lastfm: variables.NOWLINE_LASTFM_URL, lanyard: variables.NOWLINE_LANYARD_URL, steam: variables.NOWLINE_STEAM_URL },
    readers: options.readers ?? DEFAULT_READERS,
    watching: options.watching ?? (() => watchingCount() > 0),
  };
  const owner = randomUUID();
  const slots = new Map<ImporterName, Slot>();
  let holdsLease = false;
  let refreshedAt = -Infinity;
  let statusWrittenAt = -Infinity;
  let statusDirty = false;
  let wasWatching = false;
  let stopped = false;
  let ticking: Promise<void> = Promise.resolve();

  const setStatus = (slot: Slot, status: Partial<ImporterStatus>) => {
    const next = { ...slot.status, ...status };
    const meaningful = next.state !== slot.status.state || next.message !== slot.status.message;
    slot.status = next;
    statusDirty ||= meaningful;
  };

  const writeStatuses = async (now: number) => {
    if (!statusDirty && now - statusWrittenAt < SUCCESS_WRITE_MS) return;
    const statuses: ImporterStatuses = Object.fromEntries([...slots].map(([name, slot]) => [name, slot.status]));
    // Cleared before the write: a read that ends meanwhile marks the statuses dirty again.
    statusDirty = false;
    statusWrittenAt = now;
    try {
      await writeImporterStatuses(statuses, o.db());
    } catch (error) {
      statusDirty = true;
      throw error;
    }
  };

  /** Stores the presence read (or renews it), and ends what the importer set before and no longer sees. */
  const store = async (slot: Slot, inputs: ActivityInput[], expiresInSeconds: number, now: number) => {
    const key = JSON.stringify(inputs);
    const renewDue = slot.stored && now - slot.stored.at > (slot.stored.expiresInSeconds * 1000) / 2;
    if (inputs.length && (slot.stored?.key !== key || renewDue)) {
      await reportActivities(inputs.map((input) => ({ ...input, source: slot.name, expiresInSeconds })), slot.name);
      for (const input of inputs) {
        if (input.kind === 'music' && input.releaseMbid && !input.coverUrl) requestCover({ releaseMbid: input.releaseMbid, title: input.title, artist: input.artist });
      }
    }
    slot.stored = { key, inputs, at: slot.stored?.key === key && !renewDue ? slot.stored.at : now, expiresInSeconds };
    await endOwnActivities(slot.name, new Set(inputs.map((input) => input.kind)), now);
  };

  const endOwnActivities = async (name: ImporterName, keep: Set<string>, now: number) => {
    const current = await getRawActivities();
    for (const kind of IMPORTER_KINDS[name]) {
      if (keep.has(kind)) continue;
      const activity = current.find((a) => a.kind === kind);
      if (activity && activity.source === name && isLive(activity, now)) await clearOwnActivity(kind, name);
    }
  };

  const expiryFor = (watching: boolean) => Math.min(MAX_EXPIRES_IN, Math.round((2 * (watching ? o.pollMs : o.idleMs)) / 1000) + 30);

  const failed = (slot: Slot, error: unknown, now: number) => {
    // Shown on /admin; a service's own wording is quoted in it, so it is bounded here.
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE_CHARS);
    if (error instanceof ImporterSetupError) {
      slot.nextAt = Infinity; // until the settings change
      setStatus(slot, { state: 'stopped', message, lastErrorAt: new Date(now).toISOString() });
      return;
    }
    slot.failures += 1;
    slot.nextAt = now + Math.min(MAX_BACKOFF_MS, Math.max(1000, o.pollMs / 4) * 2 ** (slot.failures - 1));
    setStatus(slot, { state: 'retrying', message, lastErrorAt: new Date(now).toISOString() });
  };

  const succeeded = (slot: Slot, now: number) => {
    slot.failures = 0;
    setStatus(slot, { state: 'ok', message: null, lastSuccessAt: new Date(now).toISOString() });
  };

  const poll = async (slot: Slot) => {
    const read = slot.name === 'lastfm' ? o.readers.lastfm : slot.name === 'steam' ? o.readers.steam : null;
    if (!read) return;
    slot.busy = true;
    try {
      const inputs = await read(slot.config as never, { baseUrl: o.urls[slot.name], signal: AbortSignal.timeout(10_000) });
      if (stopped || slots.get(slot.name) !== slot) return;
      // Watched now, not when the read began: a page opened meanwhile gets the fast pace at once.
      const watching = o.watching();
      slot.nextAt = Date.now() + (watching ? o.pollMs : o.idleMs);
      await store(slot, inputs, expiryFor(watching), Date.now());
      succeeded(slot, Date.now());
    } catch (error) {
      if (slots.get(slot.name) === slot) failed(slot, error, Date.now());
    } finally {
      slot.busy = false;
    }
  };

  /** Lanyard: live while watched; otherwise one presence every idle period. */
  const drivePush = (slot: Slot, watching: boolean, now: number) => {
    if (slot.socket && !watching && slot.socket.live) {
      closeSocket(slot);
      slot.nextAt = now + o.idleMs;
      return;
    }
    if (slot.socket || now < slot.nextAt) return;
    const live = watching;
    let gotPresence = false;
    const connection = o.readers.lanyard(slot.config as never, {
      url: o.urls.lanyard,
      onPresence: (inputs) => {
        if (stopped || slot.socket?.connection !== connection) return;
        gotPresence = true;
        slot.failures = 0;
        void store(slot, inputs, expiryFor(false), Date.now())
          .then(() => succeeded(slot, Date.now()))
          .catch((error: unknown) => console.warn('[nowline] importer lanyard: presence not stored:', error instanceof Error ? error.message : error));
        if (!live) {
          closeSocket(slot);
          // Someone may have opened a page while this one presence was fetched: then go live at once.
          slot.nextAt = Date.now() + (o.watching() ? 0 : o.idleMs);
        }
      },
      onClose: (error) => {
        if (slot.socket?.connection !== connection) return; // closed by us
        slot.socket = null;
        if (error) failed(slot, error, Date.now());
        else if (!gotPresence) failed(slot, new Error('Lanyard closed the connection before sending the presence.'), Date.now());
        else slot.nextAt = Date.now() + 1000; // a clean close by the server: connect again soon
      },
    });
    slot.socket = { connection, live };
  };

  const closeSocket = (slot: Slot) => {
    const socket = slot.socket;
    slot.socket = null;
    socket?.connection.close();
  };

  /** The settings as saved: new or changed importers start over, removed ones stop and end their activities. */
  const applySettings = async (settings: ImporterSettings, now: number) => {
    for (const name of IMPORTER_NAMES) {
      const config = settings[name];
      const slot = slots.get(name);
      const digest = config ? settingsDigest(config) : null;
      if (slot && slot.digest === digest) continue;
      if (slot) {
        closeSocket(slot);
        slots.delete(name);
        statusDirty = true;
      }
      if (config && digest) {
        slots.set(name, { name, digest, config, nextAt: now, failures: 0, busy: false, status: STARTING, stored: null, socket: null });
        statusDirty = true;
      } else if (slot) {
        await endOwnActivities(name, new Set(), now);
      }
    }
  };

  const tick = async (forceRefresh = false) => {
    const now = Date.now();
    try {
      if (forceRefresh || now - refreshedAt >= o.refreshMs) {
        refreshedAt = now;
        const settings = await readImporterSettings(o.db());
        const anything = IMPORTER_NAMES.some((name) => settings[name]);
        const held = anything && (await claimImporterLease(owner, now, LEASE_MS, o.db()));
        if (!held) {
          // The last importer was removed here: its activities end, and the lease is free again.
          if (holdsLease && !anything) {
            await applySettings(settings, now);
            await releaseImporterLease(owner, o.db());
          }
          for (const slot of slots.values()) closeSocket(slot);
          slots.clear();
          holdsLease = false;
          return;
        }
        holdsLease = true;
        await applySettings(settings, now);
      }
      if (!holdsLease) return;
      const watching = o.watching();
      for (const slot of slots.values()) {
        // Someone just opened a page: a slow reader catches up now.
        if (watching && !wasWatching && slot.status.state !== 'stopped' && slot.failures === 0) slot.nextAt = Math.min(slot.nextAt, now);
        if (slot.name === 'lanyard') {
          drivePush(slot, watching, now);
          // A presence that does not change is renewed before it expires.
          const stored = slot.stored;
          if (slot.socket?.live && stored && now - stored.at > (stored.expiresInSeconds * 1000) / 2) void store(slot, stored.inputs, stored.expiresInSeconds, now).catch(() => undefined);
        }
        else if (!slot.busy && now >= slot.nextAt) void poll(slot);
      }
      wasWatching = watching;
      await writeStatuses(now);
    } catch (error) {
      console.warn('[nowline] importers:', error instanceof Error ? error.message : String(error));
    }
  };

  const run = (forceRefresh = false) => (ticking = ticking.then(() => (stopped ? undefined : tick(forceRefresh))));
  const timer = setInterval(() => void run(), o.tickMs);
  timer.unref();
  void run(true);

  return {
    reload: () => run(true),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      for (const slot of slots.values()) closeSocket(slot);
      if (holdsLease) await releaseImporterLease(owner, o.db()).catch(() => undefined);
    },
  };
}

const globalForImporters = globalThis as unknown as { __nowlineImporters?: ImporterRunner };

/** Whether importers can run here: they need a process that lives between requests, which Vercel's functions are not. */
export const importersCanRun = () => !process.env.VERCEL;

/** The server's one runner (lib/server-start.ts); none on Vercel. */
export function startServerImporters(): ImporterRunner | null {
  if (!importersCanRun()) return null;
  return (globalForImporters.__nowlineImporters ??= startImporters());
}

/** After a save on /admin: this instance picks the change up at once (others within refreshMs). */
export async function reloadServerImporters(): Promise<void> {
  await globalForImporters.__nowlineImporters?.reload();
}
